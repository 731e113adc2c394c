package main

import (
	"context"
	"encoding/json"
	"os"
	"os/signal"
	"sync"
	"syscall"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/driver/desktop"

	"github.com/hainan-hrss/certkiosk/app"
	"github.com/hainan-hrss/certkiosk/app/voice"
	"github.com/hainan-hrss/certkiosk/kiosk"
)

// windowOptions say how the kiosk window runs.
type windowOptions struct {
	windowed bool   // a 1920×1080 window instead of full screen (development, Xvfb)
	trace    string // file to append one JSON line per screen shown (e2e tests)
}

// runWindow shows the kiosk on sys until the window is closed, then stops
// every producer before the app quits.
func runWindow(sys *system, opts windowOptions) int {
	if !opts.windowed {
		scaleForScreen("/sys/class/drm")
	}
	a := fyneapp.NewWithID("cn.gov.hainan.hrss.certkiosk")
	a.Settings().SetTheme(app.NewTheme())
	w := a.NewWindow(app.T("app.title"))
	w.SetPadded(false)
	if opts.windowed {
		w.Resize(fyne.NewSize(1920, 1080))
		w.SetFixedSize(true)
	} else {
		w.SetFullScreen(true)
	}

	spk := voice.New(voice.Options{Volume: sys.config.Volume, Log: sys.log.With("component", "voice")})
	defer spk.Close()
	sys.speaker = spk
	flow := sys.newFlow()
	ctx, cancel := context.WithCancel(context.Background())
	var wait func()
	var once sync.Once
	shutdown := func() { // on the UI thread
		once.Do(func() {
			cancel()
			wait() // no goroutine may touch the UI once it is gone
			w.Close()
		})
	}
	ui := app.New(w, flow, app.Options{
		Demo: sys.demoCards(), Speaker: spk, Staff: sys.staff, Quit: shutdown,
		Today: sys.todayCounts, Devices: sys.devices,
	})
	if opts.trace != "" {
		traceScreens(flow, w, opts.trace, sys)
	}
	if dk, ok := w.Canvas().(desktop.Canvas); ok && sys.place != nil {
		dk.SetOnKeyDown(demoKeys(sys))
	}

	wait = sys.runLoops(ctx, flow, func() { fyne.Do(ui.Tick) })
	// Closing the window asks for the technician PIN: a kiosk in a public
	// hall must not be closed by a passer-by.
	w.SetCloseIntercept(ui.RequestQuit)
	quitOnSignal(shutdown)
	w.ShowAndRun()
	cancel()
	wait()
	return 0
}

// quitOnSignal closes the window on SIGINT or SIGTERM, through the same
// path as a close request, so the producers stop first.
func quitOnSignal(shutdown func()) {
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-sig
		fyne.Do(shutdown)
	}()
}

// demoKeys lets a demo visitor (and the end-to-end test) place fixture card
// N with key N and take it away with 0.
func demoKeys(sys *system) func(*fyne.KeyEvent) {
	cards := sys.demoCards()
	return func(ev *fyne.KeyEvent) {
		if ev.Name == fyne.Key0 {
			sys.remove()
			return
		}
		for i, k := range []fyne.KeyName{fyne.Key1, fyne.Key2, fyne.Key3, fyne.Key4, fyne.Key5,
			fyne.Key6, fyne.Key7, fyne.Key8, fyne.Key9} {
			if ev.Name == k && i < len(cards.Cards) {
				cards.Place(i)
			}
		}
	}
}

// screenTrace is one line of the screen trace: the step shown and every
// text on it, read from the real window's widget tree.
type screenTrace struct {
	Step  kiosk.Step `json:"step"`
	Texts []string   `json:"texts"`
}

// traceScreens appends a screenTrace line to path each time the window
// shows a new view, so an end-to-end test can assert what a person sees.
func traceScreens(flow *kiosk.Flow, w fyne.Window, path string, sys *system) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		sys.log.Error("screen trace disabled", "err", err)
		return
	}
	enc := json.NewEncoder(f)
	trace := func(v kiosk.View) {
		// Queued after the UI's own update, so the texts are the new ones.
		fyne.Do(func() { enc.Encode(screenTrace{Step: v.Step, Texts: app.VisibleTexts(w)}) })
	}
	flow.OnView(trace)
	trace(flow.View()) // the first screen, shown before anyone subscribed
}
