package app

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/hainan-hrss/certkiosk/kiosk"
)

// screen is one step's page. update is called on the UI thread with every
// new View while the screen shows.
type screen interface {
	page() *page
	update(v kiosk.View)
}

// animated is a screen with a moving picture, run only while it shows.
type animated interface{ animation() *fyne.Animation }

// idleScreen invites the person to place a card or choose what to do.
type idleScreen struct {
	p                        *page
	notice                   *widget.Label
	Certify, Check, Language *widget.Button
	// StaffMenu shows only while a staff member is signed in.
	StaffMenu *widget.Button
	anim      *fyne.Animation
	ui        *UI
}

func newIdleScreen(ui *UI) *idleScreen {
	s := &idleScreen{notice: line("", theme.SizeNameText, widget.WarningImportance)}
	s.Certify = bigButton(T("btn.certify"), true, ui.flow.StartCertify)
	s.Check = bigButton(T("btn.status"), false, ui.flow.StartStatusQuery)
	s.Language = bigButton(T("btn.language"), false, ui.toggleLanguage)
	s.StaffMenu = bigButton(T("btn.staff_menu"), false, ui.showStaffHome)
	pic, anim := cardPicture()
	s.anim = anim
	s.ui = ui
	// The language switch sits apart from the two big choices, at the top
	// right, so it is not mistaken for a third way to certify.
	lang := container.NewHBox(layout.NewSpacer(), sized(s.Language, max(240, s.Language.MinSize().Width+2*Look.Gap), 124))
	content := container.NewVBox(
		lang,
		heading(T("idle.headline")),
		pic,
		body(T("idle.purpose")),
		s.notice,
	)
	s.p = newPage(content, buttonRow(s.Certify, s.Check, s.StaffMenu))
	return s
}

func (s *idleScreen) page() *page                { return s.p }
func (s *idleScreen) animation() *fyne.Animation { return s.anim }
func (s *idleScreen) update(v kiosk.View) {
	showButton(s.StaffMenu, s.ui.staffID != "")
	if v.Notice != "" {
		setLine(s.notice, T("idle.notice", v.Notice), widget.WarningImportance)
		s.notice.Show()
	} else {
		s.notice.Hide()
	}
}

// waitCardScreen asks for the card after the person chose what to do.
type waitCardScreen struct {
	p     *page
	title *widget.Label
	Back  *widget.Button
	anim  *fyne.Animation
}

func newWaitCardScreen(ui *UI) *waitCardScreen {
	s := &waitCardScreen{title: heading("")}
	s.Back = bigButton(T("btn.back"), false, ui.flow.Cancel)
	pic, anim := cardPicture()
	s.anim = anim
	content := container.NewVBox(s.title, pic, body(T("wait.hint")))
	s.p = newPage(content, buttonRow(s.Back))
	return s
}

func (s *waitCardScreen) page() *page                { return s.p }
func (s *waitCardScreen) animation() *fyne.Animation { return s.anim }
func (s *waitCardScreen) update(v kiosk.View) {
	key := "wait.certify"
	if v.Mode == kiosk.ModeStatus {
		key = "wait.status"
	}
	setLine(s.title, T(key), widget.MediumImportance)
}

// cardReadScreen confirms whose card was read while the status is fetched.
type cardReadScreen struct {
	p        *page
	name, id *widget.Label
	Back     *widget.Button
}

func newCardReadScreen(ui *UI) *cardReadScreen {
	s := &cardReadScreen{name: heading(""), id: heading("")}
	s.Back = bigButton(T("btn.back"), false, ui.flow.Cancel)
	bar := widget.NewProgressBarInfinite()
	content := container.NewVBox(body(T("card.read")), s.name, s.id,
		body(T("card.checking")), container.NewCenter(sized(bar, 800, 40)))
	s.p = newPage(content, buttonRow(s.Back))
	return s
}

func (s *cardReadScreen) page() *page { return s.p }
func (s *cardReadScreen) update(v kiosk.View) {
	name := v.MaskedName
	if name == "" {
		name = T("card.no_name") // typed in by staff: the keypad has no name
	}
	setLine(s.name, name, widget.MediumImportance)
	setLine(s.id, v.MaskedID, widget.MediumImportance)
}

// cardPicture draws a card sliding onto the reader: the one picture a
// person who cannot read still understands. The animation (not started)
// slides the card down onto the reader again and again.
func cardPicture() (fyne.CanvasObject, *fyne.Animation) {
	const w, h = 640.0, 270.0
	reader := canvas.NewRectangle(Look.Surface)
	reader.StrokeColor, reader.StrokeWidth, reader.CornerRadius = Look.Muted, 4, 16
	reader.Resize(fyne.NewSize(440, 110))
	reader.Move(fyne.NewPos((w-440)/2, h-110))
	readerLabel := text(T("picture.reader"), Look.SmallSize, Look.Text)
	readerLabel.Resize(fyne.NewSize(440, 60))
	readerLabel.Move(fyne.NewPos((w-440)/2, h-110+50))

	card := canvas.NewRectangle(Look.Primary)
	card.CornerRadius = 12
	card.StrokeColor, card.StrokeWidth = Look.Text, 3
	cardLabel := text(T("picture.card"), Look.SmallSize, Look.OnPrimary)
	cardBox := container.NewStack(card, container.NewCenter(cardLabel))
	cardBox.Resize(fyne.NewSize(250, 150))
	top, bottom := fyne.NewPos((w-250)/2, 0), fyne.NewPos((w-250)/2, h-150-30)
	cardBox.Move(top)

	arrow := canvas.NewImageFromResource(theme.NewPrimaryThemedResource(theme.MoveDownIcon()))
	arrow.Resize(fyne.NewSize(96, 96))
	arrow.Move(fyne.NewPos(w-150, 60))

	pic := container.NewWithoutLayout(reader, readerLabel, arrow, cardBox)
	a := canvas.NewPositionAnimation(top, bottom, 1600*time.Millisecond, cardBox.Move)
	a.AutoReverse, a.RepeatCount, a.Curve = true, fyne.AnimationRepeatForever, fyne.AnimationEaseInOut
	return container.NewCenter(sized(pic, w, h)), a
}
