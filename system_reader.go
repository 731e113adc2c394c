package main

import (
	"github.com/hainan-hrss/certkiosk/kiosk"
	"github.com/hainan-hrss/certkiosk/kiosk/fixture"
	"github.com/hainan-hrss/certkiosk/kiosk/idcard"
	"github.com/hainan-hrss/certkiosk/kiosk/idcard/readersim"
)

// openSimulatedReader starts the GA/T 467 reader simulator on a
// pseudo-terminal and reads it with the real driver, so demo mode speaks the
// same bytes as a kiosk with a real reader. The demo control places cards.
func (s *system) openSimulatedReader() error {
	sim, err := readersim.Start(readersim.Options{Baud: 115200, Logger: s.log.With("component", "readersim")})
	if err != nil {
		return kiosk.NewError(kiosk.ErrReaderMissing, err)
	}
	s.closers = append(s.closers, sim.Close)
	// No other candidates: a failing simulator must not make the driver
	// probe the machine's real serial ports.
	r := idcard.New(idcard.Config{Port: sim.Path(), Baud: 115200, Candidates: []string{},
		Logger: s.log.With("component", "idcard")})
	s.reader, s.readerStatus = r, r.Status
	s.place = func(p fixture.Person) {
		if err := sim.Place(p.Card); err != nil {
			s.log.Error("demo card cannot be placed", "err", err)
		}
	}
	s.remove = sim.Remove
	return nil
}

// openConfiguredReader uses the configured port, or finds the reader on any
// serial port when none is configured.
func (s *system) openConfiguredReader() error {
	r := idcard.New(idcard.Config{Port: s.config.ReaderPort, Baud: s.config.ReaderBaud,
		Logger: s.log.With("component", "idcard")})
	s.reader, s.readerStatus = r, r.Status
	return nil
}
