package liveness

import (
	"image"
	"math"
	"time"

	"github.com/hainan-hrss/certkiosk/camera"
)

// Reason codes for a failed attempt or a video that is not live. They go
// to logs and to liveness-eval, not to the screen.
const (
	ReasonNoFace     = "no_face"      // no person-sized face long enough to start
	ReasonNotSteady  = "not_steady"   // the face never held still, frontal, to start
	ReasonTrackLost  = "track_lost"   // the face was gone too long
	ReasonTrackJump  = "track_jump"   // the face jumped or changed size: a swap or a cut
	ReasonCut        = "cut"          // the face's look changed between frames: a swap or a cut
	ReasonTimeout    = "timeout"      // the action was not seen in time
	ReasonWrong      = "wrong_action" // the opposite turn was made
	ReasonFlatMotion = "flat_motion"  // the face moved like a flat picture
	ReasonNoAction   = "no_action"    // no action seen at all
	ReasonNo3D       = "no_3d_action" // only blinks: nothing proves a 3-D head
)

// Track limits. A person at a kiosk moves little between frames; a face
// that jumps further or changes size faster is another face (a swap or a
// jump cut in a replayed video).
const (
	minFaceHeight = 0.10 // of the frame height: smaller is not the person at the kiosk
	maxGap        = 700 * time.Millisecond
	maxStepShift  = 0.5  // box centre shift per frame, in box widths
	maxStepScale  = 1.25 // eye-distance ratio between frames
	maxDriftScale = 1.6  // eye-distance ratio to the start of the attempt
)

// track follows one person-sized face through an attempt.
type track struct {
	have     bool
	box      image.Rectangle
	eye      float64
	eye0     float64 // eye distance at the start
	lastSeen time.Duration
}

// pick chooses the face that continues the track. found is false when no
// face does (the person may be turning or blinking past the detector);
// broken names the reason when the track cannot go on.
func (t *track) pick(at time.Duration, faces []camera.Face, frameH int) (f camera.Face, found bool, broken string) {
	minH := minFaceHeight * float64(frameH)
	best, bestD := -1, math.Inf(1)
	for i, c := range faces {
		if float64(c.Box.Dy()) < minH || c.EyeDistance() < 1 {
			continue
		}
		if !t.have {
			best = i
			break // the most confident person-sized face starts the track
		}
		d := centreDist(c.Box, t.box) / float64(max(1, t.box.Dx()))
		if d < bestD {
			best, bestD = i, d
		}
	}
	if best >= 0 && t.have {
		c := faces[best]
		r := c.EyeDistance() / t.eye
		switch {
		case bestD > maxStepShift || r > maxStepScale || r < 1/maxStepScale:
			best = -1 // not this track; another face, or noise
		case r*t.eye/t.eye0 > maxDriftScale || r*t.eye/t.eye0 < 1/maxDriftScale:
			return c, false, ReasonTrackJump
		}
	}
	if best < 0 {
		if t.have && at-t.lastSeen > maxGap {
			if len(faces) > 0 {
				return camera.Face{}, false, ReasonTrackJump
			}
			return camera.Face{}, false, ReasonTrackLost
		}
		return camera.Face{}, false, ""
	}
	f = faces[best]
	if !t.have {
		t.have, t.eye0 = true, f.EyeDistance()
	}
	t.box, t.eye, t.lastSeen = f.Box, f.EyeDistance(), at
	return f, true, ""
}

func centreDist(a, b image.Rectangle) float64 {
	ax, ay := float64(a.Min.X+a.Max.X)/2, float64(a.Min.Y+a.Max.Y)/2
	bx, by := float64(b.Min.X+b.Max.X)/2, float64(b.Min.Y+b.Max.Y)/2
	return math.Hypot(ax-bx, ay-by)
}
