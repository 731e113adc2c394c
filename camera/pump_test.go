package camera

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"gocv.io/x/gocv"

	"github.com/hainan-hrss/certkiosk/kiosk"
)

// counter is a fake live source that fills each frame with its number
// (mod 256) at a steady rate; unplugged makes it vanish like a USB camera.
type counter struct {
	every     time.Duration
	n         atomic.Int64
	unplugged atomic.Bool
	mu        sync.Mutex
	opens     int
}

func (c *counter) Name() string { return "/dev/fake0" }
func (c *counter) Open() error {
	if c.unplugged.Load() {
		return fmt.Errorf("%w: /dev/fake0: no such file", ErrMissing)
	}
	c.mu.Lock()
	c.opens++
	c.mu.Unlock()
	return nil
}
func (c *counter) Close() error { return nil }
func (c *counter) FPS() float64 { return 0 }
func (c *counter) Read(dst *gocv.Mat) error {
	time.Sleep(c.every)
	if c.unplugged.Load() {
		return fmt.Errorf("%w: /dev/fake0 vanished", ErrMissing)
	}
	n := c.n.Add(1)
	if dst.Empty() {
		*dst = gocv.NewMatWithSize(48, 64, gocv.MatTypeCV8UC3) // the pump closes it
	}
	dst.SetTo(gocv.NewScalar(float64(n%256), 0, 0, 0))
	return nil
}

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// TestPumpHandsNewestFrame: a consumer slower than the camera gets the
// newest frame each time and skips the stale ones, never a queue of them.
func TestPumpHandsNewestFrame(t *testing.T) {
	src := &counter{every: 2 * time.Millisecond}
	p := newPump(src, false, quiet)
	defer p.close()
	last := p.activate()
	defer p.deactivate()
	m := gocv.NewMat()
	defer m.Close()
	skipped := 0
	for i := 0; i < 10; i++ {
		seq, _, err := p.next(context.Background(), &m, last, time.Second)
		if err != nil {
			t.Fatal(err)
		}
		if seq <= last {
			t.Fatalf("seq %d after %d", seq, last)
		}
		skipped += seq - last - 1
		last = seq
		// The frame handed over is the newest the source had made.
		if got, made := int(m.GetVecbAt(0, 0)[0]), int(src.n.Load()%256); (made-got+256)%256 > 1 {
			t.Fatalf("got frame %d while the source is at %d", got, made)
		}
		time.Sleep(20 * time.Millisecond) // a slow analysis
	}
	if skipped < 20 {
		t.Fatalf("skipped only %d frames behind a slow consumer", skipped)
	}
}

// TestPumpRecovers: the device vanishes and returns; Status follows and a
// capture running across the gap still completes.
func TestPumpRecovers(t *testing.T) {
	demo := NewDemoSource()
	flaky := &flakySource{Source: demo}
	cam, err := New(flaky, WithRecovery(300*time.Millisecond, 3*time.Second), WithLogger(quiet))
	if err != nil {
		t.Fatal(err)
	}
	defer cam.Close()
	time.Sleep(100 * time.Millisecond) // let it open and run first
	flaky.unplug(true)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	time.AfterFunc(time.Second, func() { flaky.unplug(false) })
	deadline := time.Now().Add(900 * time.Millisecond)
	for cam.Status() != kiosk.DeviceMissing && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if st := cam.Status(); st != kiosk.DeviceMissing {
		t.Fatalf("status while unplugged: %v", st)
	}
	c, err := cam.CaptureFace(ctx, kiosk.CaptureOptions{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	checkPortrait(t, c)
	if cam.Status() != kiosk.DeviceOK {
		t.Fatalf("status after recovery: %v", cam.Status())
	}

	// Gone for good: the capture says which device and that it is missing.
	flaky.unplug(true)
	_, err = cam.CaptureFace(ctx, kiosk.CaptureOptions{}, nil)
	var ke *kiosk.Error
	if kiosk.CodeOf(err) != kiosk.ErrCameraMissing || !asKiosk(err, &ke) || ke.Device != "demo" {
		t.Fatalf("err %v, want camera_missing on demo", err)
	}
}

// flakySource turns a source into a live camera at 30 fps that can vanish
// on demand.
type flakySource struct {
	Source
	gone atomic.Bool
}

func (f *flakySource) FPS() float64 { return 0 }

func (f *flakySource) unplug(gone bool) { f.gone.Store(gone) }
func (f *flakySource) Open() error {
	if f.gone.Load() {
		return fmt.Errorf("%w: unplugged", ErrMissing)
	}
	return f.Source.Open()
}
func (f *flakySource) Read(dst *gocv.Mat) error {
	time.Sleep(33 * time.Millisecond)
	if f.gone.Load() {
		return fmt.Errorf("%w: vanished", ErrMissing)
	}
	return f.Source.Read(dst)
}

func asKiosk(err error, target **kiosk.Error) bool { return errors.As(err, target) }
