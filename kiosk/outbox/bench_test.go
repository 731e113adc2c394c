package outbox

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/hainan-hrss/certkiosk/kiosk"
	"github.com/hainan-hrss/certkiosk/kiosk/audit"
	"github.com/hainan-hrss/certkiosk/kiosk/certapi"
	"github.com/hainan-hrss/certkiosk/kiosk/certsim"
	"github.com/hainan-hrss/certkiosk/kiosk/fixture"
	"github.com/hainan-hrss/certkiosk/kiosk/store"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// BenchmarkQueueWrite is what the queue adds to a certification while the
// service is down: seal the request (face 360×480 and two frames, about
// 250 KiB of JPEG), commit it with synchronous=FULL on a real file, and
// record the failed attempt. The fake service fails at once.
func BenchmarkQueueWrite(b *testing.B) {
	e := newEnv(b)
	e.ob.log = quiet
	e.client.set(unreachable)
	reqs := make([]kiosk.CertRequest, 8)
	size := 0
	for i := range reqs {
		reqs[i] = request(b, fixture.DueSoon, testNow)
		size = len(reqs[i].Face.JPEG) + 2*len(reqs[i].Liveness.Frames[0])
	}
	ctx := context.Background()
	b.SetBytes(int64(size))
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		req := reqs[i%len(reqs)]
		req.IdempotencyKey = reqs[0].IdempotencyKey[:24] + time.Duration(i).String()
		if res, err := e.ob.Certify(ctx, req); err != nil || res.Outcome != kiosk.OutcomeQueued {
			b.Fatal(res, err)
		}
	}
}

// BenchmarkDrain delivers a queue of b.N requests to the simulator on a
// loopback port through the real signed client: open, send, erase, one by
// one, as the uploader does after a network outage. Reports certs/s.
func BenchmarkDrain(b *testing.B) {
	b.Run("Workers=1", func(b *testing.B) { benchDrain(b, 1, false) })
	b.Run("Workers=4", func(b *testing.B) { benchDrain(b, 4, false) })
	b.Run("Workers=4+audit", func(b *testing.B) { benchDrain(b, 4, true) })
}

func benchDrain(b *testing.B, workers int, audited bool) {
	ctx := context.Background()
	sim, err := certsim.New(certsim.Options{DBPath: filepath.Join(b.TempDir(), "sim.db"), Logger: quiet})
	if err != nil {
		b.Fatal(err)
	}
	defer sim.Close()
	base, err := sim.Start("127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	code, _ := sim.IssueEnrollmentCode()
	enroller, _ := certapi.New(certapi.Config{BaseURL: base, Logger: quiet})
	en, err := enroller.Enroll(ctx, code, "460100-007", "测试站", "hw-bench")
	if err != nil {
		b.Fatal(err)
	}
	client, err := certapi.New(certapi.Config{BaseURL: base, KioskID: en.KioskID, Secret: en.Secret, Logger: quiet})
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	db, err := store.Open(store.PathIn(dir))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	key, _ := LoadKey(KeyPath(dir), true)
	down := &fakeClient{}
	down.set(unreachable)
	queue, _ := New(down, db, Options{Key: key, Log: quiet})
	now := time.Now()
	people := []fixture.Scenario{fixture.NeverCertified, fixture.DueSoon, fixture.Suspended, fixture.Valid}
	for i := range b.N {
		req, _ := makeRequest(people[i%len(people)], now, 360, 480)
		if _, err := queue.Certify(ctx, req); err != nil {
			b.Fatal(err)
		}
	}
	opts := Options{Key: key, Log: quiet, Workers: workers}
	if audited {
		trail, err := audit.Open(db, key, audit.Options{})
		if err != nil {
			b.Fatal(err)
		}
		opts.Audit = trail
	}
	ob, _ := New(client, db, opts)
	b.ResetTimer()
	start := time.Now()
	s, err := ob.Drain(ctx)
	elapsed := time.Since(start)
	b.StopTimer()
	if err != nil || s.Delivered != b.N {
		b.Fatalf("drain = %+v, %v; want %d delivered", s, err, b.N)
	}
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "certs/s")
}
