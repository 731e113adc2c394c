package liveness

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"
)

// Actions the challenge can ask for (kiosk.CaptureOptions.Challenge and
// kiosk.Liveness.Challenge use these names). Open-mouth is left out: the
// detector gives one mouth point, which does not show the mouth opening.
const (
	TurnLeft  = "turn_left"  // the person turns the head to their own left
	TurnRight = "turn_right" // … to their own right
	Nod       = "nod"        // chin down and back (or up and back)
	Blink     = "blink"      // both eyes close and open again
)

// Actions lists every action, in a fixed order.
var Actions = []string{TurnLeft, TurnRight, Nod, Blink}

var prompts = map[string]string{
	TurnLeft:  "请向左转头",
	TurnRight: "请向右转头",
	Nod:       "请点点头",
	Blink:     "请眨眨眼",
}

// Prompt returns the action's short Chinese instruction, for the screen and
// the speaker; "" for an unknown action.
func Prompt(action string) string { return prompts[action] }

// Draw picks n different actions at random, in random order, never both
// turns (a left-then-right pair is the easiest to pre-record). It fits
// kiosk.Deps.Challenge as func() []string { return liveness.Draw(2) }.
func Draw(n int) []string {
	for {
		p := rand.Perm(len(Actions))[:min(n, len(Actions))]
		out := make([]string, len(p))
		turns := 0
		for i, j := range p {
			out[i] = Actions[j]
			if out[i] == TurnLeft || out[i] == TurnRight {
				turns++
			}
		}
		if turns < 2 || n > 3 {
			return out
		}
	}
}

// validate checks a challenge's actions.
func validate(actions []string) error {
	if len(actions) == 0 {
		return fmt.Errorf("liveness: no actions")
	}
	for _, a := range actions {
		if _, ok := prompts[a]; !ok {
			return fmt.Errorf("liveness: unknown action %q", a)
		}
	}
	return nil
}

// phase of an action machine.
type phase int

const (
	waiting phase = iota // not yet seen
	reached              // the movement (or closed eyes) held for enough frames
	done                 // and came back: the action is complete
	wrong                // the opposite turn held for enough frames
)

// machine detects one action with hysteresis: the signal must pass the on
// threshold for th.Frames frames in a row to count as reached, and fall
// back under the off threshold for as many frames to count as done.
type machine struct {
	action string
	th     Thresholds
	phase  phase
	on     int // consecutive frames beyond the on threshold
	off    int // consecutive frames back under the off threshold
	bad    int // consecutive frames of the opposite turn
	peak   float64
	peakAt time.Duration
	since  time.Duration // when reached (blink: eyes closed)
	solid  float64       // highest parallax during the current excursion
	flat   int           // runs that moved the keypoints without parallax
	// mustOpen: eyes were shut too long; wait for them to open again.
	mustOpen bool
}

// needsSolid reports whether the action must show 3-D parallax: turns and
// nods do; a blink changes appearance, not shape.
func (m *machine) needsSolid() bool { return m.action != Blink }

func newMachine(action string, th Thresholds) *machine { return &machine{action: action, th: th} }

// newPeak reports whether the last step set a new peak (the evidence frame
// to keep for this action).
func (m *machine) step(f *features) (newPeak bool) {
	if !f.seen || m.phase == done || m.phase == wrong {
		return false
	}
	sig, opp, on, off, valid := m.signal(f)
	if !valid {
		// Nothing to judge in this frame: no state may be counted on it.
		m.on, m.off, m.bad = 0, 0, 0
		return false
	}
	switch m.phase {
	case waiting:
		if m.mustOpen { // after eyes shut too long, only a fresh blink counts
			m.mustOpen = sig > off
			return false
		}
		m.on = count(m.on, sig >= on)
		m.bad = count(m.bad, opp >= on && f.solid >= m.th.Solid)
		if m.bad >= m.th.Frames {
			m.phase = wrong
			return false
		}
		// The parallax of the whole excursion counts, from when the signal
		// left the rest band: texture and keypoints need not peak together.
		if sig <= off {
			m.solid = 0
		} else {
			m.solid = math.Max(m.solid, f.solid)
		}
		if sig > m.peak {
			m.peak, m.peakAt, newPeak = sig, f.at, sig >= on
		}
		// The keypoints alone can be fooled by a tilted photo (the detector
		// guesses a turned head); the movement counts only when the face's
		// texture moved as a solid head's does.
		if m.on >= m.th.Frames {
			if !m.needsSolid() || m.solid >= m.th.Solid {
				m.phase, m.since, m.off = reached, f.at, 0
			} else if m.on == m.th.Frames {
				m.flat++
			}
		}
	case reached:
		if sig > m.peak {
			m.peak, m.peakAt, newPeak = sig, f.at, true
		}
		m.off = count(m.off, sig <= off)
		if m.off >= m.th.Frames {
			m.phase = done
		} else if m.action == Blink && f.at-m.since > 2*time.Second {
			// Eyes shut this long is not a blink (a hand, sleep, a picture
			// swapped): start over.
			m.phase, m.on, m.peak, m.mustOpen = waiting, 0, 0, true
		}
	}
	return newPeak
}

// signal maps the features to the action's signal (bigger is more of the
// action), the opposite action's signal, and the on/off thresholds; valid
// is false when the frame cannot show the action either way.
func (m *machine) signal(f *features) (sig, opp, on, off float64, valid bool) {
	th := m.th
	switch m.action {
	case TurnLeft, TurnRight:
		s := f.da
		if m.action == TurnRight {
			s = -s
		}
		// A turn moves the nose sideways more than up or down; a nod that
		// drifts sideways must not count as a turn.
		if math.Abs(f.db) > math.Abs(f.da) {
			s = 0
		}
		return s, -s, th.TurnOn, th.TurnOff, true
	case Nod:
		s := math.Abs(f.db)
		if math.Abs(f.da) > s {
			s = 0
		}
		return s, 0, th.NodOn, th.NodOff, true
	case Blink:
		// Closedness: both eyes lost their likeness to the start. It only
		// counts while nose and mouth kept theirs and the face held still
		// (keypoints near the start, texture hardly moving), so motion
		// blur, a turn, a hand over the face or a tilted photo is no blink.
		closed := 1 - math.Max(f.eyeR, f.eyeL)
		still := math.Abs(f.da) < th.TurnOff && math.Abs(f.db) < th.NodOff && f.speed <= th.BlinkSpeed
		return closed, 0, 1 - th.EyeClosed, 1 - th.EyeOpen, f.ctrl >= th.ControlSame && still
	}
	return 0, 0, 1, 0, false
}

func count(n int, cond bool) int {
	if cond {
		return n + 1
	}
	return 0
}
