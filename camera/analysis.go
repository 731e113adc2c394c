package camera

import (
	"image"
	"math"

	"github.com/hainan-hrss/certkiosk/kiosk"
)

// Keypoint indexes BlazeFace's six keypoints. "Right" and "left" are the
// person's own: in an unmirrored camera frame the right eye is on the
// image's left.
type Keypoint int

// BlazeFace keypoints, in the model's output order.
const (
	RightEye Keypoint = iota
	LeftEye
	NoseTip
	Mouth
	RightEar // tragion
	LeftEar  // tragion
	numKeypoints
)

// Point is a sub-pixel position in frame pixels.
type Point struct{ X, Y float64 }

// Image rounds p to an image.Point.
func (p Point) Image() image.Point {
	return image.Pt(int(math.Round(p.X)), int(math.Round(p.Y)))
}

// Pose is the head pose estimated from the keypoints, in degrees. The
// estimates come from a flat 2-D keypoint layout, not a 3-D fit: they are
// good for gating and for following a turn, not for measuring angles.
type Pose struct {
	Yaw   float64 // + = turned to the person's left
	Roll  float64 // + = head tilted clockwise in the image
	Pitch float64 // proxy; + = chin up
}

// Face is one detected face in frame pixels (camera orientation, not
// mirrored).
type Face struct {
	Box       image.Rectangle
	Score     float64 // detector confidence, 0–1
	Keypoints [numKeypoints]Point
	Pose      Pose
}

// Keypoint returns the position of keypoint k.
func (f Face) Keypoint(k Keypoint) Point { return f.Keypoints[k] }

// EyeDistance is the distance between the eyes in pixels: the face's scale
// for anything measured relative to it.
func (f Face) EyeDistance() float64 {
	a, b := f.Keypoints[RightEye], f.Keypoints[LeftEye]
	return math.Hypot(b.X-a.X, b.Y-a.Y)
}

// EyeRegion returns a square around eye k (RightEye or LeftEye) sized from
// the eye distance, clipped to nothing: callers intersect it with the frame.
// Liveness uses it to watch blinks.
func (f Face) EyeRegion(k Keypoint) image.Rectangle {
	c := f.Keypoints[k]
	h := 0.25 * f.EyeDistance()
	return image.Rect(int(c.X-h), int(c.Y-h*0.8), int(c.X+h), int(c.Y+h*0.8))
}

// Kiosk converts f to the domain's FaceBox.
func (f Face) Kiosk() kiosk.FaceBox {
	kp := make([]image.Point, len(f.Keypoints))
	for i, p := range f.Keypoints {
		kp[i] = p.Image()
	}
	return kiosk.FaceBox{Rect: f.Box, Score: f.Score, Keypoints: kp,
		Yaw: f.Pose.Yaw, Roll: f.Pose.Roll, Pitch: f.Pose.Pitch}
}

// Measures are the quality figures of a frame's main face, each in the unit
// its gate compares against (see Thresholds).
type Measures struct {
	FaceHeight     float64 // face box height / frame height
	OffsetX        float64 // face centre's offset from the frame centre / frame width (+ = image right)
	OffsetY        float64 // face centre's offset from the frame centre / frame height (+ = down)
	FaceLuma       float64 // mean luma of the face, 0–255
	BackgroundLuma float64 // mean luma of the frame outside the face, 0–255
	Sharpness      float64 // Laplacian variance of the face scaled to a fixed size
	EyeContrast    float64 // luma standard deviation in the eye regions, 0–255
}

// Analysis is the result of looking at one frame: the faces found, the
// main face's measures, and the verdict of the quality gates.
type Analysis struct {
	Width, Height int
	Faces         []Face // most confident first
	Measures      Measures
	Reasons       []Reason // failed gates, most important first; empty when OK
	Score         float64  // combined quality 0–1, for choosing the best frame
}

// OK reports whether the frame passes every gate.
func (a *Analysis) OK() bool { return len(a.Reasons) == 0 }

// Main returns the most confident face, if any.
func (a *Analysis) Main() (Face, bool) {
	if len(a.Faces) == 0 {
		return Face{}, false
	}
	return a.Faces[0], true
}

// Hint is the one instruction for the person: the hint of the most important
// failed gate, or "" when the frame is good.
func (a *Analysis) Hint() string {
	if len(a.Reasons) == 0 {
		return ""
	}
	return a.Reasons[0].Hint()
}

// ReasonCodes returns the reasons as strings, for JSON and kiosk.FaceFrame.
func (a *Analysis) ReasonCodes() []string {
	out := make([]string, len(a.Reasons))
	for i, r := range a.Reasons {
		out[i] = string(r)
	}
	return out
}
