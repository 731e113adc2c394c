package app

import (
	"time"

	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/hainan-hrss/certkiosk/kiosk"
)

// submittingScreen is the calm wait while the certification is sent.
type submittingScreen struct {
	p       *page
	slow    *canvas.Text
	entered time.Time
	now     func() time.Time
}

func newSubmittingScreen(ui *UI) *submittingScreen {
	s := &submittingScreen{slow: body(""), now: ui.now}
	bar := widget.NewProgressBarInfinite()
	s.p = newPage(container.NewVBox(heading(T("submit.title")), spacer(1, Look.Gap),
		container.NewCenter(sized(bar, 800, 48)), s.slow), nil)
	return s
}

func (s *submittingScreen) page() *page { return s.p }
func (s *submittingScreen) update(v kiosk.View) {
	setText(s.slow, "", Look.Muted)
	s.entered = s.now()
}

// tick says so when the service is slow.
func (s *submittingScreen) tick() {
	if !s.entered.IsZero() && s.now().Sub(s.entered) > 8*time.Second && s.slow.Text == "" {
		setText(s.slow, T("submit.slow"), Look.Muted)
	}
}

// resultScreen shows the outcome; for a pass, the next due date is the
// biggest thing on the screen.
type resultScreen struct {
	p                        *page
	icon                     *canvas.Image
	title, big, line1, line2 *canvas.Text
	Done, Retry              *widget.Button
}

func newResultScreen(ui *UI) *resultScreen {
	s := &resultScreen{icon: statusIcon(iconGood), title: heading(""),
		big: text("", Look.HeadingSize, Look.Primary), line1: body(""), line2: body("")}
	s.Done = bigButton(T("btn.done"), true, ui.flow.Cancel)
	s.Retry = bigButton(T("btn.retry"), false, ui.flow.Retry)
	content := container.NewVBox(container.NewCenter(sized(s.icon, 160, 160)), s.title,
		spacer(1, Look.Gap), s.big, s.line1, s.line2, text(T("take_card"), Look.BodySize, Look.Muted))
	s.p = newPage(content, buttonRow(s.Done, s.Retry))
	return s
}

func (s *resultScreen) page() *page { return s.p }
func (s *resultScreen) update(v kiosk.View) {
	r := v.Result
	if r == nil {
		return
	}
	s.Retry.Hide()
	set := func(k iconKind, title, big, l1, l2 string) {
		setIcon(s.icon, k)
		setText(s.title, title, colourOf(k))
		setText(s.big, big, Look.Primary)
		setText(s.line1, l1, Look.Text)
		setText(s.line2, l2, Look.Text)
	}
	switch r.Outcome {
	case kiosk.OutcomePassed:
		sms := T("result.sms_not_sent")
		if r.SMSSent {
			sms = T("result.sms_sent")
		}
		resumed := ""
		if r.PensionResumed {
			resumed = T("result.resumed")
		}
		set(iconGood, T("result.passed"), T("result.next_due", r.NextDueDate.Chinese()), sms, resumed)
	case kiosk.OutcomeRejected:
		set(iconBad, T("result.rejected"), reasonText(r.ReasonCode, r.Message), T("result.rejected_next"), "")
		s.Retry.Show()
	case kiosk.OutcomeManualReview:
		set(iconInfo, T("result.review"), T("result.review_next"), "", "")
	case kiosk.OutcomeQueued:
		set(iconGood, T("result.queued"), T("result.queued_next", r.NextDueDate.Chinese()), "", "")
	}
}

// errorScreen explains a fault in plain words and what to do next.
type errorScreen struct {
	p             *page
	message, next *canvas.Text
	Back, Retry   *widget.Button
}

func newErrorScreen(ui *UI) *errorScreen {
	s := &errorScreen{message: heading(""), next: body("")}
	s.Back = bigButton(T("btn.back"), true, ui.flow.Cancel)
	s.Retry = bigButton(T("btn.retry"), false, ui.flow.Retry)
	content := container.NewVBox(container.NewCenter(sized(statusIcon(iconWarn), 160, 160)),
		s.message, spacer(1, Look.Gap), s.next)
	s.p = newPage(content, buttonRow(s.Back, s.Retry))
	return s
}

func (s *errorScreen) page() *page { return s.p }
func (s *errorScreen) update(v kiosk.View) {
	msg, next := kiosk.ScreenText(v.Err)
	setText(s.message, T("error.title", msg), Look.Warn)
	setText(s.next, next, Look.Text)
	// Retrying helps when the card is known and the fault may pass.
	switch kiosk.CodeOf(v.Err) {
	case kiosk.ErrCameraFault, kiosk.ErrNoGoodFace, kiosk.ErrServiceUnreachable, kiosk.ErrBadAnswer:
		if v.MaskedID != "" {
			s.Retry.Show()
			return
		}
	}
	s.Retry.Hide()
}
