package camera

import (
	"bytes"
	"image"
	"image/jpeg"
	"testing"
)

var portraitCases = []struct {
	name string
	box  image.Rectangle
	w, h int
}{
	{"centred", image.Rect(270, 150, 370, 250), 640, 480},
	{"left-edge", image.Rect(-30, 100, 90, 220), 640, 480},
	{"bottom-right", image.Rect(560, 400, 660, 500), 640, 480},
	{"huge", image.Rect(0, 0, 640, 480), 640, 480},
	{"hd", image.Rect(560, 200, 760, 400), 1280, 720},
	{"portrait-frame", image.Rect(100, 100, 300, 300), 480, 640},
	{"tiny", image.Rect(10, 10, 12, 12), 16, 16},
}

// checkPortraitRect: the crop lies in the frame, is 3:4 within rounding
// and holds the face's centre whenever it can.
func checkPortraitRect(t *testing.T, box image.Rectangle, w, h int) {
	r := PortraitRect(Face{Box: box}, w, h)
	if !r.In(image.Rect(0, 0, w, h)) {
		t.Fatalf("crop %v outside %dx%d", r, w, h)
	}
	if r.Empty() {
		return
	}
	if d := 3*r.Dy() - 4*r.Dx(); d < -8 || d > 8 {
		t.Fatalf("crop %v is not 3:4", r)
	}
	c := box.Min.Add(box.Max).Div(2)
	if c.In(image.Rect(0, 0, w, h)) && r.Dx() > 2 && !c.In(r.Inset(-1)) {
		t.Fatalf("crop %v misses the face centre %v", r, c)
	}
}

func TestPortraitRect(t *testing.T) {
	for _, tc := range portraitCases {
		t.Run(tc.name, func(t *testing.T) { checkPortraitRect(t, tc.box, tc.w, tc.h) })
	}
}

func FuzzPortraitRect(f *testing.F) {
	for _, tc := range portraitCases {
		f.Add(tc.box.Min.X, tc.box.Min.Y, tc.box.Dx(), tc.box.Dy(), tc.w, tc.h)
	}
	f.Fuzz(func(t *testing.T, x, y, bw, bh, w, h int) {
		if w < 1 || h < 1 || w > 4096 || h > 4096 || bw < 1 || bh < 1 || bw > 8192 || bh > 8192 ||
			x < -8192 || y < -8192 || x > 8192 || y > 8192 {
			t.Skip()
		}
		checkPortraitRect(t, image.Rect(x, y, x+bw, y+bh), w, h)
	})
}

// TestPortraitJPEG: the portrait of the standard frame is 480×640 within
// 60 KB at quality ≥ 80, and a noisy worst case stays under the API limit.
func TestPortraitJPEG(t *testing.T) {
	a := newTestAnalyzer(t)
	m := standard(t)
	defer m.Close()
	var an Analysis
	if err := a.Analyze(m, &an); err != nil || !an.OK() {
		t.Fatal(err, an.Reasons)
	}
	face, _ := an.Main()
	b, q, err := PortraitJPEG(m, face)
	if err != nil || len(b) > TargetBytes || q < MinQuality {
		t.Fatalf("%d bytes at q%d, err %v", len(b), q, err)
	}
	img, err := jpeg.Decode(bytes.NewReader(b))
	if err != nil || img.Bounds() != image.Rect(0, 0, PortraitWidth, PortraitHeight) {
		t.Fatalf("decoded %v, %v", img.Bounds(), err)
	}

	// Pure noise is the worst case for JPEG: it must still fit the API.
	noise := m.Clone()
	defer noise.Close()
	for y := 0; y < noise.Rows(); y++ {
		for x := 0; x < noise.Cols()*3; x++ {
			noise.SetUCharAt(y, x, uint8((x*7919+y*104729)>>3))
		}
	}
	b, q, err = PortraitJPEG(noise, face)
	if err != nil || len(b) > MaxBytes {
		t.Fatalf("noise: %d bytes at q%d, err %v", len(b), q, err)
	}
	t.Logf("noise portrait: %d bytes at q%d", len(b), q)
}
