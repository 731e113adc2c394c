package main

import (
	"context"
	"fmt"
	"image"
	"image/color"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/hainan-hrss/certkiosk/camera"
	"github.com/hainan-hrss/certkiosk/kiosk"
)

func init() {
	register(command{name: "camera-test", summary: "show the live camera with the face overlay, hints and fps", run: runCameraTest})
}

func runCameraTest(args []string) int {
	fs := newFlags("camera-test", "[--source SOURCE] [--size WxH] [--for DURATION]",
		"Opens the camera and shows its mirrored preview with the face analysis drawn\n"+
			"over it (box and keypoints: green when the frame passes every gate), the hint\n"+
			"the kiosk would show, the pose and the analysed frames per second. For\n"+
			"technicians checking a camera's placement and light.")
	source := fs.String("source", "0", `camera: V4L2 index, /dev/videoN, a video file, an image directory, or "demo"`)
	size := fs.String("size", "640x480", "frame size to ask the webcam for")
	dur := fs.Duration("for", 0, "close after this long (0: when the window closes)")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	var w, h int
	if _, err := fmt.Sscanf(*size, "%dx%d", &w, &h); err != nil || w <= 0 || h <= 0 {
		fmt.Fprintf(os.Stderr, "camera-test: bad --size %q, want e.g. 1280x720\n", *size)
		return 2
	}
	// An endless window and timeout: the capture never completes, it just
	// keeps analysing frames for the preview.
	cam, err := camera.Open(*source, camera.WithFrameSize(w, h), camera.WithWindow(time.Hour, 1<<30),
		camera.WithDefaultTimeout(24*time.Hour))
	if err != nil {
		fmt.Fprintln(os.Stderr, "camera-test:", err)
		return 1
	}
	defer cam.Close()

	a := fyneapp.NewWithID("cn.gov.hainan.hrss.certkiosk.cameratest")
	win := a.NewWindow("certkiosk camera-test: " + *source)
	view := canvas.NewImageFromImage(image.NewRGBA(image.Rect(0, 0, w, h)))
	view.FillMode = canvas.ImageFillContain
	view.SetMinSize(fyne.NewSize(640, 480))
	info := widget.NewLabel("opening " + *source + " …")
	win.SetContent(container.NewBorder(nil, info, nil, nil, view))

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if *dur > 0 {
		time.AfterFunc(*dur, func() { fyne.Do(a.Quit) })
	}
	go func() {
		_, err := cam.CaptureFace(ctx, kiosk.CaptureOptions{}, overlay(view, info))
		if err != nil && ctx.Err() == nil {
			fyne.Do(func() { info.SetText("camera error: " + err.Error()) })
		}
	}()
	win.ShowAndRun()
	return 0
}

// overlay returns the frame callback: it draws into one of two buffers and
// hands it to the UI, dropping frames while the UI is still busy with the
// last one, so nothing queues up behind a slow screen.
func overlay(view *canvas.Image, info *widget.Label) func(kiosk.FaceFrame) {
	var bufs [2]*image.RGBA
	var next int
	var busy atomic.Bool
	var frames int
	start := time.Now()
	return func(f kiosk.FaceFrame) {
		frames++
		if busy.Load() {
			return
		}
		src, ok := f.Preview.(*image.RGBA)
		if !ok {
			return
		}
		b := bufs[next]
		if b == nil || b.Rect != src.Rect {
			b = image.NewRGBA(src.Rect)
			bufs[next] = b
		}
		next = 1 - next
		copy(b.Pix, src.Pix)
		c := color.RGBA{255, 140, 0, 255}
		if f.OK {
			c = color.RGBA{0, 220, 0, 255}
		}
		text := fmt.Sprintf("%.1f fps  %s  [%s]", float64(frames)/time.Since(start).Seconds(), f.Hint, strings.Join(f.Reasons, " "))
		for _, face := range f.Faces {
			box(b, face.Rect, c)
			for _, k := range face.Keypoints {
				box(b, image.Rect(k.X-2, k.Y-2, k.X+3, k.Y+3), c)
			}
			text += fmt.Sprintf("  score %.2f yaw %+.0f° roll %+.0f° pitch %+.0f°", face.Score, face.Yaw, face.Roll, face.Pitch)
		}
		busy.Store(true)
		fyne.Do(func() {
			view.Image = b
			view.Refresh()
			info.SetText(text)
			busy.Store(false)
		})
	}
}

// box draws a 2-pixel rectangle outline.
func box(img *image.RGBA, r image.Rectangle, c color.RGBA) {
	r = r.Intersect(img.Rect)
	for x := r.Min.X; x < r.Max.X; x++ {
		for _, y := range []int{r.Min.Y, r.Min.Y + 1, r.Max.Y - 2, r.Max.Y - 1} {
			img.SetRGBA(x, y, c)
		}
	}
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for _, x := range []int{r.Min.X, r.Min.X + 1, r.Max.X - 2, r.Max.X - 1} {
			img.SetRGBA(x, y, c)
		}
	}
}
