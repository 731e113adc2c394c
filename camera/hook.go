package camera

import (
	"time"

	"gocv.io/x/gocv"

	"github.com/hainan-hrss/certkiosk/kiosk"
)

// Frame is one analysed camera frame as a per-frame hook sees it. Image and
// Gray belong to the camera and are reused for the next frame: read them
// during the call, copy what must outlive it, never Close them.
type Frame struct {
	Seq      int
	At       time.Duration // since the capture started (media time for lock-step files)
	Image    gocv.Mat      // BGR, camera orientation (not mirrored)
	Gray     gocv.Mat      // the same frame in grey
	Analysis *Analysis
}

// FrameHook sees every analysed frame of a capture, on the camera's
// goroutine; it must return quickly (the frame budget is a few ms).
type FrameHook func(f *Frame)

// ChallengeState is what a liveness challenge reports after a frame.
type ChallengeState struct {
	Action   string  // the action being asked for (kiosk.FaceFrame.Action)
	Hint     string  // instruction shown instead of the gate hint; "" keeps the gate hint
	Progress float64 // 0–1
	Done     bool    // the challenge is over, passed or not; Result tells which
}

// Challenge is a liveness challenge run during a capture. The camera calls
// Step with every analysed frame until Step reports Done, while it goes on
// choosing the best face frame; the capture ends when both are finished.
type Challenge interface {
	Step(f *Frame) ChallengeState
	Result() kiosk.Liveness
}

// ChallengeFactory makes the challenge for one capture from the actions the
// flow asks for (kiosk.CaptureOptions.Challenge).
type ChallengeFactory func(actions []string) (Challenge, error)
