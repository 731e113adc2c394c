package idcard_test

import (
	"context"
	"testing"
	"time"

	"github.com/hainan-hrss/certkiosk/kiosk"
	"github.com/hainan-hrss/certkiosk/kiosk/fixture"
	"github.com/hainan-hrss/certkiosk/kiosk/idcard"
	"github.com/hainan-hrss/certkiosk/kiosk/idcard/readersim"
)

// startSim starts a simulator at baud and closes it when the test ends.
func startSim(tb testing.TB, baud int) *readersim.Sim {
	tb.Helper()
	sim, err := readersim.Start(readersim.Options{Baud: baud})
	if err != nil {
		tb.Fatalf("start simulator: %v", err)
	}
	tb.Cleanup(func() { sim.Close() })
	return sim
}

// runReader runs a Reader on the simulator's port and returns its events.
func runReader(tb testing.TB, cfg idcard.Config) <-chan kiosk.CardEvent {
	tb.Helper()
	return run(tb, idcard.New(cfg))
}

// run runs r until the test ends and returns its events.
func run(tb testing.TB, r *idcard.Reader) <-chan kiosk.CardEvent {
	ctx, cancel := context.WithCancel(context.Background())
	events := make(chan kiosk.CardEvent, 16)
	done := make(chan struct{})
	go func() {
		defer close(done)
		r.Run(ctx, events)
	}()
	tb.Cleanup(func() { cancel(); <-done })
	return events
}

// next waits for the next event, failing the test after timeout.
func next(tb testing.TB, events <-chan kiosk.CardEvent, timeout time.Duration) kiosk.CardEvent {
	tb.Helper()
	select {
	case ev := <-events:
		return ev
	case <-time.After(timeout):
		tb.Fatalf("no card event within %v", timeout)
		return kiosk.CardEvent{}
	}
}

// quiet asserts no event arrives for d.
func quiet(tb testing.TB, events <-chan kiosk.CardEvent, d time.Duration) {
	tb.Helper()
	select {
	case ev := <-events:
		tb.Fatalf("unexpected event %+v", describe(ev))
	case <-time.After(d):
	}
}

// describe shows an event without personal data.
func describe(ev kiosk.CardEvent) string {
	s := map[kiosk.CardEventKind]string{kiosk.CardPresent: "present", kiosk.CardRemoved: "removed",
		kiosk.ReaderFault: "fault", kiosk.ReaderReady: "ready"}[ev.Kind]
	if ev.Card != nil {
		s += " " + string(ev.Card.Type) + " " + ev.Card.MaskedID()
	}
	if ev.Err != nil {
		s += " err=" + ev.Err.Error()
	}
	return s
}

// person returns the fixture person in scenario sc.
func person(tb testing.TB, sc fixture.Scenario) fixture.Person {
	tb.Helper()
	p, ok := fixture.ByScenario(sc)
	if !ok {
		tb.Fatalf("no fixture person %s", sc)
	}
	return p
}

// foreignCard is a foreigner's permanent residence card (2017) for tests:
// invented, with a number whose birth date matches.
func foreignCard() kiosk.IDCard {
	return kiosk.IDCard{Type: kiosk.CardForeignPermanent, Name: "史密斯", EnglishName: "SMITH, JOHN ADAM",
		Sex: "男", IDNumber: "USA460052071508", Nationality: "USA",
		BirthDate: kiosk.Date{Year: 1952, Month: 7, Day: 15}, Issuer: "1500",
		ValidFrom: kiosk.Date{Year: 2019, Month: 3, Day: 1}, ValidTo: kiosk.Date{Year: 2029, Month: 3, Day: 1}}
}
