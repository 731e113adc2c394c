package idcard

import (
	"context"
	"time"

	"github.com/hainan-hrss/certkiosk/kiosk"
)

// ReadResult is what ReadOnce saw: the card, the reader it used, every SW3
// code the reader answered, and how long the read took.
type ReadResult struct {
	Card   *kiosk.IDCard // nil when the read failed
	Device string
	Baud   int
	SW3    []byte
	// ReadTime runs from the find-card request that found the card to the
	// parsed card: find, select, read and parse.
	ReadTime time.Duration
}

// ReadOnce connects to the reader (probing as Connect does), waits for a
// card until ctx ends and reads it once, for `certkiosk reader-test` and
// the self-test. The error is a *kiosk.Error; the result holds what was
// seen even then.
func ReadOnce(ctx context.Context, cfg Config) (ReadResult, error) {
	cfg = cfg.withDefaults()
	d, err := Connect(ctx, cfg)
	if err != nil {
		return ReadResult{}, err
	}
	defer d.Close()
	res := ReadResult{Device: d.Device(), Baud: d.baud}
	for {
		start := time.Now()
		found, err := d.FindCard(ctx)
		if err != nil {
			res.SW3 = d.SW3
			return res, waitErr(ctx, err)
		}
		if found {
			r := &Reader{cfg: cfg, drv: d}
			card, err := r.read(ctx)
			res.ReadTime, res.Card, res.SW3 = time.Since(start), card, d.SW3
			return res, waitErr(ctx, err)
		}
		if !sleep(ctx, cfg.Poll) {
			res.SW3 = d.SW3
			return res, waitErr(ctx, ctx.Err())
		}
	}
}

// waitErr turns an ended wait into a coded error: no card came in time.
func waitErr(ctx context.Context, err error) error {
	if err != nil && ctx.Err() != nil {
		e := kiosk.NewError(kiosk.ErrCardUnreadable, &Fault{Kind: FaultTimeout, Err: ctx.Err()})
		e.Message, e.Next = "没有检测到身份证", "请把身份证平放在读卡区"
		return e
	}
	return err
}
