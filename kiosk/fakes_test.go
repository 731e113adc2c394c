package kiosk

import (
	"context"
	"sync"
	"testing"
	"time"
)

// Fakes for the flow's unit tests: function fields so each test sets only
// the behaviour it needs.

type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

type fakeClient struct {
	status  func(ctx context.Context, id string) (CertStatus, error)
	certify func(ctx context.Context, req CertRequest) (Result, error)
}

func (c *fakeClient) Status(ctx context.Context, id string) (CertStatus, error) {
	return c.status(ctx, id)
}
func (c *fakeClient) Certify(ctx context.Context, req CertRequest) (Result, error) {
	return c.certify(ctx, req)
}
func (c *fakeClient) Heartbeat(context.Context, Heartbeat) (HeartbeatReply, error) {
	return HeartbeatReply{}, nil
}

var _ CertClient = (*fakeClient)(nil)

type fakeCamera struct {
	capture func(ctx context.Context, opts CaptureOptions, observe func(FaceFrame)) (Capture, error)
}

func (c *fakeCamera) CaptureFace(ctx context.Context, opts CaptureOptions, observe func(FaceFrame)) (Capture, error) {
	return c.capture(ctx, opts, observe)
}
func (c *fakeCamera) Status() DeviceStatus { return DeviceOK }

var _ Camera = (*fakeCamera)(nil)

type fakeStore struct {
	mu      sync.Mutex
	records []SessionRecord
}

func (s *fakeStore) RecordSession(_ context.Context, r SessionRecord) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.records = append(s.records, r)
	return nil
}

func (s *fakeStore) last(t *testing.T) SessionRecord {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.records) == 0 {
		t.Fatal("no session recorded")
	}
	return s.records[len(s.records)-1]
}

type fakeSpeaker struct {
	mu   sync.Mutex
	said []Phrase
}

func (s *fakeSpeaker) Say(p Phrase) { s.mu.Lock(); defer s.mu.Unlock(); s.said = append(s.said, p) }
func (s *fakeSpeaker) saidAny(p Phrase) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, q := range s.said {
		if q == p {
			return true
		}
	}
	return false
}

// rig is a flow with fakes whose defaults walk the happy path.
type rig struct {
	flow    *Flow
	clock   *fakeClock
	client  *fakeClient
	camera  *fakeCamera
	store   *fakeStore
	speaker *fakeSpeaker
	views   chan View
}

var testNow = time.Date(2026, 11, 28, 10, 0, 0, 0, ChinaTime)

func newRig(t *testing.T) *rig {
	t.Helper()
	r := &rig{
		clock:   &fakeClock{now: testNow},
		store:   &fakeStore{},
		speaker: &fakeSpeaker{},
		views:   make(chan View, 100),
	}
	r.client = &fakeClient{
		status: func(context.Context, string) (CertStatus, error) {
			return CertStatus{Pensioner: true, State: StateOverdue, PensionSuspended: true}, nil
		},
		certify: func(_ context.Context, req CertRequest) (Result, error) {
			return Result{Outcome: OutcomePassed, CertifiedAt: req.CapturedAt,
				NextDueDate: NextDueDate(req.CapturedAt), SMSSent: true}, nil
		},
	}
	r.camera = &fakeCamera{capture: func(_ context.Context, _ CaptureOptions, observe func(FaceFrame)) (Capture, error) {
		observe(FaceFrame{Seq: 1, OK: true})
		return Capture{Face: FaceImage{JPEG: []byte{0xff, 0xd8}, Width: 480, Height: 640}, CapturedAt: r.clock.Now()}, nil
	}}
	n := 0
	r.flow = NewFlow(Deps{
		Clock: r.clock, Client: r.client, Camera: r.camera, Store: r.store, Speaker: r.speaker,
		NewKey: func() string { n++; return "key-" + string(rune('0'+n)) },
	}, DefaultTimeouts())
	r.flow.OnView(func(v View) { r.views <- v })
	return r
}

// waitStep waits for the flow to announce step s and returns that View.
func (r *rig) waitStep(t *testing.T, s Step) View {
	t.Helper()
	timeout := time.After(5 * time.Second)
	for {
		select {
		case v := <-r.views:
			if v.Step == s {
				return v
			}
		case <-timeout:
			t.Fatalf("flow never reached %s; it is at %s", s, r.flow.View().Step)
		}
	}
}

func testCard() *IDCard {
	return &IDCard{Type: CardResident, Name: "王秀英", IDNumber: "460106195003080029",
		ValidLongTerm: true, PhotoWLT: []byte{1, 2, 3}}
}
