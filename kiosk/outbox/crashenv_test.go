package outbox

import (
	"bufio"
	"context"
	"database/sql"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/hainan-hrss/certkiosk/kiosk/certapi"
	"github.com/hainan-hrss/certkiosk/kiosk/certsim"
)

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

// queuedKeys reads the keys in the dead child's queue, as its restart will.
func queuedKeys(t *testing.T, dir string) map[string]bool {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(dir, "kiosk.db")+"?_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	keys := map[string]bool{}
	rows, err := db.Query(`SELECT idempotency_key FROM outbox`)
	if err != nil {
		return keys // killed before the first migration committed: nothing queued yet
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		rows.Scan(&k)
		keys[k] = true
	}
	return keys
}
