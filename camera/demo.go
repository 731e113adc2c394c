package camera

import (
	_ "embed"
	"errors"
	"image"
	"image/color"
	"math"

	"gocv.io/x/gocv"
)

// demoFace is astronaut.png from python3-skimage (public domain, NASA),
// scaled to 384×384; demoFaceBox is its face in the detector's convention.
//
//go:embed demo_face.jpg
var demoFace []byte

var demoFaceBox = image.Rect(133, 60, 203, 130)

// demoLoop is the demo's length in frames at 30 fps: the person walks up
// (small and off to the side), steps into place, then holds still.
const demoLoop = 150

// DemoSource plays a generated approach of one face towards the camera at
// 640×480, 30 fps, looping every 5 s: about half a second too far and
// off-centre, half a second stepping in, then a steady good face with the
// slight sway of a person standing. A capture completes about 1.5 s in.
type DemoSource struct {
	photo gocv.Mat
	n     int
}

// NewDemoSource returns the demo source; it decodes its photo on Open.
func NewDemoSource() *DemoSource { return &DemoSource{} }

// Name says what it is.
func (d *DemoSource) Name() string { return "demo" }

// Open decodes the embedded photo.
func (d *DemoSource) Open() error {
	d.Close()
	m, err := gocv.IMDecode(demoFace, gocv.IMReadColor)
	if err != nil || m.Empty() {
		m.Close()
		return errors.New("camera: demo photo does not decode")
	}
	d.photo, d.n = m, 0
	return nil
}

// Read renders the next frame.
func (d *DemoSource) Read(dst *gocv.Mat) error {
	if d.photo.Ptr() == nil {
		return errors.New("camera: demo not open")
	}
	i := d.n % demoLoop
	d.n++
	// Walk in: size and position ease from far-left to the target.
	t := clamp((float64(i)-15)/15, 0, 1)
	t = t * t * (3 - 2*t)
	frac := 0.11 + t*(0.30-0.11)
	cx := 0.30 + t*(0.5-0.30)
	sway := math.Sin(float64(i) / 9)
	cy := 0.42 + 0.004*sway
	d.render(dst, frac, cx+0.003*sway, cy, 1.5*sway)
	return nil
}

func (d *DemoSource) render(dst *gocv.Mat, frac, cx, cy, roll float64) {
	const w, h = 640, 480
	s := frac * h / float64(demoFaceBox.Dy())
	fc := demoFaceBox.Min.Add(demoFaceBox.Max).Div(2)
	rot := gocv.GetRotationMatrix2D(fc, roll, s)
	defer rot.Close()
	rot.SetDoubleAt(0, 2, rot.GetDoubleAt(0, 2)+cx*w-float64(fc.X))
	rot.SetDoubleAt(1, 2, rot.GetDoubleAt(1, 2)+cy*h-float64(fc.Y))
	gocv.WarpAffineWithParams(d.photo, dst, rot, image.Pt(w, h), gocv.InterpolationLinear, gocv.BorderReplicate, color.RGBA{})
}

// Close frees the photo.
func (d *DemoSource) Close() error {
	if d.photo.Ptr() != nil {
		d.photo.Close()
		d.photo = gocv.Mat{}
	}
	return nil
}

// FPS is 30.
func (d *DemoSource) FPS() float64 { return 30 }

// DemoPhoto returns the demo's embedded face photo (JPEG), for demo sources
// built elsewhere, such as the live-like performer of demo mode.
func DemoPhoto() []byte { return demoFace }
