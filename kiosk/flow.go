package kiosk

import (
	"context"
	"log/slog"
	"sync"
	"time"
)

// Mode is what the person came for.
type Mode string

// Modes of a session.
const (
	ModeCertify Mode = "certify" // 资格认证
	ModeStatus  Mode = "status"  // 查询认证状态
)

// Step is a state of the certification flow; each is one screen.
type Step string

// The flow's steps.
//
//	Idle ─card─▶ CardRead ─status─▶ Face ─captured─▶ Submitting ─▶ Result ─▶ Idle
//	Idle ─tap─▶ WaitCard ─card─▶ CardRead ─(status mode or no need)─▶ Status
//	Status ─certify anyway─▶ Face;   any step ─fault─▶ Error;   any step ─timeout─▶ Idle
const (
	StepIdle       Step = "idle"       // waiting; a card starts certification
	StepWaitCard   Step = "wait_card"  // a choice was made; asking for the card
	StepCardRead   Step = "card_read"  // card read; asking the service for the status
	StepStatus     Step = "status"     // showing the status (query, or "no need to certify")
	StepFace       Step = "face"       // capturing the face
	StepSubmitting Step = "submitting" // sending the certification
	StepResult     Step = "result"     // showing the service's answer
	StepError      Step = "error"      // a fault, with what to do next
)

// Timeouts bound how long each step waits before going back to Idle (or,
// for Submitting, to an error). A tap restarts the current step's timer.
type Timeouts struct {
	WaitCard, CardRead, Status, Face, Submitting, Result, Error time.Duration
}

// DefaultTimeouts are generous: elderly people read slowly.
func DefaultTimeouts() Timeouts {
	return Timeouts{
		WaitCard:   60 * time.Second,
		CardRead:   30 * time.Second,
		Status:     60 * time.Second,
		Face:       60 * time.Second,
		Submitting: 45 * time.Second,
		Result:     45 * time.Second,
		Error:      30 * time.Second,
	}
}

func (t Timeouts) of(s Step) time.Duration {
	return map[Step]time.Duration{
		StepWaitCard: t.WaitCard, StepCardRead: t.CardRead, StepStatus: t.Status,
		StepFace: t.Face, StepSubmitting: t.Submitting, StepResult: t.Result, StepError: t.Error,
	}[s]
}

// View is a snapshot of the flow for a screen. It holds only masked
// personal data.
type View struct {
	Session    int
	Step       Step
	Mode       Mode
	Deadline   time.Time // zero on Idle
	MaskedName string
	MaskedID   string
	CardType   CardType
	Status     *CertStatus // set once the service answered the status query
	Result     *Result     // set on StepResult
	Err        error       // set on StepError
	AssistedBy string
	Notice     string // station notice for the idle screen
}

// Deps are the flow's collaborators. Client, Camera and Store are required.
type Deps struct {
	Clock   Clock
	Client  CertClient
	Camera  Camera
	Store   Store
	Speaker Speaker
	Log     *slog.Logger
	NewKey  func() string // idempotency keys; required
	// Challenge picks the liveness actions for a capture; nil asks none.
	Challenge func() []string
}

// Flow is the certification state machine. Its methods are safe to call
// from any goroutine. Listeners are called with the flow locked, in order:
// they must hand the View on (e.g. through fyne.Do) and not call back.
type Flow struct {
	mu       sync.Mutex
	deps     Deps
	timeouts Timeouts
	onView   []func(View)
	onFrame  func(FaceFrame)

	session    int
	step       Step
	mode       Mode
	started    time.Time
	deadline   time.Time
	card       *IDCard
	status     *CertStatus
	result     *Result
	err        error
	assistedBy string
	assistant  string // staff member signed in for assisted mode, if any
	notice     string
	cancel     context.CancelFunc // stops the step's background work
}

// NewFlow returns a flow at Idle.
func NewFlow(deps Deps, timeouts Timeouts) *Flow {
	if deps.Clock == nil {
		deps.Clock = SystemClock{}
	}
	if deps.Speaker == nil {
		deps.Speaker = silent{}
	}
	if deps.Log == nil {
		deps.Log = slog.New(slog.DiscardHandler)
	}
	return &Flow{deps: deps, timeouts: timeouts, step: StepIdle, mode: ModeCertify}
}

type silent struct{}

func (silent) Say(Phrase) {}

// OnView registers a listener for every change of the View.
func (f *Flow) OnView(fn func(View)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.onView = append(f.onView, fn)
}

// OnFrame registers the one listener for live camera frames during capture.
// It runs on the camera's goroutine.
func (f *Flow) OnFrame(fn func(FaceFrame)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.onFrame = fn
}

// View returns the current snapshot.
func (f *Flow) View() View {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.viewLocked()
}

func (f *Flow) viewLocked() View {
	v := View{
		Session: f.session, Step: f.step, Mode: f.mode, Deadline: f.deadline,
		Status: f.status, Result: f.result, Err: f.err,
		AssistedBy: f.assistedBy, Notice: f.notice,
	}
	if f.card != nil {
		v.MaskedName, v.MaskedID, v.CardType = f.card.MaskedName(), f.card.MaskedID(), f.card.Type
	}
	return v
}

func (f *Flow) emitLocked() {
	v := f.viewLocked()
	for _, fn := range f.onView {
		fn(v)
	}
}

// enterLocked moves to step s, restarts its timer, speaks its prompt and
// tells the listeners.
func (f *Flow) enterLocked(s Step, say Phrase) {
	f.step = s
	f.deadline = time.Time{}
	if d := f.timeouts.of(s); d > 0 {
		f.deadline = f.deps.Clock.Now().Add(d)
	}
	if say != "" {
		f.deps.Speaker.Say(say)
	}
	f.emitLocked()
}

// stepContextLocked cancels the previous step's work and returns a context
// for the new step's.
func (f *Flow) stepContextLocked() context.Context {
	if f.cancel != nil {
		f.cancel()
	}
	ctx, cancel := context.WithCancel(context.Background())
	f.cancel = cancel
	return ctx
}
