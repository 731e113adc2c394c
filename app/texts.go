package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"
)

// VisibleTexts returns every visible text in the window, pop-ups included,
// in layout order: what a person can read. Tests and the end-to-end screen
// trace use it. Call it on the UI thread.
func VisibleTexts(w fyne.Window) []string {
	var out []string
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() {
			return
		}
		switch x := o.(type) {
		case *canvas.Text:
			if x.Text != "" {
				out = append(out, x.Text)
			}
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		case *widget.Button:
			out = append(out, x.Text)
		case *widget.Label:
			out = append(out, x.Text)
		case *widget.PopUp:
			walk(x.Content)
		}
	}
	walk(w.Content())
	for _, o := range w.Canvas().Overlays().List() {
		walk(o)
	}
	return out
}
