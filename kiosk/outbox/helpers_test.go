package outbox

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/hainan-hrss/certkiosk/kiosk"
	"github.com/hainan-hrss/certkiosk/kiosk/audit/logscan"
	"github.com/hainan-hrss/certkiosk/kiosk/fixture"
	"github.com/hainan-hrss/certkiosk/kiosk/store"
)

// logs collects every log line of this package's tests (slog's default
// logger, which the package, the client and the simulator log to), so
// TestMain can scan it for personal data after the last test.
var logs lockedBuffer

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) Bytes() []byte {
	l.mu.Lock()
	defer l.mu.Unlock()
	return bytes.Clone(l.b.Bytes())
}

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) != "" {
		crashChild() // the crash test's kiosk process; never returns
	}
	slog.SetDefault(slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
	code := m.Run()
	out := logs.Bytes()
	if hits := logscan.Scan(out); len(hits) > 0 {
		fmt.Fprintf(os.Stderr, "FAIL: the tests' logs hold personal data: %+v\n", hits)
		code = 1
	} else if code == 0 && len(out) == 0 && fullRun() {
		fmt.Fprintln(os.Stderr, "FAIL: no log output was captured: the personal-data scan saw nothing")
		code = 1
	}
	os.Exit(code)
}

// fullRun reports whether every test ran (no -run, -bench or -fuzz): only
// then must some log output have been captured, or the scan proved nothing.
func fullRun() bool {
	for _, f := range []string{"test.run", "test.bench", "test.fuzz"} {
		if fl := flag.Lookup(f); fl != nil && fl.Value.String() != "" {
			return false
		}
	}
	return true
}

// fakeClient is a kiosk.CertClient with function fields; nil means OK.
type fakeClient struct {
	mu      sync.Mutex
	certify func(req kiosk.CertRequest) (kiosk.Result, error)
	keys    []string // every Idempotency-Key sent, in order
	hb      []kiosk.Heartbeat
}

var _ kiosk.CertClient = (*fakeClient)(nil)

func (f *fakeClient) Certify(ctx context.Context, req kiosk.CertRequest) (kiosk.Result, error) {
	f.mu.Lock()
	f.keys = append(f.keys, req.IdempotencyKey)
	fn := f.certify
	f.mu.Unlock()
	if fn != nil {
		return fn(req)
	}
	return passed(req), nil
}

func (f *fakeClient) Status(ctx context.Context, id string) (kiosk.CertStatus, error) {
	return kiosk.CertStatus{MaskedID: kiosk.MaskID(id), Pensioner: true}, nil
}

func (f *fakeClient) Heartbeat(ctx context.Context, hb kiosk.Heartbeat) (kiosk.HeartbeatReply, error) {
	f.mu.Lock()
	f.hb = append(f.hb, hb)
	f.mu.Unlock()
	return kiosk.HeartbeatReply{}, nil
}

func (f *fakeClient) set(fn func(kiosk.CertRequest) (kiosk.Result, error)) {
	f.mu.Lock()
	f.certify = fn
	f.mu.Unlock()
}

func (f *fakeClient) sent() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.keys...)
}

func passed(req kiosk.CertRequest) kiosk.Result {
	return kiosk.Result{CertificationID: "C" + req.IdempotencyKey[:8], Outcome: kiosk.OutcomePassed,
		CertifiedAt: req.CapturedAt, NextDueDate: kiosk.NextDueDate(req.CapturedAt)}
}

var unreachable = func(kiosk.CertRequest) (kiosk.Result, error) {
	return kiosk.Result{}, kiosk.Errorf(kiosk.ErrServiceUnreachable, "dial tcp 127.0.0.1:9: connection refused")
}

// env is an outbox over a real SQLite file in a temp dir and a fake service.
type env struct {
	dir    string
	db     *store.DB
	key    []byte
	client *fakeClient
	ob     *Outbox
	clock  *testClock
}

type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

var testNow = time.Date(2026, 11, 28, 10, 0, 0, 0, kiosk.ChinaTime)

func newEnv(t testing.TB) *env {
	t.Helper()
	dir := t.TempDir()
	e := &env{dir: dir, client: &fakeClient{}, clock: &testClock{t: testNow}}
	var err error
	if e.key, err = LoadKey(KeyPath(dir), true); err != nil {
		t.Fatal(err)
	}
	e.open(t)
	return e
}

// open (re)opens the database and a fresh Outbox over it, as a restart does.
func (e *env) open(t testing.TB) {
	t.Helper()
	db, err := store.Open(store.PathIn(e.dir))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	e.db = db
	e.ob, err = New(e.client, db, Options{Key: e.key, Now: e.clock.Now, MinBackoff: time.Millisecond,
		MaxBackoff: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
}

// request is a certification of fixture person s with a face and liveness
// frames of realistic size (noisy JPEGs, tens of KiB each).
func request(t testing.TB, s fixture.Scenario, capturedAt time.Time) kiosk.CertRequest {
	t.Helper()
	req, ok := makeRequest(s, capturedAt, 360, 480)
	if !ok {
		t.Fatalf("no fixture %s", s)
	}
	return req
}

// makeRequest builds a request with a w×h face and two smaller frames.
func makeRequest(s fixture.Scenario, capturedAt time.Time, w, h int) (kiosk.CertRequest, bool) {
	p, ok := fixture.ByScenario(s)
	if !ok {
		return kiosk.CertRequest{}, false
	}
	p.Card.PhotoWLT = bytes.Repeat([]byte{0x57}, 1024)
	face := noisyJPEG(w, h)
	frames := [][]byte{noisyJPEG(w*2/3, h*2/3), noisyJPEG(w*2/3, h*2/3)}
	return kiosk.CertRequest{IdempotencyKey: uuid.NewString(), CapturedAt: capturedAt, Card: p.Card,
		Face:     kiosk.FaceImage{JPEG: face, Width: w, Height: h, Quality: 0.9},
		Liveness: kiosk.Liveness{Challenge: []string{"blink"}, Passed: true, Frames: frames}}, true
}

func noisyJPEG(w, h int) []byte {
	img := image.NewGray(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = uint8(100 + rand.IntN(60))
	}
	img.Set(0, 0, color.Gray{Y: 255})
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 80}); err != nil {
		panic(err) // encoding to memory cannot fail
	}
	return b.Bytes()
}

// fileBytes is the database and its WAL as they are on disk.
func fileBytes(t testing.TB, dir string) []byte {
	t.Helper()
	var all []byte
	for _, name := range []string{"kiosk.db", "kiosk.db-wal"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		all = append(all, b...)
	}
	return all
}

func mustStats(t testing.TB, ob *Outbox) Stats {
	t.Helper()
	s, err := ob.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return s
}
