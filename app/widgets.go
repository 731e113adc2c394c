package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// sizeBig is the theme size of the one huge line of a result (the next due
// date): the thing a person came for.
const sizeBig fyne.ThemeSizeName = "kiosk.big"

// text makes a centred, single line of drawn text; used where the colour
// must not follow the theme (the title bar, the card picture).
func text(s string, size float32, c color.Color) *canvas.Text {
	t := canvas.NewText(s, c)
	t.TextSize = size
	t.Alignment = fyne.TextAlignCenter
	return t
}

// setText changes a drawn text line and redraws it.
func setText(t *canvas.Text, s string, c color.Color) {
	t.Text, t.Color = s, c
	t.Refresh()
}

// line makes a centred, word-wrapping label: long sentences (and English)
// wrap instead of running off the screen, so nothing ever scrolls.
func line(s string, size fyne.ThemeSizeName, imp widget.Importance) *widget.Label {
	l := widget.NewLabel(s)
	l.Alignment = fyne.TextAlignCenter
	l.Wrapping = fyne.TextWrapWord
	l.SizeName = size
	l.Importance = imp
	return l
}

// heading is a screen's main instruction (Look.HeadingSize).
func heading(s string) *widget.Label {
	return line(s, theme.SizeNameHeadingText, widget.MediumImportance)
}

// body is an explanation (Look.BodySize).
func body(s string) *widget.Label { return line(s, theme.SizeNameText, widget.MediumImportance) }

// setLine changes a label's text and colour.
func setLine(l *widget.Label, s string, imp widget.Importance) {
	l.Text, l.Importance = s, imp
	l.Refresh()
}

// bigButton is a button at least Look.ButtonWidth × Look.ButtonHeight, far
// beyond the 120×120 px minimum for unsteady hands.
func bigButton(label string, primary bool, tap func()) *widget.Button {
	b := widget.NewButton(label, tap)
	if primary {
		b.Importance = widget.HighImportance
	}
	return b
}

// sized pins an object to a minimum size.
func sized(o fyne.CanvasObject, w, h float32) fyne.CanvasObject {
	return container.NewGridWrap(fyne.NewSize(w, h), o)
}

// buttonRow lays buttons side by side, centred, Look.Gap apart; each is
// at least Look.ButtonWidth wide and wider if its label needs it.
func buttonRow(buttons ...*widget.Button) *fyne.Container {
	r := &row{box: container.NewHBox(), buttons: buttons, shown: map[*widget.Button]bool{}}
	for _, b := range buttons {
		w := max(Look.ButtonWidth, b.MinSize().Width+2*Look.Gap)
		r.cells = append(r.cells, sized(b, w, Look.ButtonHeight))
		r.shown[b] = !b.Hidden
		rows[b] = r
	}
	r.lay()
	return r.box
}

// row is a buttonRow: hiding a button takes its cell out of the row, so the
// others stay centred. (Hiding a cell in place made the GL driver drop the
// whole row from the screen.)
type row struct {
	box     *fyne.Container
	buttons []*widget.Button
	cells   []fyne.CanvasObject
	shown   map[*widget.Button]bool
}

func (r *row) lay() {
	objs := []fyne.CanvasObject{layout.NewSpacer()}
	for i, b := range r.buttons {
		if !r.shown[b] {
			continue
		}
		if len(objs) > 1 {
			objs = append(objs, spacer(Look.Gap, 1))
		}
		objs = append(objs, r.cells[i])
	}
	r.box.Objects = append(objs, layout.NewSpacer())
	r.box.Refresh()
}

// rows finds the row of a button made by buttonRow (UI thread only).
var rows = map[*widget.Button]*row{}

// showButton shows or hides a button in its row.
func showButton(b *widget.Button, show bool) {
	b.Hidden = !show // for tests; the row decides what is on screen
	if r := rows[b]; r != nil && r.shown[b] != show {
		r.shown[b] = show
		r.lay()
	}
}

// setShown shows or hides o through its methods: the GL driver does not
// notice a Hidden field changed behind its back.
func setShown(o fyne.CanvasObject, show bool) {
	if show {
		o.Show()
	} else {
		o.Hide()
	}
}

// spacer is an empty, fixed-size gap.
func spacer(w, h float32) fyne.CanvasObject {
	r := canvas.NewRectangle(color.Transparent)
	r.SetMinSize(fyne.NewSize(w, h))
	return r
}

// page is the frame of every screen: a title bar with the countdown, the
// screen's content centred, and its buttons at the bottom.
type page struct {
	root      *fyne.Container
	countdown *canvas.Text
	assisted  *canvas.Text // "staff 1001 assisting" in assisted mode
}

func newPage(content fyne.CanvasObject, buttons *fyne.Container) *page {
	p := &page{countdown: text("", Look.SmallSize, Look.OnPrimary), assisted: text("", Look.SmallSize, Look.OnPrimary)}
	p.countdown.Alignment = fyne.TextAlignTrailing
	title := text(T("app.title"), Look.TitleSize, Look.OnPrimary)
	title.Alignment = fyne.TextAlignLeading
	bar := container.NewStack(canvas.NewRectangle(Look.Primary),
		container.NewPadded(container.NewBorder(nil, nil, padLeft(title), padRight(p.countdown), p.assisted)))
	bottom := container.NewVBox(spacer(1, Look.Gap))
	if buttons != nil {
		bottom.Add(buttons)
	}
	bottom.Add(spacer(1, Look.Padding))
	centre := container.NewVBox(layout.NewSpacer(), content, layout.NewSpacer())
	p.root = container.NewBorder(bar, bottom, nil, nil, container.NewPadded(centre))
	return p
}

func padLeft(o fyne.CanvasObject) fyne.CanvasObject {
	return container.NewHBox(spacer(Look.Gap, 1), o)
}

func padRight(o fyne.CanvasObject) fyne.CanvasObject {
	return container.NewHBox(o, spacer(Look.Gap, 1))
}
