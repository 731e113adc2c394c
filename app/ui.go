// Package app is the kiosk's Fyne user interface: one screen per step of the
// kiosk.Flow, plus the staff screens. The bridge in this file is the only
// place where other goroutines reach widgets, always through fyne.Do.
package app

import (
	"context"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/hainan-hrss/certkiosk/kiosk"
)

// Options configure the UI. Only the flow is required; without Staff the
// staff corner does nothing and quitting needs no PIN (development).
type Options struct {
	// Demo adds a discreet control to place and remove simulated cards.
	Demo *Demo
	// Now is the clock for countdowns; nil means time.Now.
	Now func() time.Time
	// Speaker says the UI's own prompts (camera hints, "the network is
	// slow", goodbye); give it the flow's Speaker. It may implement
	// SetLanguage(string) to follow the language switch.
	Speaker kiosk.Speaker
	// Language is the starting language, LangZh (default) or LangEn.
	Language string
	// Staff checks staff and technician PINs (a *staff.Accounts).
	Staff StaffAuth
	// Today returns today's counts for the staff menu.
	Today func(ctx context.Context) (Counts, error)
	// Devices returns the devices' health for the staff menu.
	Devices func() []Device
	// Quit closes the kiosk; the UI calls it after the technician PIN.
	Quit func()
	// StaffIdle signs staff out after this long without a touch; 0 means 2 minutes.
	StaffIdle time.Duration
}

// StaffAuth checks PINs; *staff.Accounts implements it.
type StaffAuth interface {
	SignIn(ctx context.Context, id, pin string) error
	CheckTechPIN(ctx context.Context, pin string) error
}

// Counts are today's numbers for the staff menu.
type Counts struct {
	Certifications, Passed, Rejected, Queued int
}

// Device is one device's health for the staff menu.
type Device struct {
	Name   string // e.g. 读卡器 /dev/ttyUSB0
	Status kiosk.DeviceStatus
}

// UI is the kiosk window's content, driven by a kiosk.Flow.
type UI struct {
	win     fyne.Window
	flow    *kiosk.Flow
	opts    Options
	now     func() time.Time
	screens map[kiosk.Step]screen
	current kiosk.Step
	shown   screen // the screen in the window: a flow screen or a staff screen
	view    kiosk.View
	demo    *demoPanel
	anim    *fyne.Animation
	face    atomic.Pointer[faceScreen]

	staffID    string    // signed-in staff member, "" when none
	lastActive time.Time // last touch or change, for the staff and staff-screen timeouts
	warned     time.Time // the deadline the timeout warning was said for
	welcomedAt time.Time
	cornerTaps []time.Time
	staffScreens

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
	ui := &UI{win: win, flow: flow, opts: opts, now: opts.Now}
	if ui.now == nil {
		ui.now = time.Now
	}
	if ui.opts.StaffIdle == 0 {
		ui.opts.StaffIdle = 2 * time.Minute
	}
	if opts.Language != "" {
		SetLanguage(opts.Language)
		ui.setSpeakerLanguage()
	}
	ui.build()
	if opts.Demo != nil {
		ui.demo = newDemoPanel(ui, opts.Demo)
	}
	ui.Show(flow.View())
	flow.OnView(func(v kiosk.View) { fyne.Do(func() { ui.Show(v) }) })
	// The camera's goroutine finds the face screen through an atomic
	// pointer: a language switch rebuilds the screens under it.
	flow.OnFrame(func(fr kiosk.FaceFrame) { ui.face.Load().frame(fr) })
	return ui
}

// build makes every screen in the current language.
func (ui *UI) build() {
	ui.Idle, ui.WaitCard, ui.CardRead = newIdleScreen(ui), newWaitCardScreen(ui), newCardReadScreen(ui)
	ui.Status, ui.Face, ui.Submitting = newStatusScreen(ui), newFaceScreen(ui), newSubmittingScreen(ui)
	ui.Result, ui.Error = newResultScreen(ui), newErrorScreen(ui)
	ui.face.Store(ui.Face)
	ui.screens = map[kiosk.Step]screen{
		kiosk.StepIdle: ui.Idle, kiosk.StepWaitCard: ui.WaitCard, kiosk.StepCardRead: ui.CardRead,
		kiosk.StepStatus: ui.Status, kiosk.StepFace: ui.Face, kiosk.StepSubmitting: ui.Submitting,
		kiosk.StepResult: ui.Result, kiosk.StepError: ui.Error,
	}
	ui.buildStaff()
}

// Show puts the screen for v's step in the window (replacing the content
// only when the step changes) and updates it. It runs on the UI thread.
func (ui *UI) Show(v kiosk.View) {
	prev := ui.view.Step
	ui.view = v
	ui.lastActive = ui.now()
	s := ui.screens[v.Step]
	if s == nil {
		return
	}
	if v.Step != kiosk.StepIdle {
		ui.staffView = nil // a card or the keypad started a session
	}
	s.update(v)
	s.page().root.Refresh() // lay out lines the update showed or hid
	if prev != v.Step && v.Step == kiosk.StepIdle && (prev == kiosk.StepResult || prev == kiosk.StepStatus) {
		ui.say(kiosk.SayGoodbye)
	}
	ui.current = v.Step
	if ui.staffView != nil {
		s = ui.staffView
	}
	ui.setScreen(s)
	ui.Tick()
}

// setScreen puts s in the window unless it is there already.
func (ui *UI) setScreen(s screen) {
	if s == ui.shown && ui.win.Content() != nil {
		return
	}
	ui.shown = s
	if ui.anim != nil {
		ui.anim.Stop()
		ui.anim = nil
	}
	if a, ok := s.(animated); ok && a.animation() != nil {
		ui.anim = a.animation()
		ui.anim.Start()
	}
	ui.win.SetContent(ui.wrap(s))
}

// Current returns the step on screen, for tests.
func (ui *UI) Current() kiosk.Step { return ui.current }

// say speaks one of the UI's own prompts.
func (ui *UI) say(p kiosk.Phrase) {
	if ui.opts.Speaker != nil && p != "" {
		ui.opts.Speaker.Say(p)
	}
}

// touched is any tap: the person (or staff member) is still there.
func (ui *UI) touched() {
	ui.lastActive = ui.now()
	if ui.staffView != nil {
		ui.Tick()
		return
	}
	ui.flow.Touch()
	if ui.current == kiosk.StepIdle && ui.now().Sub(ui.welcomedAt) > 10*time.Second {
		// Someone touched the idle screen: tell them what to do.
		ui.welcomedAt = ui.now()
		ui.say(kiosk.SayWelcome)
	}
}

// toggleLanguage switches between Chinese and English and rebuilds the
// screens in the new language.
func (ui *UI) toggleLanguage() {
	if Language() == LangZh {
		SetLanguage(LangEn)
	} else {
		SetLanguage(LangZh)
	}
	ui.setSpeakerLanguage()
	ui.build()
	ui.shown = nil
	ui.Show(ui.view)
	ui.welcomedAt = ui.now()
	ui.say(kiosk.SayWelcome)
}

func (ui *UI) setSpeakerLanguage() {
	if l, ok := ui.opts.Speaker.(interface{ SetLanguage(string) }); ok {
		l.SetLanguage(Language())
	}
}

// wrap puts a page over a full-window tap target, so a tap anywhere tells
// the flow the person is still there, and adds the staff corner on the idle
// screen and the demo control if any.
func (ui *UI) wrap(s screen) fyne.CanvasObject {
	objs := []fyne.CanvasObject{newTapCatcher(ui.touched), s.page().root}
	if s == ui.Idle {
		objs = append(objs, ui.staffCorner())
	}
	if ui.demo != nil {
		objs = append(objs, ui.demo.corner())
	}
	return container.New(screenLayout{}, objs...)
}

// screenLayout stacks a screen's layers over the whole window but asks for
// no minimum size. A word-wrapping label not yet laid out asks for one
// character per line, and the window would grow past the screen to fit
// it; the accessibility audit checks instead that every screen fits.
type screenLayout struct{}

func (screenLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.Position{})
		o.Resize(size)
	}
}

func (screenLayout) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.NewSize(1, 1) }

// tapCatcher is an invisible widget that catches taps: behind a page on
// empty areas, and as the staff corner.
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
