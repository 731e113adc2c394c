package main

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/hainan-hrss/certkiosk/app"
	"github.com/hainan-hrss/certkiosk/kiosk"
	"github.com/hainan-hrss/certkiosk/kiosk/audit"
	"github.com/hainan-hrss/certkiosk/kiosk/fixture"
	"github.com/hainan-hrss/certkiosk/kiosk/outbox"
	"github.com/hainan-hrss/certkiosk/kiosk/staff"
	"github.com/hainan-hrss/certkiosk/kiosk/store"
)

// version is the kiosk software's version, reported in heartbeats.
var version = "0.1.0"

// system is one kiosk's set of parts: real devices and service, or the
// simulated ones of demo mode. Both the window and the headless selftest
// run on it.
type system struct {
	reader kiosk.CardReader
	// readerStatus reports the reader's health for the heartbeat.
	readerStatus func() kiosk.DeviceStatus
	camera       kiosk.Camera
	// challenge draws the liveness actions of one capture.
	challenge func() []string
	// outbox keeps certifications until the service has them; nil in tests
	// that wire a bare client.
	outbox *outbox.Outbox
	// trail is the audit trail; the flow records sessions through it.
	trail  *audit.Log
	client kiosk.CertClient
	db     *store.DB
	config kiosk.Config
	log    *slog.Logger

	// Demo only: put a fixture person's card on the simulated reader, or
	// take it off.
	place  func(p fixture.Person)
	remove func()

	speaker kiosk.Speaker   // nil: silent
	staff   *staff.Accounts // staff and technician PINs
	now     func() time.Time

	closers []func() error
}

// close releases the parts in reverse order of opening.
func (s *system) close() error {
	var errs []error
	for i := len(s.closers) - 1; i >= 0; i-- {
		errs = append(errs, s.closers[i]())
	}
	s.closers = nil
	return errors.Join(errs...)
}

// newFlow makes the certification flow over the system's parts.
func (s *system) newFlow() *kiosk.Flow {
	to := kiosk.DefaultTimeouts()
	to.Face = s.config.FaceTimeout
	var st kiosk.Store = s.db
	if s.trail != nil {
		st = audit.NewStore(s.db, s.trail)
	}
	return kiosk.NewFlow(kiosk.Deps{
		Client: s.client, Camera: s.camera, Store: st, Log: s.log, Speaker: s.speaker,
		NewKey: func() string { return uuid.NewString() }, Challenge: s.challenge,
	}, to)
}

// demoCards lists the fixture people for the demo's card picker.
func (s *system) demoCards() *app.Demo {
	if s.place == nil {
		return nil
	}
	people := fixture.People()
	d := &app.Demo{Remove: s.remove, Place: func(i int) { s.place(people[i]) }}
	for _, p := range people {
		d.Cards = append(d.Cards, app.DemoCard{Label: p.Label, Name: p.Card.MaskedName()})
	}
	return d
}

// runLoops feeds the flow until ctx ends: card events from the reader, a
// tick a second for the step timers, and the heartbeat to the service. It
// returns a wait function that blocks until every loop has stopped, so
// the caller can stop the producers before quitting the UI.
func (s *system) runLoops(ctx context.Context, flow *kiosk.Flow, onTick func()) (wait func()) {
	var wg sync.WaitGroup
	events := make(chan kiosk.CardEvent, 8)
	if s.outbox != nil {
		wg.Add(1)
		go func() { defer wg.Done(); s.outbox.Run(ctx) }()
	}
	if s.trail != nil {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.trail.RunRetention(ctx, func(err error) { s.log.Error("audit retention", "err", err) })
		}()
	}
	wg.Add(3)
	go func() {
		defer wg.Done()
		if err := s.reader.Run(ctx, events); err != nil && ctx.Err() == nil {
			s.log.Error("card reader stopped", "err", err)
			flow.HandleCard(kiosk.CardEvent{Kind: kiosk.ReaderFault, Err: err})
		}
	}()
	go func() {
		defer wg.Done()
		tick := time.NewTicker(time.Second)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case ev := <-events:
				flow.HandleCard(ev)
			case <-tick.C:
				flow.Tick()
				if onTick != nil {
					onTick()
				}
			}
		}
	}()
	go func() {
		defer wg.Done()
		s.heartbeats(ctx, flow)
	}()
	return wg.Wait
}

// heartbeats reports the kiosk's health to the service at the interval it
// asks for, and shows its notice on the idle screen.
func (s *system) heartbeats(ctx context.Context, flow *kiosk.Flow) {
	started := time.Now()
	interval := 5 * time.Minute
	for {
		hb := kiosk.Heartbeat{Version: version, Uptime: time.Since(started),
			Camera: s.camera.Status(), CardReader: kiosk.DeviceOK}
		if s.readerStatus != nil {
			hb.CardReader = s.readerStatus()
		}
		callCtx, cancel := context.WithTimeout(ctx, 20*time.Second)
		reply, err := s.client.Heartbeat(callCtx, hb)
		cancel()
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			s.log.Warn("heartbeat failed", "err", err)
		} else {
			flow.SetNotice(reply.Notice)
			if reply.Interval > 0 {
				interval = reply.Interval
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(interval):
		}
	}
}
