package camera

import (
	"log/slog"
	"time"

	"github.com/hainan-hrss/certkiosk/kiosk"
)

// Option configures a Camera.
type Option func(*options)

type options struct {
	thresholds   Thresholds
	challenge    ChallengeFactory
	hook         FrameHook
	width        int
	height       int
	loop         bool
	lockstep     bool
	window       time.Duration
	goodFrames   int
	previewWidth int
	stall        time.Duration
	grace        time.Duration
	timeout      time.Duration
	clock        kiosk.Clock
	log          *slog.Logger
}

func defaultOptions() options {
	return options{
		thresholds:   DefaultThresholds(),
		width:        640,
		height:       480,
		loop:         true,
		window:       800 * time.Millisecond,
		goodFrames:   12,
		previewWidth: 640,
		stall:        2 * time.Second,
		grace:        5 * time.Second,
		timeout:      30 * time.Second,
		clock:        kiosk.SystemClock{},
		log:          slog.Default(),
	}
}

// WithThresholds sets the quality gates (default DefaultThresholds()).
func WithThresholds(t Thresholds) Option { return func(o *options) { o.thresholds = t } }

// WithChallenge sets how liveness challenges are made; without it a capture
// asked for a challenge fails with ErrInternal.
func WithChallenge(f ChallengeFactory) Option { return func(o *options) { o.challenge = f } }

// WithHook adds a hook that sees every analysed frame (after the challenge).
func WithHook(h FrameHook) Option { return func(o *options) { o.hook = h } }

// WithFrameSize asks a webcam for w×h frames (default 640×480; 1280×720
// works too).
func WithFrameSize(w, h int) Option { return func(o *options) { o.width, o.height = w, h } }

// WithLoop sets whether video files and image sequences start again at the
// end (default true, like a camera that never stops).
func WithLoop(loop bool) Option { return func(o *options) { o.loop = loop } }

// WithLockstep hands every frame of a file to the analysis, dropping none,
// with media time taken from the frame index: deterministic captures for
// tests and tools. It has no effect on webcams.
func WithLockstep() Option { return func(o *options) { o.lockstep = true } }

// WithWindow sets how long after the first good frame the capture goes on
// looking for a better one (default 800 ms), and after how many good
// frames it may stop early (default 12).
func WithWindow(d time.Duration, goodFrames int) Option {
	return func(o *options) { o.window, o.goodFrames = d, goodFrames }
}

// WithPreviewWidth caps the preview's width (default 640); larger frames
// are scaled down before mirroring.
func WithPreviewWidth(w int) Option { return func(o *options) { o.previewWidth = w } }

// WithRecovery sets how long a capture waits without frames before it
// looks at the device (stall, default 2 s) and how long it then waits for
// the device to come back (grace, default 5 s).
func WithRecovery(stall, grace time.Duration) Option {
	return func(o *options) { o.stall, o.grace = stall, grace }
}

// WithDefaultTimeout bounds captures whose CaptureOptions.Timeout is 0
// (default 30 s).
func WithDefaultTimeout(d time.Duration) Option { return func(o *options) { o.timeout = d } }

// WithClock sets the clock that stamps captures.
func WithClock(c kiosk.Clock) Option { return func(o *options) { o.clock = c } }

// WithLogger sets the logger (default slog.Default()).
func WithLogger(l *slog.Logger) Option { return func(o *options) { o.log = l } }
