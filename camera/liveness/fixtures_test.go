package liveness

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"gocv.io/x/gocv"

	"github.com/hainan-hrss/certkiosk/camera"
	"github.com/hainan-hrss/certkiosk/camera/livefixture"
)

// fixtureFPS is the rate fixtures are rendered at: the kiosk analyses
// 15–30 frames a second, and the slower rate is the harder one for the
// hysteresis (fewer frames per movement).
const fixtureFPS = 15

// recFrame is one analysed fixture frame, kept so several tests can replay
// a sequence without rendering and detecting it again.
type recFrame struct {
	at   time.Duration
	a    camera.Analysis
	gray gocv.Mat
}

var (
	recMu    sync.Mutex
	recCache = map[string][]recFrame{}
	srcCache = map[string]source{}
)

type source struct {
	frame gocv.Mat
	face  camera.Face
}

// fixtureSource frames a Debian photo for the kiosk (face 40 % of a
// 640×480 frame) and finds its face with the camera's analyser.
func fixtureSource(tb testing.TB, an *camera.Analyzer, photo string) source {
	if s, ok := srcCache[photo]; ok {
		return s
	}
	img := gocv.IMRead(livefixture.Photos[photo], gocv.IMReadColor)
	defer img.Close()
	if img.Empty() {
		tb.Skipf("photo %s not installed", livefixture.Photos[photo])
	}
	var a camera.Analysis
	if err := an.Analyze(img, &a); err != nil {
		tb.Fatal(err)
	}
	f, ok := a.Main()
	if !ok {
		tb.Fatalf("%s: no face in the photo", photo)
	}
	fr := livefixture.Frame(img, f, 640, 480, 0.4)
	if err := an.Analyze(fr, &a); err != nil {
		tb.Fatal(err)
	}
	if f, ok = a.Main(); !ok {
		tb.Fatalf("%s: no face in the framed photo", photo)
	}
	s := source{fr, f}
	srcCache[photo] = s
	return s
}

// record renders script s from photo and analyses every frame.
func record(tb testing.TB, photo string, s livefixture.Script) []recFrame {
	recMu.Lock()
	defer recMu.Unlock()
	key := photo + "/" + s.Name
	if r, ok := recCache[key]; ok {
		return r
	}
	an, err := camera.NewAnalyzer(camera.DefaultThresholds())
	if err != nil {
		tb.Fatal(err)
	}
	defer an.Close()
	src := fixtureSource(tb, an, photo)
	r := livefixture.NewRenderer(src.frame, src.face, 1)
	defer r.Close()
	var out []recFrame
	err = r.Play(s, fixtureFPS, func(at time.Duration, frame gocv.Mat) error {
		var a camera.Analysis
		if err := an.Analyze(frame, &a); err != nil {
			return err
		}
		a.Faces = append([]camera.Face(nil), a.Faces...)
		g := an.Gray()
		out = append(out, recFrame{at: at, a: a, gray: g.Clone()})
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	recCache[key] = out
	return out
}

// watch runs a Watch over recorded frames.
func watch(frames []recFrame) Report { return watchWith(frames, DefaultThresholds) }

// watchWith runs a Watch with thresholds th over recorded frames.
func watchWith(frames []recFrame, th Thresholds) Report {
	w := newWatch(th)
	defer w.Close()
	for i := range frames {
		w.Observe(frames[i].at, &frames[i].a, frames[i].gray)
	}
	return w.Report()
}

func allScripts() []livefixture.Script {
	return append(livefixture.Attacks(), livefixture.Lives()...)
}

func describe(r Report) string {
	s := ""
	for _, e := range r.Actions {
		s += fmt.Sprintf("%s@%dms ", e.Action, e.At.Milliseconds())
	}
	return fmt.Sprintf("live=%v actions=[%s] reasons=%v", r.Live, s, r.Reasons)
}
