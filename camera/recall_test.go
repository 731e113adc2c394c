package camera

import (
	"image"
	"testing"

	"gocv.io/x/gocv"
)

// groundTruth lists the people's faces in the test photos, by hand.
var groundTruth = []struct {
	file  string
	faces []image.Rectangle
}{
	{astronautJPG, []image.Rectangle{astronautFace}},
	{messiJPG, []image.Rectangle{messiFace}},
	{cameramanJPG, []image.Rectangle{cameramanFace}},
	{baboonJPG, nil},
	{chelseaJPG, nil},
}

// hit reports whether detection d is face f: d's centre lies in f grown by
// a quarter (the two detectors frame faces differently: Haar's box takes in
// the forehead) and the sizes agree within a factor of two.
func hit(d, f image.Rectangle) bool {
	c := d.Min.Add(d.Max).Div(2)
	g := f.Inset(-f.Dx() / 4)
	r := float64(d.Dy()) / float64(f.Dy())
	return c.In(g) && r > 0.5 && r < 2
}

// score counts true and false detections against the truth.
func score(dets, truth []image.Rectangle) (found, false_ int) {
	for _, f := range truth {
		for _, d := range dets {
			if hit(d, f) {
				found++
				break
			}
		}
	}
	for _, d := range dets {
		ok := false
		for _, f := range truth {
			ok = ok || hit(d, f)
		}
		if !ok {
			false_++
		}
	}
	return found, false_
}

// placed is the face box placeFace puts at (cx, cy) with height frac.
func placed(sz image.Point, frac, cx, cy float64) image.Rectangle {
	h := frac * float64(sz.Y)
	x, y := cx*float64(sz.X), cy*float64(sz.Y)
	return image.Rect(int(x-h/2), int(y-h/2), int(x+h/2), int(y+h/2))
}

// generated are kiosk frames made from astronaut, with their faces.
func generated(tb testing.TB) []struct {
	name  string
	frame gocv.Mat
	faces []image.Rectangle
} {
	p := mustRead(tb, astronautJPG)
	defer p.Close()
	vga, hd := image.Pt(640, 480), image.Pt(1280, 720)
	type g = struct {
		name  string
		frame gocv.Mat
		faces []image.Rectangle
	}
	out := []g{
		{"standard", placeFace(p, astronautFace, vga, 0.3, 0.5, 0.42, 0), []image.Rectangle{placed(vga, 0.3, 0.5, 0.42)}},
		{"720p", placeFace(p, astronautFace, hd, 0.3, 0.5, 0.42, 0), []image.Rectangle{placed(hd, 0.3, 0.5, 0.42)}},
		{"far", placeFace(p, astronautFace, vga, 0.12, 0.5, 0.42, 0), []image.Rectangle{placed(vga, 0.12, 0.5, 0.42)}},
		{"near", placeFace(p, astronautFace, vga, 0.6, 0.5, 0.5, 0), []image.Rectangle{placed(vga, 0.6, 0.5, 0.5)}},
		{"tilted-20", placeFace(p, astronautFace, vga, 0.3, 0.5, 0.42, 20), []image.Rectangle{placed(vga, 0.3, 0.5, 0.42)}},
		{"dim", placeFace(p, astronautFace, vga, 0.3, 0.5, 0.42, 0), []image.Rectangle{placed(vga, 0.3, 0.5, 0.42)}},
		{"two", placeFace(p, astronautFace, vga, 0.3, 0.5, 0.42, 0), []image.Rectangle{placed(vga, 0.3, 0.25, 0.42), placed(vga, 0.3, 0.75, 0.42)}},
	}
	levels(0.4, 0)(&out[5].frame)
	sideBySide(&out[6].frame)
	return out
}

// TestRecallAtLeastHaar: on the test photos and generated kiosk frames,
// BlazeFace finds at least every face Haar finds, and no more false faces.
func TestRecallAtLeastHaar(t *testing.T) {
	a := newTestAnalyzer(t)
	haar := loadHaar(t)
	defer haar.Close()
	var total, bfFound, bfFalse, hFound, hFalse int
	var an Analysis
	type sample = struct {
		name  string
		frame gocv.Mat
		faces []image.Rectangle
	}
	var samples []sample
	for _, g := range groundTruth {
		samples = append(samples, sample{g.file[len("../testdata/faces/"):], mustRead(t, g.file), g.faces})
	}
	samples = append(samples, generated(t)...)
	for _, g := range samples {
		m := g.frame
		if err := a.Analyze(m, &an); err != nil {
			t.Fatal(err)
		}
		var bf []image.Rectangle
		for _, f := range an.Faces {
			bf = append(bf, f.Box)
		}
		hr := haar.DetectMultiScale(m)
		m.Close()
		f1, x1 := score(bf, g.faces)
		f2, x2 := score(hr, g.faces)
		t.Logf("%-14s faces %d  BlazeFace found %d false %d  Haar found %d false %d", g.name, len(g.faces), f1, x1, f2, x2)
		total += len(g.faces)
		bfFound, bfFalse, hFound, hFalse = bfFound+f1, bfFalse+x1, hFound+f2, hFalse+x2
	}
	t.Logf("recall: BlazeFace %d/%d, Haar %d/%d; false faces: BlazeFace %d, Haar %d", bfFound, total, hFound, total, bfFalse, hFalse)
	if bfFound < hFound || bfFalse > hFalse {
		t.Fatalf("BlazeFace found %d (%d false), Haar %d (%d false)", bfFound, bfFalse, hFound, hFalse)
	}
}
