package outbox

import (
	"context"
	"math/rand/v2"
	"sync"
	"time"
)

// Summary counts what one pass over the queue did.
type Summary struct {
	Delivered int // certified by the service (or already certified: same key)
	Rejected  int // refused for good or expired: moved to the staff list
	Kept      int // still queued after a failed attempt
	Held      int // could not be opened (tampered, wrong key): never sent
}

// Run is the background uploader: it delivers the queue, oldest first,
// until ctx ends. It starts with whatever a previous run (or a power cut)
// left, backs off while the service is unreachable, and wakes early when
// Certify queues something.
func (o *Outbox) Run(ctx context.Context) error {
	for {
		if _, err := o.pass(ctx, false); err != nil && ctx.Err() == nil {
			o.log.Error("outbox: upload pass failed", "err", err)
		}
		wait := o.maxB
		if next, err := o.nextWake(ctx); err == nil && !next.IsZero() {
			wait = min(wait, max(next.Sub(o.now()), 0))
		}
		o.mu.Lock()
		if p := o.pauseUntil.Sub(o.now()); p > wait {
			wait = p
		}
		o.mu.Unlock()
		t := time.NewTimer(max(wait, 50*time.Millisecond))
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-o.wake:
			t.Stop()
		case <-t.C:
		}
	}
}

// Drain tries every queued request once, now, ignoring backoff: the
// technician's `certkiosk queue drain`. It stops early when the service
// proves unreachable, since the rest would fail the same way.
func (o *Outbox) Drain(ctx context.Context) (Summary, error) {
	o.mu.Lock()
	o.pauseUntil = time.Time{}
	o.mu.Unlock()
	return o.pass(ctx, true)
}

// pass works through the due rows oldest first, with up to o.workers
// uploads in flight: against a distant service one at a time would drain
// at most one request per round trip. One person's requests (same masked
// ID) still go one after the other, in the order they were made.
func (o *Outbox) pass(ctx context.Context, all bool) (Summary, error) {
	var s Summary
	if o.seal == nil {
		return s, errReadOnly
	}
	n, err := o.expireHeld(ctx, o.now())
	s.Rejected += n
	if err == nil {
		err = o.pruneRejections(ctx, o.now())
	}
	if err != nil {
		return s, err
	}
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex // guards s, stop and busy
		stop bool
		busy = map[string]bool{}
		sem  = make(chan struct{}, o.workers)
	)
	var after int64
loop:
	for ctx.Err() == nil && !o.paused() {
		rows, err := o.due(ctx, o.now(), all, after, 64)
		if err != nil {
			wg.Wait()
			return s, err
		}
		if len(rows) == 0 {
			break
		}
		for _, r := range rows {
			mu.Lock()
			halt, same := stop, busy[r.Meta.MaskedID]
			mu.Unlock()
			if halt || ctx.Err() != nil {
				break loop
			}
			if same {
				wg.Wait()
			}
			after = r.ID
			sem <- struct{}{}
			mu.Lock()
			busy[r.Meta.MaskedID] = true
			mu.Unlock()
			wg.Add(1)
			go func() {
				defer wg.Done()
				var one Summary
				halt := o.upload(ctx, r, &one)
				mu.Lock()
				s.Delivered, s.Rejected, s.Kept, s.Held = s.Delivered+one.Delivered, s.Rejected+one.Rejected,
					s.Kept+one.Kept, s.Held+one.Held
				stop = stop || halt
				delete(busy, r.Meta.MaskedID)
				mu.Unlock()
				<-sem
			}()
		}
	}
	wg.Wait()
	if s.Delivered+s.Rejected > 0 {
		o.vacuum(ctx)
	}
	return s, ctx.Err()
}

func (o *Outbox) paused() bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.now().Before(o.pauseUntil)
}

// upload sends one row; stop is true when the service is unreachable.
func (o *Outbox) upload(ctx context.Context, r row, s *Summary) (stop bool) {
	if !o.claim(r.Meta.Key) {
		return false // the flow is sending it right now
	}
	defer o.release(r.Meta.Key)
	req, err := o.seal.open(r.KeyID, r.Nonce, r.Sealed, r.Meta)
	defer req.Wipe()
	if reason, bad := isUnreadable(err); bad || err != nil {
		if !bad {
			reason = HoldTampered
		}
		o.log.Error("outbox: queued request cannot be opened; held, not uploaded",
			"id", r.Meta.MaskedID, "key", r.Meta.Key, "reason", reason, "err", err)
		if herr := o.hold(ctx, r, reason); herr != nil {
			o.log.Error("outbox: could not mark the request held", "id", r.Meta.MaskedID, "err", herr)
		}
		s.Held++
		return false
	}
	actx, cancel := context.WithTimeout(ctx, o.tryFor)
	res, err := o.next.Certify(actx, req)
	cancel()
	if ctx.Err() != nil && err != nil {
		return true // shutting down: the row stays as it was, untouched
	}
	done, ferr := o.settle(context.WithoutCancel(ctx), r, res, err)
	switch {
	case !done:
		s.Kept++
		return o.paused()
	case ferr != nil:
		s.Rejected++
	default:
		s.Delivered++
		o.log.Info("outbox: delivered", "id", r.Meta.MaskedID, "key", r.Meta.Key,
			"outcome", res.Outcome, "queued_for", o.now().Sub(time.Unix(0, r.QueuedAt)).Round(time.Second))
	}
	return false
}

// backoff is the wait after the n-th failed attempt: doubling from
// MinBackoff up to MaxBackoff, with jitter so kiosks that lost the network
// together do not all come back at the same second.
func (o *Outbox) backoff(n int) time.Duration {
	d := o.minB << min(n-1, 20)
	if d <= 0 || d > o.maxB {
		d = o.maxB
	}
	return d/2 + rand.N(d/2+1)
}

// vacuum is the erase policy. secure_delete already zeroes a deleted row's
// bytes in the database pages; what may remain are copies in the WAL, so
// once the queue is empty the WAL is checkpointed and truncated. The file
// is compacted (VACUUM) only when a whole 8 MiB of it is free pages, since
// VACUUM rewrites the database and a kiosk should not do that per request.
func (o *Outbox) vacuum(ctx context.Context) {
	var depth int
	if o.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM outbox`).Scan(&depth) != nil || depth > 0 {
		return
	}
	var free, size int64
	o.db.QueryRowContext(ctx, `PRAGMA freelist_count`).Scan(&free)
	o.db.QueryRowContext(ctx, `PRAGMA page_size`).Scan(&size)
	if free*size >= 8<<20 {
		if _, err := o.db.ExecContext(ctx, `VACUUM`); err != nil {
			o.log.Warn("outbox: vacuum failed", "err", err)
		}
	}
	if _, err := o.db.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		o.log.Warn("outbox: checkpoint failed", "err", err)
	}
}
