//go:build matprofile

package camera

import (
	"bytes"
	"context"
	"testing"
	"time"

	"gocv.io/x/gocv"

	"github.com/hainan-hrss/certkiosk/kiosk"
)

// TestNoMatLeaks runs hundreds of frames through whole captures (pump,
// analysis, preview, best-frame copy, portrait) and the still-image
// analysis, then checks every Mat made was closed. Run it with
//
//	go test -tags matprofile -run TestNoMatLeaks ./camera
func TestNoMatLeaks(t *testing.T) {
	before := gocv.MatProfile.Count()
	cam, err := Open("demo", WithLockstep(), WithWindow(time.Hour, 1<<30))
	if err != nil {
		t.Fatal(err)
	}
	frames := 0
	for round := 0; round < 3; round++ {
		ctx, cancel := context.WithCancel(context.Background())
		_, err := cam.CaptureFace(ctx, kiosk.CaptureOptions{}, func(f kiosk.FaceFrame) {
			if frames++; frames%120 == 0 {
				cancel()
			}
		})
		cancel()
		if err != context.Canceled {
			t.Fatalf("round %d: %v", round, err)
		}
	}
	cam.Close()

	// And captures that complete, through the portrait encoder.
	cam2, err := Open("demo", WithLockstep())
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		if _, err := cam2.CaptureFace(context.Background(), kiosk.CaptureOptions{}, nil); err != nil {
			t.Fatal(err)
		}
	}
	cam2.Close()
	if frames < 360 {
		t.Fatalf("only %d frames", frames)
	}
	if after := gocv.MatProfile.Count(); after != before {
		var b bytes.Buffer
		gocv.MatProfile.WriteTo(&b, 1)
		t.Fatalf("%d Mats leaked after %d frames:\n%s", after-before, frames, b.String())
	}
}
