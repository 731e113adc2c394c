package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Keypad key size: well above 120×120 px, 24 px apart.
const keyW, keyH, keyGap = 180, 124, 24

// keypad is a number pad with a display line: the only way to type on the
// kiosk, so staff never need a keyboard and nothing needs a text field.
type keypad struct {
	value   string
	max     int
	secret  bool // show dots, for PINs
	display *widget.Label
	// Keys are the buttons by label: "0"–"9", "X" (ID numbers only) and "del".
	Keys map[string]*widget.Button
	obj  fyne.CanvasObject
	// changed is called after each key, e.g. to clear an error message.
	changed func()
}

func newKeypad(max int, secret, withX bool, changed func()) *keypad {
	k := &keypad{max: max, secret: secret, changed: changed, Keys: map[string]*widget.Button{},
		display: line("", theme.SizeNameHeadingText, widget.HighImportance)}
	k.display.Wrapping = fyne.TextWrapOff
	grid := container.New(&gapGrid{cols: 3, cell: fyne.NewSize(keyW, keyH), gap: keyGap})
	labels := []string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "", "0", "del"}
	if withX {
		labels[9] = "X"
	}
	for _, l := range labels {
		if l == "" {
			grid.Add(spacer(keyW, keyH))
			continue
		}
		text := l
		if l == "del" {
			text = T("btn.delete")
		}
		b := widget.NewButton(text, func() { k.press(l) })
		k.Keys[l] = b
		grid.Add(b)
	}
	k.obj = grid
	k.show()
	return k
}

func (k *keypad) press(key string) {
	switch {
	case key == "del":
		if k.value != "" {
			k.value = k.value[:len(k.value)-1]
		}
	case len(k.value) < k.max:
		k.value += key
	}
	k.show()
	if k.changed != nil {
		k.changed()
	}
}

// set replaces the value, e.g. to clear it.
func (k *keypad) set(v string) {
	k.value = v
	k.show()
}

func (k *keypad) show() {
	s := k.value
	if k.secret {
		s = strings.Repeat("●", len(s))
	}
	if s == "" {
		s = " "
	}
	k.display.SetText(s)
}

// gapGrid lays out fixed-size cells in cols columns with gap between them.
type gapGrid struct {
	cols int
	cell fyne.Size
	gap  float32
}

func (g *gapGrid) Layout(objs []fyne.CanvasObject, _ fyne.Size) {
	for i, o := range objs {
		r, c := i/g.cols, i%g.cols
		o.Move(fyne.NewPos(float32(c)*(g.cell.Width+g.gap), float32(r)*(g.cell.Height+g.gap)))
		o.Resize(g.cell)
	}
}

func (g *gapGrid) MinSize(objs []fyne.CanvasObject) fyne.Size {
	rows := (len(objs) + g.cols - 1) / g.cols
	return fyne.NewSize(float32(g.cols)*g.cell.Width+float32(g.cols-1)*g.gap,
		float32(rows)*g.cell.Height+float32(max(rows-1, 0))*g.gap)
}
