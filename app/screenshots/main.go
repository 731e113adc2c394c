// Command screenshots renders every kiosk screen (app.Scenes) in a real
// 1920×1080 window, in Chinese and English, and writes one PNG per screen:
//
//	xvfb-run -a -s "-screen 0 1920x1080x24" go run ./app/screenshots -out docs/screenshots
//
// It uses the GL driver and captures the X display with ImageMagick's
// import, so the PNGs show what the kiosk's display shows, fonts and
// fallbacks included.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"github.com/hainan-hrss/certkiosk/app"
	"github.com/hainan-hrss/certkiosk/kiosk"
)

func main() {
	out := flag.String("out", "docs/screenshots", "directory for the PNGs")
	only := flag.String("only", "", "render only the scenes whose name contains this")
	settle := flag.Duration("settle", 700*time.Millisecond, "wait after showing a screen before capturing it")
	flag.Parse()
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "screenshots:", err)
		os.Exit(1)
	}
	a := fyneapp.NewWithID("cn.gov.hainan.hrss.certkiosk.screenshots")
	a.Settings().SetTheme(app.NewTheme())
	w := a.NewWindow(app.T("app.title"))
	w.SetPadded(false)
	w.Resize(fyne.NewSize(1920, 1080))
	w.SetFixedSize(true)
	now := time.Date(2026, 11, 28, 10, 0, 0, 0, kiosk.ChinaTime)
	clock := func() time.Time { return now }
	flow := kiosk.NewFlow(kiosk.Deps{Clock: fixedClock(now), Client: inertClient{}, Camera: inertCamera{}, Store: inertClient{},
		NewKey: func() string { return "screenshot" }}, kiosk.DefaultTimeouts())
	var ui *app.UI
	failed := false
	go func() {
		defer fyne.Do(w.Close)  // closing the only window ends ShowAndRun
		time.Sleep(time.Second) // let the window map
		for _, lang := range []string{app.LangZh, app.LangEn} {
			for _, sc := range app.Scenes(now) {
				if !strings.Contains(sc.Name, *only) {
					continue
				}
				fyne.DoAndWait(func() {
					app.SetLanguage(lang)
					ui = app.New(w, flow, app.Options{Now: clock})
					sc.Show(ui)
				})
				time.Sleep(*settle)
				if err := grab(filepath.Join(*out, lang+"-"+sc.Name+".png")); err != nil {
					fmt.Fprintln(os.Stderr, "screenshots:", sc.Name, err)
					failed = true
				}
			}
		}
	}()
	w.ShowAndRun()
	if failed {
		os.Exit(1)
	}
}

// grab captures the X display with ImageMagick's import: the GL canvas's
// own Capture reads back nothing under Xvfb.
func grab(path string) error {
	out, err := exec.Command("import", "-window", "root", path).CombinedOutput()
	if err != nil {
		return fmt.Errorf("import: %v: %s", err, out)
	}
	return nil
}

type fixedClock time.Time

func (c fixedClock) Now() time.Time { return time.Time(c) }

// inertClient and inertCamera stand in for the service and the camera: the
// scenes show screens directly and never start a session.
type (
	inertClient struct{}
	inertCamera struct{}
)

func (inertClient) Status(context.Context, string) (kiosk.CertStatus, error) {
	return kiosk.CertStatus{}, errors.New("inert")
}
func (inertClient) Certify(context.Context, kiosk.CertRequest) (kiosk.Result, error) {
	return kiosk.Result{}, errors.New("inert")
}
func (inertClient) Heartbeat(context.Context, kiosk.Heartbeat) (kiosk.HeartbeatReply, error) {
	return kiosk.HeartbeatReply{}, nil
}
func (inertCamera) CaptureFace(context.Context, kiosk.CaptureOptions, func(kiosk.FaceFrame)) (kiosk.Capture, error) {
	return kiosk.Capture{}, errors.New("inert")
}
func (inertCamera) Status() kiosk.DeviceStatus                               { return kiosk.DeviceOK }
func (inertClient) RecordSession(context.Context, kiosk.SessionRecord) error { return nil }
