package camera

import (
	"image"
	"slices"
	"testing"

	"gocv.io/x/gocv"
)

func newTestAnalyzer(tb testing.TB) *Analyzer {
	tb.Helper()
	a, err := NewAnalyzer(DefaultThresholds())
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { a.Close() })
	return a
}

// TestAnalyzePhotos checks the verdict on the real Debian photos.
func TestAnalyzePhotos(t *testing.T) {
	a := newTestAnalyzer(t)
	for _, tc := range []struct {
		file    string
		faces   int
		reasons []Reason
	}{
		{astronautJPG, 1, nil},
		{cameramanJPG, 1, nil},
		{messiJPG, 1, []Reason{TooSmall, BadPose}}, // small, and he looks aside
		{baboonJPG, 0, []Reason{NoFace}},           // an animal face must not pass
		{chelseaJPG, 0, []Reason{NoFace}},          // nor a cat's
	} {
		t.Run(tc.file[len("../testdata/faces/"):], func(t *testing.T) {
			m := mustRead(t, tc.file)
			defer m.Close()
			var an Analysis
			if err := a.Analyze(m, &an); err != nil {
				t.Fatal(err)
			}
			if len(an.Faces) != tc.faces || !slices.Equal(an.Reasons, tc.reasons) {
				t.Fatalf("faces %d reasons %v, want %d %v (measures %+v)", len(an.Faces), an.Reasons, tc.faces, tc.reasons, an.Measures)
			}
			if an.OK() != (len(tc.reasons) == 0) {
				t.Fatalf("OK() = %v with reasons %v", an.OK(), an.Reasons)
			}
		})
	}
}

// TestAnalyzeTransforms checks each gate on generated variations of a good
// kiosk frame, and that the good frame itself passes.
func TestAnalyzeTransforms(t *testing.T) {
	a := newTestAnalyzer(t)
	photo := mustRead(t, astronautJPG)
	defer photo.Close()
	base := standard(t)
	defer base.Close()
	var ref Analysis
	if err := a.Analyze(base, &ref); err != nil || !ref.OK() {
		t.Fatalf("standard frame: %v %v", ref.Reasons, err)
	}
	face, _ := ref.Main()
	frame := func(frac, cx, cy, roll float64) func() gocv.Mat {
		return func() gocv.Mat { return placeFace(photo, astronautFace, image.Pt(640, 480), frac, cx, cy, roll) }
	}
	for _, tc := range []struct {
		name string
		make func() gocv.Mat
		tr   transform
		want Reason // "" = must pass
	}{
		{"standard", base.Clone, nil, ""},
		{"slightly-blurred", base.Clone, blur(1), ""},
		{"blurred", base.Clone, blur(3), Blurred},
		{"dark", base.Clone, levels(0.25, 0), TooDark},
		{"dim-but-ok", base.Clone, levels(0.6, 0), ""},
		{"bright", base.Clone, levels(1.3, 110), TooBright},
		{"backlit", base.Clone, backlight(face.Box), Backlit},
		{"sunglasses", base.Clone, sunglasses(face), EyesOccluded},
		{"two-faces", base.Clone, sideBySide, MultipleFaces},
		{"far", frame(0.10, 0.5, 0.42, 0), nil, TooSmall},
		{"near", frame(0.75, 0.5, 0.5, 0), nil, TooLarge},
		{"off-centre", frame(0.30, 0.2, 0.42, 0), nil, OffCenter},
		{"low-in-frame", frame(0.30, 0.5, 0.75, 0), nil, OffCenter},
		{"cropped-at-edge", frame(0.30, 0.07, 0.42, 0), nil, OffCenter},
		{"rotated", frame(0.30, 0.5, 0.42, 30), nil, BadPose},
		{"rotated-a-little", frame(0.30, 0.5, 0.42, 5), nil, ""},
		{"720p", func() gocv.Mat { return placeFace(photo, astronautFace, image.Pt(1280, 720), 0.3, 0.5, 0.42, 0) }, nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := tc.make()
			defer m.Close()
			if tc.tr != nil {
				tc.tr(&m)
			}
			var an Analysis
			if err := a.Analyze(m, &an); err != nil {
				t.Fatal(err)
			}
			if tc.want == "" {
				if !an.OK() {
					t.Fatalf("rejected %v, want ok (measures %+v)", an.Reasons, an.Measures)
				}
				return
			}
			if an.OK() || an.Reasons[0] != tc.want {
				t.Fatalf("reasons %v, want first %s (measures %+v, faces %d)", an.Reasons, tc.want, an.Measures, len(an.Faces))
			}
			if an.Hint() != tc.want.Hint() || an.Hint() == "" {
				t.Fatalf("hint %q, want %q", an.Hint(), tc.want.Hint())
			}
		})
	}
}

// TestPoseFollowsRotation checks the roll estimate tracks an in-plane
// rotation of the photo (positive OpenCV angles turn it anticlockwise). A
// face 30 % of the frame high is about 30 px in the model's 128 px input,
// so a keypoint's pixel of error is about 5° of roll: hence ±7°.
func TestPoseFollowsRotation(t *testing.T) {
	a := newTestAnalyzer(t)
	photo := mustRead(t, astronautJPG)
	defer photo.Close()
	var base Analysis
	m0 := placeFace(photo, astronautFace, image.Pt(640, 480), 0.3, 0.5, 0.45, 0)
	defer m0.Close()
	if err := a.Analyze(m0, &base); err != nil || len(base.Faces) != 1 {
		t.Fatalf("base: %v %d faces", err, len(base.Faces))
	}
	for _, deg := range []float64{-20, -10, 10, 20} {
		m := placeFace(photo, astronautFace, image.Pt(640, 480), 0.3, 0.5, 0.45, deg)
		var an Analysis
		err := a.Analyze(m, &an)
		m.Close()
		if err != nil || len(an.Faces) != 1 {
			t.Fatalf("%v°: %v %d faces", deg, err, len(an.Faces))
		}
		got := an.Faces[0].Pose.Roll - base.Faces[0].Pose.Roll
		if got < -deg-7 || got > -deg+7 {
			t.Errorf("rotated %v°: roll changed by %.1f°, want %.0f±7", deg, got, -deg)
		}
	}
}

// TestAnalyzeOddSizes: frames of any shape are analysed without a crash,
// and an empty or grey one has no face.
func TestAnalyzeOddSizes(t *testing.T) {
	a := newTestAnalyzer(t)
	for _, sz := range []image.Point{{1, 1}, {8, 8}, {100, 1000}, {2000, 90}, {480, 640}} {
		m := gocv.NewMatWithSize(sz.Y, sz.X, gocv.MatTypeCV8UC3)
		m.SetTo(gocv.NewScalar(128, 128, 128, 0))
		var an Analysis
		err := a.Analyze(m, &an)
		m.Close()
		if err != nil || len(an.Faces) != 0 || !slices.Equal(an.Reasons, []Reason{NoFace}) {
			t.Errorf("%v: %v %v", sz, an.Reasons, err)
		}
	}
	empty := gocv.NewMat()
	defer empty.Close()
	var an Analysis
	if err := a.Analyze(empty, &an); err == nil {
		t.Error("empty Mat analysed")
	}
}
