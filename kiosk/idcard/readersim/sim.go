// Package readersim simulates a GA/T 467 ID card reader on a real
// pseudo-terminal: the driver opens Path() as it would /dev/ttyUSB0 and
// speaks the protocol to it. Answers take the wire time of their bytes at
// the line's baud rate, cards can be placed and removed, and every failure
// a reader shows can be injected: each SW3 code, garbage and partial
// frames, slow answers, a wrong line speed and the port vanishing.
//
// All methods are safe to call from any goroutine (demo mode drives the
// simulator from the UI thread).
package readersim

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/hainan-hrss/certkiosk/kiosk"
)

// Options configure a simulator.
type Options struct {
	// Baud is the rate the simulated reader is set to; 0 means 115200. A
	// driver whose line is set to another rate gets noise, not answers.
	Baud int
	// Card, if set, is on the reader from the start.
	Card *kiosk.IDCard
	// Logger gets the commands served (never card data); nil discards.
	Logger *slog.Logger
}

// Faults are standing faults the reader shows until changed.
type Faults struct {
	// Delay is how long the reader thinks before each answer.
	Delay time.Duration
	// Garbage is written before every answer, as line noise would be.
	Garbage []byte
	// SAM, if not zero, is the SW3 every command answers (60 SAM self-test
	// failed, 66 not authorised …).
	SAM byte
}

// Sim is a running simulated reader.
type Sim struct {
	baud int
	log  *slog.Logger
	dir  string
	path string

	mu       sync.Mutex
	line     *line // nil while unplugged
	done     chan struct{}
	card     *cardData
	selected bool
	faults   Faults
	oneShot  map[uint16][]shot
	pull     bool // the card leaves during the next read
	pullSW3  byte // … and the reader answers this, or 0: the answer is cut off
	stats    Stats
}

// shot is a one-time answer for a command: an SW3, or a cut-off answer.
type shot struct {
	sw3  byte
	keep int // > 0: send only this many bytes of the real answer
}

// Stats count what crossed the line since the last ResetStats.
type Stats struct {
	Requests map[uint16]int // requests served, by command
	BytesIn  int            // request bytes the reader received
	BytesOut int            // answer bytes it sent, garbage included
}

// Start opens a pty and serves a reader on it until Close.
func Start(opts Options) (*Sim, error) {
	if opts.Baud == 0 {
		opts.Baud = 115200
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	dir, err := os.MkdirTemp("", "readersim-")
	if err != nil {
		return nil, err
	}
	s := &Sim{baud: opts.Baud, log: opts.Logger, dir: dir, path: filepath.Join(dir, "ttyIDCARD"),
		oneShot: map[uint16][]shot{}, stats: Stats{Requests: map[uint16]int{}}}
	if opts.Card != nil {
		if err := s.Place(*opts.Card); err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
	}
	if err := s.Plug(); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	return s, nil
}

// Path is the port to open: a symlink to the current pty that stays the
// same across Unplug and Plug, as a udev /dev/serial/by-id name does.
func (s *Sim) Path() string { return s.path }

// Baud is the simulated reader's line speed.
func (s *Sim) Baud() int { return s.baud }

// Place puts card on the reader, replacing any card there. It fails only
// for a card that cannot be laid out as card text.
func (s *Sim) Place(card kiosk.IDCard) error {
	cd, err := encode(card)
	if err != nil {
		return fmt.Errorf("readersim: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.card, s.selected = cd, false
	return nil
}

// Remove takes the card off the reader.
func (s *Sim) Remove() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.card, s.selected = nil, false
}

// HasCard reports whether a card is on the reader.
func (s *Sim) HasCard() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.card != nil
}

// SetFaults sets the standing faults; Faults{} clears them.
func (s *Sim) SetFaults(f Faults) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = f
}

// FailNext makes the next request of cmd (idcard.CmdFindCard …) answer sw3.
// Calls queue up.
func (s *Sim) FailNext(cmd uint16, sw3 byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.oneShot[cmd] = append(s.oneShot[cmd], shot{sw3: sw3})
}

// TruncateNext sends only the first keep bytes of the next answer to cmd:
// a partial frame.
func (s *Sim) TruncateNext(cmd uint16, keep int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.oneShot[cmd] = append(s.oneShot[cmd], shot{keep: max(keep, 1)})
}

// PullDuringRead makes the card leave during the next read. With sw3 zero
// it leaves while the answer is on the wire: half the frame goes out, then
// nothing. Otherwise the SAM notices while reading the card over the air
// and answers sw3 (41 card read failed, 47 …). Either way the card is gone.
func (s *Sim) PullDuringRead(sw3 byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pull, s.pullSW3 = true, sw3
}

// Stats returns what crossed the line since the last ResetStats.
func (s *Sim) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.stats
	st.Requests = make(map[uint16]int, len(s.stats.Requests))
	for k, v := range s.stats.Requests {
		st.Requests[k] = v
	}
	return st
}

// ResetStats zeroes the counters.
func (s *Sim) ResetStats() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stats = Stats{Requests: map[uint16]int{}}
}

// Unplug makes the port vanish, as pulling the reader's USB cable does: the
// pty closes (the driver's reads and writes fail) and Path disappears.
func (s *Sim) Unplug() error {
	s.mu.Lock()
	l, done := s.line, s.done
	s.line = nil
	s.mu.Unlock()
	if l == nil {
		return nil
	}
	err := errors.Join(os.Remove(s.path), l.close())
	<-done
	return err
}

// Plug brings the port back (a new pty behind the same Path).
func (s *Sim) Plug() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.line != nil {
		return nil
	}
	l, err := openLine()
	if err != nil {
		return fmt.Errorf("readersim: pty: %w", err)
	}
	tmp := s.path + ".new"
	os.Remove(tmp)
	if err := os.Symlink(l.tty.Name(), tmp); err != nil {
		l.close()
		return err
	}
	if err := os.Rename(tmp, s.path); err != nil {
		l.close()
		return err
	}
	s.line, s.done, s.selected = l, make(chan struct{}), false
	go s.serve(l, s.done)
	return nil
}

// Close stops the simulator and removes its port.
func (s *Sim) Close() error {
	err := s.Unplug()
	return errors.Join(err, os.RemoveAll(s.dir))
}
