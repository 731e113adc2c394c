package app

import (
	"context"
	"errors"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"

	"github.com/hainan-hrss/certkiosk/kiosk"
	"github.com/hainan-hrss/certkiosk/kiosk/staff"
)

// Staff corner: three taps within cornerWindow on the idle screen's top-left
// corner open the staff sign-in. Three, so an elderly hand resting there does
// not open it; the corner is a full 160 px square so staff hit it easily.
const (
	cornerSize   = 160
	cornerTaps   = 3
	cornerWindow = 3 * time.Second
	// staffScreenIdle ends a sign-in or technician screen nobody uses.
	staffScreenIdle = 60 * time.Second
)

func (ui *UI) buildStaff() {
	ui.SignIn = &signInScreen{}
	ui.SignIn.padScreen = newPadScreen(ui, T("staff.enter_id"), 12, false, false, ui.signInOK, ui.closeStaff)
	ui.StaffHome = newStaffHomeScreen(ui)
	ui.IDEntry = newPadScreen(ui, T("staff.id_entry"), 18, false, true, ui.idEntryOK, ui.showStaffHome)
	ui.TechPIN = newPadScreen(ui, T("tech.enter_pin"), 16, true, false, ui.techPINOK, ui.closeStaff)
	if ui.staffView != nil {
		ui.staffView = ui.StaffHome // after a language switch
	}
}

func (ui *UI) staffCorner() fyne.CanvasObject {
	c := newTapCatcher(ui.cornerTapped)
	return container.NewVBox(container.NewHBox(sized(c, cornerSize, cornerSize), layout.NewSpacer()), layout.NewSpacer())
}

func (ui *UI) cornerTapped() {
	ui.touched()
	now := ui.now()
	taps := ui.cornerTaps[:0]
	for _, t := range ui.cornerTaps {
		if now.Sub(t) < cornerWindow {
			taps = append(taps, t)
		}
	}
	ui.cornerTaps = append(taps, now)
	if len(ui.cornerTaps) >= cornerTaps {
		ui.cornerTaps = nil
		ui.showStaffHome()
	}
}

// showStaff puts a staff screen in the window.
func (ui *UI) showStaff(s screen) {
	ui.staffView = s
	ui.lastActive = ui.now()
	ui.setScreen(s)
	ui.Tick()
}

// closeStaff goes back to the flow's screen (staying signed in).
func (ui *UI) closeStaff() {
	ui.staffView = nil
	ui.lastActive = ui.now()
	ui.setScreen(ui.screens[ui.current])
	ui.Tick()
}

// showStaffHome opens the staff menu, or the sign-in when nobody is signed in.
func (ui *UI) showStaffHome() {
	if ui.staffID == "" {
		ui.SignIn.askingPIN, ui.SignIn.id = false, ""
		ui.SignIn.reset(T("staff.enter_id"))
		ui.showStaff(ui.SignIn)
		return
	}
	ui.StaffHome.show(ui.staffID, nil, ui.devices())
	ui.showStaff(ui.StaffHome)
	if ui.opts.Today != nil {
		go func() {
			c, err := ui.opts.Today(context.Background())
			fyne.Do(func() {
				if err == nil && ui.staffID != "" {
					ui.StaffHome.show(ui.staffID, &c, ui.devices())
				}
			})
		}()
	}
}

func (ui *UI) devices() []Device {
	if ui.opts.Devices == nil {
		return nil
	}
	return ui.opts.Devices()
}

func (ui *UI) signInOK() {
	s := ui.SignIn
	if !s.askingPIN {
		if !staff.ValidID(s.pad.value) {
			s.fail(T("staff.bad_id"))
			return
		}
		s.id, s.askingPIN = s.pad.value, true
		s.reset(T("staff.enter_pin"))
		s.pad.secret = true
		s.pad.show()
		return
	}
	id, pin := s.id, s.pad.value
	if ui.opts.Staff == nil {
		s.fail(T("staff.no_accounts"))
		return
	}
	s.OK.Disable()
	go func() { // argon2id takes a moment; keep the screen responsive
		err := ui.opts.Staff.SignIn(context.Background(), id, pin)
		fyne.Do(func() {
			s.OK.Enable()
			s.pad.secret, s.askingPIN = false, false
			if err != nil {
				s.reset(T("staff.enter_id"))
				s.fail(signInMessage(err))
				return
			}
			ui.staffID = id
			ui.flow.SetAssistant(id)
			ui.say(phraseStaffMode)
			ui.showStaffHome()
		})
	}()
}

func signInMessage(err error) string {
	var locked *staff.LockedError
	switch {
	case errors.As(err, &locked):
		return T("staff.locked")
	case errors.Is(err, staff.ErrWrongPIN):
		return T("staff.wrong")
	case errors.Is(err, staff.ErrNoTechPIN):
		return T("tech.none")
	}
	return T("staff.failed")
}

// signOut ends assisted mode.
func (ui *UI) signOut() {
	ui.staffID = ""
	ui.flow.SetAssistant("")
	ui.closeStaff()
}

func (ui *UI) showIDEntry() {
	ui.IDEntry.reset(T("staff.id_entry"))
	ui.showStaff(ui.IDEntry)
}

// idEntryOK starts an assisted certification from a typed ID number.
func (ui *UI) idEntryOK() {
	id := ui.IDEntry.pad.value
	if _, err := kiosk.ValidateIDNumber(id); err != nil {
		ui.IDEntry.fail(T("staff.id_invalid"))
		return
	}
	ui.IDEntry.pad.set("")
	ui.staffView = nil
	// The keypad has no name and no validity date: the service has both.
	ui.flow.EnterCard(&kiosk.IDCard{Type: kiosk.CardResident, IDNumber: id}, ui.staffID)
}

// RequestQuit asks for the technician PIN and quits when it is right. The
// window's close request (Alt+F4) must call it instead of closing.
func (ui *UI) RequestQuit() {
	if ui.opts.Staff == nil {
		if ui.opts.Quit != nil {
			ui.opts.Quit() // development: no accounts, no lock
		}
		return
	}
	ui.TechPIN.reset(T("tech.enter_pin"))
	ui.showStaff(ui.TechPIN)
}

func (ui *UI) techPINOK() {
	pin := ui.TechPIN.pad.value
	ui.TechPIN.OK.Disable()
	go func() {
		err := ui.opts.Staff.CheckTechPIN(context.Background(), pin)
		fyne.Do(func() {
			ui.TechPIN.OK.Enable()
			ui.TechPIN.pad.set("")
			if err != nil {
				ui.TechPIN.fail(signInMessage(err))
				return
			}
			if ui.opts.Quit != nil {
				ui.opts.Quit()
			}
		})
	}()
}

// staffTick runs the staff timeouts and countdown; it reports whether it
// drew the title bar.
func (ui *UI) staffTick() bool {
	idle := ui.now().Sub(ui.lastActive)
	if ui.staffID != "" && ui.current == kiosk.StepIdle && idle >= ui.opts.StaffIdle {
		ui.signOut()
		return true
	}
	if ui.staffView == nil {
		return false
	}
	limit := staffScreenIdle
	if ui.staffID != "" {
		limit = ui.opts.StaffIdle
	}
	if idle >= limit {
		ui.closeStaff()
		return true
	}
	p := ui.staffView.page()
	setText(p.countdown, T("countdown.staff", secondsLeft(limit-idle)), Look.OnPrimary)
	assisted := ""
	if ui.staffID != "" {
		assisted = T("staff.assisting", ui.staffID)
	}
	setText(p.assisted, assisted, Look.OnPrimary)
	return true
}
