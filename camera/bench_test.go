package camera

import (
	"image"
	"os"
	"testing"

	"gocv.io/x/gocv"
)

// haarXML is the naive peer every OpenCV tutorial uses (package opencv-data).
const haarXML = "/usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml"

func loadHaar(tb testing.TB) gocv.CascadeClassifier {
	tb.Helper()
	if _, err := os.Stat(haarXML); err != nil {
		tb.Skipf("Haar cascade not installed (apt install opencv-data): %v", err)
	}
	c := gocv.NewCascadeClassifier()
	if !c.Load(haarXML) {
		c.Close()
		tb.Fatalf("cannot load %s", haarXML)
	}
	return c
}

var benchSizes = []struct {
	name string
	size image.Point
}{{"640x480", image.Pt(640, 480)}, {"1280x720", image.Pt(1280, 720)}}

// benchFrame is the standard good kiosk frame at the given size.
func benchFrame(tb testing.TB, sz image.Point) gocv.Mat {
	p := mustRead(tb, astronautJPG)
	defer p.Close()
	return placeFace(p, astronautFace, sz, 0.30, 0.5, 0.42, 0)
}

// BenchmarkAnalyze is the whole per-frame analysis: detection (one
// inference; a face is present), pose, measures and gates. Run on one core:
//
//	GOMAXPROCS=1 taskset -c 1 go test -run '^$' -bench 'Analyze|Haar' ./camera
//
// (taskset also keeps OpenCV's own thread pool to one core.)
func BenchmarkAnalyze(b *testing.B) {
	a := newTestAnalyzer(b)
	for _, s := range benchSizes {
		b.Run(s.name, func(b *testing.B) {
			m := benchFrame(b, s.size)
			defer m.Close()
			var an Analysis
			for i := 0; i < b.N; i++ {
				if err := a.Analyze(m, &an); err != nil || !an.OK() {
					b.Fatalf("%v %v", an.Reasons, err)
				}
			}
		})
	}
	// Nobody there: the first pass finds nothing, so the zoomed second pass
	// runs too. This is the idle cost, not the capture cost.
	b.Run("640x480-empty", func(b *testing.B) {
		m := mustRead(b, chelseaJPG)
		defer m.Close()
		gocv.Resize(m, &m, image.Pt(640, 480), 0, 0, gocv.InterpolationLinear)
		var an Analysis
		for i := 0; i < b.N; i++ {
			if err := a.Analyze(m, &an); err != nil || len(an.Faces) != 0 {
				b.Fatalf("%d faces, %v", len(an.Faces), err)
			}
		}
	})
}

// BenchmarkHaar is the naive peer on the same frames: the default
// DetectMultiScale of haarcascade_frontalface_default.xml, detection only.
func BenchmarkHaar(b *testing.B) {
	c := loadHaar(b)
	defer c.Close()
	for _, s := range benchSizes {
		b.Run(s.name, func(b *testing.B) {
			m := benchFrame(b, s.size)
			defer m.Close()
			for i := 0; i < b.N; i++ {
				if len(c.DetectMultiScale(m)) == 0 {
					b.Fatal("Haar found no face")
				}
			}
		})
	}
}

// BenchmarkCapturePieces measures what the capture loop adds per frame on
// top of the analysis: the mirrored preview and the best-frame copy.
func BenchmarkCapturePieces(b *testing.B) {
	for _, s := range benchSizes {
		m := benchFrame(b, s.size)
		b.Run("preview-"+s.name, func(b *testing.B) {
			p := newPreviewer(640)
			defer p.close()
			for i := 0; i < b.N; i++ {
				p.render(m)
			}
		})
		m.Close()
	}
}

// BenchmarkForward is the network alone, the floor of the analysis.
func BenchmarkForward(b *testing.B) {
	d := newTestAnalyzer(b).det
	for i := 0; i < b.N; i++ {
		d.net.SetInput(d.blob, "")
		for _, o := range d.net.ForwardLayers(bfOutputs) {
			o.Close()
		}
	}
}
