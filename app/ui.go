// Package app is the kiosk's Fyne user interface: one screen per step of the
// kiosk.Flow. The bridge in this file is the only place where other
// goroutines reach widgets, always through fyne.Do.
package app

import (
	"math"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/hainan-hrss/certkiosk/kiosk"
)

// Options configure the UI.
type Options struct {
	// Demo adds a discreet control to place and remove simulated cards.
	Demo *Demo
	// Now is the clock for countdowns; nil means time.Now.
	Now func() time.Time
}

// UI is the kiosk window's content, driven by a kiosk.Flow.
type UI struct {
	win     fyne.Window
	flow    *kiosk.Flow
	now     func() time.Time
	screens map[kiosk.Step]screen
	current kiosk.Step
	view    kiosk.View
	demo    *demoPanel

	Idle       *idleScreen
	WaitCard   *waitCardScreen
	CardRead   *cardReadScreen
	Status     *statusScreen
	Face       *faceScreen
	Submitting *submittingScreen
	Result     *resultScreen
	Error      *errorScreen
}

// New builds every screen into win and subscribes to flow. Call it on the UI
// thread before the flow starts receiving events.
func New(win fyne.Window, flow *kiosk.Flow, opts Options) *UI {
	ui := &UI{win: win, flow: flow, now: opts.Now}
	if ui.now == nil {
		ui.now = time.Now
	}
	ui.Idle, ui.WaitCard, ui.CardRead = newIdleScreen(ui), newWaitCardScreen(ui), newCardReadScreen(ui)
	ui.Status, ui.Face, ui.Submitting = newStatusScreen(ui), newFaceScreen(ui), newSubmittingScreen(ui)
	ui.Result, ui.Error = newResultScreen(ui), newErrorScreen(ui)
	ui.screens = map[kiosk.Step]screen{
		kiosk.StepIdle: ui.Idle, kiosk.StepWaitCard: ui.WaitCard, kiosk.StepCardRead: ui.CardRead,
		kiosk.StepStatus: ui.Status, kiosk.StepFace: ui.Face, kiosk.StepSubmitting: ui.Submitting,
		kiosk.StepResult: ui.Result, kiosk.StepError: ui.Error,
	}
	if opts.Demo != nil {
		ui.demo = newDemoPanel(ui, opts.Demo)
	}
	ui.Show(flow.View())
	flow.OnView(func(v kiosk.View) { fyne.Do(func() { ui.Show(v) }) })
	flow.OnFrame(ui.Face.frame)
	return ui
}

// Show puts the screen for v's step in the window (replacing the content
// only when the step changes) and updates it. It runs on the UI thread.
func (ui *UI) Show(v kiosk.View) {
	ui.view = v
	s := ui.screens[v.Step]
	if s == nil {
		return
	}
	s.update(v)
	if v.Step != ui.current || ui.win.Content() == nil {
		ui.current = v.Step
		ui.win.SetContent(ui.wrap(s.page().root))
	}
	ui.Tick()
}

// Current returns the step on screen, for tests.
func (ui *UI) Current() kiosk.Step { return ui.current }

// Tick refreshes the countdown of the screen on show; call it on the UI
// thread about once a second.
func (ui *UI) Tick() {
	s := ui.screens[ui.current]
	if s == nil {
		return
	}
	label := ""
	if !ui.view.Deadline.IsZero() {
		left := int(math.Ceil(ui.view.Deadline.Sub(ui.now()).Seconds()))
		if left < 0 {
			left = 0
		}
		label = T("countdown", left)
	}
	setText(s.page().countdown, label, Look.OnPrimary)
	if ui.current == kiosk.StepSubmitting {
		ui.Submitting.tick()
	}
}

// wrap puts a page over a full-window tap target, so a tap anywhere tells
// the flow the person is still there, and adds the demo control if any.
func (ui *UI) wrap(page fyne.CanvasObject) fyne.CanvasObject {
	objs := []fyne.CanvasObject{newTapCatcher(ui.flow.Touch), page}
	if ui.demo != nil {
		objs = append(objs, ui.demo.corner())
	}
	return container.NewStack(objs...)
}

// tapCatcher is an invisible widget behind a page that catches taps on
// empty areas.
type tapCatcher struct {
	widget.BaseWidget
	onTap func()
}

func newTapCatcher(onTap func()) *tapCatcher {
	t := &tapCatcher{onTap: onTap}
	t.ExtendBaseWidget(t)
	return t
}

func (t *tapCatcher) Tapped(*fyne.PointEvent) { t.onTap() }
func (t *tapCatcher) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewWithoutLayout())
}
