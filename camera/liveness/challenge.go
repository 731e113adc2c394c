package liveness

import (
	"runtime"
	"time"

	"gocv.io/x/gocv"

	"github.com/hainan-hrss/certkiosk/camera"
	"github.com/hainan-hrss/certkiosk/kiosk"
)

// Config tunes a challenge. Zero fields take the defaults of DefaultConfig.
type Config struct {
	Thresholds    Thresholds
	StartTimeout  time.Duration // to find a steady face before the first action
	ActionTimeout time.Duration // for each action, from its prompt
	RetryPause    time.Duration // shows the retry message before starting over
	Attempts      int           // 2: one retry of the whole challenge
}

// DefaultConfig gives elderly users time: 8 s an action, one retry.
var DefaultConfig = Config{
	Thresholds:    DefaultThresholds,
	StartTimeout:  10 * time.Second,
	ActionTimeout: 8 * time.Second,
	RetryPause:    2 * time.Second,
	Attempts:      2,
}

// Screen texts besides the action prompts.
const (
	PromptStart = "请正对屏幕，保持不动"
	PromptBack  = "好，请转回正面"
	PromptRetry = "没有看清，请再做一次"
)

// Progress is the challenge's state after a frame, for the screen.
type Progress struct {
	Action   string  // the action asked for now; "" before the first and when done
	Prompt   string  // what to show and say now
	Index    int     // which action, from 0
	Count    int     // how many actions
	Attempt  int     // 1, or 2 on the retry
	Fraction float64 // 0–1 through the whole challenge
	Done     bool    // the challenge is over
	Passed   bool    // … and a live head did every action
	Reasons  []string
}

type stage int

const (
	stStart stage = iota
	stAction
	stPause
	stDone
)

// Challenge runs one session's action challenge over analysed frames. It
// is not safe for concurrent use: the camera's goroutine drives it.
type Challenge struct {
	actions []string
	cfg     Config
	w       *watcher
	stage   stage
	stageAt time.Duration
	begun   bool
	attempt int
	idx     int
	m       *machine
	passed  bool
	reasons []string
	start   still
	peaks   []still
	end     still
	result  *kiosk.Liveness
}

var _ camera.Challenge = (*Challenge)(nil)

// New makes a challenge asking for actions in order, with DefaultConfig.
func New(actions []string) (*Challenge, error) { return NewWithConfig(actions, DefaultConfig) }

// NewWithConfig makes a challenge with cfg; zero fields take the defaults.
func NewWithConfig(actions []string, cfg Config) (*Challenge, error) {
	if err := validate(actions); err != nil {
		return nil, err
	}
	d := DefaultConfig
	if cfg.Thresholds == (Thresholds{}) {
		cfg.Thresholds = d.Thresholds
	}
	if cfg.StartTimeout <= 0 {
		cfg.StartTimeout = d.StartTimeout
	}
	if cfg.ActionTimeout <= 0 {
		cfg.ActionTimeout = d.ActionTimeout
	}
	if cfg.RetryPause <= 0 {
		cfg.RetryPause = d.RetryPause
	}
	if cfg.Attempts <= 0 {
		cfg.Attempts = d.Attempts
	}
	c := &Challenge{
		actions: append([]string(nil), actions...),
		cfg:     cfg,
		w:       newWatcher(cfg.Thresholds),
		attempt: 1,
		peaks:   make([]still, len(actions)),
	}
	// A capture abandoned mid-challenge (cancelled, camera gone) neither
	// finishes nor closes it; the finalizer frees its Mats then.
	runtime.SetFinalizer(c, func(c *Challenge) { c.w.close() })
	return c, nil
}

// Factory makes challenges for the camera's capture loop with cfg.
func Factory(cfg Config) camera.ChallengeFactory {
	return func(actions []string) (camera.Challenge, error) { return NewWithConfig(actions, cfg) }
}

// Step implements camera.Challenge.
func (c *Challenge) Step(f *camera.Frame) camera.ChallengeState {
	p := c.observe(f.At, f.Analysis, f.Gray, f.Image)
	hint := p.Prompt
	if c.stage == stStart {
		hint = "" // the camera's gate hints bring the person into place
	}
	return camera.ChallengeState{Action: p.Action, Hint: hint, Progress: p.Fraction, Done: p.Done}
}

// Observe takes one analysed frame: at is its time since the capture began,
// frame its BGR image (read during the call, not kept).
func (c *Challenge) Observe(at time.Duration, a *camera.Analysis, frame gocv.Mat) Progress {
	return c.observe(at, a, frame, frame)
}

func (c *Challenge) observe(at time.Duration, a *camera.Analysis, img, bgr gocv.Mat) Progress {
	if !c.begun {
		c.begun, c.stageAt = true, at
	}
	switch c.stage {
	case stStart:
		_, broken := c.w.observe(at, a, img)
		if broken != "" {
			c.w.reset() // someone walking in or out before the start: look again
		}
		if c.w.steady() {
			c.start.grab(bgr)
			c.next(at, 0)
		} else if at-c.stageAt > c.cfg.StartTimeout {
			c.fail(at, ReasonNotSteady)
		}
	case stAction:
		ft, broken := c.w.observe(at, a, img)
		switch {
		case broken != "":
			c.fail(at, broken)
		default:
			if c.m.step(&ft) {
				c.peaks[c.idx].grab(bgr)
			}
			switch {
			case c.m.phase == wrong:
				c.fail(at, ReasonWrong)
			case c.m.phase == done && c.idx+1 < len(c.actions):
				c.next(at, c.idx+1)
			case c.m.phase == done:
				c.end.grab(bgr)
				c.stage, c.passed = stDone, true
			case at-c.stageAt > c.cfg.ActionTimeout:
				if c.m.flat > 0 || c.w.flat.movedFlat(c.cfg.Thresholds) {
					c.fail(at, ReasonFlatMotion)
				} else {
					c.fail(at, ReasonTimeout)
				}
			}
		}
	case stPause:
		if at-c.stageAt >= c.cfg.RetryPause {
			c.w.reset()
			c.stage, c.stageAt = stStart, at
		}
	}
	if c.stage == stDone {
		if !c.end.set {
			c.end.grab(bgr) // a failed challenge's last frame is evidence too
		}
		// The capture loop stops calling once Done and does not know to
		// Close: free the OpenCV buffers now (Result needs none of them).
		c.w.close()
	}
	return c.progress()
}

// next asks for action i.
func (c *Challenge) next(at time.Duration, i int) {
	c.stage, c.stageAt, c.idx = stAction, at, i
	c.m = newMachine(c.actions[i], c.cfg.Thresholds)
	c.w.restartSolid()
}

// fail ends the attempt: a retry if one is left, else the challenge.
func (c *Challenge) fail(at time.Duration, reason string) {
	c.reasons = append(c.reasons, reason)
	c.end = still{bgr: c.end.bgr}
	if c.attempt < c.cfg.Attempts {
		c.attempt++
		c.stage, c.stageAt = stPause, at
		c.start.set = false
		for i := range c.peaks {
			c.peaks[i].set = false
		}
		return
	}
	c.stage = stDone
}

func (c *Challenge) progress() Progress {
	p := Progress{Index: c.idx, Count: len(c.actions), Attempt: c.attempt,
		Reasons: c.reasons, Done: c.stage == stDone, Passed: c.passed}
	switch c.stage {
	case stStart:
		p.Prompt = PromptStart
	case stAction:
		p.Action, p.Prompt = c.actions[c.idx], Prompt(c.actions[c.idx])
		step := 0.0
		if c.m.phase == reached {
			step = 0.5
			if c.m.action == TurnLeft || c.m.action == TurnRight {
				p.Prompt = PromptBack
			}
		}
		p.Fraction = (float64(c.idx) + step) / float64(len(c.actions))
	case stPause:
		p.Prompt = PromptRetry
	case stDone:
		if c.passed {
			p.Fraction = 1
		}
	}
	return p
}

// Result implements camera.Challenge: the challenge, whether it passed,
// and up to four JPEG evidence frames (start, action peaks, end) of the
// last attempt. Frames that fail to encode are left out.
func (c *Challenge) Result() kiosk.Liveness {
	if c.result != nil && c.stage == stDone {
		return *c.result
	}
	r := kiosk.Liveness{Challenge: append([]string(nil), c.actions...), Passed: c.passed}
	for _, s := range pickEvidence(c.start, c.peaks, c.end) {
		if j, err := s.jpeg(); err == nil {
			r.Frames = append(r.Frames, j)
		}
	}
	if c.stage == stDone {
		c.result = &r
	}
	return r
}

// Reasons lists why attempts failed, oldest first (codes, for the log).
func (c *Challenge) Reasons() []string { return append([]string(nil), c.reasons...) }

// Close frees the challenge's OpenCV buffers; a finished challenge has
// already freed them. Calling it more than once is harmless.
func (c *Challenge) Close() error {
	c.w.close()
	return nil
}
