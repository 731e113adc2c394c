package idcard

import (
	"context"
	"errors"
	"sync/atomic"
	"time"

	"github.com/hainan-hrss/certkiosk/kiosk"
)

// Reader polls a GA/T 467 reader and reports card events. It implements
// kiosk.CardReader.
type Reader struct {
	cfg    Config
	drv    *Driver      // open driver, nil while disconnected
	status atomic.Value // kiosk.DeviceStatus, for the heartbeat
}

var _ kiosk.CardReader = (*Reader)(nil)

// New makes a Reader that connects when Run starts, so a kiosk whose
// reader is plugged in later still starts.
func New(cfg Config) *Reader { return &Reader{cfg: cfg.withDefaults()} }

// Open makes a Reader and connects to the reader now, so a missing reader
// is reported at start-up. Run uses the connection and reconnects by itself
// after faults.
func Open(ctx context.Context, cfg Config) (*Reader, error) {
	r := New(cfg)
	d, err := Connect(ctx, r.cfg)
	if err != nil {
		return nil, err
	}
	r.drv = d
	r.status.Store(kiosk.DeviceOK)
	return r, nil
}

// Status is the reader's health for the heartbeat: ok while Run talks to
// it, missing when no reader answers, error after any other fault. Safe to
// call from any goroutine.
func (r *Reader) Status() kiosk.DeviceStatus {
	if s, ok := r.status.Load().(kiosk.DeviceStatus); ok {
		return s
	}
	return kiosk.DeviceMissing // not connected yet
}

// Device is the port of the connected reader, "" when disconnected. Call
// it before Run or after Run returns; Status is the one to call meanwhile.
func (r *Reader) Device() string {
	if r.drv == nil {
		return ""
	}
	return r.drv.Device()
}

// Close closes the port. Run closes it too when it returns.
func (r *Reader) Close() error {
	if r.drv == nil {
		return nil
	}
	err := r.drv.Close()
	r.drv = nil
	return err
}

// Run polls the reader until ctx ends, reporting each card once while it
// stays on the reader (CardPresent with the parsed card, or with Err when
// it cannot be read or does not check out), CardRemoved once it has missed
// RemoveAfter polls in a row, ReaderFault when the reader fails, and
// ReaderReady when it works again (a card still on the reader is then read
// and reported again: it may have changed meanwhile). It reconnects by
// itself, so it returns
// only when ctx ends (nil) — Run must not be called twice at once.
func (r *Reader) Run(ctx context.Context, events chan<- kiosk.CardEvent) error {
	defer r.Close()
	var (
		faulted kiosk.ErrorCode // code of the fault last reported, "" when well
		onCard  bool            // a card was reported and has not left
		misses  int
		strikes int // exchanges failed in a row
	)
	send := func(ev kiosk.CardEvent) bool {
		select {
		case events <- ev:
			return true
		case <-ctx.Done():
			return false
		}
	}
	fault := func(err error) bool {
		r.Close()
		if kiosk.CodeOf(err) == kiosk.ErrReaderMissing {
			r.status.Store(kiosk.DeviceMissing)
		} else {
			r.status.Store(kiosk.DeviceError)
		}
		// Whatever was on the reader may have changed while it was away:
		// read the card again once the reader is back.
		onCard, misses, strikes = false, 0, 0
		if c := kiosk.CodeOf(err); c != faulted {
			faulted = c
			r.cfg.Logger.Warn("card reader fault", "err", err)
			return send(kiosk.CardEvent{Kind: kiosk.ReaderFault, Err: err})
		}
		return true
	}
	for ctx.Err() == nil {
		if r.drv == nil {
			d, err := Connect(ctx, r.cfg)
			if err != nil {
				if ctx.Err() != nil || !fault(err) || !sleep(ctx, r.cfg.Retry) {
					return nil
				}
				continue
			}
			r.drv = d
			r.status.Store(kiosk.DeviceOK)
			if faulted != "" {
				faulted = ""
				r.cfg.Logger.Info("card reader works again", "device", d.Device())
				if !send(kiosk.CardEvent{Kind: kiosk.ReaderReady}) {
					return nil
				}
			}
		}
		found, err := r.drv.FindCard(ctx)
		if err != nil {
			// One lost or damaged exchange is line noise (or a starved
			// machine); two in a row are a fault. A vanished port is one.
			// Before trying again, let a late answer arrive, so the next
			// request's input flush drops it rather than it being taken
			// for the next answer.
			if f := (*Fault)(nil); errors.As(err, &f) && f.Kind != FaultNoReader && strikes == 0 {
				strikes++
				if !sleep(ctx, r.cfg.AnswerTimeout) {
					return nil
				}
				continue
			}
			if ctx.Err() == nil && !fault(err) {
				return nil
			}
			continue
		}
		strikes = 0
		switch {
		case found && onCard:
			misses = 0
		case found:
			card, err := r.read(ctx)
			if isReaderFault(err) {
				if ctx.Err() == nil && !fault(err) {
					return nil
				}
				continue
			}
			onCard, misses = true, 0
			if !send(kiosk.CardEvent{Kind: kiosk.CardPresent, Card: card, Err: err}) {
				return nil
			}
			continue // poll again at once: the card is there
		case onCard:
			if misses++; misses >= r.cfg.RemoveAfter {
				onCard = false
				if !send(kiosk.CardEvent{Kind: kiosk.CardRemoved}) {
					return nil
				}
			}
		}
		if !sleep(ctx, r.cfg.Poll) {
			return nil
		}
	}
	return nil
}

// read selects and reads the card found, trying again when the card-side
// steps fail: a card put down at an angle or still moving often fails once.
// An error that is not a reader fault is the card's (unreadable, invalid).
func (r *Reader) read(ctx context.Context) (*kiosk.IDCard, error) {
	var err error
	for attempt := 0; attempt < 3; attempt++ {
		if attempt > 0 {
			found, ferr := r.drv.FindCard(ctx)
			if ferr != nil {
				return nil, ferr
			}
			if !found {
				break // pulled away mid-read: report the failed read
			}
		}
		if err = r.drv.SelectCard(ctx); err == nil {
			var card *kiosk.IDCard
			if card, err = r.drv.ReadCard(ctx, r.cfg.Fingerprint); err == nil {
				return card, nil
			}
			err = cardSide(r.drv.Device(), err)
		}
		if kiosk.CodeOf(err) != kiosk.ErrCardUnreadable {
			return nil, err
		}
		r.cfg.Logger.Info("card read failed", "attempt", attempt+1, "err", err)
	}
	return nil, err
}

// cardSide turns a read answer cut short or damaged into the card's fault:
// it is what a card pulled away while its data are on the wire looks like.
// If the reader itself has gone, the find-card that follows says so.
func cardSide(dev string, err error) error {
	var f *Fault
	if errors.As(err, &f) && (f.Kind == FaultTimeout || f.Kind == FaultProtocol) {
		return newError(dev, &Fault{Kind: FaultCardUnreadable, Cmd: f.Cmd, Err: f})
	}
	return err
}

// isReaderFault tells the reader's own failures (reconnect) from the
// card's (report it and wait for the next card).
func isReaderFault(err error) bool {
	c := kiosk.CodeOf(err)
	return err != nil && c != kiosk.ErrCardUnreadable && c != kiosk.ErrCardInvalid
}

func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
