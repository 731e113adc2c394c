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
	"fyne.io/fyne/v2/widget"

	"github.com/hainan-hrss/certkiosk/kiosk"
)

// previewInterval caps preview redraws at about 15 a second: smooth enough
// for a person to see themselves, cheap enough to leave the CPU to the
// face analysis.
const previewInterval = 66 * time.Millisecond

// faceScreen shows the live, mirrored camera view inside an oval guide with
// one large hint that follows the camera's verdict.
type faceScreen struct {
	p        *page
	hint     *canvas.Text
	preview  *canvas.Image
	oval     *canvas.Circle
	progress *widget.ProgressBar
	Back     *widget.Button

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
	s := &faceScreen{hint: heading(T("face.title")), progress: widget.NewProgressBar()}
	s.Back = bigButton(T("btn.back"), false, ui.flow.Cancel)
	s.preview = canvas.NewImageFromImage(image.NewRGBA(image.Rect(0, 0, 4, 3)))
	s.preview.FillMode = canvas.ImageFillContain
	s.preview.ScaleMode = canvas.ImageScaleFastest
	s.oval = canvas.NewCircle(color.Transparent)
	s.oval.StrokeColor, s.oval.StrokeWidth = Look.OnPrimary, 8
	frame := container.NewStack(canvas.NewRectangle(Look.Text), s.preview,
		container.NewCenter(sized(s.oval, 300, 400)))
	content := container.NewVBox(s.hint, spacer(1, Look.Gap/2),
		container.NewCenter(sized(frame, 720, 540)),
		container.NewCenter(sized(s.progress, 720, 48)))
	s.p = newPage(content, buttonRow(s.Back))
	return s
}

func (s *faceScreen) page() *page { return s.p }
func (s *faceScreen) update(v kiosk.View) {
	if v.Step != kiosk.StepFace {
		return
	}
	setText(s.hint, T("face.title"), Look.Text)
	s.progress.SetValue(0)
}

// frame takes a camera frame on the camera's goroutine: it copies the
// preview (the camera reuses its buffer) and asks the UI thread to draw it,
// unless a draw is already scheduled or one happened very recently.
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
	due := time.Since(s.lastDraw) >= previewInterval
	s.mu.Unlock()
	if due && s.scheduled.CompareAndSwap(false, true) {
		fyne.Do(s.draw)
	}
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
		setText(s.hint, fr.Hint, Look.Text)
	}
	if fr.OK {
		s.oval.StrokeColor = Look.Good
	} else {
		s.oval.StrokeColor = Look.OnPrimary
	}
	s.oval.Refresh()
	s.progress.SetValue(fr.Progress)
}
