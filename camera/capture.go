package camera

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"gocv.io/x/gocv"

	"github.com/hainan-hrss/certkiosk/kiosk"
)

// holdStill is the hint while the frames are good and the capture is
// choosing the best one.
const holdStill = "很好，请保持不动"

// captured is a capture's result plus what tests and tools want to know
// about it.
type captured struct {
	kiosk.Capture
	Seq      int      // the chosen frame's number
	Analysis Analysis // the chosen frame's analysis
	JPEGQ    int      // the portrait's JPEG quality
}

// CaptureFace analyses frames, calling observe with each, until it has
// chosen the best good frame of a short window (and the liveness
// challenge, if any, is done); it returns that face as a portrait JPEG.
// Errors are *kiosk.Error: ErrNoGoodFace when the timeout passes without a
// good frame, ErrCameraMissing or ErrCameraFault when the source stops and
// does not come back within the grace period; a cancelled ctx gives its
// error.
func (c *Camera) CaptureFace(ctx context.Context, opts kiosk.CaptureOptions, observe func(kiosk.FaceFrame)) (kiosk.Capture, error) {
	r, err := c.capture(ctx, opts, observe)
	return r.Capture, err
}

func (c *Camera) capture(ctx context.Context, opts kiosk.CaptureOptions, observe func(kiosk.FaceFrame)) (captured, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return captured{}, kiosk.Errorf(kiosk.ErrInternal, "camera: capture on a closed camera")
	}
	var ch Challenge
	if len(opts.Challenge) > 0 {
		if c.o.challenge == nil {
			return captured{}, kiosk.Errorf(kiosk.ErrInternal, "camera: challenge %v asked for but no liveness configured", opts.Challenge)
		}
		var err error
		if ch, err = c.o.challenge(opts.Challenge); err != nil {
			return captured{}, kiosk.NewError(kiosk.ErrInternal, err)
		}
	}
	timeout := opts.Timeout
	if timeout <= 0 {
		timeout = c.o.timeout
	}
	tctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	last := c.pump.activate()
	defer c.pump.deactivate()

	frame, best := gocv.NewMat(), gocv.NewMat()
	defer frame.Close()
	defer best.Close()
	var (
		an, bestA   Analysis
		bestSeq     int
		firstOK     time.Duration = -1
		okCount     int
		state       ChallengeState
		stallStart  time.Time
		challengeOK = ch == nil
	)
	for {
		seq, at, err := c.pump.next(tctx, &frame, last, c.o.stall)
		switch {
		case err == nil:
			stallStart = time.Time{}
		case errors.Is(err, errStalled):
			if stallStart.IsZero() {
				stallStart = time.Now()
			}
			if time.Since(stallStart) < c.o.grace {
				continue // the pump is reopening the device meanwhile
			}
			return captured{}, c.sourceError()
		case ctx.Err() != nil:
			return captured{}, ctx.Err()
		case bestSeq > 0 && challengeOK:
			// Out of time or frames mid-window: the best so far is good.
			return c.finish(best, bestSeq, bestA, ch)
		case errors.Is(err, io.EOF):
			return captured{}, kiosk.Errorf(kiosk.ErrNoGoodFace, "camera: %s ended without a good face", c.src.Name())
		default:
			return captured{}, kiosk.Errorf(kiosk.ErrNoGoodFace, "camera: no good face within %v", timeout)
		}
		last = seq
		if err := c.an.Analyze(frame, &an); err != nil {
			c.o.log.Warn("camera frame skipped", "device", c.src.Name(), "err", err)
			continue
		}
		f := Frame{Seq: seq, At: at, Image: frame, Gray: c.an.Gray(), Analysis: &an}
		if !challengeOK {
			state = ch.Step(&f)
			challengeOK = state.Done
		}
		if c.o.hook != nil {
			c.o.hook(&f)
		}
		if an.OK() {
			okCount++
			if firstOK < 0 {
				firstOK = at
			}
			if bestSeq == 0 || an.Score > bestA.Score {
				frame.CopyTo(&best)
				bestA.copyFrom(&an)
				bestSeq = seq
			}
		}
		window := 0.0
		if firstOK >= 0 {
			window = max(float64(at-firstOK)/float64(c.o.window), float64(okCount)/float64(c.o.goodFrames))
			window = min(window, 1)
		}
		done := window >= 1 && challengeOK
		if observe != nil {
			observe(c.faceFrame(seq, frame, &an, ch, state, window, done))
		}
		if done {
			return c.finish(best, bestSeq, bestA, ch)
		}
	}
}

// faceFrame builds what the screen shows for one frame.
func (c *Camera) faceFrame(seq int, frame gocv.Mat, an *Analysis, ch Challenge, st ChallengeState, window float64, done bool) kiosk.FaceFrame {
	ff := kiosk.FaceFrame{Seq: seq, Preview: c.prev.render(frame), OK: an.OK(), Reasons: an.ReasonCodes()}
	ff.Faces = make([]kiosk.FaceBox, len(an.Faces))
	for i, f := range an.Faces {
		ff.Faces[i] = c.prev.face(f).Kiosk()
	}
	ff.Hint = an.Hint()
	if ff.OK && !done {
		ff.Hint = holdStill
	}
	ff.Progress = window
	if ch != nil {
		ff.Action = st.Action
		if st.Hint != "" {
			ff.Hint = st.Hint
		}
		ff.Progress = 0.8*st.Progress + 0.2*window
	}
	return ff
}

// finish turns the chosen frame into the capture.
func (c *Camera) finish(best gocv.Mat, seq int, a Analysis, ch Challenge) (captured, error) {
	face, _ := a.Main()
	jpeg, q, err := PortraitJPEG(best, face)
	if err != nil {
		return captured{}, kiosk.NewError(kiosk.ErrInternal, err)
	}
	r := captured{Seq: seq, Analysis: a, JPEGQ: q}
	r.Face = kiosk.FaceImage{JPEG: jpeg, Width: PortraitWidth, Height: PortraitHeight, Quality: a.Score}
	r.CapturedAt = c.o.clock.Now()
	if ch != nil {
		r.Liveness = ch.Result()
	}
	return r, nil
}

// sourceError explains a source that stopped delivering frames.
func (c *Camera) sourceError() error {
	st, cause := c.pump.Status()
	if cause == nil {
		cause = fmt.Errorf("camera: %s delivers no frames", c.src.Name())
	}
	code := kiosk.ErrCameraFault
	if st == kiosk.DeviceMissing {
		code = kiosk.ErrCameraMissing
	}
	e := kiosk.NewError(code, cause)
	e.Device = c.src.Name()
	return e
}

// copyFrom makes a a deep copy of b, reusing a's slices.
func (a *Analysis) copyFrom(b *Analysis) {
	faces, reasons := append(a.Faces[:0], b.Faces...), append(a.Reasons[:0], b.Reasons...)
	*a = *b
	a.Faces, a.Reasons = faces, reasons
}
