package livefixture

import (
	"image"
	"math"
	"testing"

	"gocv.io/x/gocv"

	"github.com/hainan-hrss/certkiosk/camera"
)

// testFace is a frontal face's keypoints in a 640×480 frame.
func testFace() camera.Face {
	var f camera.Face
	f.Keypoints[camera.RightEye] = camera.Point{X: 280, Y: 200}
	f.Keypoints[camera.LeftEye] = camera.Point{X: 360, Y: 200}
	f.Keypoints[camera.NoseTip] = camera.Point{X: 320, Y: 245}
	f.Keypoints[camera.Mouth] = camera.Point{X: 320, Y: 290}
	f.Box = image.Rect(230, 140, 410, 330)
	return f
}

func apply(h [9]float64, x, y float64) (float64, float64) {
	d := h[6]*x + h[7]*y + h[8]
	return (h[0]*x + h[1]*y + h[2]) / d, (h[3]*x + h[4]*y + h[5]) / d
}

func TestCardHomography(t *testing.T) {
	cases := []struct {
		name   string
		c      Card
		x, y   float64 // a photo point
		wx, wy float64 // where it must land
	}{
		{"as taken", Card{}, 100, 50, 100, 50},
		{"shift", Card{ShiftX: 30, ShiftY: -10}, 100, 50, 130, 40},
		{"scale about the centre", Card{Scale: 2}, 420, 240, 520, 240},
		{"roll 90° about the centre", Card{Roll: 90}, 420, 240, 320, 340},
		{"tilt keeps the centre", Card{TiltYaw: 35, TiltPitch: -20}, 320, 240, 320, 240},
	}
	for _, tc := range cases {
		x, y := apply(tc.c.Homography(640, 480), tc.x, tc.y)
		if math.Abs(x-tc.wx) > 1e-6 || math.Abs(y-tc.wy) > 1e-6 {
			t.Errorf("%s: (%v,%v) → (%.3f,%.3f), want (%v,%v)", tc.name, tc.x, tc.y, x, y, tc.wx, tc.wy)
		}
	}
	// A sideways tilt is perspective, not affine: the near side grows.
	h := Card{TiltYaw: 30}.Homography(640, 480)
	_, ly0 := apply(h, 120, 140)
	_, ly1 := apply(h, 120, 340)
	_, ry0 := apply(h, 520, 140)
	_, ry1 := apply(h, 520, 340)
	if left, right := ly1-ly0, ry1-ry0; math.Abs(left-right) < 10 {
		t.Errorf("tilted card edges %.1f and %.1f tall: no perspective", left, right)
	}
}

func TestScriptAt(t *testing.T) {
	s := Script{Keys: []Key{{T: 0}, {T: 1, Yaw: 20, Card: Card{Scale: 2}}, {T: 2}}}
	if k := s.At(0.5); math.Abs(k.Yaw-10) > 1e-9 || math.Abs(k.Card.Scale-1.5) > 1e-9 {
		t.Errorf("half way: yaw %v scale %v", k.Yaw, k.Card.Scale)
	}
	if k := s.At(5); k.Yaw != 0 || s.Duration().Seconds() != 2 {
		t.Errorf("after the end: %+v, duration %v", k, s.Duration())
	}
}

// TestHeadTurnsNose renders a textured frame turned both ways: nothing
// moves at yaw 0, the nose moves towards the image's right for a turn to
// the person's left, and the background outside the head stays put.
func TestHeadTurnsNose(t *testing.T) {
	src := gocv.NewMatWithSize(480, 640, gocv.MatTypeCV8UC3)
	defer src.Close()
	gocv.RandU(&src, gocv.NewScalar(0, 0, 0, 0), gocv.NewScalar(255, 255, 255, 0))
	gocv.GaussianBlur(src, &src, image.Pt(0, 0), 2, 2, gocv.BorderReflect)
	f := testFace()
	hd := NewHead(f, 640, 480)
	out := gocv.NewMat()
	defer out.Close()
	shift := func(yaw, pitch float64, at image.Point) image.Point {
		hd.Render(src, &out, yaw, pitch)
		// Find where the patch at `at` in src went, near `at`.
		tpl := src.Region(image.Rect(at.X-8, at.Y-8, at.X+8, at.Y+8))
		defer tpl.Close()
		area := out.Region(image.Rect(at.X-40, at.Y-40, at.X+40, at.Y+40))
		defer area.Close()
		res := gocv.NewMat()
		defer res.Close()
		mask := gocv.NewMat()
		defer mask.Close()
		gocv.MatchTemplate(area, tpl, &res, gocv.TmCcoeffNormed, mask)
		_, _, _, loc := gocv.MinMaxLoc(res)
		return image.Pt(loc.X+8-40, loc.Y+8-40)
	}
	nose := f.Keypoints[camera.NoseTip].Image()
	if d := shift(0, 0, nose); d != (image.Point{}) {
		t.Errorf("yaw 0 moved the nose by %v", d)
	}
	if d := shift(20, 0, nose); d.X < 8 || abs(d.Y) > 3 {
		t.Errorf("turn left moved the nose by %v, want ≥ 8 px right", d)
	}
	if d := shift(-20, 0, nose); d.X > -8 {
		t.Errorf("turn right moved the nose by %v, want ≥ 8 px left", d)
	}
	if d := shift(0, 15, nose); d.Y < 5 {
		t.Errorf("chin down moved the nose by %v, want down", d)
	}
	if d := shift(25, 0, image.Pt(60, 60)); d != (image.Point{}) {
		t.Errorf("background moved by %v", d)
	}
}

func abs(v int) int { return max(v, -v) }

// TestCloseEyes paints inside the eye regions only.
func TestCloseEyes(t *testing.T) {
	img := gocv.NewMatWithSize(480, 640, gocv.MatTypeCV8UC3)
	defer img.Close()
	gocv.RandU(&img, gocv.NewScalar(0, 0, 0, 0), gocv.NewScalar(255, 255, 255, 0))
	before := img.Clone()
	defer before.Close()
	f := testFace()
	CloseEyes(&img, f, 1)
	diff := gocv.NewMat()
	defer diff.Close()
	gocv.AbsDiff(img, before, &diff)
	gray := gocv.NewMat()
	defer gray.Close()
	gocv.CvtColor(diff, &gray, gocv.ColorBGRToGray)
	pts := gocv.NewMat()
	defer pts.Close()
	gocv.FindNonZero(gray, &pts)
	changed := image.Rectangle{}
	for i := 0; i < pts.Rows(); i++ {
		v := pts.GetVeciAt(i, 0)
		changed = changed.Union(image.Rect(int(v[0]), int(v[1]), int(v[0])+1, int(v[1])+1))
	}
	e := f.EyeDistance()
	want := image.Rect(int(280-0.3*e), int(200-0.2*e), int(360+0.3*e), int(200+0.2*e))
	if pts.Rows() < 100 || !changed.In(want) {
		t.Errorf("%d pixels changed within %v, want many, inside %v", pts.Rows(), changed, want)
	}
	open := before.Clone()
	defer open.Close()
	CloseEyes(&open, f, 0)
	gocv.AbsDiff(open, before, &diff)
	gocv.CvtColor(diff, &gray, gocv.ColorBGRToGray)
	if n := gocv.CountNonZero(gray); n != 0 {
		t.Errorf("closure 0 changed %d pixels", n)
	}
}
