package outbox

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
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

// service is the simulator behind a switch: down (connections cut),
// lossy (certifications are made but some answers are cut), or up; it
// counts, per Idempotency-Key, new certifications (201) and replays (200).
type service struct {
	sim  http.Handler
	mode atomic.Value // "down", "lossy", "up"
	mu   sync.Mutex
	made map[string]int
	seen map[string]int
}

func (s *service) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	mode := s.mode.Load().(string)
	cut := func() {
		if c, _, err := http.NewResponseController(w).Hijack(); err == nil {
			c.Close()
		}
	}
	if mode == "down" && !strings.HasSuffix(r.URL.Path, "/kiosks/enroll") {
		cut()
		return
	}
	if !strings.HasSuffix(r.URL.Path, "/certifications") {
		s.sim.ServeHTTP(w, r)
		return
	}
	rec := httptest.NewRecorder()
	s.sim.ServeHTTP(rec, r)
	key := r.Header.Get("Idempotency-Key")
	s.mu.Lock()
	switch rec.Code {
	case http.StatusCreated:
		s.made[key]++
	case http.StatusOK:
		s.seen[key]++
	}
	s.mu.Unlock()
	if mode == "lossy" && rand.Float64() < 0.3 {
		cut() // certified, but the kiosk never hears it
		return
	}
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.WriteHeader(rec.Code)
	w.Write(rec.Body.Bytes())
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

// enrollTo enrolls a kiosk at the simulator and leaves its credentials in dir.
func enrollTo(t *testing.T, sim *certsim.Sim, base, dir string) {
	t.Helper()
	code, err := sim.IssueEnrollmentCode()
	if err != nil {
		t.Fatal(err)
	}
	enroller, err := certapi.New(certapi.Config{BaseURL: base})
	if err != nil {
		t.Fatal(err)
	}
	en, err := enroller.Enroll(context.Background(), code, "460100-007", "海口市龙华区政务服务中心", "hw-crash-test")
	if err != nil {
		t.Fatal(err)
	}
	err = certapi.SaveCredentials(filepath.Join(dir, "credentials.json"), certapi.Credentials{
		KioskID: en.KioskID, Secret: en.Secret, APIBaseURL: base, StationCode: "460100-007", StationName: "测试站"})
	if err != nil {
		t.Fatal(err)
	}
}

// runChild runs the child in mode; kill, if set, gets the process and a
// channel closed when it is ready, and kills it. It returns stdout and stderr.
func runChild(t *testing.T, dir, mode string, kill func(*exec.Cmd, <-chan struct{})) (string, string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+dir, childModeEnv+"="+mode)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	pipe, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	ready := make(chan struct{})
	var stdout strings.Builder
	read := make(chan struct{})
	go func() {
		defer close(read)
		sc := bufio.NewScanner(pipe)
		once := sync.OnceFunc(func() { close(ready) })
		for sc.Scan() {
			stdout.WriteString(sc.Text() + "\n")
			if sc.Text() == "READY" {
				once()
			}
		}
		io.Copy(io.Discard, pipe)
	}()
	if kill != nil {
		kill(cmd, ready)
	}
	<-read
	err = cmd.Wait()
	if kill == nil && err != nil {
		t.Errorf("child %s: %v\n%s", mode, err, stdout.String())
	}
	return stdout.String(), stderr.String()
}

// countCertifications closes the simulator and counts the certifications
// in its database, the service's own record of what it certified.
func countCertifications(t *testing.T, sim *certsim.Sim, path string) int {
	t.Helper()
	sim.Close()
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT COUNT(*) FROM certifications WHERE kiosk_id IS NOT NULL`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
