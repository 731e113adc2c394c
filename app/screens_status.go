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
	state, due, last    *canvas.Text
	name                *canvas.Text
	Done, CertifyAnyway *widget.Button
	buttons             *fyne.Container
}

func newStatusScreen(ui *UI) *statusScreen {
	s := &statusScreen{
		icon:  statusIcon(iconGood),
		state: heading(""), due: text("", Look.HeadingSize, Look.Primary),
		last: body(""), name: text("", Look.BodySize, Look.Muted),
	}
	s.Done = bigButton(T("btn.done"), true, ui.flow.Cancel)
	s.CertifyAnyway = bigButton(T("btn.certify_anyway"), false, ui.flow.CertifyAnyway)
	s.buttons = buttonRow(s.Done, s.CertifyAnyway)
	content := container.NewVBox(container.NewCenter(sized(s.icon, 128, 128)), s.name, s.state,
		spacer(1, Look.Gap), s.due, s.last)
	s.p = newPage(content, s.buttons)
	return s
}

func (s *statusScreen) page() *page { return s.p }
func (s *statusScreen) update(v kiosk.View) {
	st := v.Status
	if st == nil {
		return
	}
	setText(s.name, v.MaskedName+"  "+v.MaskedID, Look.Muted)
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
	setText(s.state, T(key), colourOf(kind))
	setIcon(s.icon, kind)
	if st.NextDueDate.IsZero() {
		setText(s.due, "", Look.Primary)
	} else {
		setText(s.due, T("status.next_due", st.NextDueDate.Chinese()), Look.Primary)
	}
	if st.LastCertifiedAt.IsZero() {
		setText(s.last, "", Look.Text)
	} else {
		ch := channelNames[st.LastChannel]
		setText(s.last, T("status.last", kiosk.DateOf(st.LastCertifiedAt).Chinese(), ch), Look.Text)
	}
	// Offer to certify when the person may want to: always in a certify
	// session, and from a status query when the cycle needs it.
	if v.Mode == kiosk.ModeCertify || st.NeedsCertification() {
		s.CertifyAnyway.SetText(T("btn.certify_anyway"))
		if st.NeedsCertification() {
			s.CertifyAnyway.SetText(T("btn.certify"))
		}
		s.CertifyAnyway.Show()
	} else {
		s.CertifyAnyway.Hide()
	}
}
