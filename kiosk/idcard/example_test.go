package idcard_test

import (
	"context"
	"fmt"
	"time"

	"github.com/hainan-hrss/certkiosk/kiosk"
	"github.com/hainan-hrss/certkiosk/kiosk/fixture"
	"github.com/hainan-hrss/certkiosk/kiosk/idcard"
	"github.com/hainan-hrss/certkiosk/kiosk/idcard/readersim"
)

// A kiosk runs a Reader and acts on its events; here the reader is the
// simulator, with a fixture card placed on it.
func ExampleReader_Run() {
	sim, err := readersim.Start(readersim.Options{Baud: 115200})
	if err != nil {
		panic(err)
	}
	defer sim.Close()

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	events := make(chan kiosk.CardEvent, 4)
	go idcard.New(idcard.Config{Port: sim.Path(), Baud: 115200}).Run(ctx, events)

	p, _ := fixture.ByScenario(fixture.NeverCertified)
	sim.Place(p.Card)
	ev := <-events
	fmt.Println(ev.Kind == kiosk.CardPresent, ev.Card.Type, ev.Card.MaskedID(), len(ev.Card.PhotoWLT))
	sim.Remove()
	ev = <-events
	fmt.Println(ev.Kind == kiosk.CardRemoved)
	// Output:
	// true resident 460***********0029 1024
	// true
}

// reader-test and the self-test read one card with ReadOnce.
func ExampleReadOnce() {
	p, _ := fixture.ByScenario(fixture.HMTResident)
	sim, err := readersim.Start(readersim.Options{Baud: 57600, Card: &p.Card})
	if err != nil {
		panic(err)
	}
	defer sim.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	// No port configured: probe the candidates at every baud rate.
	res, err := idcard.ReadOnce(ctx, idcard.Config{Candidates: []string{sim.Path()}})
	if err != nil {
		fmt.Println(kiosk.CodeOf(err))
		return
	}
	fmt.Println(res.Baud, res.Card.Type, res.Card.PermitNumber != "", fmt.Sprintf("% X", res.SW3))
	// Output:
	// 57600 hmt_residence true 90 9F 90 90
}
