package main

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"testing"

	"gocv.io/x/gocv"

	"github.com/hainan-hrss/certkiosk/camera"
	"github.com/hainan-hrss/certkiosk/camera/livefixture"
)

// writeLivenessFixture renders a liveness fixture of the astronaut photo as
// an MJPG AVI.
func writeLivenessFixture(t *testing.T, an *camera.Analyzer, path string, s livefixture.Script) {
	t.Helper()
	img := gocv.IMRead(livefixture.Photos["astronaut"], gocv.IMReadColor)
	defer img.Close()
	if img.Empty() {
		t.Skip("astronaut.png not installed")
	}
	var a camera.Analysis
	an.Analyze(img, &a)
	f, _ := a.Main()
	fr := livefixture.Frame(img, f, 640, 480, 0.4)
	defer fr.Close()
	if err := an.Analyze(fr, &a); err != nil || len(a.Faces) == 0 {
		t.Fatalf("no face in the framed photo: %v", err)
	}
	r := livefixture.NewRenderer(fr, a.Faces[0], 5)
	defer r.Close()
	if err := r.WriteAVI(path, s, 15); err != nil {
		t.Fatal(err)
	}
}

// TestLivenessEvalJSON runs liveness-eval on a live-like head turning left
// and on a photo tilted sideways, and on a file that is no video.
func TestLivenessEvalJSON(t *testing.T) {
	if testing.Short() {
		t.Skip("renders two videos")
	}
	an, err := camera.NewAnalyzer(camera.DefaultThresholds())
	if err != nil {
		t.Fatal(err)
	}
	defer an.Close()
	dir := t.TempDir()
	live, photo := filepath.Join(dir, "turn.avi"), filepath.Join(dir, "photo.avi")
	writeLivenessFixture(t, an, live, livefixture.Performance("turn", []string{"turn_left"}, 1))
	for _, s := range livefixture.Attacks() {
		if s.Name == "photo_tilt_side" {
			writeLivenessFixture(t, an, photo, s)
		}
	}
	var out, errOut bytes.Buffer
	missing := filepath.Join(dir, "missing.avi")
	if livenessEval(&out, &errOut, an, []string{live, photo, missing}, true) {
		t.Error("reported all live")
	}
	dec := json.NewDecoder(&out)
	var got []livenessEvalResult
	for dec.More() {
		var r livenessEvalResult
		if err := dec.Decode(&r); err != nil {
			t.Fatal(err)
		}
		got = append(got, r)
	}
	if len(got) != 3 {
		t.Fatalf("%d results, want 3: %s", len(got), out.String())
	}
	if r := got[0]; r.File != live || !r.Live || len(r.Actions) != 1 || r.Actions[0].Action != "turn_left" ||
		r.Actions[0].AtMS < 2000 || r.Actions[0].AtMS > 3500 {
		t.Errorf("live turn: %+v", r)
	}
	if r := got[1]; r.Live || len(r.Actions) != 0 || len(r.Reasons) == 0 || r.Reasons[0] != "flat_motion" {
		t.Errorf("tilted photo: %+v", r)
	}
	if r := got[2]; r.Live || len(r.Reasons) != 1 || r.Reasons[0] != "unreadable" || errOut.Len() == 0 {
		t.Errorf("missing file: %+v, stderr %q", r, errOut.String())
	}
}
