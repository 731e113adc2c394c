package camera

import (
	"context"
	"fmt"
	"image"
	"path/filepath"
	"testing"
	"time"

	"gocv.io/x/gocv"

	"github.com/hainan-hrss/certkiosk/kiosk"
)

// clip describes a generated test video: frame i shows the astronaut at
// face height frac(i), blurred by blur(i) (0 = sharp).
type clip struct {
	n    int
	frac func(i int) float64
	blur func(i int) float64
}

// render writes the clip's frames through put.
func (c clip) render(tb testing.TB, put func(i int, m gocv.Mat)) {
	p := mustRead(tb, astronautJPG)
	defer p.Close()
	for i := 0; i < c.n; i++ {
		m := placeFace(p, astronautFace, image.Pt(640, 480), c.frac(i), 0.5, 0.42, 0)
		if s := c.blur(i); s > 0 {
			blur(s)(&m)
		}
		put(i, m)
		m.Close()
	}
}

// writeVideo renders the clip as an MJPG AVI, which OpenCV writes and reads
// without any system codec.
func (c clip) writeVideo(tb testing.TB, path string) {
	vw, err := gocv.VideoWriterFile(path, "MJPG", 30, 640, 480, true)
	if err != nil {
		tb.Fatal(err)
	}
	c.render(tb, func(_ int, m gocv.Mat) {
		if err := vw.Write(m); err != nil {
			tb.Fatal(err)
		}
	})
	vw.Close()
}

// sharpAt is the test clip: 8 frames too far away, then good frames all
// slightly soft except the one at index sharp.
func sharpAt(sharp int) clip {
	return clip{n: 40,
		frac: func(i int) float64 {
			if i < 8 {
				return 0.10
			}
			return 0.30
		},
		blur: func(i int) float64 {
			if i == sharp {
				return 0
			}
			return 1.2
		}}
}

// TestFileCaptureChoosesSharpestFrame runs a whole capture from a video
// file, frame by frame, and checks the one sharp frame is chosen.
func TestFileCaptureChoosesSharpestFrame(t *testing.T) {
	path := filepath.Join(t.TempDir(), "approach.avi")
	const sharp = 21
	sharpAt(sharp).writeVideo(t, path)
	cam, err := Open(path, WithLockstep(), WithLoop(false), WithWindow(time.Second, 100))
	if err != nil {
		t.Fatal(err)
	}
	defer cam.Close()
	var tooSmall, ok int
	r, err := cam.capture(context.Background(), kiosk.CaptureOptions{Timeout: 20 * time.Second}, func(f kiosk.FaceFrame) {
		switch {
		case f.OK:
			ok++
		case len(f.Reasons) > 0 && f.Reasons[0] == string(TooSmall):
			tooSmall++
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	checkPortrait(t, r.Capture)
	// Lock-step: the first capture's frame i is seq i+1.
	if r.Seq-1 != sharp {
		t.Errorf("chose frame %d (sharpness %.1f), want the sharp frame %d", r.Seq-1, r.Analysis.Measures.Sharpness, sharp)
	}
	if tooSmall != 8 || ok < 20 {
		t.Errorf("saw %d too-small and %d good frames, want 8 and ≥ 20", tooSmall, ok)
	}

	// A second capture restarts the file and chooses the same frame.
	r2, err := cam.capture(context.Background(), kiosk.CaptureOptions{Timeout: 20 * time.Second}, nil)
	if err != nil || r2.Seq-r.Seq <= 0 || r2.Analysis.Measures.Sharpness != r.Analysis.Measures.Sharpness {
		t.Errorf("second capture: seq %d → %d, sharpness %.2f vs %.2f, err %v", r.Seq, r2.Seq, r2.Analysis.Measures.Sharpness, r.Analysis.Measures.Sharpness, err)
	}
}

// TestImageSequenceCapture captures from a directory of stills and stops at
// the end of a sequence without a good face.
func TestImageSequenceCapture(t *testing.T) {
	dir := t.TempDir()
	c := sharpAt(12)
	c.n = 20
	c.render(t, func(i int, m gocv.Mat) {
		gocv.IMWrite(filepath.Join(dir, fmt.Sprintf("f%03d.jpg", i)), m)
	})
	cam, err := Open(dir, WithLockstep(), WithLoop(false), WithWindow(time.Hour, 100))
	if err != nil {
		t.Fatal(err)
	}
	defer cam.Close()
	r, err := cam.capture(context.Background(), kiosk.CaptureOptions{}, nil)
	if err != nil || r.Seq-1 != 12 {
		t.Fatalf("chose frame %d, err %v; want 12 (the sequence ends mid-window; the best so far counts)", r.Seq-1, err)
	}

	far := t.TempDir()
	c.frac = func(int) float64 { return 0.08 }
	c.n = 5
	c.render(t, func(i int, m gocv.Mat) { gocv.IMWrite(filepath.Join(far, fmt.Sprintf("f%d.png", i)), m) })
	cam2, err := Open(far, WithLockstep(), WithLoop(false))
	if err != nil {
		t.Fatal(err)
	}
	defer cam2.Close()
	if _, err := cam2.CaptureFace(context.Background(), kiosk.CaptureOptions{}, nil); kiosk.CodeOf(err) != kiosk.ErrNoGoodFace {
		t.Fatalf("err %v, want no_good_face", err)
	}
}

// TestCaptureTimeout gives up with no_good_face when nobody good shows up.
func TestCaptureTimeout(t *testing.T) {
	dir := t.TempDir()
	c := sharpAt(-1)
	c.n, c.frac = 1, func(int) float64 { return 0.08 }
	c.render(t, func(i int, m gocv.Mat) { gocv.IMWrite(filepath.Join(dir, "far.jpg"), m) })
	cam, err := Open(filepath.Join(dir, "far.jpg"))
	if err != nil {
		t.Fatal(err)
	}
	defer cam.Close()
	start := time.Now()
	_, err = cam.CaptureFace(context.Background(), kiosk.CaptureOptions{Timeout: 700 * time.Millisecond}, nil)
	if kiosk.CodeOf(err) != kiosk.ErrNoGoodFace || time.Since(start) > 3*time.Second {
		t.Fatalf("err %v after %v, want no_good_face after 0.7 s", err, time.Since(start))
	}
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(200*time.Millisecond, cancel)
	if _, err := cam.CaptureFace(ctx, kiosk.CaptureOptions{}, nil); err != context.Canceled {
		t.Fatalf("cancelled capture: %v", err)
	}
}
