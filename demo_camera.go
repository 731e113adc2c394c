package main

import (
	"errors"

	"gocv.io/x/gocv"

	"github.com/hainan-hrss/certkiosk/camera"
	"github.com/hainan-hrss/certkiosk/camera/livefixture"
	"github.com/hainan-hrss/certkiosk/camera/liveness"
)

// demoActions is the liveness challenge of demo mode. A real kiosk draws
// two actions at random; the demo's simulated person can only perform a
// rehearsed routine, so the demo asks for exactly that routine.
var demoActions = []string{liveness.TurnLeft, liveness.Blink}

// demoPerformer is demo mode's camera source: the demo photo mapped onto a
// 3-D head (camera/livefixture) that faces the screen, turns left and
// blinks, looping. It starts over at every capture, when the camera opens it.
type demoPerformer struct {
	photo, frame gocv.Mat
	render       *livefixture.Renderer
	script       livefixture.Script
	n            int
}

func (d *demoPerformer) Name() string { return "demo-performer" }
func (d *demoPerformer) FPS() float64 { return 30 }

func (d *demoPerformer) Open() error {
	d.Close()
	an, err := camera.NewAnalyzer(camera.DefaultThresholds())
	if err != nil {
		return err
	}
	defer an.Close()
	photo, err := gocv.IMDecode(camera.DemoPhoto(), gocv.IMReadColor)
	if err != nil || photo.Empty() {
		photo.Close()
		return errors.New("demo camera: the demo photo does not decode")
	}
	d.photo = photo
	var a camera.Analysis
	if err := an.Analyze(photo, &a); err != nil {
		return err
	}
	f, ok := a.Main()
	if !ok {
		return errors.New("demo camera: no face in the demo photo")
	}
	d.frame = livefixture.Frame(photo, f, 640, 480, 0.4)
	if err := an.Analyze(d.frame, &a); err != nil {
		return err
	}
	if f, ok = a.Main(); !ok {
		return errors.New("demo camera: no face in the framed demo photo")
	}
	d.render = livefixture.NewRenderer(d.frame, f, 1)
	d.script = livefixture.Performance("demo", demoActions, 1)
	d.n = 0
	return nil
}

func (d *demoPerformer) Read(dst *gocv.Mat) error {
	if d.render == nil {
		return errors.New("demo camera: not open")
	}
	t := float64(d.n) / d.FPS()
	if total := d.script.Duration().Seconds(); total > 0 {
		for t >= total {
			t -= total
		}
	}
	d.n++
	d.render.Frame(true, d.script.At(t), dst)
	return nil
}

func (d *demoPerformer) Close() error {
	if d.render != nil {
		d.render.Close()
		d.render = nil
	}
	for _, m := range []*gocv.Mat{&d.frame, &d.photo} {
		if m.Ptr() != nil {
			m.Close()
			*m = gocv.Mat{}
		}
	}
	return nil
}
