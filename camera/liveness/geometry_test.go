package liveness

import (
	"math"
	"testing"

	"github.com/hainan-hrss/certkiosk/camera"
)

// frontal is a frontal face's keypoints in frame pixels (right eye on the
// image's left: camera orientation).
func frontal() camera.Face {
	var f camera.Face
	f.Keypoints[camera.RightEye] = camera.Point{X: 280, Y: 200}
	f.Keypoints[camera.LeftEye] = camera.Point{X: 360, Y: 200}
	f.Keypoints[camera.NoseTip] = camera.Point{X: 321, Y: 248}
	f.Keypoints[camera.Mouth] = camera.Point{X: 320, Y: 290}
	f.Keypoints[camera.RightEar] = camera.Point{X: 230, Y: 215}
	f.Keypoints[camera.LeftEar] = camera.Point{X: 410, Y: 215}
	return f
}

// affine maps every keypoint by scale s, rotation rot (degrees), shear k
// and shift (tx, ty): what any view of a flat picture does, to first order.
func affine(f camera.Face, s, rot, k, tx, ty float64) camera.Face {
	c, sn := math.Cos(rot*math.Pi/180), math.Sin(rot*math.Pi/180)
	for i, p := range f.Keypoints {
		x, y := p.X+k*p.Y, p.Y
		f.Keypoints[i] = camera.Point{X: s*(c*x-sn*y) + tx, Y: s*(sn*x+c*y) + ty}
	}
	return f
}

var affineCases = []struct {
	name              string
	s, rot, k, tx, ty float64
}{
	{"identity", 1, 0, 0, 0, 0},
	{"shift", 1, 0, 0, 120, -80},
	{"closer", 1.6, 0, 0, -150, -100},
	{"rolled", 1, 25, 0, 0, 0},
	{"sheared", 1, 0, 0.3, 0, 0},
	{"everything", 0.7, -40, -0.2, 300, 50},
}

// TestInvariantUnderAffineViews: a flat picture's keypoints keep A and B.
func TestInvariantUnderAffineViews(t *testing.T) {
	a0, b0, ok := Invariant(frontal())
	if !ok || math.Abs(a0) > 0.05 || b0 < 0.4 || b0 > 0.7 {
		t.Fatalf("frontal face: A %.3f B %.3f ok %v", a0, b0, ok)
	}
	for _, tc := range affineCases {
		a, b, ok := Invariant(affine(frontal(), tc.s, tc.rot, tc.k, tc.tx, tc.ty))
		if !ok || math.Abs(a-a0) > 1e-9 || math.Abs(b-b0) > 1e-9 {
			t.Errorf("%s: A %.6f B %.6f, want %.6f %.6f", tc.name, a, b, a0, b0)
		}
	}
}

func FuzzInvariantAffine(f *testing.F) {
	for _, tc := range affineCases {
		f.Add(tc.s, tc.rot, tc.k, tc.tx, tc.ty)
	}
	a0, b0, _ := Invariant(frontal())
	f.Fuzz(func(t *testing.T, s, rot, k, tx, ty float64) {
		if !(s > 0.1 && s < 10) || math.Abs(k) > 0.5 || math.Abs(tx) > 1e4 || math.Abs(ty) > 1e4 || math.IsNaN(rot) || math.IsInf(rot, 0) {
			t.Skip()
		}
		a, b, ok := Invariant(affine(frontal(), s, rot, k, tx, ty))
		if !ok || math.Abs(a-a0) > 1e-6 || math.Abs(b-b0) > 1e-6 {
			t.Errorf("A %.6f B %.6f ok %v, want %.6f %.6f", a, b, ok, a0, b0)
		}
	})
}

// head3D projects a head's keypoints (eye distance 80, nose 36 in front of
// the eyes, mouth 16) turned by yaw and pitched by pitch degrees.
func head3D(yaw, pitch float64) camera.Face {
	pts := [][3]float64{{-40, 0, 0}, {40, 0, 0}, {0, 50, 36}, {0, 95, 16}, {-75, 20, -60}, {75, 20, -60}}
	cy, sy := math.Cos(yaw*math.Pi/180), math.Sin(yaw*math.Pi/180)
	cp, sp := math.Cos(pitch*math.Pi/180), math.Sin(pitch*math.Pi/180)
	var f camera.Face
	for i, p := range pts {
		x := p[0]*cy + p[2]*sy
		z := -p[0]*sy + p[2]*cy
		y := p[1]*cp + z*sp
		f.Keypoints[i] = camera.Point{X: 320 + x, Y: 200 + y}
	}
	return f
}

// TestInvariantFollowsHead: a real head's turn and nod move A and B in the
// directions the actions expect.
func TestInvariantFollowsHead(t *testing.T) {
	a0, b0, _ := Invariant(head3D(0, 0))
	for _, tc := range []struct {
		yaw, pitch float64
		da, db     int // expected sign
	}{{20, 0, +1, 0}, {-20, 0, -1, 0}, {0, 15, 0, +1}, {0, -15, 0, -1}} {
		a, b, _ := Invariant(head3D(tc.yaw, tc.pitch))
		da, db := a-a0, b-b0
		if sign(da, DefaultThresholds.TurnOn) != tc.da || sign(db, DefaultThresholds.NodOn) != tc.db {
			t.Errorf("yaw %v pitch %v: ΔA %.3f ΔB %.3f", tc.yaw, tc.pitch, da, db)
		}
	}
}

func sign(v, th float64) int {
	switch {
	case v >= th:
		return 1
	case v <= -th:
		return -1
	}
	return 0
}

func TestInvariantDegenerate(t *testing.T) {
	f := frontal()
	f.Keypoints[camera.Mouth] = f.Keypoints[camera.RightEye] // collapsed
	if _, _, ok := Invariant(f); ok {
		t.Error("collapsed layout accepted")
	}
	g := frontal()
	g.Keypoints[camera.RightEye], g.Keypoints[camera.LeftEye] = g.Keypoints[camera.LeftEye], g.Keypoints[camera.RightEye]
	if _, _, ok := Invariant(g); ok {
		t.Error("mirrored layout accepted")
	}
}
