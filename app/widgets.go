package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"
)

// text makes a centred line of text in one of Look's sizes.
func text(s string, size float32, c color.Color) *canvas.Text {
	t := canvas.NewText(s, c)
	t.TextSize = size
	t.Alignment = fyne.TextAlignCenter
	return t
}

func heading(s string) *canvas.Text { return text(s, Look.HeadingSize, Look.Text) }
func body(s string) *canvas.Text    { return text(s, Look.BodySize, Look.Text) }

// setText changes a text line and redraws it.
func setText(t *canvas.Text, s string, c color.Color) {
	t.Text, t.Color = s, c
	t.Refresh()
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

// buttonRow lays buttons side by side, centred, Look.Gap apart.
func buttonRow(buttons ...*widget.Button) *fyne.Container {
	row := container.NewHBox(layout.NewSpacer())
	for i, b := range buttons {
		if i > 0 {
			row.Add(spacer(Look.Gap, 1))
		}
		row.Add(sized(b, Look.ButtonWidth, Look.ButtonHeight))
	}
	row.Add(layout.NewSpacer())
	return row
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
}

func newPage(content fyne.CanvasObject, buttons *fyne.Container) *page {
	p := &page{countdown: text("", Look.SmallSize, Look.OnPrimary)}
	p.countdown.Alignment = fyne.TextAlignTrailing
	title := text(T("app.title"), Look.TitleSize, Look.OnPrimary)
	title.Alignment = fyne.TextAlignLeading
	bar := container.NewStack(canvas.NewRectangle(Look.Primary),
		container.NewPadded(container.NewBorder(nil, nil, padLeft(title), padRight(p.countdown))))
	bottom := container.NewVBox(spacer(1, Look.Gap))
	if buttons != nil {
		bottom.Add(buttons)
	}
	bottom.Add(spacer(1, Look.Padding))
	centre := container.NewVBox(layout.NewSpacer(), content, layout.NewSpacer())
	p.root = container.NewBorder(bar, bottom, nil, nil, centre)
	return p
}

func padLeft(o fyne.CanvasObject) fyne.CanvasObject {
	return container.NewHBox(spacer(Look.Gap, 1), o)
}

func padRight(o fyne.CanvasObject) fyne.CanvasObject {
	return container.NewHBox(o, spacer(Look.Gap, 1))
}
