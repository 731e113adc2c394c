package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
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

// idleScreen invites the person to place a card or choose what to do.
type idleScreen struct {
	p              *page
	notice         *canvas.Text
	Certify, Check *widget.Button
}

func newIdleScreen(ui *UI) *idleScreen {
	s := &idleScreen{notice: text("", Look.BodySize, Look.Warn)}
	s.Certify = bigButton(T("btn.certify"), true, ui.flow.StartCertify)
	s.Check = bigButton(T("btn.status"), false, ui.flow.StartStatusQuery)
	content := container.NewVBox(
		heading(T("idle.headline")),
		spacer(1, Look.Gap),
		cardPicture(),
		spacer(1, Look.Gap),
		body(T("idle.purpose")),
		text(T("idle.hint"), Look.BodySize, Look.Muted),
		s.notice,
	)
	s.p = newPage(content, buttonRow(s.Certify, s.Check))
	return s
}

func (s *idleScreen) page() *page { return s.p }
func (s *idleScreen) update(v kiosk.View) {
	setText(s.notice, v.Notice, Look.Warn)
}

// waitCardScreen asks for the card after the person chose what to do.
type waitCardScreen struct {
	p     *page
	title *canvas.Text
	Back  *widget.Button
}

func newWaitCardScreen(ui *UI) *waitCardScreen {
	s := &waitCardScreen{title: heading("")}
	s.Back = bigButton(T("btn.back"), false, ui.flow.Cancel)
	content := container.NewVBox(s.title, spacer(1, Look.Gap), cardPicture(), spacer(1, Look.Gap),
		text(T("wait.hint"), Look.BodySize, Look.Muted))
	s.p = newPage(content, buttonRow(s.Back))
	return s
}

func (s *waitCardScreen) page() *page { return s.p }
func (s *waitCardScreen) update(v kiosk.View) {
	key := "wait.certify"
	if v.Mode == kiosk.ModeStatus {
		key = "wait.status"
	}
	setText(s.title, T(key), Look.Text)
}

// cardReadScreen confirms whose card was read while the status is fetched.
type cardReadScreen struct {
	p        *page
	name, id *canvas.Text
	Back     *widget.Button
}

func newCardReadScreen(ui *UI) *cardReadScreen {
	s := &cardReadScreen{name: heading(""), id: text("", Look.HeadingSize, Look.Text)}
	s.Back = bigButton(T("btn.back"), false, ui.flow.Cancel)
	bar := widget.NewProgressBarInfinite()
	content := container.NewVBox(body(T("card.read")), spacer(1, Look.Gap), s.name, s.id,
		spacer(1, Look.Gap), body(T("card.checking")), container.NewCenter(sized(bar, 800, 40)))
	s.p = newPage(content, buttonRow(s.Back))
	return s
}

func (s *cardReadScreen) page() *page { return s.p }
func (s *cardReadScreen) update(v kiosk.View) {
	setText(s.name, v.MaskedName, Look.Text)
	setText(s.id, v.MaskedID, Look.Text)
}

// cardPicture draws a card sliding onto the reader: the one picture a
// person who cannot read still understands.
func cardPicture() fyne.CanvasObject {
	reader := canvas.NewRectangle(Look.Surface)
	reader.StrokeColor, reader.StrokeWidth, reader.CornerRadius = Look.Muted, 4, 16
	reader.SetMinSize(fyne.NewSize(420, 120))
	card := canvas.NewRectangle(Look.Primary)
	card.CornerRadius = 12
	card.SetMinSize(fyne.NewSize(260, 160))
	arrow := container.NewCenter(sized(canvas.NewImageFromResource(theme.NewPrimaryThemedResource(theme.MoveDownIcon())), 96, 96))
	label := text("身份证", Look.SmallSize, Look.OnPrimary)
	return container.NewCenter(container.NewVBox(
		container.NewCenter(container.NewStack(card, container.NewCenter(label))),
		arrow,
		container.NewCenter(container.NewStack(reader, container.NewCenter(text("读卡区", Look.SmallSize, Look.Text)))),
	))
}
