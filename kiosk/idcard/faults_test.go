package idcard_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/hainan-hrss/certkiosk/kiosk"
	"github.com/hainan-hrss/certkiosk/kiosk/fixture"
	"github.com/hainan-hrss/certkiosk/kiosk/idcard"
	"github.com/hainan-hrss/certkiosk/kiosk/idcard/readersim"
)

func TestCardPulledMidRead(t *testing.T) {
	sim := startSim(t, 115200)
	events := runReader(t, idcard.Config{Port: sim.Path(), AnswerTimeout: 300 * time.Millisecond})
	card := person(t, fixture.DueSoon).Card
	for _, tc := range []struct {
		name string
		pull func()
	}{
		{"frame cut off", func() { sim.PullDuringRead(0) }},
		{"reader says read failed", func() { sim.PullDuringRead(idcard.SW3ReadFailed) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.pull()
			sim.Place(card)
			ev := next(t, events, 3*time.Second)
			if ev.Kind != kiosk.CardPresent || ev.Card != nil || kiosk.CodeOf(ev.Err) != kiosk.ErrCardUnreadable {
				t.Fatalf("got %s, want an unreadable card", describe(ev))
			}
			sim.Remove()
			if ev := next(t, events, 2*time.Second); ev.Kind != kiosk.CardRemoved {
				t.Fatalf("got %s, want removed", describe(ev))
			}
			sim.Place(card) // put back properly: reads
			if ev := next(t, events, 3*time.Second); ev.Kind != kiosk.CardPresent || ev.Card == nil {
				t.Fatalf("got %s, want the card", describe(ev))
			}
			sim.Remove()
			next(t, events, 2*time.Second)
		})
	}
}

func TestGarbageBetweenFrames(t *testing.T) {
	sim := startSim(t, 115200)
	// Noise, a stray preamble with a bad length, and a damaged frame before
	// every answer.
	junk := append([]byte{0x00, 0xFF, 0xAA, 0x13, 0xAA, 0xAA, 0xAA, 0x96, 0x69, 0xFF, 0xFF},
		append(idcard.EncodeAnswer(idcard.SW3NoCard, nil)[:10], 0x42)...)
	sim.SetFaults(readersim.Faults{Garbage: junk})
	events := runReader(t, idcard.Config{Port: sim.Path()})
	card := person(t, fixture.Suspended).Card
	sim.Place(card)
	ev := next(t, events, 3*time.Second)
	if ev.Kind != kiosk.CardPresent || ev.Err != nil {
		t.Fatalf("got %s, want the card", describe(ev))
	}
	if ev.Card.IDNumber != card.IDNumber {
		t.Errorf("read %s", ev.Card.MaskedID())
	}
}

func TestSlowReader(t *testing.T) {
	sim := startSim(t, 115200)
	events := runReader(t, idcard.Config{Port: sim.Path(), AnswerTimeout: 700 * time.Millisecond, Retry: 100 * time.Millisecond})
	card := person(t, fixture.Valid).Card
	t.Run("slow but in time", func(t *testing.T) {
		sim.SetFaults(readersim.Faults{Delay: 300 * time.Millisecond})
		sim.Place(card)
		ev := next(t, events, 5*time.Second)
		if ev.Kind != kiosk.CardPresent || ev.Card == nil {
			t.Fatalf("got %s, want the card", describe(ev))
		}
		sim.Remove()
		next(t, events, 5*time.Second)
	})
	t.Run("too slow, then well", func(t *testing.T) {
		sim.SetFaults(readersim.Faults{Delay: 1200 * time.Millisecond})
		ev := next(t, events, 5*time.Second)
		var f *idcard.Fault
		if ev.Kind != kiosk.ReaderFault || kiosk.CodeOf(ev.Err) != kiosk.ErrReaderFault ||
			!errors.As(ev.Err, &f) || f.Kind != idcard.FaultTimeout {
			t.Fatalf("got %s, want a timeout fault", describe(ev))
		}
		sim.SetFaults(readersim.Faults{})
		// While the reader works off its backlog of late answers the
		// reconnect may find nothing answering in time (reader missing);
		// then it comes back.
		for ev := next(t, events, 5*time.Second); ev.Kind != kiosk.ReaderReady; ev = next(t, events, 5*time.Second) {
			if ev.Kind != kiosk.ReaderFault {
				t.Fatalf("got %s, want ready", describe(ev))
			}
		}
		sim.Place(card)
		if ev := next(t, events, 5*time.Second); ev.Kind != kiosk.CardPresent || ev.Card == nil {
			t.Fatalf("got %s, want the card", describe(ev))
		}
	})
}

func TestPortVanishesAndComesBack(t *testing.T) {
	sim := startSim(t, 115200)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	r, err := idcard.Open(ctx, idcard.Config{Port: sim.Path(), Candidates: []string{}, Retry: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if r.Status() != kiosk.DeviceOK || r.Device() != sim.Path() {
		t.Fatalf("opened: %s on %q", r.Status(), r.Device())
	}
	events := run(t, r)
	card := person(t, fixture.DataMatch).Card
	quiet(t, events, 100*time.Millisecond)
	if err := sim.Unplug(); err != nil {
		t.Fatal(err)
	}
	ev := next(t, events, 3*time.Second)
	var ke *kiosk.Error
	if ev.Kind != kiosk.ReaderFault || !errors.As(ev.Err, &ke) || ke.Code != kiosk.ErrReaderMissing || ke.Device != sim.Path() {
		t.Fatalf("got %s, want reader missing on %s", describe(ev), sim.Path())
	}
	quiet(t, events, 500*time.Millisecond) // the fault is reported once, not per retry
	if r.Status() != kiosk.DeviceMissing {
		t.Errorf("status %s while unplugged", r.Status())
	}
	if err := sim.Plug(); err != nil {
		t.Fatal(err)
	}
	if ev := next(t, events, 3*time.Second); ev.Kind != kiosk.ReaderReady {
		t.Fatalf("got %s, want ready", describe(ev))
	}
	if r.Status() != kiosk.DeviceOK {
		t.Errorf("status %s after recovery", r.Status())
	}
	sim.Place(card)
	if ev := next(t, events, 3*time.Second); ev.Kind != kiosk.CardPresent || ev.Card == nil {
		t.Fatalf("got %s, want the card", describe(ev))
	}
	t.Run("mid-session", func(t *testing.T) {
		// Unplugged with the card on it: removal is not reported as a card
		// event; the fault is; the card is read again once back.
		sim.Unplug()
		if ev := next(t, events, 3*time.Second); ev.Kind != kiosk.ReaderFault {
			t.Fatalf("got %s, want a fault", describe(ev))
		}
		sim.Plug()
		if ev := next(t, events, 3*time.Second); ev.Kind != kiosk.ReaderReady {
			t.Fatalf("got %s, want ready", describe(ev))
		}
		if ev := next(t, events, 3*time.Second); ev.Kind != kiosk.CardPresent || ev.Card == nil {
			t.Fatalf("got %s, want the card read again", describe(ev))
		}
	})
}

func TestSAMFaultAndRecovery(t *testing.T) {
	for _, sw3 := range []byte{idcard.SW3SelfTest, idcard.SW3NotAuthed, idcard.SW3SAMAuth, idcard.SW3Unknown} {
		t.Run(idcard.SW3Name(sw3), func(t *testing.T) {
			sim := startSim(t, 115200)
			events := runReader(t, idcard.Config{Port: sim.Path(), Candidates: []string{}, Retry: 50 * time.Millisecond})
			quiet(t, events, 50*time.Millisecond)
			sim.SetFaults(readersim.Faults{SAM: sw3})
			ev := next(t, events, 3*time.Second)
			var f *idcard.Fault
			if ev.Kind != kiosk.ReaderFault || kiosk.CodeOf(ev.Err) != kiosk.ErrReaderFault ||
				!errors.As(ev.Err, &f) || f.SW3 != sw3 {
				t.Fatalf("got %s, want a SAM fault with SW3 %02X", describe(ev), sw3)
			}
			if msg, _ := kiosk.ScreenText(ev.Err); msg == "" {
				t.Error("no screen text")
			}
			sim.SetFaults(readersim.Faults{})
			if ev := next(t, events, 3*time.Second); ev.Kind != kiosk.ReaderReady {
				t.Fatalf("got %s, want ready", describe(ev))
			}
		})
	}
}

func TestAutoDetectBaud(t *testing.T) {
	sim := startSim(t, 38400)
	sim.Place(foreignCard())
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	// Configured at the default speed, the reader set to 38400; the port
	// is found among candidates after one that does not exist.
	res, err := idcard.ReadOnce(ctx, idcard.Config{Candidates: []string{"/dev/nonexistent-tty", sim.Path()}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Device != sim.Path() || res.Baud != 38400 || res.Card == nil || res.Card.Type != kiosk.CardForeignPermanent {
		t.Fatalf("read on %s at %d: %+v", res.Device, res.Baud, res.Card != nil)
	}
	if len(res.SW3) < 4 || res.ReadTime <= 0 {
		t.Errorf("SW3 %X, read time %v", res.SW3, res.ReadTime)
	}
}

func TestNoReader(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, err := idcard.ReadOnce(ctx, idcard.Config{Port: "/dev/nonexistent-tty", Candidates: []string{}})
	var ke *kiosk.Error
	if !errors.As(err, &ke) || ke.Code != kiosk.ErrReaderMissing || ke.Device != "/dev/nonexistent-tty" {
		t.Fatalf("got %v, want reader missing", err)
	}
}

func TestPartialFrameIsNoise(t *testing.T) {
	sim := startSim(t, 115200)
	events := runReader(t, idcard.Config{Port: sim.Path(), AnswerTimeout: 200 * time.Millisecond})
	quiet(t, events, 50*time.Millisecond)
	// One find-card answer cut off after 6 bytes: not worth a fault.
	sim.TruncateNext(idcard.CmdFindCard, 6)
	quiet(t, events, time.Second)
	sim.Place(person(t, fixture.NeverCertified).Card)
	if ev := next(t, events, 3*time.Second); ev.Kind != kiosk.CardPresent || ev.Card == nil {
		t.Fatalf("got %s, want the card", describe(ev))
	}
	// Two in a row are.
	sim.TruncateNext(idcard.CmdFindCard, 6)
	sim.TruncateNext(idcard.CmdFindCard, 6)
	if ev := next(t, events, 3*time.Second); ev.Kind != kiosk.ReaderFault {
		t.Fatalf("got %s, want a fault", describe(ev))
	}
	if ev := next(t, events, 3*time.Second); ev.Kind != kiosk.ReaderReady {
		t.Fatalf("got %s, want ready", describe(ev))
	}
}
