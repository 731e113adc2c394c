package idcard

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"slices"
	"time"

	"go.bug.st/serial"

	"github.com/hainan-hrss/certkiosk/kiosk"
)

// BaudRates are the line speeds readers are set to, most common first.
var BaudRates = []int{115200, 57600, 38400, 19200, 9600}

// Config says where the reader is and how to poll it. The zero value
// probes every serial port at every baud rate and polls with the defaults.
type Config struct {
	// Port is the serial port (/dev/ttyUSB0). Empty probes Candidates.
	Port string
	// Baud is the line speed tried first; 0 means 115200. When the
	// configured port does not answer at it, the others are probed too.
	Baud int
	// Candidates are the ports probed when Port is empty or does not
	// answer (a USB reader may come back as another ttyUSB); nil means the
	// system's serial ports, an empty slice none.
	Candidates []string
	// Poll is the pause between find-card requests while no card is on the
	// reader; 0 means DefaultPoll.
	Poll time.Duration
	// RemoveAfter is how many find-card misses in a row mean the card has
	// left; 0 means 3. Fewer would report a card that wobbles as removed.
	RemoveAfter int
	// Retry is how long to wait before reopening a reader that failed; 0
	// means one second.
	Retry time.Duration
	// AnswerTimeout is how long the reader may think before answering, on
	// top of the wire time; 0 means one second.
	AnswerTimeout time.Duration
	// Fingerprint reads the fingerprint block too (30 10).
	Fingerprint bool
	// Logger gets faults and recoveries, never card data; nil discards.
	Logger *slog.Logger
}

// DefaultPoll is the find-card interval. A find-card exchange takes 2 ms on
// the wire at 115200 baud; polling every 10 ms keeps the wait between a
// card landing and the driver noticing to 5 ms on average, a small part of
// the 118 ms the card's data need on the wire.
const DefaultPoll = 10 * time.Millisecond

func (c Config) withDefaults() Config {
	if c.Baud == 0 {
		c.Baud = 115200
	}
	if c.Poll <= 0 {
		c.Poll = DefaultPoll
	}
	if c.RemoveAfter <= 0 {
		c.RemoveAfter = 3
	}
	if c.AnswerTimeout <= 0 {
		c.AnswerTimeout = time.Second
	}
	if c.Retry <= 0 {
		c.Retry = time.Second
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	return c
}

// openPort opens one serial port at one baud rate.
func openPort(name string, baud int) (Port, error) {
	p, err := serial.Open(name, &serial.Mode{BaudRate: baud, DataBits: 8, Parity: serial.NoParity, StopBits: serial.OneStopBit})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// Connect finds the reader and returns a driver whose SAM answered 11 FF:
// the configured port at the configured baud rate first, then that port at
// the other rates, then every candidate port. The error is a *kiosk.Error
// ErrReaderMissing when nothing answers, or the SAM's fault when a reader
// answers but its SAM fails.
func Connect(ctx context.Context, cfg Config) (*Driver, error) {
	cfg = cfg.withDefaults()
	rates := append([]int{cfg.Baud}, slices.DeleteFunc(slices.Clone(BaudRates), func(b int) bool { return b == cfg.Baud })...)
	ports := []string{}
	if cfg.Port != "" {
		ports = append(ports, cfg.Port)
	}
	for _, p := range candidates(cfg.Candidates) {
		if p != cfg.Port {
			ports = append(ports, p)
		}
	}
	var samErr error
	for _, name := range ports {
		for _, baud := range rates {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			// The configured port and rate get the full answer time; the
			// guesses a short one, so probing every rate stays quick.
			timeout := cfg.AnswerTimeout
			if name != cfg.Port || baud != cfg.Baud {
				timeout = probeTimeout
			}
			d, err := probe(ctx, name, baud, timeout)
			if err == nil {
				return d, nil
			}
			if f := (*Fault)(nil); errors.As(err, &f) && f.Kind == FaultSAM {
				samErr = err // a reader answered: no other rate will do better
				break
			}
			if errors.Is(err, errPortGone) {
				break // no such port: no point trying other rates
			}
		}
	}
	if samErr != nil {
		return nil, samErr
	}
	e := kiosk.NewError(kiosk.ErrReaderMissing, &Fault{Kind: FaultNoReader,
		Err: fmt.Errorf("no reader answered on %d port(s) at %v baud", len(ports), rates)})
	e.Device = cfg.Port
	return nil, e
}

var errPortGone = errors.New("port cannot be opened")

// probeTimeout is how long a probed port may take to answer 11 FF: readers
// answer it from the SAM in a few milliseconds.
const probeTimeout = 300 * time.Millisecond

// probe opens name at baud and asks the SAM its status. A reader set to
// another rate hears noise and stays silent, so a short timeout suffices.
func probe(ctx context.Context, name string, baud int, timeout time.Duration) (*Driver, error) {
	p, err := openPort(name, baud)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", errPortGone, name, err)
	}
	d := NewDriver(p, name, baud, timeout)
	a, err := d.Transact(ctx, CmdSAMStatus, nil)
	if err == nil && a.SW3 != SW3OK {
		err = newError(name, faultOf(CmdSAMStatus, a.SW3))
		if kiosk.CodeOf(err) != kiosk.ErrReaderFault {
			err = newError(name, &Fault{Kind: FaultSAM, Cmd: CmdSAMStatus, SW3: a.SW3})
		}
	}
	if err != nil {
		p.Close()
		return nil, err
	}
	return d, nil
}

// candidates lists the ports to probe: the given ones, or the system's
// serial ports and their /dev/serial/by-id names.
func candidates(given []string) []string {
	if given != nil {
		return given
	}
	var out []string
	if ports, err := serial.GetPortsList(); err == nil {
		out = append(out, ports...)
	}
	byID, _ := filepath.Glob("/dev/serial/by-id/*")
	return append(out, byID...)
}
