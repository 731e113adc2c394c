package camera

import (
	"image"
	"image/color"
	"testing"

	"gocv.io/x/gocv"
)

// The test photos, copied small from Debian packages (testdata/faces/README.md).
const (
	astronautJPG = "../testdata/faces/astronaut.jpg"
	messiJPG     = "../testdata/faces/messi5.jpg"
	baboonJPG    = "../testdata/faces/baboon.jpg"
	cameramanJPG = "../testdata/faces/cameraman.jpg"
	chelseaJPG   = "../testdata/faces/chelsea.jpg"
)

// Where the faces are in the photos, by hand (the detector's box convention:
// brows to chin), for placing them in generated frames and for recall.
var (
	astronautFace = image.Rect(178, 80, 271, 173)
	messiFace     = image.Rect(220, 92, 257, 131)
	cameramanFace = image.Rect(180, 124, 265, 208)
)

func mustRead(tb testing.TB, path string) gocv.Mat {
	tb.Helper()
	m := gocv.IMRead(path, gocv.IMReadColor)
	if m.Empty() {
		m.Close()
		tb.Fatalf("cannot read %s", path)
	}
	return m
}

// placeFace renders a kiosk-like frame of size sz from photo so that its
// face (box face in the photo) is frac of the frame height, centred at
// (cx, cy) in frame fractions and rolled by roll degrees; the photo's
// border is replicated to fill the frame.
func placeFace(photo gocv.Mat, face image.Rectangle, sz image.Point, frac, cx, cy, roll float64) gocv.Mat {
	s := frac * float64(sz.Y) / float64(face.Dy())
	fc := face.Min.Add(face.Max).Div(2)
	rot := gocv.GetRotationMatrix2D(fc, roll, s)
	defer rot.Close()
	// Move the face centre (which the rotation keeps fixed) to its place.
	rot.SetDoubleAt(0, 2, rot.GetDoubleAt(0, 2)+cx*float64(sz.X)-float64(fc.X))
	rot.SetDoubleAt(1, 2, rot.GetDoubleAt(1, 2)+cy*float64(sz.Y)-float64(fc.Y))
	out := gocv.NewMat()
	gocv.WarpAffineWithParams(photo, &out, rot, sz, gocv.InterpolationLinear, gocv.BorderReplicate, color.RGBA{})
	return out
}

// standard is the good kiosk frame: astronaut's face at 30 % of a 640×480
// frame's height, a little above the centre.
func standard(tb testing.TB) gocv.Mat {
	p := mustRead(tb, astronautJPG)
	defer p.Close()
	return placeFace(p, astronautFace, image.Pt(640, 480), 0.30, 0.5, 0.42, 0)
}

// transform is a generated variation of a frame; it replaces the Mat.
type transform func(m *gocv.Mat)

func blur(sigma float64) transform {
	return func(m *gocv.Mat) { gocv.GaussianBlur(*m, m, image.Pt(0, 0), sigma, sigma, gocv.BorderDefault) }
}

func levels(alpha, beta float32) transform {
	return func(m *gocv.Mat) { m.ConvertToWithParams(m, gocv.MatTypeCV8UC3, alpha, beta) }
}

// backlight brightens everything but an ellipse around the face and darkens
// the face: a person standing before a bright window.
func backlight(face image.Rectangle) transform {
	return func(m *gocv.Mat) {
		mask := gocv.NewMatWithSize(m.Rows(), m.Cols(), gocv.MatTypeCV8U)
		defer mask.Close()
		c := face.Min.Add(face.Max).Div(2)
		gocv.Ellipse(&mask, c, image.Pt(face.Dx()*8/10, face.Dy()*11/10), 0, 0, 360, color.RGBA{255, 255, 255, 0}, -1)
		bright := gocv.NewMat()
		defer bright.Close()
		m.ConvertToWithParams(&bright, gocv.MatTypeCV8UC3, 0.5, 215)
		m.ConvertToWithParams(m, gocv.MatTypeCV8UC3, 0.55, 0)
		inv := gocv.NewMat()
		defer inv.Close()
		gocv.BitwiseNot(mask, &inv)
		bright.CopyToWithMask(m, inv)
	}
}

// sunglasses paints a dark bar over both eyes.
func sunglasses(f Face) transform {
	return func(m *gocv.Mat) {
		r := f.EyeRegion(RightEye).Union(f.EyeRegion(LeftEye)).Inset(-int(f.EyeDistance() / 8))
		gocv.Rectangle(m, r, color.RGBA{12, 12, 12, 0}, -1)
	}
}

// sideBySide puts two copies of the frame's centre half next to each other.
func sideBySide(m *gocv.Mat) {
	w, h := m.Cols(), m.Rows()
	half := m.Region(image.Rect(w/4, 0, w/4+w/2, h))
	defer half.Close()
	both := gocv.NewMat()
	gocv.Hconcat(half, half, &both)
	m.Close()
	*m = both
}
