package app

import (
	"image"
	"image/color"
	"image/draw"
	"sync"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/hainan-hrss/certkiosk/kiosk"
)

// previewInterval caps preview redraws at about 15 a second: smooth enough
// for a person to see themselves, cheap enough to leave the CPU to the
// face analysis.
const previewInterval = 66 * time.Millisecond

// hintRepeat is how long a spoken hint must have been said before the
// same or another hint is said: the camera's verdict can flicker between
// frames, and a voice that chatters is worse than none.
const hintRepeat = 3 * time.Second

// faceScreen shows the live camera view (the camera mirrors it, so it
// behaves like a mirror) inside an oval guide, with one large hint that
// follows the camera's verdict and a big countdown.
type faceScreen struct {
	ui        *UI
	p         *page
	hint      *widget.Label
	countdown *widget.Label
	preview   *canvas.Image
	oval      *canvas.Circle
	ok        *canvas.Image // a tick beside the oval: green alone is not a signal
	progress  *widget.ProgressBar
	Back      *widget.Button
	spoken    kiosk.Phrase
	spokenAt  time.Time

	// The camera goroutine writes the newest frame into pending; the UI
	// thread swaps it with shown. Stale frames are overwritten, never queued.
	mu          sync.Mutex
	pending     *image.RGBA
	pendingHint kiosk.FaceFrame
	shown       *image.RGBA
	scheduled   atomic.Bool
	lastDraw    time.Time
}

func newFaceScreen(ui *UI) *faceScreen {
	s := &faceScreen{ui: ui, hint: heading(T("face.title")), countdown: line("", theme.SizeNameHeadingText, widget.HighImportance),
		progress: widget.NewProgressBar(), ok: statusIcon(iconGood)}
	s.countdown.Wrapping = fyne.TextWrapOff
	s.progress.TextFormatter = func() string { return "" } // a percentage means nothing here
	s.Back = bigButton(T("btn.back"), false, ui.flow.Cancel)
	s.preview = canvas.NewImageFromImage(image.NewRGBA(image.Rect(0, 0, 4, 3)))
	s.preview.FillMode = canvas.ImageFillContain
	s.preview.ScaleMode = canvas.ImageScaleFastest
	s.oval = canvas.NewCircle(color.Transparent)
	s.oval.StrokeColor, s.oval.StrokeWidth = Look.OnPrimary, 8
	frame := container.NewStack(canvas.NewRectangle(Look.Text), s.preview,
		container.NewCenter(sized(s.oval, 300, 400)))
	s.ok.Hide()
	side := container.NewVBox(s.countdown, container.NewCenter(sized(s.ok, 144, 144)))
	content := container.NewVBox(s.hint,
		container.NewCenter(container.NewHBox(sized(spacer(1, 1), 420, 1), sized(frame, 640, 480),
			sized(container.NewCenter(side), 420, 480))),
		container.NewCenter(sized(s.progress, 640, 32)))
	s.p = newPage(content, buttonRow(s.Back))
	return s
}

func (s *faceScreen) page() *page { return s.p }
func (s *faceScreen) update(v kiosk.View) {
	if v.Step != kiosk.StepFace || s.ui.current == kiosk.StepFace {
		return // a new View on the same screen (a tap) keeps the hint
	}
	setLine(s.hint, T("face.title"), widget.MediumImportance)
	s.progress.SetValue(0)
	s.ok.Hide()
	s.spoken, s.spokenAt = kiosk.SayLookAtCamera, s.ui.now()
}

// tick shows the seconds left, large, beside the picture.
func (s *faceScreen) tick(left int) {
	setLine(s.countdown, T("face.countdown", left), widget.HighImportance)
}

// frame takes a camera frame on the camera's goroutine: it copies the
// preview (the camera reuses its buffer) and asks the UI thread to draw it,
// at most once per previewInterval; frames in between replace each other.
func (s *faceScreen) frame(fr kiosk.FaceFrame) {
	s.mu.Lock()
	if fr.Preview != nil {
		b := fr.Preview.Bounds()
		if s.pending == nil || s.pending.Bounds().Size() != b.Size() {
			s.pending = image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
		}
		draw.Draw(s.pending, s.pending.Bounds(), fr.Preview, b.Min, draw.Src)
	}
	s.pendingHint = kiosk.FaceFrame{OK: fr.OK, Hint: fr.Hint, Progress: fr.Progress, Action: fr.Action}
	wait := previewInterval - time.Since(s.lastDraw)
	s.mu.Unlock()
	if !s.scheduled.CompareAndSwap(false, true) {
		return // the scheduled draw will show this newer frame
	}
	if wait <= 0 {
		fyne.Do(s.draw)
		return
	}
	// Too soon after the last draw: draw later rather than drop the frame,
	// so the newest hint always reaches the screen even if frames stop.
	time.AfterFunc(wait, func() { fyne.Do(s.draw) })
}

// draw runs on the UI thread.
func (s *faceScreen) draw() {
	s.mu.Lock()
	s.pending, s.shown = s.shown, s.pending
	fr := s.pendingHint
	s.lastDraw = time.Now()
	s.mu.Unlock()
	s.scheduled.Store(false)
	if s.shown != nil {
		s.preview.Image = s.shown
		s.preview.Refresh()
	}
	if fr.Hint != "" {
		shown, phrase := hint(fr.Hint)
		setLine(s.hint, shown, widget.MediumImportance)
		s.speak(phrase)
	}
	if fr.OK {
		s.oval.StrokeColor = Look.Good
		s.ok.Show()
	} else {
		s.oval.StrokeColor = Look.OnPrimary
		s.ok.Hide()
	}
	s.oval.Refresh()
	s.progress.SetValue(fr.Progress)
}

// speak says a hint once the last one had time to be heard; the same hint
// is repeated less often.
func (s *faceScreen) speak(p kiosk.Phrase) {
	now := s.ui.now()
	since := now.Sub(s.spokenAt)
	if p == "" || since < hintRepeat || (p == s.spoken && since < 3*hintRepeat) {
		return // a hint that persists is said again, but not every second
	}
	s.spoken, s.spokenAt = p, now
	s.ui.say(p)
}
