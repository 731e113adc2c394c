package liveness

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"gocv.io/x/gocv"

	"github.com/hainan-hrss/certkiosk/camera"
	"github.com/hainan-hrss/certkiosk/camera/livefixture"
	"github.com/hainan-hrss/certkiosk/kiosk"
)

// writeFixture renders script s from photo as an MJPG AVI in dir.
func writeFixture(t *testing.T, dir, photo string, s livefixture.Script) string {
	t.Helper()
	an, err := camera.NewAnalyzer(camera.DefaultThresholds())
	if err != nil {
		t.Fatal(err)
	}
	defer an.Close()
	src := fixtureSource(t, an, photo)
	r := livefixture.NewRenderer(src.frame, src.face, 3)
	defer r.Close()
	path := filepath.Join(dir, photo+"_"+s.Name+".avi")
	if err := r.WriteAVI(path, s, fixtureFPS); err != nil {
		t.Fatal(err)
	}
	return path
}

// captureWithChallenge runs a whole kiosk capture from a video file with
// the liveness challenge plugged into the camera's capture loop.
func captureWithChallenge(t *testing.T, path string, actions []string, loop bool) (kiosk.Capture, []string) {
	t.Helper()
	cam, err := camera.Open(path, camera.WithLockstep(), camera.WithLoop(loop),
		camera.WithChallenge(Factory(DefaultConfig)))
	if err != nil {
		t.Fatal(err)
	}
	defer cam.Close()
	var asked []string
	c, err := cam.CaptureFace(context.Background(),
		kiosk.CaptureOptions{Challenge: actions, Timeout: 2 * time.Minute},
		func(f kiosk.FaceFrame) {
			if f.Action != "" && (len(asked) == 0 || asked[len(asked)-1] != f.Action) {
				asked = append(asked, f.Action)
			}
		})
	if err != nil {
		t.Fatal(err)
	}
	return c, asked
}

// TestChallengeThroughFileCamera plays a live-like head doing the asked
// actions through the camera's file source and capture loop: the capture
// carries a passed liveness with four JPEG evidence frames. The same
// capture from a photo attack, looped, carries a failed one.
func TestChallengeThroughFileCamera(t *testing.T) {
	if testing.Short() {
		t.Skip("renders fixtures and runs whole captures")
	}
	dir := t.TempDir()
	actions := []string{TurnLeft, Blink}
	live := writeFixture(t, dir, "astronaut", livefixture.Performance("perform", actions, 1))
	c, asked := captureWithChallenge(t, live, actions, false)
	lv := c.Liveness
	if !lv.Passed || !slices.Equal(lv.Challenge, actions) || !slices.Equal(asked, actions) {
		t.Fatalf("live head: passed %v challenge %v, screen asked %v", lv.Passed, lv.Challenge, asked)
	}
	if len(lv.Frames) != 4 {
		t.Fatalf("%d evidence frames, want 4 (start, two peaks, end)", len(lv.Frames))
	}
	for i, j := range lv.Frames {
		m, err := gocv.IMDecode(j, gocv.IMReadColor)
		if err != nil || m.Cols() != 640 || m.Rows() != 480 || len(j) > 200<<10 {
			t.Errorf("evidence frame %d: %d bytes, %dx%d, err %v", i, len(j), m.Cols(), m.Rows(), err)
		}
		m.Close()
	}
	if len(c.Face.JPEG) == 0 {
		t.Error("no face image")
	}

	var attack livefixture.Script
	for _, s := range livefixture.Attacks() {
		if s.Name == "photo_tilt_side" {
			attack = s
		}
	}
	photo := writeFixture(t, dir, "astronaut", attack)
	c, _ = captureWithChallenge(t, photo, actions, true)
	if c.Liveness.Passed || len(c.Liveness.Frames) < 2 {
		t.Errorf("photo attack: passed %v with %d frames, want failed with the retry's start and the last frame as evidence", c.Liveness.Passed, len(c.Liveness.Frames))
	}
}

// TestWriteFixtures writes every fixture as an MJPG AVI into the directory
// named by LIVENESS_FIXTURES_DIR (skipped without it), for trying
// `certkiosk liveness-eval` or a camera on them; see
// testdata/liveness/README.md.
func TestWriteFixtures(t *testing.T) {
	dir := os.Getenv("LIVENESS_FIXTURES_DIR")
	if dir == "" {
		t.Skip("set LIVENESS_FIXTURES_DIR to write the fixture videos")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, photo := range []string{"astronaut", "messi"} {
		for _, s := range append(allScripts(), livefixture.Performance("live_turn_left_blink", []string{TurnLeft, Blink}, 1)) {
			t.Log(writeFixture(t, dir, photo, s))
		}
	}
}
