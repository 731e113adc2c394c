package certapi_test

import (
	"errors"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/hainan-hrss/certkiosk/kiosk"
	"github.com/hainan-hrss/certkiosk/kiosk/certapi"
	"github.com/hainan-hrss/certkiosk/kiosk/certsim"
	"github.com/hainan-hrss/certkiosk/kiosk/fixture"
)

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// countRequests counts the requests that leave the client; sabotage, if
// set, sees attempt i's real answer and may replace it.
func countRequests(n *int, sabotage func(i int, r *http.Request, resp *http.Response, err error) (*http.Response, error)) http.RoundTripper {
	var mu sync.Mutex
	t := http.DefaultTransport.(*http.Transport).Clone()
	return roundTripFunc(func(r *http.Request) (*http.Response, error) {
		mu.Lock()
		*n++
		i := *n
		mu.Unlock()
		resp, err := t.RoundTrip(r)
		if sabotage != nil {
			return sabotage(i, r, resp, err)
		}
		return resp, err
	})
}

func TestRetries(t *testing.T) {
	e := newEnv(t, nil)
	id := idOf(t, fixture.Valid)
	var n int
	c := e.newClient(t, func(c *certapi.Config) { c.Transport = countRequests(&n, nil) })
	for _, status := range []int{500, 502, 503, 504} {
		n = 0
		e.sim.SetFaults(certsim.Faults{FailNext: 2, ErrorStatus: status})
		if _, err := c.Status(ctx, id); err != nil || n != 3 {
			t.Fatalf("burst of two %d: %d requests, %v", status, n, err)
		}
	}
	t.Run("ErrGivesUpAfterMaxAttempts", func(t *testing.T) {
		n = 0
		e.sim.SetFaults(certsim.Faults{FailNext: 10})
		_, err := c.Status(ctx, id)
		wantErr(t, err, kiosk.ErrServiceUnreachable, "UNAVAILABLE")
		if n != 4 || e.sim.Faults().FailNext != 6 {
			t.Fatalf("%d requests, %d failures left; want 4 and 6", n, e.sim.Faults().FailNext)
		}
	})
	t.Run("FinalAnswersAreNotRetried", func(t *testing.T) {
		n = 0
		e.sim.SetFaults(certsim.Faults{})
		_, err := c.Status(ctx, "123")
		wantErr(t, err, kiosk.ErrServiceRefused, "INVALID_REQUEST")
		if n != 1 {
			t.Fatalf("a final 422 was sent %d times", n)
		}
	})
}

func TestRateLimitHonoursRetryAfter(t *testing.T) {
	e := newEnv(t, nil)
	id := idOf(t, fixture.Valid)
	e.sim.SetFaults(certsim.Faults{RateLimitNext: 1, RetryAfter: time.Second})
	start := time.Now()
	if _, err := e.client.Status(ctx, id); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took < time.Second {
		t.Fatalf("retried after %v, before Retry-After's 1 s", took)
	}
	t.Run("ErrRetryAfterBeyondDeadline", func(t *testing.T) {
		e.sim.SetFaults(certsim.Faults{RateLimitNext: 1, RetryAfter: 30 * time.Second})
		start := time.Now()
		_, err := e.client.Status(ctx, id)
		wantErr(t, err, kiosk.ErrServiceUnreachable, "RATE_LIMITED")
		var ae *certapi.APIError
		if errors.As(err, &ae); ae.RetryAfter != 30*time.Second {
			t.Fatalf("Retry-After %v", ae.RetryAfter)
		}
		if took := time.Since(start); took > time.Second {
			t.Fatalf("waited %v for an answer it could not use", took)
		}
	})
}

func TestMaintenanceWindow(t *testing.T) {
	e := newEnv(t, nil)
	id := idOf(t, fixture.Valid)
	e.sim.SetFaults(certsim.Faults{MaintenanceFrom: testNow.Add(-time.Minute), MaintenanceUntil: testNow.Add(time.Hour)})
	_, err := e.client.Status(ctx, id)
	wantErr(t, err, kiosk.ErrServiceUnreachable, "MAINTENANCE")
	e.clock.Advance(time.Hour)
	if _, err := e.newClient(t, nil).Status(ctx, id); err != nil {
		t.Fatalf("after the window: %v", err)
	}
}

func TestLatencyAndDeadlines(t *testing.T) {
	e := newEnv(t, nil)
	id := idOf(t, fixture.Valid)
	e.sim.SetFaults(certsim.Faults{Latency: 50 * time.Millisecond})
	if _, err := e.client.Status(ctx, id); err != nil {
		t.Fatalf("under 50 ms latency: %v", err)
	}
	tests := []struct {
		name     string
		attempt  time.Duration
		budget   time.Duration
		latency  time.Duration
		attempts int
	}{
		{"attempt timeouts", 100 * time.Millisecond, time.Second, 300 * time.Millisecond, 4},
		{"call deadline", 6 * time.Second, 500 * time.Millisecond, 2 * time.Second, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var n int
			c := e.newClient(t, func(c *certapi.Config) {
				c.Timeouts = certapi.Timeouts{Status: tt.budget, Attempt: tt.attempt}
				c.Transport = countRequests(&n, nil)
			})
			e.sim.SetFaults(certsim.Faults{Latency: tt.latency})
			start := time.Now()
			_, err := c.Status(ctx, id)
			took := time.Since(start)
			wantErr(t, err, kiosk.ErrServiceUnreachable, "")
			if took > tt.budget+200*time.Millisecond || n != tt.attempts {
				t.Fatalf("gave up after %v and %d attempts; budget %v", took, n, tt.budget)
			}
		})
	}
}

func TestConnectionResets(t *testing.T) {
	e := newEnv(t, nil)
	id := idOf(t, fixture.Valid)
	e.sim.SetFaults(certsim.Faults{DropNext: 2})
	if _, err := e.client.Status(ctx, id); err != nil {
		t.Fatalf("after two resets: %v", err)
	}
	e.sim.SetFaults(certsim.Faults{DropRate: 1})
	_, err := e.client.Status(ctx, id)
	wantErr(t, err, kiosk.ErrServiceUnreachable, "")
}

// TestLostAnswerIsReplayed loses the answer of a certification the service
// made: the retry carries the same Idempotency-Key and gets the stored
// answer, and the person is certified (and texted) once.
func TestLostAnswerIsReplayed(t *testing.T) {
	e := newEnv(t, nil)
	var n int
	var keys, nonces []string
	c := e.newClient(t, func(c *certapi.Config) {
		c.Transport = countRequests(&n, func(i int, r *http.Request, resp *http.Response, err error) (*http.Response, error) {
			keys = append(keys, r.Header.Get("Idempotency-Key"))
			nonces = append(nonces, r.Header.Get("X-Nonce"))
			if i == 1 && err == nil {
				resp.Body.Close()
				return nil, errors.New("connection reset after the request arrived")
			}
			return resp, err
		})
	})
	req := e.certRequest(t, fixture.NeverCertified)
	res, err := c.Certify(ctx, req)
	if err != nil || res.Outcome != kiosk.OutcomePassed || !res.SMSSent {
		t.Fatalf("%+v, %v", res, err)
	}
	if n != 2 || keys[0] != req.IdempotencyKey || keys[1] != keys[0] || nonces[0] == nonces[1] {
		t.Fatalf("%d attempts, keys %v, nonces %v", n, keys, nonces)
	}
	if sms, _ := e.sim.SMSLog(req.Card.IDNumber); len(sms) != 1 {
		t.Fatalf("%d SMS, want 1", len(sms))
	}
}

func TestEnrollRetriesOnlyWhatWasNotDone(t *testing.T) {
	e := newEnv(t, nil)
	var n int
	c, _ := certapi.New(certapi.Config{BaseURL: e.base, Logger: quiet, BaseBackoff: time.Millisecond,
		Transport: countRequests(&n, nil)})
	code, _ := e.sim.IssueEnrollmentCode()
	e.sim.SetFaults(certsim.Faults{FailNext: 1, ErrorStatus: 500})
	_, err := c.Enroll(ctx, code, "460100-008", "x", "hw")
	wantErr(t, err, kiosk.ErrServiceUnreachable, "INTERNAL")
	if n != 1 {
		t.Fatalf("enrollment retried a 500 (%d requests)", n)
	}
	n = 0
	e.sim.SetFaults(certsim.Faults{RateLimitNext: 1, RetryAfter: time.Millisecond})
	if _, err := c.Enroll(ctx, code, "460100-008", "x", "hw"); err != nil || n != 2 {
		t.Fatalf("after a 429: %d requests, %v", n, err)
	}
}

// TestTransportReplayIsResigned makes the transport send the first attempt
// twice, as net/http does after a failed reused connection: the service
// sees the nonce again, and the client signs afresh instead of failing.
func TestTransportReplayIsResigned(t *testing.T) {
	e := newEnv(t, nil)
	var n int
	inner := http.DefaultTransport.(*http.Transport).Clone()
	c := e.newClient(t, func(c *certapi.Config) {
		c.Transport = roundTripFunc(func(r *http.Request) (*http.Response, error) {
			n++
			if n == 1 {
				dup := r.Clone(r.Context())
				dup.Body, _ = r.GetBody()
				resp, err := inner.RoundTrip(dup)
				if err != nil {
					return nil, err
				}
				resp.Body.Close()
			}
			return inner.RoundTrip(r)
		})
	})
	res, err := c.Certify(ctx, e.certRequest(t, fixture.NeverCertified))
	if err != nil || res.Outcome != kiosk.OutcomePassed || n != 2 {
		t.Fatalf("%+v, %v after %d attempts", res, err, n)
	}
}
