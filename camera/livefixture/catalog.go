package livefixture

import (
	"gocv.io/x/gocv"

	"github.com/hainan-hrss/certkiosk/camera"
)

// Photos are the real face photos the fixtures start from (Debian's
// python3-skimage and opencv-doc).
var Photos = map[string]string{
	"astronaut": "/usr/lib/python3/dist-packages/skimage/data/astronaut.png",
	"messi":     "/usr/share/doc/opencv-doc/examples/data/messi5.jpg",
}

// Frame crops and scales photo around its face f into a new w×h frame in
// which the face box is faceFrac of the frame height, as at a kiosk; the
// face sits a little above the centre. Parts outside the photo are
// mirrored in. The caller closes the result.
func Frame(photo gocv.Mat, f camera.Face, w, h int, faceFrac float64) gocv.Mat {
	s := faceFrac * float64(h) / float64(f.Box.Dy())
	cx := float64(f.Box.Min.X+f.Box.Max.X) / 2
	cy := float64(f.Box.Min.Y+f.Box.Max.Y) / 2
	m := [6]float64{s, 0, float64(w)/2 - s*cx, 0, s, 0.45*float64(h) - s*cy}
	mat, _ := gocv.NewMatFromBytes(2, 3, gocv.MatTypeCV64F, f64bytes(m[:]))
	defer mat.Close()
	out := gocv.NewMat()
	gocv.WarpAffineWithParams(photo, &out, mat, pt(w, h), gocv.InterpolationLinear,
		gocv.BorderReflect, colorBlack)
	return out
}

// Attacks are the photo attacks: a flat picture moved in every way a hand
// moves a photo or a phone, each after a second held still (so a detector
// can take its start). None may pass any action.
func Attacks() []Script {
	at := func(t float64, c Card) Key { return Key{T: t, Card: c} }
	wave := func(name string, c func(x float64) Card) Script {
		// Still, then out to one side, the other, and back, twice.
		ks := []Key{at(0, Card{}), at(1, Card{})}
		for i, x := range []float64{1, -1, 0, 1, -1, 0} {
			ks = append(ks, at(1.8+float64(i)*0.8, c(x)))
		}
		ks = append(ks, at(7.2, c(0)))
		return Script{Name: name, Refuse: true, Keys: ks}
	}
	return []Script{
		wave("photo_translate", func(x float64) Card { return Card{ShiftX: 90 * x, ShiftY: 35 * x} }),
		wave("photo_scale", func(x float64) Card { return Card{Scale: 1 + 0.3*x} }),
		wave("photo_rotate", func(x float64) Card { return Card{Roll: 25 * x} }),
		wave("photo_tilt_side", func(x float64) Card { return Card{TiltYaw: 40 * x} }),
		wave("photo_tilt_back", func(x float64) Card { return Card{TiltPitch: 35 * x} }),
		wave("photo_tilt_diagonal", func(x float64) Card { return Card{TiltYaw: 30 * x, TiltPitch: -25 * x, Roll: 8 * x} }),
		wave("photo_light", func(x float64) Card {
			return Card{Gain: 1 + 0.45*x, Offset: -15 * x, SideLight: 0.8 * x}
		}),
		wave("photo_handheld", func(x float64) Card {
			return Card{ShiftX: 40 * x, ShiftY: -20 * x, Scale: 1 + 0.12*x, Roll: 10 * x,
				TiltYaw: 25 * x, TiltPitch: 15 * x, Gain: 1 - 0.2*x}
		}),
	}
}

// Action segments for a live head, starting and ending frontal with eyes
// open; each takes the durations a person takes, eased in and out.
func segment(action string, t float64, amount float64) []Key {
	switch action {
	case "turn_left", "turn_right":
		yaw := amount
		if action == "turn_right" {
			yaw = -amount
		}
		return []Key{{T: t}, {T: t + 0.6, Yaw: yaw}, {T: t + 1.0, Yaw: yaw}, {T: t + 1.6}, {T: t + 2.1}}
	case "nod":
		return []Key{{T: t}, {T: t + 0.4, Pitch: amount}, {T: t + 0.6, Pitch: amount}, {T: t + 1.0}, {T: t + 1.5}}
	case "blink":
		return []Key{{T: t}, {T: t + 0.2, Close: 1}, {T: t + 0.35, Close: 1}, {T: t + 0.55}, {T: t + 1.05}}
	}
	return []Key{{T: t}}
}

// Amounts of each live action: a clear but moderate turn and nod.
var amounts = map[string]float64{"turn_left": 25, "turn_right": 25, "nod": 15, "blink": 1}

// Performance is a live head doing actions in order: 1.2 s still facing the
// screen, then for each action a 0.8 s pause (hearing the prompt) and the
// action. Scale multiplies the turn and nod angles (1 = 25° and 15°).
func Performance(name string, actions []string, scale float64) Script {
	ks := []Key{{T: 0}}
	t := 1.2
	for _, a := range actions {
		t += 0.8
		seg := segment(a, t, amounts[a]*scale)
		ks = append(ks, seg...)
		t = seg[len(seg)-1].T
	}
	ks = append(ks, Key{T: t + 0.8})
	return Script{Name: name, Live: true, Expect: actions, Keys: ks}
}

// Lives are the live-like scripts: each action alone, and two small-motion
// ones that show the detection limit.
func Lives() []Script {
	out := []Script{}
	for _, a := range []string{"turn_left", "turn_right", "nod", "blink"} {
		out = append(out, Performance("live_"+a, []string{a}, 1))
	}
	// 10° turns: near the detector's threshold, reported but not asserted.
	small := Performance("live_small_turns", []string{"turn_left", "turn_right"}, 0.4)
	small.Expect = nil
	// A live head holding still (with its natural sway) does no action.
	still := Script{Name: "live_still", Live: true, Refuse: true, Keys: []Key{{T: 0}, {T: 6}}}
	return append(out, small, still)
}
