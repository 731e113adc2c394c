package liveness

import (
	"image"
	"slices"
	"testing"
	"time"

	"github.com/hainan-hrss/certkiosk/camera"
)

func TestDraw(t *testing.T) {
	seen := map[string]int{}
	for i := 0; i < 500; i++ {
		d := Draw(2)
		if len(d) != 2 || d[0] == d[1] || validate(d) != nil {
			t.Fatalf("Draw(2) = %v", d)
		}
		if slices.Contains(d, TurnLeft) && slices.Contains(d, TurnRight) {
			t.Fatalf("Draw(2) = %v: both turns", d)
		}
		seen[d[0]]++
	}
	for _, a := range Actions {
		if seen[a] == 0 {
			t.Errorf("%s never drawn first in 500 draws", a)
		}
	}
	if err := validate([]string{"open_mouth"}); err == nil {
		t.Error("unknown action accepted")
	}
	for _, a := range Actions {
		if Prompt(a) == "" {
			t.Errorf("%s has no prompt", a)
		}
	}
}

// feed steps a machine through frames of (da, db, solid) 1/15 s apart.
func feed(m *machine, rows [][3]float64) {
	for i, r := range rows {
		m.step(&features{at: time.Duration(i) * time.Second / 15, seen: true,
			da: r[0], db: r[1], solid: r[2], eyeR: 1, eyeL: 1, ctrl: 1})
	}
}

func TestMachineHysteresis(t *testing.T) {
	const on, solid = 0.12, 0.2
	cases := []struct {
		name   string
		action string
		rows   [][3]float64
		want   phase
		flat   bool
	}{
		{"one-frame spike", TurnLeft, [][3]float64{{0, 0, 0}, {on, 0, solid}, {0, 0, 0}, {0, 0, 0}}, waiting, false},
		{"turn and back", TurnLeft, [][3]float64{{0, 0, 0}, {on, 0, solid}, {on, 0, solid}, {0, 0, 0}, {0, 0, 0}}, done, false},
		{"turned, not back yet", TurnLeft, [][3]float64{{on, 0, solid}, {on, 0, solid}, {0.06, 0, 0}}, reached, false},
		{"back for one frame only", TurnLeft, [][3]float64{{on, 0, solid}, {on, 0, solid}, {0, 0, 0}, {on, 0, 0}}, reached, false},
		{"keypoints turn, texture flat", TurnLeft, [][3]float64{{on, 0, 0.02}, {on, 0, 0.03}, {on, 0, 0.02}, {0, 0, 0}, {0, 0, 0}}, waiting, true},
		{"opposite turn", TurnLeft, [][3]float64{{-on, 0, solid}, {-on, 0, solid}}, wrong, false},
		{"right turn", TurnRight, [][3]float64{{-on, 0, solid}, {-on, 0, solid}, {0, 0, 0}, {0, 0, 0}}, done, false},
		{"nod is no turn", TurnLeft, [][3]float64{{0.09, on, solid}, {0.09, on, solid}, {0, 0, 0}, {0, 0, 0}}, waiting, false},
		{"nod down", Nod, [][3]float64{{0, on, solid}, {0, on, solid}, {0, 0, 0}, {0, 0, 0}}, done, false},
		{"nod up", Nod, [][3]float64{{0, -on, solid}, {0, -on, solid}, {0, 0, 0}, {0, 0, 0}}, done, false},
		{"turn is no nod", Nod, [][3]float64{{on, 0.06, solid}, {on, 0.06, solid}, {0, 0, 0}, {0, 0, 0}}, waiting, false},
	}
	for _, tc := range cases {
		m := newMachine(tc.action, DefaultThresholds)
		feed(m, tc.rows)
		if m.phase != tc.want || (m.flat > 0) != tc.flat {
			t.Errorf("%s: phase %d flat %d, want %d flat %v", tc.name, m.phase, m.flat, tc.want, tc.flat)
		}
	}
}

func TestBlinkMachine(t *testing.T) {
	eyes := func(m *machine, seq []float64, speed float64) {
		for i, e := range seq {
			m.step(&features{at: time.Duration(i) * time.Second / 15, seen: true,
				eyeR: e, eyeL: e, ctrl: 0.95, speed: speed})
		}
	}
	m := newMachine(Blink, DefaultThresholds)
	eyes(m, []float64{1, 0.3, 0.2, 0.9, 0.95}, 0)
	if m.phase != done {
		t.Errorf("blink: phase %d", m.phase)
	}
	m = newMachine(Blink, DefaultThresholds)
	eyes(m, []float64{1, 0.3, 0.2, 0.9, 0.95}, 1) // the face is moving
	if m.phase != waiting {
		t.Errorf("blink while moving: phase %d", m.phase)
	}
	m = newMachine(Blink, DefaultThresholds)
	eyes(m, []float64{1, 0.3, 0.95, 0.3, 0.95}, 0) // single frames
	if m.phase != waiting {
		t.Errorf("flicker: phase %d", m.phase)
	}
	m = newMachine(Blink, DefaultThresholds)
	shut := []float64{1}
	for i := 0; i < 40; i++ { // eyes shut for over 2 s
		shut = append(shut, 0.2)
	}
	eyes(m, append(shut, 0.95, 0.95), 0)
	if m.phase == done {
		t.Error("eyes shut for 2.6 s counted as a blink")
	}
}

func face(x, y, size int) camera.Face {
	f := frontal()
	s := float64(size) / 100
	f = affine(f, s, 0, 0, float64(x)-320*s, float64(y)-200*s)
	f.Box = image.Rect(x-size, y-size, x+size, y+size+size/4)
	return f
}

func TestTrack(t *testing.T) {
	ms := func(n int) time.Duration { return time.Duration(n) * time.Millisecond }
	var tr track
	if _, found, br := tr.pick(0, []camera.Face{face(320, 200, 20)}, 480); found || br != "" {
		t.Error("a face 8 % of the frame started the track")
	}
	if _, found, _ := tr.pick(0, []camera.Face{face(320, 200, 100)}, 480); !found {
		t.Fatal("person-sized face not taken")
	}
	if _, found, br := tr.pick(ms(66), []camera.Face{face(330, 205, 104)}, 480); !found || br != "" {
		t.Error("small move lost the track")
	}
	// Another face elsewhere: not the track, and after maxGap a jump.
	other := []camera.Face{face(120, 200, 100)}
	if _, found, br := tr.pick(ms(133), other, 480); found || br != "" {
		t.Errorf("jump accepted at once: found %v broken %q", found, br)
	}
	if _, _, br := tr.pick(ms(900), other, 480); br != ReasonTrackJump {
		t.Errorf("jump not reported: %q", br)
	}
	var tr2 track
	tr2.pick(0, []camera.Face{face(320, 200, 100)}, 480)
	if _, _, br := tr2.pick(ms(900), nil, 480); br != ReasonTrackLost {
		t.Errorf("lost face not reported: %q", br)
	}
	var tr3 track
	tr3.pick(0, []camera.Face{face(320, 200, 100)}, 480)
	for i, s := range []int{115, 130, 150, 170} { // walks up to the camera fast
		_, _, br := tr3.pick(ms(66*(i+1)), []camera.Face{face(320, 200, s)}, 480)
		if i == 3 && br != ReasonTrackJump {
			t.Errorf("size drift ×1.7 not reported: %q", br)
		}
	}
}

func TestPickEvidence(t *testing.T) {
	set := still{set: true}
	peaks := []still{set, set, set}
	if got := pickEvidence(set, peaks, set); len(got) != maxEvidence {
		t.Errorf("3 actions: %d frames", len(got))
	}
	if got := pickEvidence(set, peaks[:1], still{}); len(got) != 2 {
		t.Errorf("start and one peak: %d frames", len(got))
	}
}
