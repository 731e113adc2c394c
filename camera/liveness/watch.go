package liveness

import (
	"math"
	"time"

	"gocv.io/x/gocv"

	"github.com/hainan-hrss/certkiosk/camera"
)

// Thresholds tune the detectors. DefaultThresholds gives the measured
// values (docs/benchmarks.md, "Liveness", shows the margins on the fixtures).
type Thresholds struct {
	TurnOn, TurnOff float64 // change of Invariant A from the start: reached, back
	NodOn, NodOff   float64 // change of Invariant B from the start: reached, back
	EyeClosed       float64 // an eye's likeness (NCC) to its start below this: closed
	EyeOpen         float64 // … above this: open again
	ControlSame     float64 // nose and mouth likeness that must hold while eyes close
	Cut             float64 // whole-face likeness to the previous frame below this: a cut
	Solid           float64 // parallax (see parallax) a turn or nod must show: 3-D
	BlinkSpeed      float64 // the face may move at most this (eye distances/s) in a blink
	Frames          int     // consecutive frames a state must hold (hysteresis)
}

// DefaultThresholds are the kiosk's settings.
var DefaultThresholds = Thresholds{
	TurnOn: 0.08, TurnOff: 0.04,
	NodOn: 0.045, NodOff: 0.025,
	EyeClosed: 0.55, EyeOpen: 0.75, ControlSame: 0.75,
	Cut:   0.35,
	Solid: 0.09, BlinkSpeed: 0.25,
	Frames: 2,
}

// Start of an attempt: this many consecutive frames whose invariant varies
// less than baseSpread make the reference the actions are measured from.
// The start need not be frontal: the camera's pose gate guides the person,
// and every action is measured relative to the start.
const (
	baseFrames = 5
	baseSpread = 0.05
)

// features are one frame's measurements relative to the attempt's start.
type features struct {
	at     time.Duration
	seen   bool // the track's face is in this frame
	face   camera.Face
	da, db float64
	eyeR   float64 // likeness of each eye and of nose+mouth to the start
	eyeL   float64
	ctrl   float64
	solid  float64 // parallax since the action's start, in eye distances
	speed  float64 // the face's texture motion, eye distances a second
}

// watcher turns analysed frames into features: it keeps the face track,
// finds the steady start, and holds the chips compared against it.
type watcher struct {
	th   Thresholds
	tr   track
	base struct {
		ok     bool
		a, b   float64
		ref    chip
		n      int
		as, bs [baseFrames]float64
		face   camera.Face
	}
	px        *parallax
	rebase    bool // restart the parallax reference on the next frame
	cur, prev chip
	havePrev  bool
	prevAt    time.Duration
	lastAt    time.Duration // the last frame the face was measured in
	grayMat   *gocv.Mat     // made on first need: the camera hands grey frames
	flat      flatStats
}

func newWatcher(th Thresholds) *watcher { return &watcher{th: th, px: newParallax()} }

func (w *watcher) close() {
	w.px.close()
	if w.grayMat != nil {
		w.grayMat.Close()
		w.grayMat = nil
	}
}

func (w *watcher) scratch() *gocv.Mat {
	if w.grayMat == nil {
		m := gocv.NewMat()
		w.grayMat = &m
	}
	return w.grayMat
}

// reset starts a new attempt: a new track and a new start.
func (w *watcher) reset() {
	w.tr = track{}
	w.base.ok, w.base.n = false, 0
	w.havePrev = false
	w.flat = flatStats{}
	w.rebase = false
}

// restartSolid measures parallax afresh from the next frame: each action
// starts from the face as it is then, so drift does not build up.
func (w *watcher) restartSolid() { w.rebase = true }

// steady reports whether the attempt has its start.
func (w *watcher) steady() bool { return w.base.ok }

// observe measures one frame. img is the frame in grey or BGR; broken is a
// reason code when the track cannot go on.
func (w *watcher) observe(at time.Duration, a *camera.Analysis, img gocv.Mat) (ft features, broken string) {
	ft.at = at
	face, found, broken := w.tr.pick(at, a.Faces, a.Height)
	if broken != "" || !found {
		return ft, broken
	}
	grayMat, ok := w.gray(img)
	if !ok {
		return ft, ""
	}
	gray, err := grayMat.DataPtrUint8()
	if err != nil || !sampleChip(&w.cur, gray, grayMat.Cols(), grayMat.Rows(), face) {
		return ft, ""
	}
	fa, fb, ok := Invariant(face)
	if !ok {
		return ft, ""
	}
	if w.havePrev && at-w.prevAt <= 250*time.Millisecond && ncc(&w.cur, &w.prev, chipAll) < w.th.Cut {
		return ft, ReasonCut
	}
	w.prev, w.havePrev, w.prevAt = w.cur, true, at
	defer func() { w.lastAt = at }()
	ft.seen, ft.face = true, face
	if !w.base.ok {
		w.collectBase(face, fa, fb)
		ft.da, ft.db = 0, 0
		ft.eyeR, ft.eyeL, ft.ctrl = 1, 1, 1
		if w.base.ok {
			w.px.start(grayMat, face)
		}
		return ft, ""
	}
	ft.da, ft.db = fa-w.base.a, fb-w.base.b
	if w.rebase {
		w.px.start(grayMat, face)
		w.rebase = false
	} else {
		// Parallax matters only once the keypoints move half way to a turn
		// or a nod; below that no action can be reached, so skip the fit.
		fit := math.Max(math.Abs(ft.da)/w.th.TurnOn, math.Abs(ft.db)/w.th.NodOn) >= 0.5
		var motion float64
		ft.solid, motion, _ = w.px.track(grayMat, fit)
		if dt := (at - w.lastAt).Seconds(); dt > 0 {
			ft.speed = motion / dt
		}
	}
	ft.eyeR = ncc(&w.cur, &w.base.ref, chipRightEye)
	ft.eyeL = ncc(&w.cur, &w.base.ref, chipLeftEye)
	ft.ctrl = ncc(&w.cur, &w.base.ref, chipControl)
	w.flat.add(&w.base.face, &face, ft.solid)
	return ft, ""
}

// collectBase slides a window over the first frames until the invariant
// holds still, then takes the window's mean as the start.
func (w *watcher) collectBase(f camera.Face, fa, fb float64) {
	i := w.base.n % baseFrames
	w.base.as[i], w.base.bs[i] = fa, fb
	w.base.n++
	if w.base.n < baseFrames {
		return
	}
	ma, sa := meanSpread(w.base.as[:])
	mb, sb := meanSpread(w.base.bs[:])
	if sa <= baseSpread && sb <= baseSpread {
		w.base.ok, w.base.a, w.base.b = true, ma, mb
		w.base.ref, w.base.face = w.cur, f
	}
}

func meanSpread(v []float64) (mean, spread float64) {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, x := range v {
		mean += x
		lo, hi = math.Min(lo, x), math.Max(hi, x)
	}
	return mean / float64(len(v)), hi - lo
}

// gray returns the frame in grey: img itself, or converted into scratch.
// The result is continuous, so its bytes can be read in place.
func (w *watcher) gray(img gocv.Mat) (gocv.Mat, bool) {
	switch {
	case img.Channels() == 3:
		gocv.CvtColor(img, w.scratch(), gocv.ColorBGRToGray)
		return *w.grayMat, true
	case img.Channels() != 1 || img.Type() != gocv.MatTypeCV8U:
		return gocv.Mat{}, false
	case !img.IsContinuous():
		img.CopyTo(w.scratch())
		return *w.grayMat, true
	}
	return img, true
}

var chipAll = chipRect{0, 0, chipSize, chipSize}

// flatStats follow how much the face moved as a picture would (shift,
// scale, roll, foreshortening) and how much the 3-D invariant moved, so a
// failure can say "it moved, but like a flat picture".
type flatStats struct {
	planar, solid float64
}

func (s *flatStats) add(base, f *camera.Face, solid float64) {
	e0 := base.EyeDistance()
	shift := centreDist(f.Box, base.Box) / e0
	scale := math.Abs(math.Log(f.EyeDistance() / e0))
	roll := math.Abs(f.Pose.Roll-base.Pose.Roll) / 20
	fore := math.Abs(math.Log(foreshortening(f)/foreshortening(base))) / 0.1
	s.planar = math.Max(s.planar, math.Max(math.Max(shift, scale/0.15), math.Max(roll, fore)))
	s.solid = math.Max(s.solid, solid)
}

// foreshortening is the eye distance over the eye-to-mouth distance: a
// picture tilted sideways narrows it, tilted back widens it.
func foreshortening(f *camera.Face) float64 {
	k := f.Keypoints
	re, le, m := k[camera.RightEye], k[camera.LeftEye], k[camera.Mouth]
	v := math.Hypot(m.X-(re.X+le.X)/2, m.Y-(re.Y+le.Y)/2)
	return f.EyeDistance() / math.Max(v, 1e-6)
}

// movedFlat reports a picture-like motion (at least half a face width of
// shift, 15 % scale, 20° roll or 10 % foreshortening) without 3-D change.
func (s *flatStats) movedFlat(th Thresholds) bool {
	return s.planar >= 1 && s.solid < th.Solid
}
