package camera

import (
	"errors"
	"image"

	"gocv.io/x/gocv"

	"github.com/hainan-hrss/certkiosk/assets"
)

// sharpSide is the size the face is scaled to before measuring sharpness,
// so that near and far faces are judged alike.
const sharpSide = 64

// Analyzer runs the whole per-frame analysis: detection, pose, measures and
// gates. It reuses its buffers, so one Analyzer serves one goroutine.
type Analyzer struct {
	Thresholds Thresholds

	det       *Detector
	gray      gocv.Mat
	face      gocv.Mat
	lap       gocv.Mat
	mean, std gocv.Mat
}

// NewAnalyzer loads the embedded BlazeFace model.
func NewAnalyzer(t Thresholds) (*Analyzer, error) {
	det, err := NewDetector(assets.BlazeFaceFront)
	if err != nil {
		return nil, err
	}
	return &Analyzer{Thresholds: t, det: det, gray: gocv.NewMat(), face: gocv.NewMat(),
		lap: gocv.NewMat(), mean: gocv.NewMat(), std: gocv.NewMat()}, nil
}

// Close frees the model and buffers.
func (a *Analyzer) Close() error {
	for _, m := range []*gocv.Mat{&a.gray, &a.face, &a.lap, &a.mean, &a.std} {
		m.Close()
	}
	return a.det.Close()
}

// Gray is the grey version of the last analysed frame, reused by the next
// call.
func (a *Analyzer) Gray() gocv.Mat { return a.gray }

// Analyze looks at one BGR frame and fills out, reusing its slices.
func (a *Analyzer) Analyze(frame gocv.Mat, out *Analysis) error {
	w, h := frame.Cols(), frame.Rows()
	if w == 0 || h == 0 || frame.Channels() != 3 {
		return errors.New("camera: analyse: want a non-empty BGR frame")
	}
	*out = Analysis{Width: w, Height: h, Faces: out.Faces[:0], Reasons: out.Reasons[:0]}
	a.det.MinScore = a.Thresholds.MinScore
	faces, err := a.det.Detect(frame, out.Faces)
	out.Faces = faces
	if err != nil {
		return err
	}
	gocv.CvtColor(frame, &a.gray, gocv.ColorBGRToGray)
	if main, ok := out.Main(); ok {
		a.measure(main, out)
	}
	a.Thresholds.gate(out)
	return nil
}

// measure fills out.Measures for the main face f.
func (a *Analyzer) measure(f Face, out *Analysis) {
	w, h := out.Width, out.Height
	m := &out.Measures
	m.FaceHeight = float64(f.Box.Dy()) / float64(h)
	c := f.Box.Min.Add(f.Box.Max).Div(2)
	m.OffsetX = float64(c.X-w/2) / float64(w)
	m.OffsetY = float64(c.Y-h/2) / float64(h)

	box := f.Box.Intersect(rectOf(w, h))
	if box.Dx() < 4 || box.Dy() < 4 {
		return // almost all outside the frame: the off-centre gate says so
	}
	all := a.gray.Mean().Val1
	face := a.gray.Region(box)
	defer face.Close()
	m.FaceLuma = face.Mean().Val1
	n, nf := float64(w*h), float64(box.Dx()*box.Dy())
	if n > nf {
		m.BackgroundLuma = (all*n - m.FaceLuma*nf) / (n - nf)
	} else {
		m.BackgroundLuma = m.FaceLuma
	}

	// Laplacian variance over the face's own variance: edges relative to
	// contrast, so a dim but sharp face is not called blurred, and at a
	// fixed size, so near and far faces are judged alike.
	gocv.Resize(face, &a.face, image.Pt(sharpSide, sharpSide), 0, 0, gocv.InterpolationLinear)
	gocv.Laplacian(a.face, &a.lap, gocv.MatTypeCV16S, 1, 1, 0, gocv.BorderDefault)
	_, lsd := a.meanStd(a.lap)
	_, fsd := a.meanStd(a.face)
	m.Sharpness = 100 * lsd * lsd / max(fsd*fsd, 1)

	// The less textured eye counts: dark glasses flatten both eyes, but
	// the detector's keypoints wander on an occluded face, so one eye
	// region often slips partly off the glasses.
	m.EyeContrast = -1
	for _, k := range []Keypoint{RightEye, LeftEye} {
		r := f.EyeRegion(k).Intersect(rectOf(w, h))
		if r.Dx() < 2 || r.Dy() < 2 {
			continue
		}
		eye := a.gray.Region(r)
		_, sd := a.meanStd(eye)
		eye.Close()
		if m.EyeContrast < 0 || sd < m.EyeContrast {
			m.EyeContrast = sd
		}
	}
	if m.EyeContrast < 0 {
		m.EyeContrast = 0
	}
}

func (a *Analyzer) meanStd(src gocv.Mat) (mean, std float64) {
	gocv.MeanStdDev(src, &a.mean, &a.std)
	return a.mean.GetDoubleAt(0, 0), a.std.GetDoubleAt(0, 0)
}

func rectOf(w, h int) image.Rectangle { return image.Rect(0, 0, w, h) }
