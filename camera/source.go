package camera

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"gocv.io/x/gocv"
)

// Source delivers BGR frames. The pump calls Open, then Read until it
// fails, then Close, and Open again to recover.
type Source interface {
	Name() string // for logs and error messages, e.g. /dev/video0
	Open() error
	// Read fills dst with the next frame, blocking until there is one. It
	// returns io.EOF at the end of a file that does not loop.
	Read(dst *gocv.Mat) error
	Close() error
	// FPS is the rate to play a file at; 0 for live devices, which pace
	// themselves.
	FPS() float64
}

// ErrMissing wraps the error of a device that is not there (unplugged).
var ErrMissing = errors.New("camera: device missing")

// Device is a V4L2 webcam by index (0) or path (/dev/video0).
type Device struct {
	Path          string // /dev/videoN; empty to use Index
	Index         int
	Width, Height int // requested frame size; 0 keeps the driver's
	vc            *gocv.VideoCapture
}

// Name returns the device path.
func (d *Device) Name() string {
	if d.Path != "" {
		return d.Path
	}
	return "/dev/video" + strconv.Itoa(d.Index)
}

// Open opens the device; a missing device node gives an error wrapping
// ErrMissing.
func (d *Device) Open() error {
	if _, err := os.Stat(d.Name()); err != nil {
		return fmt.Errorf("%w: %s: %v", ErrMissing, d.Name(), err)
	}
	var target any = d.Index
	if d.Path != "" {
		target = d.Path
	}
	vc, err := gocv.OpenVideoCaptureWithAPI(target, gocv.VideoCaptureV4L2)
	if err != nil {
		if vc != nil {
			vc.Close()
		}
		return fmt.Errorf("camera: open %s: %w", d.Name(), err)
	}
	if d.Width > 0 && d.Height > 0 {
		// MJPG: uncompressed 1280×720 does not fit USB 2 at 30 fps.
		vc.Set(gocv.VideoCaptureFOURCC, vc.ToCodec("MJPG"))
		vc.Set(gocv.VideoCaptureFrameWidth, float64(d.Width))
		vc.Set(gocv.VideoCaptureFrameHeight, float64(d.Height))
	}
	// One driver buffer: a frame read after a pause is then at most one
	// frame old instead of four.
	vc.Set(gocv.VideoCaptureBufferSize, 1)
	d.vc = vc
	return nil
}

// Read grabs the next frame.
func (d *Device) Read(dst *gocv.Mat) error {
	if d.vc == nil {
		return errors.New("camera: device not open")
	}
	if !d.vc.Read(dst) || dst.Empty() {
		if _, err := os.Stat(d.Name()); err != nil {
			return fmt.Errorf("%w: %s vanished", ErrMissing, d.Name())
		}
		return fmt.Errorf("camera: %s delivered no frame", d.Name())
	}
	return nil
}

// Close releases the device.
func (d *Device) Close() error {
	if d.vc != nil {
		d.vc.Close()
		d.vc = nil
	}
	return nil
}

// FPS is 0: a webcam paces itself.
func (d *Device) FPS() float64 { return 0 }

// VideoFile plays a video file (anything OpenCV's FFmpeg backend reads) at
// its own frame rate.
type VideoFile struct {
	Path string
	Loop bool // start again at the end, like a camera that never stops
	vc   *gocv.VideoCapture
	fps  float64
}

// Name returns the path.
func (v *VideoFile) Name() string { return v.Path }

// Open opens the file.
func (v *VideoFile) Open() error {
	vc, err := gocv.VideoCaptureFile(v.Path)
	if err != nil {
		vc.Close()
		return fmt.Errorf("camera: open video %s: %w", v.Path, err)
	}
	v.vc, v.fps = vc, vc.Get(gocv.VideoCaptureFPS)
	if v.fps <= 0 || v.fps > 120 {
		v.fps = 30
	}
	return nil
}

// Read decodes the next frame, rewinding at the end when looping.
func (v *VideoFile) Read(dst *gocv.Mat) error {
	if v.vc == nil {
		return errors.New("camera: video not open")
	}
	if v.vc.Read(dst) && !dst.Empty() {
		return nil
	}
	if !v.Loop {
		return io.EOF
	}
	v.vc.Set(gocv.VideoCapturePosFrames, 0)
	if v.vc.Read(dst) && !dst.Empty() {
		return nil
	}
	return fmt.Errorf("camera: %s: cannot rewind", v.Path)
}

// Close closes the file.
func (v *VideoFile) Close() error {
	if v.vc != nil {
		v.vc.Close()
		v.vc = nil
	}
	return nil
}

// FPS is the file's frame rate (30 if it does not say).
func (v *VideoFile) FPS() float64 { return v.fps }

// ImageSequence plays still images in name order: a directory's images, a
// glob pattern, or one image shown over and over.
type ImageSequence struct {
	Pattern string  // directory, glob or single file
	Rate    float64 // frames per second; 0 means 30
	Loop    bool
	files   []string
	next    int
}

var imageExts = []string{".jpg", ".jpeg", ".png", ".bmp", ".webp", ".pgm", ".ppm"}

func isImage(path string) bool {
	return slices.Contains(imageExts, strings.ToLower(filepath.Ext(path)))
}

// Name returns the pattern.
func (s *ImageSequence) Name() string { return s.Pattern }

// Open lists the images.
func (s *ImageSequence) Open() error {
	pattern := s.Pattern
	if fi, err := os.Stat(pattern); err == nil && fi.IsDir() {
		pattern = filepath.Join(pattern, "*")
	}
	all, err := filepath.Glob(pattern)
	if err != nil {
		return fmt.Errorf("camera: image sequence %s: %w", s.Pattern, err)
	}
	s.files = s.files[:0]
	for _, f := range all {
		if isImage(f) {
			s.files = append(s.files, f)
		}
	}
	if len(s.files) == 0 {
		return fmt.Errorf("camera: image sequence %s: no images", s.Pattern)
	}
	slices.Sort(s.files)
	s.next = 0
	return nil
}

// Read decodes the next image.
func (s *ImageSequence) Read(dst *gocv.Mat) error {
	if s.next >= len(s.files) {
		if !s.Loop || len(s.files) == 0 {
			return io.EOF
		}
		s.next = 0
	}
	img := gocv.IMRead(s.files[s.next], gocv.IMReadColor)
	defer img.Close()
	if img.Empty() {
		return fmt.Errorf("camera: cannot decode %s", s.files[s.next])
	}
	s.next++
	img.CopyTo(dst)
	return nil
}

// Close does nothing: images are read one at a time.
func (s *ImageSequence) Close() error { return nil }

// FPS is the configured rate.
func (s *ImageSequence) FPS() float64 {
	if s.Rate > 0 {
		return s.Rate
	}
	return 30
}

// ParseSource turns a source string into a Source: "demo" for the built-in
// demo face; "0" or "/dev/video0" for a webcam; a directory, glob or image
// file for an image sequence; anything else for a video file. Files loop
// when loop is set.
func ParseSource(s string, loop bool) (Source, error) {
	switch {
	case s == "":
		return nil, errors.New("camera: empty source")
	case s == "demo":
		return NewDemoSource(), nil
	case strings.HasPrefix(s, "/dev/"):
		return &Device{Path: s}, nil
	}
	if n, err := strconv.Atoi(s); err == nil && n >= 0 {
		return &Device{Index: n}, nil
	}
	if fi, err := os.Stat(s); (err == nil && fi.IsDir()) || strings.ContainsAny(s, "*?[") || isImage(s) {
		return &ImageSequence{Pattern: s, Loop: loop}, nil
	}
	if _, err := os.Stat(s); err != nil {
		return nil, fmt.Errorf("camera: source %s: %w", s, err)
	}
	return &VideoFile{Path: s, Loop: loop}, nil
}
