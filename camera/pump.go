package camera

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync"
	"time"

	"gocv.io/x/gocv"

	"github.com/hainan-hrss/certkiosk/kiosk"
)

// Recovery timing: how soon to retry a vanished device, and how slowly to
// read while nobody captures (enough to keep Status honest).
const (
	retryMin  = 200 * time.Millisecond
	retryMax  = 2 * time.Second
	idleEvery = 500 * time.Millisecond
)

// pump reads frames from a source on its own goroutine and keeps only the
// newest: the consumer swaps its Mat with the latest, so at any time there
// are exactly three frame buffers (being read, latest, being analysed) and
// a slow consumer simply skips frames. In lock-step mode (files only) the
// pump waits for each frame to be taken, so nothing is skipped.
type pump struct {
	src      Source
	lockstep bool
	log      *slog.Logger

	mu      sync.Mutex
	latest  gocv.Mat
	seq     int
	at      time.Duration // media time of latest
	eof     bool
	status  kiosk.DeviceStatus
	lastErr error
	active  int
	rewind  bool // restart a file at the next activation

	fresh chan struct{} // a new frame or state change; capacity 1
	taken chan struct{} // lock-step: the consumer took the latest
	wake  chan struct{} // activation while idle
	stop  chan struct{}
	done  chan struct{}
}

func newPump(src Source, lockstep bool, log *slog.Logger) *pump {
	p := &pump{src: src, lockstep: lockstep, log: log, latest: gocv.NewMat(),
		status: kiosk.DeviceMissing, fresh: make(chan struct{}, 1),
		taken: make(chan struct{}, 1), wake: make(chan struct{}, 1),
		stop: make(chan struct{}), done: make(chan struct{})}
	go p.run()
	return p
}

func signal(c chan struct{}) {
	select {
	case c <- struct{}{}:
	default:
	}
}

// sleep waits d or until stopped or woken; it reports false when stopped.
func (p *pump) sleep(d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-p.stop:
		return false
	case <-p.wake:
	case <-t.C:
	}
	return true
}

func (p *pump) run() {
	defer close(p.done)
	back := gocv.NewMat()
	defer back.Close()
	defer p.latest.Close()
	open, retry := false, retryMin
	defer func() { // every way out, including a stop during a sleep
		if open {
			p.src.Close()
		}
	}()
	born := time.Now() // a device's media time survives reopening
	var start time.Time
	var n int // frames read since open, for a file's media time
	for {
		select {
		case <-p.stop:
			return
		default:
		}
		p.mu.Lock()
		active, rewind, eof := p.active > 0, p.rewind, p.eof
		p.rewind = false
		p.mu.Unlock()
		if open && rewind {
			p.src.Close()
			open = false
		}
		if !open {
			if err := p.src.Open(); err != nil {
				p.setFault(err)
				if !p.sleep(retry) {
					return
				}
				retry = min(2*retry, retryMax)
				continue
			}
			open, retry, start, n = true, retryMin, time.Now(), 0
			p.setOK()
			eof = false
		}
		if eof || (!active && p.src.FPS() > 0) {
			// Files wait for a capture; at the end they wait to be rewound.
			if !p.sleep(idleEvery) {
				return
			}
			continue
		}
		if !active && !p.sleep(idleEvery) {
			return
		}
		err := p.src.Read(&back)
		if errors.Is(err, io.EOF) {
			p.mu.Lock()
			p.eof = true
			p.mu.Unlock()
			signal(p.fresh)
			continue
		}
		if err != nil {
			p.src.Close()
			open = false
			p.setFault(err)
			continue
		}
		p.setOK()
		at := time.Since(born)
		if fps := p.src.FPS(); fps > 0 {
			at = time.Duration(float64(n) / fps * float64(time.Second))
			if !p.lockstep { // play a file in real time, like a camera
				if wait := time.Until(start.Add(at)); wait > 0 && !p.sleep(wait) {
					return
				}
			}
		}
		n++
		p.mu.Lock()
		if p.rewind { // read from the old clip while a capture restarted it
			p.mu.Unlock()
			continue
		}
		p.latest, back = back, p.latest
		p.seq++
		p.at = at
		p.mu.Unlock()
		signal(p.fresh)
		if p.lockstep && active {
			select {
			case <-p.taken:
			case <-p.stop:
			}
		}
	}
}

func (p *pump) setOK() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.status != kiosk.DeviceOK && p.lastErr != nil {
		p.log.Info("camera recovered", "device", p.src.Name())
	}
	p.status, p.lastErr = kiosk.DeviceOK, nil
}

func (p *pump) setFault(err error) {
	p.mu.Lock()
	st := kiosk.DeviceError
	if errors.Is(err, ErrMissing) {
		st = kiosk.DeviceMissing
	}
	if p.status != st || p.lastErr == nil {
		p.log.Warn("camera fault", "device", p.src.Name(), "err", err)
	}
	p.status, p.lastErr = st, err
	p.mu.Unlock()
	signal(p.fresh)
}

// Status is the source's health.
func (p *pump) Status() (kiosk.DeviceStatus, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.status, p.lastErr
}

// activate starts full-rate reading and returns the seq of the newest
// frame so far, which the capture must not use: it is from before. A file
// restarts from its beginning so every capture sees the whole clip.
func (p *pump) activate() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.active++
	if p.src.FPS() > 0 {
		p.rewind, p.eof = true, false
	}
	select { // a release left over from the last capture
	case <-p.taken:
	default:
	}
	signal(p.wake)
	return p.seq
}

// deactivate ends a capture and releases a lock-step pump waiting for it.
func (p *pump) deactivate() {
	p.mu.Lock()
	p.active--
	p.mu.Unlock()
	signal(p.taken)
}

// errStalled says no frame came within the wait given to next.
var errStalled = errors.New("camera: no frames")

// next swaps the newest frame after seq `after` into dst, waiting up to
// stall for one; it returns the frame's seq and media time.
func (p *pump) next(ctx context.Context, dst *gocv.Mat, after int, stall time.Duration) (int, time.Duration, error) {
	timer := time.NewTimer(stall)
	defer timer.Stop()
	for {
		p.mu.Lock()
		if p.seq > after {
			*dst, p.latest = p.latest, *dst
			seq, at := p.seq, p.at
			p.mu.Unlock()
			signal(p.taken)
			return seq, at, nil
		}
		eof := p.eof
		p.mu.Unlock()
		if eof {
			return 0, 0, io.EOF
		}
		select {
		case <-p.fresh:
		case <-ctx.Done():
			return 0, 0, ctx.Err()
		case <-timer.C:
			return 0, 0, errStalled
		}
	}
}

// close stops the goroutine and frees the buffers.
func (p *pump) close() {
	close(p.stop)
	<-p.done
}
