package livefixture

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"gocv.io/x/gocv"

	"github.com/hainan-hrss/certkiosk/camera"
)

// Key is the state of a fixture at time T; a Script moves linearly from key
// to key.
type Key struct {
	T          float64 // seconds from the start
	Yaw, Pitch float64 // head pose, degrees (see Head.Render); 0 for photos
	Close      float64 // eye closure 0–1 (see CloseEyes)
	Card       Card    // how the picture is held; zero for a live head
}

// Script is one fixture sequence.
type Script struct {
	Name   string
	Live   bool     // rendered as a 3-D head; false: a flat photo
	Expect []string // actions a liveness detector must see
	Refuse bool     // a detector must see no action at all (attacks)
	Keys   []Key
}

// Duration is the script's length.
func (s Script) Duration() time.Duration {
	return time.Duration(s.Keys[len(s.Keys)-1].T * float64(time.Second))
}

// At interpolates the script at t seconds.
func (s Script) At(t float64) Key {
	k := s.Keys
	if t <= k[0].T {
		return k[0]
	}
	for i := 1; i < len(k); i++ {
		if t <= k[i].T {
			a, b := k[i-1], k[i]
			u := (t - a.T) / (b.T - a.T)
			// Ease in and out, as a head or a hand starts and stops.
			u = 0.5 - 0.5*math.Cos(math.Pi*u)
			l := func(x, y float64) float64 { return x + (y-x)*u }
			return Key{T: t, Yaw: l(a.Yaw, b.Yaw), Pitch: l(a.Pitch, b.Pitch), Close: l(a.Close, b.Close),
				Card: Card{
					ShiftX: l(a.Card.ShiftX, b.Card.ShiftX), ShiftY: l(a.Card.ShiftY, b.Card.ShiftY),
					Scale: l(scale1(a.Card.Scale), scale1(b.Card.Scale)), Roll: l(a.Card.Roll, b.Card.Roll),
					TiltYaw: l(a.Card.TiltYaw, b.Card.TiltYaw), TiltPitch: l(a.Card.TiltPitch, b.Card.TiltPitch),
					Gain: l(scale1(a.Card.Gain), scale1(b.Card.Gain)), Offset: l(a.Card.Offset, b.Card.Offset),
					SideLight: l(a.Card.SideLight, b.Card.SideLight),
				}}
		}
	}
	return k[len(k)-1]
}

func scale1(v float64) float64 {
	if v == 0 {
		return 1
	}
	return v
}

// Renderer draws a script's frames from one photo. It reuses its buffers;
// Close frees them.
type Renderer struct {
	src      gocv.Mat
	face     camera.Face
	head     *Head
	work     gocv.Mat
	turned   gocv.Mat
	rng      *rand.Rand
	Noise    float64 // sensor noise σ in grey levels; 2 by default
	Sway     float64 // random head sway σ in degrees for live scripts; 0.5
	Jitter   float64 // random hand shake σ in pixels for photo scripts; 1
	lastSway [2]float64
	pool     []int8
}

// NewRenderer prepares src (a BGR frame, kept by reference) whose face f
// was found by the camera's detector. seed makes the noise repeatable.
func NewRenderer(src gocv.Mat, f camera.Face, seed uint64) *Renderer {
	return &Renderer{src: src, face: f, head: NewHead(f, src.Cols(), src.Rows()),
		work: gocv.NewMat(), turned: gocv.NewMat(), rng: rand.New(rand.NewPCG(seed, 7)),
		Noise: 2, Sway: 0.5, Jitter: 1}
}

// Close frees the buffers (not src).
func (r *Renderer) Close() error {
	r.work.Close()
	r.turned.Close()
	return nil
}

// Frame draws the script's state k into dst.
func (r *Renderer) Frame(live bool, k Key, dst *gocv.Mat) {
	r.src.CopyTo(&r.work)
	CloseEyes(&r.work, r.face, k.Close)
	img := r.work
	if live {
		// A person never holds perfectly still: a slow random sway.
		for i := range r.lastSway {
			r.lastSway[i] = 0.7*r.lastSway[i] + 0.3*r.rng.NormFloat64()*r.Sway
		}
		r.head.Render(r.work, &r.turned, k.Yaw+r.lastSway[0], k.Pitch+r.lastSway[1])
		img = r.turned
	} else {
		k.Card.ShiftX += r.rng.NormFloat64() * r.Jitter
		k.Card.ShiftY += r.rng.NormFloat64() * r.Jitter
	}
	k.Card.Apply(img, dst)
	r.noise(dst)
}

// noise adds Gaussian sensor noise. Drawing a normal per byte costs more
// than the rest of a frame, so a pool twice a frame's size is drawn once
// and each frame reads it from a random offset.
func (r *Renderer) noise(img *gocv.Mat) {
	if r.Noise <= 0 {
		return
	}
	px, err := img.DataPtrUint8()
	if err != nil {
		return
	}
	if len(r.pool) != 2*len(px) {
		r.pool = make([]int8, 2*len(px))
		for i := range r.pool {
			r.pool[i] = int8(max(-127, min(127, math.Round(r.rng.NormFloat64()*r.Noise))))
		}
	}
	off := r.rng.IntN(len(px))
	for i, v := range px {
		px[i] = byte(max(0, min(255, int(v)+int(r.pool[off+i]))))
	}
}

// Play renders every frame of s at fps and hands each to fn with its time.
// dst is reused between calls: fn must not keep it.
func (r *Renderer) Play(s Script, fps float64, fn func(at time.Duration, frame gocv.Mat) error) error {
	frame := gocv.NewMat()
	defer frame.Close()
	n := int(s.Duration().Seconds()*fps) + 1
	for i := 0; i < n; i++ {
		t := float64(i) / fps
		r.Frame(s.Live, s.At(t), &frame)
		if err := fn(time.Duration(t*float64(time.Second)), frame); err != nil {
			return err
		}
	}
	return nil
}

// WriteAVI writes s as a Motion-JPEG AVI, which OpenCV reads and writes
// without FFmpeg, so `certkiosk liveness-eval` and the camera's file
// source can play it.
func (r *Renderer) WriteAVI(path string, s Script, fps float64) error {
	vw, err := gocv.VideoWriterFile(path, "MJPG", fps, r.src.Cols(), r.src.Rows(), true)
	if err != nil {
		return fmt.Errorf("livefixture: %s: %w", path, err)
	}
	defer vw.Close()
	if !vw.IsOpened() {
		return fmt.Errorf("livefixture: %s: cannot open an MJPG writer", path)
	}
	return r.Play(s, fps, func(_ time.Duration, frame gocv.Mat) error { return vw.Write(frame) })
}
