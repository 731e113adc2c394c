package idcard_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/hainan-hrss/certkiosk/kiosk"
	"github.com/hainan-hrss/certkiosk/kiosk/fixture"
	"github.com/hainan-hrss/certkiosk/kiosk/idcard"
)

// TestEverySW3 has the simulated reader answer each failing SW3 code and
// checks the typed fault and the kiosk code the driver turns it into.
func TestEverySW3(t *testing.T) {
	sim := startSim(t, 115200)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	d, err := idcard.Connect(ctx, idcard.Config{Port: sim.Path(), Candidates: []string{}})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	sim.Place(person(t, fixture.NeverCertified).Card)
	for _, tc := range []struct {
		sw3  byte
		kind idcard.FaultKind
		code kiosk.ErrorCode
	}{
		{idcard.SW3NoCard, idcard.FaultCardUnreadable, kiosk.ErrCardUnreadable},
		{idcard.SW3SelectFailed, idcard.FaultCardUnreadable, kiosk.ErrCardUnreadable},
		{idcard.SW3Checksum, idcard.FaultProtocol, kiosk.ErrReaderFault},
		{idcard.SW3Length, idcard.FaultProtocol, kiosk.ErrReaderFault},
		{idcard.SW3BadCommand, idcard.FaultProtocol, kiosk.ErrReaderFault},
		{idcard.SW3NotPermitted, idcard.FaultProtocol, kiosk.ErrReaderFault},
		{idcard.SW3Unknown, idcard.FaultSAM, kiosk.ErrReaderFault},
		{idcard.SW3CardAuth, idcard.FaultCardUnreadable, kiosk.ErrCardUnreadable},
		{idcard.SW3SAMAuth, idcard.FaultSAM, kiosk.ErrReaderFault},
		{idcard.SW3Verify, idcard.FaultSAM, kiosk.ErrReaderFault},
		{idcard.SW3CardType, idcard.FaultCardInvalid, kiosk.ErrCardInvalid},
		{idcard.SW3ReadFailed, idcard.FaultCardUnreadable, kiosk.ErrCardUnreadable},
		{idcard.SW3Random, idcard.FaultCardUnreadable, kiosk.ErrCardUnreadable},
		{idcard.SW3SelfTest, idcard.FaultSAM, kiosk.ErrReaderFault},
		{idcard.SW3NotAuthed, idcard.FaultSAM, kiosk.ErrReaderFault},
		{idcard.SW3FieldEmpty, idcard.FaultCardUnreadable, kiosk.ErrCardUnreadable},
		{0x55, idcard.FaultProtocol, kiosk.ErrReaderFault}, // not defined by the protocol
	} {
		t.Run(idcard.SW3Name(tc.sw3), func(t *testing.T) {
			// At the read step, after a find and select that succeed.
			if found, err := d.FindCard(ctx); !found || err != nil {
				t.Fatalf("find: %v %v", found, err)
			}
			if err := d.SelectCard(ctx); err != nil {
				t.Fatal(err)
			}
			sim.FailNext(idcard.CmdReadText, tc.sw3)
			card, err := d.ReadCard(ctx, false)
			var f *idcard.Fault
			var ke *kiosk.Error
			if card != nil || !errors.As(err, &f) || !errors.As(err, &ke) {
				t.Fatalf("got %v, want a fault", err)
			}
			if f.SW3 != tc.sw3 || f.Kind != tc.kind || ke.Code != tc.code || ke.Device != sim.Path() || f.Cmd != idcard.CmdReadText {
				t.Errorf("SW3 %02X → %v / %s on %q, want %v / %s", tc.sw3, f.Kind, ke.Code, ke.Device, tc.kind, tc.code)
			}
			if msg, next := kiosk.ScreenText(err); msg == "" || next == "" {
				t.Error("no screen text")
			}
		})
	}
	t.Run("success codes", func(t *testing.T) {
		if err := d.SAMStatus(ctx); err != nil {
			t.Fatal(err)
		}
		sim.Remove()
		if found, err := d.FindCard(ctx); found || err != nil {
			t.Fatalf("no card: found %v, %v", found, err)
		}
		if got := d.SW3[len(d.SW3)-2:]; got[0] != idcard.SW3OK || got[1] != idcard.SW3NoCard {
			t.Errorf("SW3 seen %X", got)
		}
	})
}

func TestTransientReadFailureIsRetried(t *testing.T) {
	sim := startSim(t, 115200)
	events := runReader(t, idcard.Config{Port: sim.Path()})
	card := person(t, fixture.FaceMismatch).Card
	sim.FailNext(idcard.CmdSelectCard, idcard.SW3SelectFailed)
	sim.FailNext(idcard.CmdReadText, idcard.SW3ReadFailed)
	sim.Place(card)
	ev := next(t, events, 3*time.Second)
	if ev.Kind != kiosk.CardPresent || ev.Card == nil || ev.Card.IDNumber != card.IDNumber {
		t.Fatalf("got %s, want the card after retries", describe(ev))
	}
	if n := sim.Stats().Requests[idcard.CmdReadText]; n != 2 {
		t.Errorf("%d reads, want 2 (one failed, one good)", n)
	}
}

func TestRemovalIsDebounced(t *testing.T) {
	sim := startSim(t, 115200)
	events := runReader(t, idcard.Config{Port: sim.Path(), RemoveAfter: 3})
	sim.Place(person(t, fixture.ManualReview).Card)
	if ev := next(t, events, 3*time.Second); ev.Kind != kiosk.CardPresent {
		t.Fatalf("got %s", describe(ev))
	}
	// Two missed polls in a row (the card wobbles) are not a removal, and
	// the card is not reported again when found again.
	sim.FailNext(idcard.CmdFindCard, idcard.SW3NoCard)
	sim.FailNext(idcard.CmdFindCard, idcard.SW3NoCard)
	quiet(t, events, 300*time.Millisecond)
	if n := sim.Stats().Requests[idcard.CmdReadText]; n != 1 {
		t.Errorf("card read %d times, want once", n)
	}
}
