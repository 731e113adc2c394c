package app

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/hainan-hrss/certkiosk/kiosk"
)

// slowAfter is when the submitting screen says the service is slow.
const slowAfter = 8 * time.Second

// submittingScreen is the calm wait while the certification is sent.
type submittingScreen struct {
	ui      *UI
	p       *page
	slow    *widget.Label
	entered time.Time
}

func newSubmittingScreen(ui *UI) *submittingScreen {
	s := &submittingScreen{ui: ui, slow: body("")}
	bar := widget.NewProgressBarInfinite()
	s.p = newPage(container.NewVBox(heading(T("submit.title")), body(T("submit.body")),
		container.NewCenter(sized(bar, 800, 48)), s.slow), nil)
	return s
}

func (s *submittingScreen) page() *page { return s.p }
func (s *submittingScreen) update(v kiosk.View) {
	if s.ui.current != kiosk.StepSubmitting {
		s.slow.Hide()
		s.entered = s.ui.now()
	}
}

// tick says so when the service is slow.
func (s *submittingScreen) tick() {
	if !s.entered.IsZero() && s.ui.now().Sub(s.entered) > slowAfter && !s.slow.Visible() {
		setLine(s.slow, T("submit.slow"), widget.MediumImportance)
		s.slow.Show()
		s.p.root.Refresh()
		s.ui.say(phraseSlow)
	}
}

// resultScreen shows the outcome; for a pass, the next due date is the
// biggest thing on the screen.
type resultScreen struct {
	p                        *page
	icon                     *canvas.Image
	title, big, line1, line2 *widget.Label
	Done, Retry              *widget.Button
}

func newResultScreen(ui *UI) *resultScreen {
	s := &resultScreen{icon: statusIcon(iconGood), title: heading(""),
		big: line("", sizeBig, widget.HighImportance), line1: body(""), line2: body("")}
	s.Done = bigButton(T("btn.done"), true, ui.flow.Cancel)
	s.Retry = bigButton(T("btn.retry"), false, ui.flow.Retry)
	content := container.NewVBox(container.NewCenter(sized(s.icon, 120, 120)), s.title,
		s.big, s.line1, s.line2, body(T("take_card")))
	s.p = newPage(content, buttonRow(s.Done, s.Retry))
	return s
}

func (s *resultScreen) page() *page { return s.p }
func (s *resultScreen) update(v kiosk.View) {
	r := v.Result
	if r == nil {
		return
	}
	showButton(s.Retry, false)
	set := func(k iconKind, title, big, l1, l2 string) {
		setIcon(s.icon, k)
		setLine(s.title, title, importanceOf(k))
		setLine(s.big, big, widget.HighImportance)
		setLine(s.line1, l1, widget.MediumImportance)
		setLine(s.line2, l2, widget.MediumImportance)
		for _, l := range []*widget.Label{s.big, s.line1, s.line2} {
			setShown(l, l.Text != "")
		}
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
		set(iconGood, T("result.passed"), T("result.next_due", date(r.NextDueDate)), sms, resumed)
	case kiosk.OutcomeRejected:
		set(iconBad, T("result.rejected"), reasonText(r.ReasonCode, r.Message), T("result.rejected_next"), T("result.rejected_help"))
		showButton(s.Retry, true)
	case kiosk.OutcomeManualReview:
		set(iconInfo, T("result.review"), T("result.review_next"), T("result.review_sms"), "")
	case kiosk.OutcomeQueued:
		due := ""
		if !r.NextDueDate.IsZero() {
			due = T("result.queued_next", date(r.NextDueDate))
		}
		set(iconGood, T("result.queued"), due, T("result.queued_no_return"), "")
	}
}

// errorScreen explains a fault in plain words and what to do next.
type errorScreen struct {
	p             *page
	message, next *widget.Label
	card          *fyne.Container
	Back, Retry   *widget.Button
}

func newErrorScreen(ui *UI) *errorScreen {
	s := &errorScreen{message: heading(""), next: body("")}
	s.Back = bigButton(T("btn.back"), true, ui.flow.Cancel)
	s.Retry = bigButton(T("btn.retry"), false, ui.flow.Retry)
	pic, _ := cardPicture()
	s.card = container.NewStack(pic)
	content := container.NewVBox(container.NewCenter(sized(statusIcon(iconWarn), 144, 144)),
		s.message, s.next, s.card)
	s.p = newPage(content, buttonRow(s.Back, s.Retry))
	return s
}

func (s *errorScreen) page() *page { return s.p }
func (s *errorScreen) update(v kiosk.View) {
	msg, next := errorText(v.Err)
	setLine(s.message, msg, widget.WarningImportance)
	setLine(s.next, next, widget.MediumImportance)
	code := kiosk.CodeOf(v.Err)
	// A card that did not read: show again how to place it.
	setShown(s.card, code == kiosk.ErrCardUnreadable)
	// Retrying helps when the card is known and the fault may pass.
	switch code {
	case kiosk.ErrCameraFault, kiosk.ErrNoGoodFace, kiosk.ErrServiceUnreachable, kiosk.ErrBadAnswer:
		if v.MaskedID != "" {
			showButton(s.Retry, true)
			return
		}
	}
	showButton(s.Retry, false)
}
