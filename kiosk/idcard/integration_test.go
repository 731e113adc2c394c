package idcard_test

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/hainan-hrss/certkiosk/kiosk"
	"github.com/hainan-hrss/certkiosk/kiosk/fixture"
	"github.com/hainan-hrss/certkiosk/kiosk/idcard"
)

// wantSame checks that the card read is the card placed, photo included.
func wantSame(t *testing.T, got *kiosk.IDCard, want kiosk.IDCard) {
	t.Helper()
	if got == nil {
		t.Fatal("no card")
	}
	if len(got.PhotoWLT) != idcard.PhotoSize {
		t.Errorf("photo is %d bytes", len(got.PhotoWLT))
	}
	g := *got
	g.PhotoWLT, g.Fingerprint, want.PhotoWLT, want.Fingerprint = nil, nil, nil, nil
	if !reflect.DeepEqual(g, want) {
		t.Errorf("card read differs from the card placed (%s %s vs %s %s)",
			g.Type, g.MaskedID(), want.Type, want.MaskedID())
	}
}

func TestReadEachCardType(t *testing.T) {
	sim := startSim(t, 115200)
	events := runReader(t, idcard.Config{Port: sim.Path(), Baud: 115200})
	cards := map[string]kiosk.IDCard{
		"resident":          person(t, fixture.NeverCertified).Card,
		"resident_longterm": person(t, fixture.Valid).Card,
		"hmt_residence":     person(t, fixture.HMTResident).Card,
		"foreign_permanent": foreignCard(),
	}
	for name, card := range cards {
		t.Run(name, func(t *testing.T) {
			if err := sim.Place(card); err != nil {
				t.Fatal(err)
			}
			ev := next(t, events, 3*time.Second)
			if ev.Kind != kiosk.CardPresent || ev.Err != nil {
				t.Fatalf("got %s, want the card", describe(ev))
			}
			wantSame(t, ev.Card, card)
			quiet(t, events, 200*time.Millisecond) // reported once while it stays
			sim.Remove()
			if ev := next(t, events, 2*time.Second); ev.Kind != kiosk.CardRemoved {
				t.Fatalf("got %s, want removed", describe(ev))
			}
		})
	}
	t.Run("foreign_permanent_2023", func(t *testing.T) {
		sim.Place(kiosk.IDCard{Type: kiosk.CardForeignPermanent2023, EnglishName: "DOE, JANE", Sex: "女"})
		ev := next(t, events, 3*time.Second)
		var f *idcard.Fault
		if ev.Kind != kiosk.CardPresent || kiosk.CodeOf(ev.Err) != kiosk.ErrCardInvalid ||
			!errors.Is(ev.Err, idcard.ErrUnsupportedCard) || !errors.As(ev.Err, &f) {
			t.Fatalf("got %s, want an unsupported-card error", describe(ev))
		}
		var ke *kiosk.Error
		if errors.As(ev.Err, &ke); ke.Device != sim.Path() {
			t.Errorf("error names device %q", ke.Device)
		}
		sim.Remove()
		next(t, events, 2*time.Second)
	})
}

func TestReadWithFingerprint(t *testing.T) {
	sim := startSim(t, 115200)
	events := runReader(t, idcard.Config{Port: sim.Path(), Fingerprint: true})
	card := person(t, fixture.NotPensioner).Card
	sim.Place(card)
	ev := next(t, events, 3*time.Second)
	if ev.Kind != kiosk.CardPresent || ev.Card == nil {
		t.Fatalf("got %s", describe(ev))
	}
	wantSame(t, ev.Card, card)
	if len(ev.Card.Fingerprint) != idcard.FingerSize || sim.Stats().Requests[idcard.CmdReadFinger] != 1 {
		t.Errorf("fingerprint of %d bytes", len(ev.Card.Fingerprint))
	}
}
