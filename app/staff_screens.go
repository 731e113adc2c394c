package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/hainan-hrss/certkiosk/kiosk"
)

// staffScreens are the screens outside the flow: staff sign-in and menu,
// keypad ID entry and the technician PIN. While one shows, staffView is it.
type staffScreens struct {
	staffView screen

	SignIn    *signInScreen
	StaffHome *staffHomeScreen
	IDEntry   *padScreen
	TechPIN   *padScreen
}

// padScreen is a keypad screen: a title, the keypad's display, a message,
// and OK and Back buttons beside the keypad.
type padScreen struct {
	p              *page
	title, message *widget.Label
	pad            *keypad
	OK, Back       *widget.Button
}

func newPadScreen(ui *UI, title string, max int, secret, withX bool, ok, back func()) *padScreen {
	s := &padScreen{title: heading(title), message: line("", "", widget.WarningImportance)}
	s.pad = newKeypad(max, secret, withX, func() {
		s.message.Hide()
		ui.lastActive = ui.now() // typing is activity: no sign-out mid-number
	})
	s.OK = bigButton(T("btn.ok"), true, ok)
	s.Back = bigButton(T("btn.back"), false, back)
	s.message.Hide()
	left := container.NewVBox(s.title, s.pad.display, s.message, layout.NewSpacer(),
		buttonRow(s.OK), spacer(1, Look.Gap), buttonRow(s.Back))
	content := container.NewHBox(layout.NewSpacer(), sized(left, 1000, 740), spacer(96, 1),
		container.NewCenter(s.pad.obj), layout.NewSpacer())
	s.p = newPage(content, nil)
	return s
}

func (s *padScreen) page() *page       { return s.p }
func (s *padScreen) update(kiosk.View) {}

// reset clears the keypad and message and sets the title.
func (s *padScreen) reset(title string) {
	s.pad.set("")
	s.message.Hide()
	setLine(s.title, title, widget.MediumImportance)
}

// fail shows a message in words and a warning colour.
func (s *padScreen) fail(msg string) {
	setLine(s.message, msg, widget.DangerImportance)
	s.message.Show()
	s.p.root.Refresh()
}

// signInScreen asks for the staff ID, then the PIN, on one keypad screen.
type signInScreen struct {
	*padScreen
	askingPIN bool
	id        string
}

// staffHomeScreen is the staff menu: today's counts, device health, and
// what staff can do.
type staffHomeScreen struct {
	p                              *page
	title, counts, devices         *widget.Label
	EnterID, Assist, SignOut, Quit *widget.Button
}

func newStaffHomeScreen(ui *UI) *staffHomeScreen {
	s := &staffHomeScreen{title: heading(""), counts: body(""), devices: body("")}
	s.EnterID = bigButton(T("btn.enter_id"), true, ui.showIDEntry)
	s.Assist = bigButton(T("btn.assist"), false, ui.closeStaff)
	s.SignOut = bigButton(T("btn.sign_out"), false, ui.signOut)
	s.Quit = bigButton(T("btn.quit"), false, ui.RequestQuit)
	grid := container.New(&gapGrid{cols: 2, cell: fyne.NewSize(640, Look.ButtonHeight), gap: Look.Gap},
		s.EnterID, s.Assist, s.SignOut, s.Quit)
	content := container.NewVBox(s.title, s.counts, s.devices, spacer(1, Look.Gap), container.NewCenter(grid))
	s.p = newPage(content, nil)
	return s
}

func (s *staffHomeScreen) page() *page       { return s.p }
func (s *staffHomeScreen) update(kiosk.View) {}

func (s *staffHomeScreen) show(staffID string, c *Counts, devices []Device) {
	setLine(s.title, T("staff.home", staffID), widget.MediumImportance)
	if c == nil {
		setLine(s.counts, T("staff.counts_unknown"), widget.MediumImportance)
	} else {
		setLine(s.counts, T("staff.counts", c.Certifications, c.Passed, c.Rejected, c.Queued), widget.MediumImportance)
	}
	txt, imp := T("staff.devices_none"), widget.MediumImportance
	for i, d := range devices {
		if i == 0 {
			txt = T("staff.devices")
		}
		txt += "  " + d.Name + " " + T("device."+string(d.Status))
		if d.Status != kiosk.DeviceOK {
			imp = widget.DangerImportance // the words say which, the colour only adds
		}
	}
	setLine(s.devices, txt, imp)
	s.p.root.Refresh()
}
