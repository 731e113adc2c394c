// Package outbox keeps certification requests safe until the service has
// them: a kiosk.CertClient decorator that commits each request, sealed with
// AES-256-GCM, to SQLite before it tries the service, answers "queued" when
// the service cannot be reached, and a background uploader that delivers
// the queue later, oldest first, with the request's own Idempotency-Key so
// the service certifies it exactly once (docs/offline.md).
package outbox

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/hainan-hrss/certkiosk/kiosk"
	"github.com/hainan-hrss/certkiosk/kiosk/certapi"
	"github.com/hainan-hrss/certkiosk/kiosk/store"
)

// Window is how long the service accepts a capture (422 CAPTURE_TOO_OLD
// after it): a request still queued then leaves the queue for the staff list.
const Window = 72 * time.Hour

// Recorder receives the queue's events for the audit trail (kiosk/audit's
// *Log implements it). Each is written inside the transaction of the queue
// change it describes, which already holds the database's write lock, so
// the two commit together. event is queued, delivered, rejected, expired
// or held; detail never holds personal data.
type Recorder interface {
	QueueEventTx(ctx context.Context, tx *sql.Tx, event, maskedID, detail string) error
}

// Options tune an Outbox. The rest have defaults.
type Options struct {
	// Key is the 32-byte storage key (LoadKey). Without one the Outbox is
	// read-only: Stats and Rejections work, Certify and uploads refuse.
	Key        []byte
	Log        *slog.Logger     // nil means slog.Default()
	Now        func() time.Time // nil means time.Now
	Audit      Recorder         // nil records nothing
	MinBackoff time.Duration    // first wait after a failed upload; 0 means 2 s
	MaxBackoff time.Duration    // longest wait; 0 means 5 min
	Attempt    time.Duration    // bound on one background upload; 0 means 60 s
	Workers    int              // uploads in flight at once; 0 means 4
	// KeepRejections is how long the staff list keeps an entry; 0 means
	// 90 days. Staff need it to call people back, not for ever (PIPL).
	KeepRejections time.Duration
	Window         time.Duration // 0 means Window; tests shorten it
}

// Outbox is the store-and-forward certification client. It is safe for
// concurrent use; run one uploader (Run) per database.
type Outbox struct {
	next    kiosk.CertClient
	db      *sql.DB
	seal    *sealer
	log     *slog.Logger
	now     func() time.Time
	audit   Recorder
	window  time.Duration
	minB    time.Duration
	maxB    time.Duration
	tryFor  time.Duration
	workers int
	keepRej time.Duration

	wake chan struct{} // nudges the uploader when a request is queued

	// wmu serialises this process's writes: SQLite has one writer, and
	// waiting here is cheaper than in its busy handler, which sleeps.
	wmu sync.Mutex

	mu             sync.Mutex
	inflight       map[string]bool // keys being sent right now, by the flow or the uploader
	pauseUntil     time.Time       // the service was unreachable: wait before the next row
	prunedAt       time.Time       // when the staff list was last pruned
	lastStorageErr string
	lastStorageAt  time.Time
}

var _ kiosk.CertClient = (*Outbox)(nil)

// New wraps next (the service client) with a queue in db. db must come from
// store.Open, which applies this package's migrations.
func New(next kiosk.CertClient, db *store.DB, opts Options) (*Outbox, error) {
	var s *sealer
	if opts.Key != nil {
		var err error
		if s, err = newSealer(opts.Key); err != nil {
			return nil, kiosk.NewError(kiosk.ErrStorage, fmt.Errorf("outbox: %w", err))
		}
	}
	o := &Outbox{next: next, db: db.SQL(), seal: s, log: opts.Log, now: opts.Now, audit: opts.Audit,
		window: opts.Window, minB: opts.MinBackoff, maxB: opts.MaxBackoff, tryFor: opts.Attempt, workers: opts.Workers,
		keepRej: opts.KeepRejections,
		wake:    make(chan struct{}, 1), inflight: map[string]bool{}}
	if o.log == nil {
		o.log = slog.Default()
	}
	if o.now == nil {
		o.now = time.Now
	}
	if o.window <= 0 {
		o.window = Window
	}
	if o.minB <= 0 {
		o.minB = 2 * time.Second
	}
	if o.maxB <= 0 {
		o.maxB = 5 * time.Minute
	}
	if o.keepRej <= 0 {
		o.keepRej = 90 * 24 * time.Hour
	}
	if o.workers <= 0 {
		o.workers = 4
	}
	if o.tryFor <= 0 {
		o.tryFor = 60 * time.Second
	}
	return o, nil
}

// Certify commits req to the queue, then tries the service once. It returns
// the service's Result when it answers; a queued Result (with the
// provisional due date) when it cannot be reached or answers something the
// kiosk cannot read, because the request is safe and the uploader will
// deliver it; the service's error when it refuses for good (the request
// then moves to the staff list); a kiosk.ErrStorage error, with nothing
// sent, when the request cannot be committed.
func (o *Outbox) Certify(ctx context.Context, req kiosk.CertRequest) (kiosk.Result, error) {
	if req.IdempotencyKey == "" {
		return kiosk.Result{}, kiosk.Errorf(kiosk.ErrInternal, "outbox: request without an Idempotency-Key")
	}
	if o.seal == nil {
		return kiosk.Result{}, errReadOnly
	}
	// The commit and the bookkeeping must finish even when the person has
	// walked away and the flow cancelled ctx: the request is already theirs.
	dbctx := context.WithoutCancel(ctx)
	mine := o.claim(req.IdempotencyKey)
	if mine {
		defer o.release(req.IdempotencyKey)
	}
	_, err := o.insert(dbctx, &req)
	if err != nil {
		o.log.Error("outbox: request not queued", "id", kiosk.MaskID(req.Card.IDNumber), "err", err)
		return kiosk.Result{}, err
	}
	r, err := o.getRow(dbctx, req.IdempotencyKey)
	if err != nil || !mine {
		// Gone already (the uploader delivered a retried key) or being sent
		// by the uploader right now: either way it is safe.
		return queued(req), nil
	}
	res, err := o.next.Certify(ctx, req)
	if done, ferr := o.settle(dbctx, r, res, err); !done {
		o.nudge()
		return queued(req), nil
	} else if ferr != nil {
		return kiosk.Result{}, ferr
	}
	return res, nil
}

var errReadOnly = kiosk.Errorf(kiosk.ErrStorage, "outbox: opened without the storage key (read-only)")

// queued is the answer for a request that is safe in the queue: received,
// to be sent, with the due date it will have if the service passes it.
func queued(req kiosk.CertRequest) kiosk.Result {
	return kiosk.Result{Outcome: kiosk.OutcomeQueued, CertifiedAt: req.CapturedAt,
		NextDueDate: kiosk.NextDueDate(req.CapturedAt)}
}

// settle applies one delivery attempt to its row. done is false when the
// request stays queued; ferr is the service's final refusal.
func (o *Outbox) settle(ctx context.Context, r row, res kiosk.Result, err error) (done bool, ferr error) {
	switch {
	case err == nil:
		if rerr := o.remove(ctx, r, res.Outcome); rerr != nil {
			// Certified, but the row stays: the uploader resends it and the
			// service answers the same Result for the same key.
			o.log.Error("outbox: delivered but not erased", "id", r.Meta.MaskedID, "err", rerr)
		}
		return true, nil
	case isFinal(err):
		r.Attempts++
		code := string(kiosk.CodeOf(err))
		if rerr := o.reject(ctx, r, code, trim(errText(err)), "rejected"); rerr != nil {
			o.log.Error("outbox: refusal not recorded; request stays queued", "id", r.Meta.MaskedID, "err", rerr)
		}
		o.log.Warn("outbox: service refused request", "id", r.Meta.MaskedID, "key", r.Meta.Key, "err", err)
		return true, err
	default:
		r.Attempts++
		now := o.now()
		if now.Sub(time.Unix(0, r.Meta.CapturedAt)) > o.window {
			if rerr := o.reject(ctx, r, "expired", "not delivered within the service's 72-hour window: "+trim(errText(err)), "expired"); rerr == nil {
				o.log.Warn("outbox: request expired undelivered", "id", r.Meta.MaskedID, "key", r.Meta.Key, "attempts", r.Attempts)
				return true, kiosk.NewError(kiosk.ErrServiceRefused, err)
			}
		}
		wait := o.backoff(r.Attempts)
		if kiosk.CodeOf(err) == kiosk.ErrServiceUnreachable {
			o.mu.Lock()
			o.pauseUntil = now.Add(wait)
			o.mu.Unlock()
		}
		if ferr := o.failed(ctx, r.Meta.Key, r.Attempts, now.Add(wait), err); ferr != nil {
			o.log.Error("outbox: failed upload not recorded", "id", r.Meta.MaskedID, "err", ferr)
		}
		o.log.Info("outbox: upload failed, kept", "id", r.Meta.MaskedID, "attempts", r.Attempts, "retry_in", wait, "err", err)
		return false, nil
	}
}

// isFinal reports whether the service has refused for good: retrying the
// same request would get the same refusal. Anything else (unreachable, an
// unreadable answer, an unexpected error) keeps the request queued, since
// the service may or may not have acted and the same key is safe to resend.
//
// A 409 NONCE_REUSED is not final either: it says this very signed attempt
// reached the service before (Go's HTTP transport resends a request that
// carries an Idempotency-Key when a kept-alive connection drops), so the
// first copy may have been certified; a new attempt, signed afresh with the
// same key, gets the service's stored answer.
func isFinal(err error) bool {
	var api *certapi.APIError
	if errors.As(err, &api) && api.Code == certapi.CodeNonceReused {
		return false
	}
	switch kiosk.CodeOf(err) {
	case kiosk.ErrServiceRefused, kiosk.ErrNotAPensioner, kiosk.ErrCardInvalid, kiosk.ErrCardExpired:
		return true
	}
	return false
}

// Status passes through: a status query has nothing to keep.
func (o *Outbox) Status(ctx context.Context, idNumber string) (kiosk.CertStatus, error) {
	return o.next.Status(ctx, idNumber)
}

// Heartbeat passes through with the queue depth filled in. A heartbeat
// that gets through proves the service is reachable again, so the queue's
// backoff is cut short and the uploader starts at once instead of waiting
// out up to MaxBackoff.
func (o *Outbox) Heartbeat(ctx context.Context, hb kiosk.Heartbeat) (kiosk.HeartbeatReply, error) {
	if st, err := o.Stats(ctx); err == nil {
		hb.QueueDepth = st.Depth
	}
	reply, err := o.next.Heartbeat(ctx, hb)
	if err == nil && hb.QueueDepth > 0 {
		o.resume(context.WithoutCancel(ctx))
	}
	return reply, err
}

// resume makes every waiting row due now and wakes the uploader.
func (o *Outbox) resume(ctx context.Context) {
	o.mu.Lock()
	o.pauseUntil = time.Time{}
	o.mu.Unlock()
	o.wmu.Lock()
	_, err := o.db.ExecContext(ctx, `UPDATE outbox SET next_try_at = 0 WHERE hold_reason = '' AND next_try_at > ?`,
		o.now().UnixNano())
	o.wmu.Unlock()
	if err != nil {
		o.log.Warn("outbox: could not reschedule the queue", "err", err)
	}
	o.nudge()
}

func (o *Outbox) claim(key string) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.inflight[key] {
		return false
	}
	o.inflight[key] = true
	return true
}

func (o *Outbox) release(key string) {
	o.mu.Lock()
	delete(o.inflight, key)
	o.mu.Unlock()
}

func (o *Outbox) nudge() {
	select {
	case o.wake <- struct{}{}:
	default:
	}
}
