package outbox

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/hainan-hrss/certkiosk/kiosk/audit/logscan"
	"github.com/hainan-hrss/certkiosk/kiosk/certapi"
	"github.com/hainan-hrss/certkiosk/kiosk/certsim"
	"github.com/hainan-hrss/certkiosk/kiosk/fixture"
	"github.com/hainan-hrss/certkiosk/kiosk/store"
)

// The crash test re-executes this test binary as a headless kiosk (the
// child) that certifies fixture people in a loop through the real client
// and the outbox, with the uploader running, and prints one line per answer
// the screen would show. The parent kills it with SIGKILL at random moments
// and, at the end, checks at the simulator that every request the child
// reported as received was certified exactly once.
const (
	childEnv     = "OUTBOX_CRASH_CHILD"      // the child's data directory
	childModeEnv = "OUTBOX_CRASH_CHILD_MODE" // "certify" (default) or "drain"
)

func crashChild() {
	dir := os.Getenv(childEnv)
	log := slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	slog.SetDefault(log)
	die := func(err error) {
		fmt.Fprintln(os.Stdout, "FATAL", err)
		os.Exit(3)
	}
	creds, err := certapi.LoadCredentials(filepath.Join(dir, "credentials.json"))
	if err != nil {
		die(err)
	}
	cfg := creds.Config()
	cfg.Logger, cfg.MaxAttempts = log, 2
	cfg.BaseBackoff, cfg.MaxBackoff = 5*time.Millisecond, 20*time.Millisecond
	cfg.Timeouts = certapi.Timeouts{Certify: 3 * time.Second, Attempt: 2 * time.Second}
	client, err := certapi.New(cfg)
	if err != nil {
		die(err)
	}
	db, err := store.Open(store.PathIn(dir))
	if err != nil {
		die(err)
	}
	key, err := LoadKey(KeyPath(dir), true)
	if err != nil {
		die(err)
	}
	ob, err := New(client, db, Options{Key: key, Log: log, MinBackoff: 10 * time.Millisecond, MaxBackoff: 100 * time.Millisecond})
	if err != nil {
		die(err)
	}
	ctx := context.Background()
	if os.Getenv(childModeEnv) == "drain" {
		for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); {
			s, err := ob.Drain(ctx)
			st, _ := ob.Stats(ctx)
			fmt.Fprintf(os.Stdout, "DRAIN %+v %v depth=%d\n", s, err, st.Depth)
			if st.Depth == 0 {
				os.Exit(0)
			}
			time.Sleep(50 * time.Millisecond)
		}
		os.Exit(4)
	}
	go ob.Run(ctx)
	fmt.Fprintln(os.Stdout, "READY")
	people := []fixture.Scenario{fixture.NeverCertified, fixture.DueSoon, fixture.Suspended, fixture.Valid, fixture.ManualReview}
	for i := 0; ; i++ {
		req, _ := makeRequest(people[i%len(people)], time.Now(), 120, 160)
		fmt.Fprintln(os.Stdout, "TRY", req.IdempotencyKey)
		res, err := ob.Certify(ctx, req)
		if err != nil {
			fmt.Fprintln(os.Stdout, "ERROR", req.IdempotencyKey, err)
			continue
		}
		// What the screen shows: certified, or received and to be sent.
		fmt.Fprintln(os.Stdout, "RECEIVED", req.IdempotencyKey, res.Outcome)
	}
}

func TestCrashKillsLoseNothingAndCertifyOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test re-executes the test binary ~60 times")
	}
	dir := t.TempDir()
	simDB := filepath.Join(t.TempDir(), "sim.db")
	sim, err := certsim.New(certsim.Options{DBPath: simDB})
	if err != nil {
		t.Fatal(err)
	}
	svc := &service{sim: sim.Handler(), made: map[string]int{}, seen: map[string]int{}}
	svc.mode.Store("up")
	srv := httptest.NewServer(svc)
	defer srv.Close()
	base := srv.URL + certsim.BasePath
	enrollTo(t, sim, base, dir)

	tried, received := map[string]bool{}, map[string]bool{}
	var childLogs strings.Builder
	const downRuns, lossyRuns = 40, 20
	kills := 0
	for run := range downRuns + lossyRuns {
		mode := "down"
		if run >= downRuns {
			mode = "lossy"
		}
		svc.mode.Store(mode)
		out, errs := runChild(t, dir, "certify", func(cmd *exec.Cmd, ready <-chan struct{}) {
			select {
			case <-ready:
			case <-time.After(10 * time.Second):
				t.Error("the child never got ready")
			}
			time.Sleep(time.Duration(rand.IntN(250)) * time.Millisecond)
			cmd.Process.Signal(syscall.SIGKILL)
			kills++
		})
		childLogs.WriteString(errs)
		for _, line := range strings.Split(out, "\n") {
			f := strings.Fields(line)
			switch {
			case len(f) >= 2 && f[0] == "TRY":
				tried[f[1]] = true
			case len(f) >= 2 && f[0] == "RECEIVED":
				received[f[1]] = true
			case len(f) >= 1 && (f[0] == "FATAL" || f[0] == "ERROR"):
				t.Errorf("child: %s", line)
			}
		}
		// After each kill, before the restart: every request reported as
		// received is either still queued on disk or certified already.
		queued := queuedKeys(t, dir)
		svc.mu.Lock()
		for k := range received {
			if !queued[k] && svc.made[k] == 0 {
				t.Errorf("after kill %d: received request %s is neither queued nor certified", kills, k)
			}
		}
		svc.mu.Unlock()
	}
	// The service is back: a technician's drain delivers the rest.
	svc.mode.Store("up")
	out, errs := runChild(t, dir, "drain", nil)
	childLogs.WriteString(errs)
	if !strings.Contains(out, "depth=0") {
		t.Fatalf("drain did not empty the queue:\n%s", out)
	}

	svc.mu.Lock()
	defer svc.mu.Unlock()
	lost, twice, replays := 0, 0, 0
	for k := range received {
		if svc.made[k] != 1 {
			lost++
		}
	}
	for k, n := range svc.made {
		if n > 1 {
			twice++
		}
		if !tried[k] {
			t.Errorf("the service certified a key the kiosk never made: %s", k)
		}
	}
	for _, n := range svc.seen {
		replays += n
	}
	t.Logf("kills %d, requests tried %d, reported received %d, certified %d, replays answered from the idempotency store %d",
		kills, len(tried), len(received), len(svc.made), replays)
	if kills < 50 || len(received) < 50 {
		t.Errorf("too little happened to prove anything: %d kills, %d received", kills, len(received))
	}
	if lost > 0 || twice > 0 {
		t.Errorf("%d received requests not certified exactly once; %d keys certified more than once", lost, twice)
	}
	if n := countCertifications(t, sim, simDB); n != len(svc.made) {
		t.Errorf("the simulator's database holds %d certifications, the wire saw %d", n, len(svc.made))
	}
	if hits := logscan.Scan([]byte(childLogs.String())); len(hits) > 0 {
		t.Errorf("the kiosk's logs hold personal data: %+v", hits)
	}
	if childLogs.Len() == 0 {
		t.Error("no child log captured: the personal-data scan saw nothing")
	}
}
