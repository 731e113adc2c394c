package liveness

import (
	"math"
	"slices"
	"time"

	"gocv.io/x/gocv"

	"github.com/hainan-hrss/certkiosk/camera"
)

// Event is one action seen in a recording.
type Event struct {
	Action string
	At     time.Duration // the action's peak (blink: eyes shut), from the start
	Solid  bool          // the movement showed 3-D parallax (turns and nods)
}

// Report is what a Watch saw in a recording.
type Report struct {
	Actions []Event
	Live    bool     // at least one turn or nod was seen with 3-D parallax
	Reasons []string // why it is not live, and track breaks seen on the way
	// The largest signals seen, against the thresholds: keypoint turn
	// (|ΔA|), keypoint nod (|ΔB|) and texture parallax, in eye distances.
	PeakTurn, PeakNod, PeakParallax float64
}

// Watch looks for every action at once in a recording, for technicians
// checking a camera with a real person (certkiosk liveness-eval): unlike a
// Challenge it asks for nothing and never ends. After each action it
// looks for the next from the face as it then is.
type Watch struct {
	w        *watcher
	ms       []*machine
	events   []Event
	reasons  []string
	sawFace  bool
	sawStart bool
	flat     bool
	peaks    [3]float64
}

// NewWatch makes a watch with DefaultThresholds.
func NewWatch() *Watch { return newWatch(DefaultThresholds) }

func newWatch(th Thresholds) *Watch {
	w := &Watch{w: newWatcher(th)}
	w.resetMachines()
	return w
}

func (w *Watch) resetMachines() {
	w.ms = w.ms[:0]
	for _, a := range Actions {
		w.ms = append(w.ms, newMachine(a, w.w.th))
	}
	w.w.restartSolid()
}

// Observe takes one analysed frame (BGR) at time at.
func (w *Watch) Observe(at time.Duration, a *camera.Analysis, frame gocv.Mat) {
	if len(a.Faces) > 0 {
		w.sawFace = true
	}
	ft, broken := w.w.observe(at, a, frame)
	if broken != "" {
		if w.w.steady() && !slices.Contains(w.reasons, broken) {
			w.reasons = append(w.reasons, broken)
		}
		w.w.reset()
		w.resetMachines()
		return
	}
	if !w.w.steady() {
		return
	}
	w.sawStart = true
	if ft.seen {
		w.peaks[0] = math.Max(w.peaks[0], math.Abs(ft.da))
		w.peaks[1] = math.Max(w.peaks[1], math.Abs(ft.db))
		w.peaks[2] = math.Max(w.peaks[2], ft.solid)
	}
	for i, m := range w.ms {
		m.step(&ft)
		if m.flat > 0 {
			w.flat = true
		}
		switch m.phase {
		case wrong: // the other turn's machine reports it
			w.ms[i] = newMachine(m.action, w.w.th)
		case done:
			w.events = append(w.events, Event{Action: m.action, At: m.peakAt, Solid: m.needsSolid()})
			w.resetMachines()
			return
		}
	}
	if w.w.flat.movedFlat(w.w.th) {
		w.flat = true
	}
}

// Report sums up what was seen so far.
func (w *Watch) Report() Report {
	r := Report{Actions: append([]Event(nil), w.events...),
		PeakTurn: w.peaks[0], PeakNod: w.peaks[1], PeakParallax: w.peaks[2]}
	for _, e := range w.events {
		if e.Solid {
			r.Live = true
		}
	}
	if !r.Live {
		switch {
		case !w.sawFace:
			r.Reasons = append(r.Reasons, ReasonNoFace)
		case !w.sawStart:
			r.Reasons = append(r.Reasons, ReasonNotSteady)
		case w.flat:
			r.Reasons = append(r.Reasons, ReasonFlatMotion)
		case len(w.events) > 0:
			r.Reasons = append(r.Reasons, ReasonNo3D)
		default:
			r.Reasons = append(r.Reasons, ReasonNoAction)
		}
	}
	r.Reasons = append(r.Reasons, w.reasons...)
	return r
}

// Close frees the watch's OpenCV buffers.
func (w *Watch) Close() error {
	w.w.close()
	return nil
}
