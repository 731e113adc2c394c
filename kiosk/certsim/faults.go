package certsim

import (
	"math/rand/v2"
	"net"
	"net/http"
	"sync"
	"time"
)

// Faults injects trouble into the API (not the admin calls), for tests and
// technician training. Rates are shares of calls in [0, 1]; the Next
// counters hit the next N calls, for deterministic bursts.
type Faults struct {
	Latency       time.Duration // added before every answer
	ErrorRate     float64       // answered ErrorStatus
	FailNext      int           // the next N calls answered ErrorStatus
	ErrorStatus   int           // 500, 502, 503 or 504; 0 means 503
	RateLimitRate float64       // answered 429 RATE_LIMITED with Retry-After
	RateLimitNext int
	RetryAfter    time.Duration // Retry-After of a 429; 0 means 1 s
	DropRate      float64       // connection reset without an answer
	DropNext      int
	// MaintenanceFrom/Until is a window of the simulator's clock answered
	// 503 MAINTENANCE with Retry-After until its end.
	MaintenanceFrom, MaintenanceUntil time.Time
}

// faultState guards the live Faults.
type faultState struct {
	mu sync.Mutex
	f  Faults
}

func (fs *faultState) set(f Faults) {
	fs.mu.Lock()
	fs.f = f
	fs.mu.Unlock()
}

func (fs *faultState) get() Faults {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	return fs.f
}

// fault is what to do with one call.
type fault int

const (
	faultNone fault = iota
	faultMaintenance
	faultDrop
	faultRateLimit
	faultError
)

// draw decides one call's fault and consumes a Next counter if one fires.
func (fs *faultState) draw(now time.Time) (fault, Faults) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	f := &fs.f
	hit := func(next *int, rate float64) bool {
		if *next > 0 {
			*next--
			return true
		}
		return rate > 0 && rand.Float64() < rate
	}
	switch {
	case !f.MaintenanceUntil.IsZero() && !now.Before(f.MaintenanceFrom) && now.Before(f.MaintenanceUntil):
		return faultMaintenance, *f
	case hit(&f.DropNext, f.DropRate):
		return faultDrop, *f
	case hit(&f.RateLimitNext, f.RateLimitRate):
		return faultRateLimit, *f
	case hit(&f.FailNext, f.ErrorRate):
		return faultError, *f
	}
	return faultNone, *f
}

var errorCodes = map[int]string{500: "INTERNAL", 502: "BAD_GATEWAY", 503: "UNAVAILABLE", 504: "GATEWAY_TIMEOUT"}

// withFaults applies the configured faults before the API handler.
func (s *Sim) withFaults(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		now := s.now()
		kind, f := s.faults.draw(now)
		if f.Latency > 0 {
			select {
			case <-time.After(f.Latency):
			case <-r.Context().Done():
				return
			}
		}
		switch kind {
		case faultMaintenance:
			writeRetry(w, http.StatusServiceUnavailable, "MAINTENANCE", "系统维护中，请稍后再试",
				f.MaintenanceUntil.Sub(now))
		case faultDrop:
			dropConnection(w)
		case faultRateLimit:
			after := f.RetryAfter
			if after <= 0 {
				after = time.Second
			}
			writeRetry(w, http.StatusTooManyRequests, "RATE_LIMITED", "请求过于频繁，请稍后再试", after)
		case faultError:
			status := f.ErrorStatus
			if errorCodes[status] == "" {
				status = http.StatusServiceUnavailable
			}
			writeError(w, status, errorCodes[status], "服务暂时不可用")
		default:
			next.ServeHTTP(w, r)
		}
	})
}

// dropConnection resets the TCP connection without answering (SO_LINGER 0
// turns the close into a RST), as a failing load balancer does.
func dropConnection(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler) // HTTP/2 or a test recorder: abort the stream instead
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		_ = tc.SetLinger(0)
	}
	conn.Close()
}
