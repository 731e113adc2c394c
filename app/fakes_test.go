package app

import (
	"context"
	"image"
	"image/color"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/hainan-hrss/certkiosk/kiosk"
	"github.com/hainan-hrss/certkiosk/kiosk/staff"
)

// Unit-test fakes for the kiosk's collaborators; the flow itself is real.

type fakeClient struct {
	mu     sync.Mutex
	status kiosk.CertStatus
	result kiosk.Result
	err    error
	hold   chan struct{} // when set, Certify waits for it to close
}

func (c *fakeClient) Status(context.Context, string) (kiosk.CertStatus, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.status, c.err
}

func (c *fakeClient) Certify(ctx context.Context, req kiosk.CertRequest) (kiosk.Result, error) {
	if c.hold != nil {
		select {
		case <-c.hold:
		case <-ctx.Done():
			return kiosk.Result{}, ctx.Err()
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	r := c.result
	r.CertifiedAt = req.CapturedAt
	if r.Outcome == kiosk.OutcomePassed {
		r.NextDueDate = kiosk.NextDueDate(req.CapturedAt)
	}
	return r, nil
}

func (c *fakeClient) Heartbeat(context.Context, kiosk.Heartbeat) (kiosk.HeartbeatReply, error) {
	return kiosk.HeartbeatReply{}, nil
}

// fakeCamera shows a few grey frames, then returns a capture; with hold
// set it first waits for hold to close (or the capture to be cancelled).
type fakeCamera struct {
	at   time.Time
	hold chan struct{}
}

func (c *fakeCamera) CaptureFace(ctx context.Context, _ kiosk.CaptureOptions, observe func(kiosk.FaceFrame)) (kiosk.Capture, error) {
	img := image.NewRGBA(image.Rect(0, 0, 640, 480))
	for i := range img.Pix {
		img.Pix[i] = 0x80
	}
	img.Set(1, 1, color.Black)
	for i := 1; i <= 3; i++ {
		observe(kiosk.FaceFrame{Seq: i, Preview: img, Hint: "请靠近一点", Progress: float64(i) / 3})
	}
	if c.hold != nil {
		select {
		case <-c.hold:
		case <-ctx.Done():
			return kiosk.Capture{}, ctx.Err()
		}
	}
	return kiosk.Capture{Face: kiosk.FaceImage{JPEG: []byte{0xff, 0xd8}, Width: 480, Height: 640}, CapturedAt: c.at}, nil
}

func (*fakeCamera) Status() kiosk.DeviceStatus { return kiosk.DeviceOK }

var testNow = time.Date(2026, 11, 28, 10, 0, 0, 0, kiosk.ChinaTime)

// harness is a real flow and UI on Fyne's test driver at kiosk resolution.
type harness struct {
	ui      *UI
	flow    *kiosk.Flow
	client  *fakeClient
	win     fyne.Window
	store   *recordingStore
	speaker *fakeSpeaker
	camera  *fakeCamera
	now     atomic.Int64 // the clock, in nanoseconds since 1970
}

func newHarness(t *testing.T, demo *Demo) *harness {
	return newHarnessWith(t, Options{Demo: demo})
}

// newHarnessWith builds the harness with opts; it fills in the clock and
// the speaker.
func newHarnessWith(t *testing.T, opts Options) *harness {
	t.Helper()
	a := test.NewApp()
	t.Cleanup(a.Quit)
	a.Settings().SetTheme(NewTheme())
	h := &harness{client: &fakeClient{
		status: kiosk.CertStatus{Pensioner: true, State: kiosk.StateOverdue, PensionSuspended: true,
			LastCertifiedAt: testNow.AddDate(-1, -2, 0), NextDueDate: kiosk.Date{Year: 2026, Month: 9, Day: 30}},
		result: kiosk.Result{Outcome: kiosk.OutcomePassed, SMSSent: true, PensionResumed: true},
	}}
	h.now.Store(testNow.UnixNano())
	clock := func() time.Time { return time.Unix(0, h.now.Load()).In(kiosk.ChinaTime) }
	h.store, h.speaker, h.camera = &recordingStore{}, &fakeSpeaker{}, &fakeCamera{at: testNow}
	h.flow = kiosk.NewFlow(kiosk.Deps{
		Clock: clockFunc(clock), Client: h.client, Camera: h.camera, Store: h.store, Speaker: h.speaker,
		NewKey: func() string { return "k" },
	}, kiosk.DefaultTimeouts())
	opts.Now, opts.Speaker = clock, h.speaker
	t.Cleanup(func() { SetLanguage(LangZh) })
	h.win = a.NewWindow("kiosk")
	h.win.SetPadded(false)
	h.win.Resize(fyne.NewSize(1920, 1080))
	fyne.DoAndWait(func() { h.ui = New(h.win, h.flow, opts) })
	return h
}

// advance moves the clock on and ticks the flow and the UI, as the app's
// one-second ticker does.
func (h *harness) advance(d time.Duration) {
	h.now.Add(int64(d))
	h.flow.Tick()
	fyne.DoAndWait(h.ui.Tick)
}

// recordingStore keeps the session records.
type recordingStore struct {
	mu   sync.Mutex
	recs []kiosk.SessionRecord
}

func (s *recordingStore) RecordSession(_ context.Context, r kiosk.SessionRecord) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.recs = append(s.recs, r)
	return nil
}

func (s *recordingStore) records() []kiosk.SessionRecord {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]kiosk.SessionRecord(nil), s.recs...)
}

type clockFunc func() time.Time

func (f clockFunc) Now() time.Time { return f() }

// waitFor waits until the UI shows step s.
func (h *harness) waitFor(t *testing.T, s kiosk.Step) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		var cur kiosk.Step
		fyne.DoAndWait(func() { cur = h.ui.Current() })
		if cur == s {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("UI never showed %s; flow is at %s", s, h.flow.View().Step)
}

// fakeStaff knows one staff member (1001, PIN 246810) and the technician
// PIN 20261128; the real argon2id accounts are tested in kiosk/staff.
type fakeStaff struct{}

func (fakeStaff) SignIn(_ context.Context, id, pin string) error {
	if id == "1001" && pin == "246810" {
		return nil
	}
	if id == "1002" {
		return &staff.LockedError{Until: testNow.Add(staff.LockFor)}
	}
	return staff.ErrWrongPIN
}

func (fakeStaff) CheckTechPIN(_ context.Context, pin string) error {
	if pin == "20261128" {
		return nil
	}
	return staff.ErrWrongPIN
}

// fakeSpeaker records what was said.
type fakeSpeaker struct {
	mu   sync.Mutex
	said []kiosk.Phrase
	lang string
}

func (s *fakeSpeaker) Say(p kiosk.Phrase) { s.mu.Lock(); s.said = append(s.said, p); s.mu.Unlock() }
func (s *fakeSpeaker) SetLanguage(l string) {
	s.mu.Lock()
	s.lang = l
	s.mu.Unlock()
}

func (s *fakeSpeaker) saidAny(p kiosk.Phrase) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, q := range s.said {
		if q == p {
			return true
		}
	}
	return false
}
