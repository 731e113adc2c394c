package camera

import (
	"errors"
	"sync"

	"github.com/hainan-hrss/certkiosk/kiosk"
)

// Camera captures faces from one source. It implements kiosk.Camera; one
// capture runs at a time.
type Camera struct {
	o    options
	src  Source
	pump *pump

	mu     sync.Mutex // held for a whole capture; guards what follows
	an     *Analyzer
	prev   *previewer
	closed bool
}

var _ kiosk.Camera = (*Camera)(nil)

// Open opens a camera on a source string: "demo" for the built-in demo
// face, "0" or "/dev/video0" for a webcam, a directory, glob or image file
// for an image sequence, or a video file. A webcam that is not plugged in
// is not an error here: Status says DeviceMissing and the camera picks it
// up when it appears.
func Open(source string, opts ...Option) (*Camera, error) {
	o := defaultOptions()
	for _, opt := range opts {
		opt(&o)
	}
	src, err := ParseSource(source, o.loop)
	if err != nil {
		return nil, err
	}
	if d, ok := src.(*Device); ok {
		d.Width, d.Height = o.width, o.height
	}
	return New(src, opts...)
}

// New makes a camera on any Source.
func New(src Source, opts ...Option) (*Camera, error) {
	if src == nil {
		return nil, errors.New("camera: nil source")
	}
	o := defaultOptions()
	for _, opt := range opts {
		opt(&o)
	}
	an, err := NewAnalyzer(o.thresholds)
	if err != nil {
		return nil, err
	}
	c := &Camera{o: o, src: src, an: an, prev: newPreviewer(o.previewWidth)}
	c.pump = newPump(src, o.lockstep && src.FPS() > 0, o.log)
	return c, nil
}

// Status reports the source's health for the heartbeat.
func (c *Camera) Status() kiosk.DeviceStatus {
	st, _ := c.pump.Status()
	return st
}

// Source returns the camera's source.
func (c *Camera) Source() Source { return c.src }

// Close stops the camera, waiting for a running capture to end first.
func (c *Camera) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return nil
	}
	c.closed = true
	c.pump.close()
	c.prev.close()
	return c.an.Close()
}
