package camera

import (
	"bytes"
	"context"
	"image"
	"image/jpeg"
	"slices"
	"testing"
	"time"

	"github.com/hainan-hrss/certkiosk/kiosk"
)

func checkPortrait(t *testing.T, c kiosk.Capture) {
	t.Helper()
	if n := len(c.Face.JPEG); n == 0 || n > TargetBytes {
		t.Fatalf("portrait JPEG is %d bytes, want 1…%d", n, TargetBytes)
	}
	img, err := jpeg.Decode(bytes.NewReader(c.Face.JPEG))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != PortraitWidth || b.Dy() != PortraitHeight || c.Face.Width != b.Dx() || c.Face.Height != b.Dy() {
		t.Fatalf("portrait %v, reported %d×%d", b, c.Face.Width, c.Face.Height)
	}
	if c.Face.Quality <= 0 || c.Face.Quality > 1 {
		t.Fatalf("quality %v", c.Face.Quality)
	}
}

// TestDemoCapture runs the built-in demo source as the kiosk's demo mode
// does, in real time: it must guide the person in and finish within a few
// seconds with a portrait the API accepts.
func TestDemoCapture(t *testing.T) {
	cam, err := Open("demo")
	if err != nil {
		t.Fatal(err)
	}
	defer cam.Close()
	var hints []string
	var frames int
	var lastProgress float64
	var preview image.Rectangle
	start := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	r, err := cam.capture(ctx, kiosk.CaptureOptions{}, func(f kiosk.FaceFrame) {
		frames++
		preview = f.Preview.Bounds()
		if len(hints) == 0 || hints[len(hints)-1] != f.Hint {
			hints = append(hints, f.Hint)
		}
		if f.Progress < lastProgress {
			t.Errorf("progress went back from %v to %v", lastProgress, f.Progress)
		}
		lastProgress = f.Progress
	})
	if err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)
	t.Logf("demo capture: %v, %d frames, hints %q, JPEG %d bytes q%d, score %.2f", took, frames, hints, len(r.Face.JPEG), r.JPEGQ, r.Face.Quality)
	checkPortrait(t, r.Capture)
	if took > 4*time.Second {
		t.Errorf("demo capture took %v, want a few seconds", took)
	}
	if r.JPEGQ < MinQuality {
		t.Errorf("JPEG quality %d < %d", r.JPEGQ, MinQuality)
	}
	if !slices.Contains(hints, TooSmall.Hint()) || !slices.Contains(hints, holdStill) {
		t.Errorf("hints %q: want the come-closer and hold-still hints", hints)
	}
	if preview != image.Rect(0, 0, 640, 480) {
		t.Errorf("preview %v", preview)
	}
	if cam.Status() != kiosk.DeviceOK {
		t.Errorf("status %v", cam.Status())
	}
}
