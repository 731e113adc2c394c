// Package certsim simulates the province's certification service over real
// HTTP (docs/api.md): it verifies signatures, timestamps, nonces and
// idempotency keys like the real service, applies the policy's rules to
// SQLite state seeded with the fixture people, and can inject faults. Demo
// mode embeds it on a loopback port; `certkiosk simulate-api` runs it alone.
package certsim

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hainan-hrss/certkiosk/kiosk"
)

// BasePath is where the API lives under the simulator's address.
const BasePath = "/api/v1"

// Options configure a simulator. The zero value is a usable demo simulator.
type Options struct {
	DBPath           string        // SQLite file; "" keeps the state in memory
	Clock            kiosk.Clock   // nil means the system clock
	Logger           *slog.Logger  // nil means slog.Default()
	HeartbeatSeconds int           // told to kiosks; 0 means 300
	SuspendGraceDays int           // days overdue before suspension; the policy says 0
	AdminToken       string        // when set, admin calls need "Authorization: Bearer TOKEN"
	Faults           Faults        // initial fault injection
	MaxSkew          time.Duration // accepted X-Timestamp skew; 0 means 300 s
}

// Sim is a running or runnable simulator. Its methods are safe for
// concurrent use.
type Sim struct {
	opts   Options
	db     *sql.DB
	stmts  *stmts
	log    *slog.Logger
	mu     sync.Mutex // serialises certifications, enrollments and data matches
	faults faultState
	notice atomic.Pointer[string] // idle-screen text for heartbeats
	srv    *http.Server
	nonceN atomic.Int64 // nonce inserts, to purge old ones now and then
}

// New opens (and on first use seeds) the simulator's state.
func New(opts Options) (*Sim, error) {
	if opts.Clock == nil {
		opts.Clock = kiosk.SystemClock{}
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.HeartbeatSeconds <= 0 {
		opts.HeartbeatSeconds = 300
	}
	if opts.MaxSkew <= 0 {
		opts.MaxSkew = 300 * time.Second
	}
	db, err := openDB(opts.DBPath)
	if err != nil {
		return nil, err
	}
	if err := seed(db, opts.Clock.Now()); err != nil {
		db.Close()
		return nil, err
	}
	st, err := prepare(db)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("certsim: %w", err)
	}
	s := &Sim{opts: opts, db: db, stmts: st, log: opts.Logger}
	s.faults.set(opts.Faults)
	return s, nil
}

func (s *Sim) now() time.Time { return s.opts.Clock.Now() }

// Handler serves the API under BasePath and the admin calls under /admin/v1.
func (s *Sim) Handler() http.Handler {
	api := http.NewServeMux()
	api.HandleFunc("POST "+BasePath+"/kiosks/enroll", s.handleEnroll)
	api.Handle("POST "+BasePath+"/certification-status", s.signed(s.handleStatus))
	api.Handle("POST "+BasePath+"/certifications", s.signed(s.handleCertify))
	api.Handle("POST "+BasePath+"/kiosks/heartbeat", s.signed(s.handleHeartbeat))
	api.HandleFunc(BasePath+"/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "NOT_FOUND", "没有这个接口")
	})
	mux := http.NewServeMux()
	mux.Handle(BasePath+"/", s.withFaults(api))
	mux.Handle("/admin/v1/", s.admin())
	return mux
}

// Start serves on addr (e.g. "127.0.0.1:0") in the background and returns
// the API's base URL, e.g. http://127.0.0.1:41234/api/v1.
func (s *Sim) Start(addr string) (string, error) { return s.start(addr, "", "") }

// StartTLS is Start over HTTPS with the given PEM certificate and key, for
// trying a kiosk's CA bundle and pinning against the simulator.
func (s *Sim) StartTLS(addr, certFile, keyFile string) (string, error) {
	return s.start(addr, certFile, keyFile)
}

func (s *Sim) start(addr, certFile, keyFile string) (string, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", err
	}
	s.srv = &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout: 30 * time.Second, WriteTimeout: 60 * time.Second}
	scheme := "http"
	serve := func() error { return s.srv.Serve(ln) }
	if certFile != "" {
		scheme = "https"
		serve = func() error { return s.srv.ServeTLS(ln, certFile, keyFile) }
	}
	go func() {
		if err := serve(); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.log.Error("certsim: server stopped", "err", err)
		}
	}()
	return scheme + "://" + ln.Addr().String() + BasePath, nil
}

// Close stops the server, if started, and closes the database.
func (s *Sim) Close() error {
	if s.srv != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = s.srv.Shutdown(ctx)
	}
	return s.db.Close()
}

// writeJSON answers status with v as JSON.
func writeJSON(w http.ResponseWriter, status int, v any) {
	b, _ := json.Marshal(v)
	writeRaw(w, status, b)
}

func writeRaw(w http.ResponseWriter, status int, b []byte) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// apiError is the contract's error body; ServerTime is set on CLOCK_SKEW
// (docs/api.md) so a kiosk can correct its clock.
type apiError struct {
	Code       string `json:"code"`
	Message    string `json:"message"`
	ServerTime string `json:"server_time,omitempty"`
}

func writeError(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, apiError{Code: code, Message: msg})
}

// writeRetry answers a retryable refusal with Retry-After in whole seconds.
func writeRetry(w http.ResponseWriter, status int, code, msg string, after time.Duration) {
	secs := int((after + time.Second - 1) / time.Second)
	w.Header().Set("Retry-After", strconv.Itoa(max(secs, 1)))
	writeError(w, status, code, msg)
}

// internalError logs the cause and answers 500 without it.
func (s *Sim) internalError(w http.ResponseWriter, err error) {
	s.log.Error("certsim: internal error", "err", err)
	writeError(w, http.StatusInternalServerError, "INTERNAL", "系统内部错误，请稍后再试")
}

// formatTime writes an API time: RFC 3339 in China time.
func formatTime(t time.Time) string { return t.In(kiosk.ChinaTime).Format(time.RFC3339) }
