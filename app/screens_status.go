package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/hainan-hrss/certkiosk/kiosk"
)

// statusScreen tells a person where they stand: the answer to a status
// query, or "no need to certify" for someone already in a valid cycle.
type statusScreen struct {
	p                   *page
	icon                *canvas.Image
	state, due, last    *widget.Label
	name                *widget.Label
	Done, CertifyAnyway *widget.Button
	buttons             *fyne.Container
	ui                  *UI
}

func newStatusScreen(ui *UI) *statusScreen {
	s := &statusScreen{
		icon:  statusIcon(iconGood),
		state: heading(""), due: line("", sizeBig, widget.HighImportance),
		last: body(""), name: body(""), ui: ui,
	}
	s.Done = bigButton(T("btn.done"), true, ui.flow.Cancel)
	s.CertifyAnyway = bigButton(T("btn.certify_anyway"), false, ui.flow.CertifyAnyway)
	s.buttons = buttonRow(s.Done, s.CertifyAnyway)
	content := container.NewVBox(container.NewCenter(sized(s.icon, 128, 128)), s.name, s.state, s.due, s.last)
	s.p = newPage(content, s.buttons)
	return s
}

func (s *statusScreen) page() *page { return s.p }
func (s *statusScreen) update(v kiosk.View) {
	st := v.Status
	if st == nil {
		return
	}
	setLine(s.name, v.MaskedName+"  "+v.MaskedID, widget.MediumImportance)
	key, kind := "status.valid", iconGood
	switch {
	case st.LastCertifiedAt.IsZero():
		key, kind = "status.never", iconWarn
	case st.PensionSuspended || st.State == kiosk.StateSuspended:
		key, kind = "status.suspended", iconBad
	case st.State == kiosk.StateOverdue:
		key, kind = "status.overdue", iconBad
	case st.State == kiosk.StateDueSoon:
		key, kind = "status.due_soon", iconWarn
	case v.Mode == kiosk.ModeCertify:
		key = "status.no_need"
	}
	setLine(s.state, T(key), importanceOf(kind))
	setIcon(s.icon, kind)
	if st.NextDueDate.IsZero() {
		s.due.Hide()
	} else {
		key := "status.next_due"
		if st.NextDueDate.Before(kiosk.DateOf(s.ui.now())) {
			key = "status.was_due" // a date in the past is not "next time"
		}
		setLine(s.due, T(key, date(st.NextDueDate)), widget.HighImportance)
		s.due.Show()
	}
	if st.LastCertifiedAt.IsZero() {
		s.last.Hide()
	} else {
		setLine(s.last, T("status.last", date(kiosk.DateOf(st.LastCertifiedAt)), channelName(st.LastChannel)), widget.MediumImportance)
		s.last.Show()
	}
	// Offer to certify when the person may want to: always in a certify
	// session, and from a status query when the cycle needs it.
	if v.Mode == kiosk.ModeCertify || st.NeedsCertification() {
		s.CertifyAnyway.SetText(T("btn.certify_anyway"))
		if st.NeedsCertification() {
			s.CertifyAnyway.SetText(T("btn.certify"))
		}
		showButton(s.CertifyAnyway, true)
	} else {
		showButton(s.CertifyAnyway, false)
	}
}
