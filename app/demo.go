package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"
)

// DemoCard is one simulated card a demo visitor can place on the reader.
type DemoCard struct {
	Label string // what happens with this card, e.g. 首次认证
	Name  string // the fictional holder's masked name
}

// Demo connects the demo control to the simulated reader.
type Demo struct {
	Cards  []DemoCard
	Place  func(i int) // put Cards[i] on the reader
	Remove func()      // take the card off the reader
}

// demoPanel is a small corner button that opens a card picker. It exists
// only in demo mode.
type demoPanel struct {
	ui     *UI
	demo   *Demo
	Button *widget.Button
	popup  *widget.PopUp
	// CardButtons are the picker's buttons, one per card, while it is open.
	CardButtons []*widget.Button
}

func newDemoPanel(ui *UI, d *Demo) *demoPanel {
	p := &demoPanel{ui: ui, demo: d}
	p.Button = widget.NewButton(T("demo.button"), p.open)
	p.Button.Importance = widget.LowImportance
	return p
}

// corner places the demo button at the bottom-right corner, out of the way
// of the flow's own buttons.
func (p *demoPanel) corner() fyne.CanvasObject {
	return container.NewVBox(layout.NewSpacer(),
		container.NewHBox(layout.NewSpacer(), p.Button))
}

func (p *demoPanel) open() {
	grid := container.NewGridWithColumns(3)
	p.CardButtons = nil
	for i, c := range p.demo.Cards {
		i := i
		b := widget.NewButton(c.Label+"  "+c.Name, func() {
			p.popup.Hide()
			p.demo.Place(i)
		})
		p.CardButtons = append(p.CardButtons, b)
		grid.Add(sized(b, 520, 120))
	}
	remove := widget.NewButton(T("demo.remove"), func() { p.popup.Hide(); p.demo.Remove() })
	closeBtn := widget.NewButton(T("demo.close"), func() { p.popup.Hide() })
	content := container.NewVBox(body(T("demo.title")), grid,
		container.NewHBox(layout.NewSpacer(), sized(remove, 400, 120), sized(closeBtn, 400, 120), layout.NewSpacer()))
	p.popup = widget.NewModalPopUp(container.NewPadded(content), p.ui.win.Canvas())
	p.popup.Show()
}

// Open shows the card picker, for tests and the demo's keyboard shortcut.
func (p *demoPanel) Open() { p.open() }
