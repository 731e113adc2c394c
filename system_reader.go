package main

import (
	"context"

	"github.com/hainan-hrss/certkiosk/kiosk"
	"github.com/hainan-hrss/certkiosk/kiosk/fixture"
)

// openSimulatedReader gives demo mode a card reader that the demo control
// drives. (Temporary in-process version until the GA/T 467 simulator lands.)
func (s *system) openSimulatedReader() error {
	r := &chanReader{events: make(chan kiosk.CardEvent, 4)}
	s.reader = r
	s.place = func(p fixture.Person) {
		card := p.Card
		r.events <- kiosk.CardEvent{Kind: kiosk.CardPresent, Card: &card}
	}
	s.remove = func() { r.events <- kiosk.CardEvent{Kind: kiosk.CardRemoved} }
	return nil
}

func (s *system) openConfiguredReader() error {
	return kiosk.NewError(kiosk.ErrReaderMissing, nil)
}

type chanReader struct{ events chan kiosk.CardEvent }

func (r *chanReader) Run(ctx context.Context, out chan<- kiosk.CardEvent) error {
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev := <-r.events:
			out <- ev
		}
	}
}
