package app

import (
	"fmt"
	"image/color"
	"math"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// The accessibility rules (issue 6, beyond MIIT 2021 适老化), in pixels of a
// 1920×1080 screen at scale 1.
const (
	minMainText = 64  // the screen's main instruction
	minBodyText = 40  // every other text
	minContrast = 7.0 // WCAG AAA
	minTarget   = 120 // touch target side
	minGap      = 24  // between touch targets
)

// audit is what one screen measured.
type audit struct {
	screen               string
	minText, maxText     float32
	minContrast          float64
	minTarget            fyne.Size
	minGap               float32
	problems             []string
	texts, targets, gaps int
}

type rect struct{ x0, y0, x1, y1 float32 }

func (r rect) contains(x, y float32) bool { return x >= r.x0 && x <= r.x1 && y >= r.y0 && y <= r.y1 }

// gap is the distance between two rectangles (0 if they touch or overlap).
func (r rect) gap(o rect) float32 {
	dx := max(o.x0-r.x1, r.x0-o.x1, 0)
	dy := max(o.y0-r.y1, r.y0-o.y1, 0)
	return float32(math.Hypot(float64(dx), float64(dy)))
}

type fill struct {
	r rect
	c color.Color
}

// auditWindow walks everything visible in w, in drawing order, and checks
// text sizes, text contrast against what is drawn beneath, touch targets
// and that nothing lies outside the window (nothing to scroll to).
func auditWindow(name string, w fyne.Window, page fyne.CanvasObject) audit {
	a := audit{screen: name, minText: math.MaxFloat32, minContrast: math.MaxFloat64,
		minTarget: fyne.NewSize(math.MaxFloat32, math.MaxFloat32), minGap: math.MaxFloat32}
	win := fyne.NewSize(1920, 1080)
	if ms := page.MinSize(); ms.Width > win.Width+1 || ms.Height > win.Height+1 {
		a.problems = append(a.problems, fmt.Sprintf("content needs %v, window is %v", ms, win))
	}
	fills := []fill{{rect{0, 0, win.Width, win.Height}, Look.Background}}
	var targets, textRects, labelled []rect
	var walk func(o fyne.CanvasObject, off fyne.Position)
	walk = func(o fyne.CanvasObject, off fyne.Position) {
		if o == nil || !o.Visible() {
			return
		}
		p := off.Add(o.Position())
		s := o.Size()
		r := rect{p.X, p.Y, p.X + s.Width, p.Y + s.Height}
		if drawn(o) && s.Width > 0 && s.Height > 0 && (r.x0 < -1 || r.y0 < -1 || r.x1 > win.Width+1 || r.y1 > win.Height+1) {
			a.problems = append(a.problems, fmt.Sprintf("%T at %v+%v lies outside the window", o, p, s))
		}
		// The tap catcher behind each page covers the window: it is the
		// page's background, not a target beside the buttons.
		if t, ok := o.(fyne.Tappable); ok && !(s.Width >= 0.9*win.Width && s.Height >= 0.9*win.Height) {
			if d, ok := o.(fyne.Disableable); !ok || !d.Disabled() {
				targets = append(targets, r)
				// The staff corner is deliberately invisible over the
				// title: only targets a person can see must keep clear of text.
				if _, hidden := o.(*tapCatcher); !hidden {
					labelled = append(labelled, r)
				}
				a.minTarget = fyne.NewSize(min(a.minTarget.Width, s.Width), min(a.minTarget.Height, s.Height))
				if s.Width < minTarget || s.Height < minTarget {
					a.problems = append(a.problems, fmt.Sprintf("target %T %q is %v", t, label(o), s))
				}
			}
		}
		switch x := o.(type) {
		case *canvas.Rectangle:
			if _, _, _, al := x.FillColor.RGBA(); al == 0xffff {
				fills = append(fills, fill{r, x.FillColor})
			}
		case *canvas.Text:
			if strings.TrimSpace(x.Text) == "" {
				return
			}
			a.texts++
			textRects = append(textRects, r)
			a.minText, a.maxText = min(a.minText, x.TextSize), max(a.maxText, x.TextSize)
			if x.TextSize < minBodyText {
				a.problems = append(a.problems, fmt.Sprintf("text %q is %.0f px", x.Text, x.TextSize))
			}
			cx, cy := (r.x0+r.x1)/2, (r.y0+r.y1)/2
			bg := fills[0].c
			for _, f := range fills {
				if f.r.contains(cx, cy) {
					bg = f.c // the last one drawn under the text's centre
				}
			}
			c := contrast(x.Color, bg)
			a.minContrast = min(a.minContrast, c)
			if c < minContrast {
				a.problems = append(a.problems, fmt.Sprintf("text %q contrast %.1f:1", x.Text, c))
			}
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c, p)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(x).Objects() {
				walk(c, p)
			}
		}
	}
	walk(w.Content(), fyne.Position{})
	for _, o := range w.Canvas().Overlays().List() {
		walk(o, fyne.Position{})
	}
	for i := range targets {
		for j := i + 1; j < len(targets); j++ {
			g := targets[i].gap(targets[j])
			a.gaps++
			a.minGap = min(a.minGap, g)
			if g < minGap {
				a.problems = append(a.problems, fmt.Sprintf("targets %v and %v are %.0f px apart", targets[i], targets[j], g))
			}
		}
	}
	// A text overlapping a target it is not the label of is unreadable,
	// and a tap on it lands on the wrong thing.
	for _, tr := range textRects {
		cx, cy := (tr.x0+tr.x1)/2, (tr.y0+tr.y1)/2
		for _, g := range labelled {
			if !g.contains(cx, cy) && tr.x0 < g.x1 && g.x0 < tr.x1 && tr.y0 < g.y1 && g.y0 < tr.y1 {
				a.problems = append(a.problems, fmt.Sprintf("text at %v overlaps target %v", tr, g))
			}
		}
	}
	a.targets = len(targets)
	if a.maxText < minMainText {
		a.problems = append(a.problems, fmt.Sprintf("largest text is %.0f px: no main instruction ≥ %d px", a.maxText, minMainText))
	}
	return a
}

// drawn reports whether o puts something a person can see or tap on the
// screen (layout spacers and empty containers do not).
func drawn(o fyne.CanvasObject) bool {
	switch x := o.(type) {
	case *canvas.Text, *canvas.Image, *canvas.Circle, fyne.Tappable:
		return true
	case *canvas.Rectangle:
		_, _, _, a := x.FillColor.RGBA()
		return a > 0
	}
	return false
}

func label(o fyne.CanvasObject) string {
	if b, ok := o.(*widget.Button); ok {
		return b.Text
	}
	return ""
}

// contrast is the WCAG 2 contrast ratio of two opaque colours.
func contrast(a, b color.Color) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

func luminance(c color.Color) float64 {
	r, g, b, _ := color.NRGBAModel.Convert(c).RGBA()
	lin := func(v uint32) float64 {
		s := float64(v>>8) / 255
		if s <= 0.03928 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

func (a audit) row() string {
	gap, target := fmt.Sprintf("%.0f", a.minGap), fmt.Sprintf("%.0fx%.0f", a.minTarget.Width, a.minTarget.Height)
	if a.gaps == 0 {
		gap = "-"
	}
	if a.targets == 0 {
		target = "-"
	}
	return fmt.Sprintf("%-28s %6.0f %6.0f %8.1f %14s %6s %5d", a.screen, a.minText, a.maxText,
		a.minContrast, target, gap, len(a.problems))
}
