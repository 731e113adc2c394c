package certapi_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hainan-hrss/certkiosk/kiosk"
	"github.com/hainan-hrss/certkiosk/kiosk/certapi"
	"github.com/hainan-hrss/certkiosk/kiosk/fixture"
)

// TestSignKnownVector pins the signing string of the contract with a value
// computed independently (Python's hmac and hashlib).
func TestSignKnownVector(t *testing.T) {
	secret := []byte("0123456789abcdef0123456789abcdef")
	got := certapi.Sign(secret, "POST", "/api/v1/certification-status", "2026-11-28T02:00:00Z",
		"00112233445566778899aabbccddeeff", []byte(`{"id_number":"460106195003080029"}`))
	const want = "beb2875d7680ad9af1923c47af434b47fd1b6a1e0c5b23335bd9e6b8074a23e9"
	if got != want {
		t.Fatalf("signature %s, want %s", got, want)
	}
}

func TestAuthentication(t *testing.T) {
	e := newEnv(t, nil)
	body := []byte(`{"id_number":"` + idOf(t, fixture.Valid) + `"}`)
	const path = "/certification-status"
	t.Run("OK", func(t *testing.T) {
		if st, b, _ := e.rawSigned(t, path, body, testNow, nil); st != 200 {
			t.Fatalf("%d %s", st, b)
		}
	})
	tests := []struct {
		name   string
		ts     time.Time
		tweak  func(h http.Header, body *[]byte)
		status int
		code   string
	}{
		{"tampered body", testNow, func(h http.Header, b *[]byte) {
			*b = []byte(strings.Replace(string(*b), "38", "47", 1))
		}, 401, "BAD_SIGNATURE"},
		{"tampered signature", testNow, func(h http.Header, b *[]byte) {
			s := []byte(h.Get("X-Signature"))
			s[0] ^= 1
			h.Set("X-Signature", string(s))
		}, 401, "BAD_SIGNATURE"},
		{"tampered timestamp", testNow, func(h http.Header, b *[]byte) {
			h.Set("X-Timestamp", testNow.Add(time.Second).UTC().Format(time.RFC3339))
		}, 401, "BAD_SIGNATURE"},
		{"missing signature", testNow, func(h http.Header, b *[]byte) { h.Del("X-Signature") }, 401, "BAD_SIGNATURE"},
		{"upper-case nonce", testNow, func(h http.Header, b *[]byte) {
			h.Set("X-Nonce", strings.ToUpper(h.Get("X-Nonce")))
		}, 401, "BAD_SIGNATURE"},
		{"unknown kiosk", testNow, func(h http.Header, b *[]byte) { h.Set("X-Kiosk-Id", "K999999999-01") }, 403, "KIOSK_REVOKED"},
		{"clock 301 s behind", testNow.Add(-301 * time.Second), nil, 401, "CLOCK_SKEW"},
		{"clock 301 s ahead", testNow.Add(301 * time.Second), nil, 401, "CLOCK_SKEW"},
		{"payload too large", testNow, func(h http.Header, b *[]byte) { *b = make([]byte, 3<<20) }, 413, "PAYLOAD_TOO_LARGE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, b, _ := e.rawSigned(t, path, body, tt.ts, tt.tweak)
			var ae struct{ Code, Message string }
			if st != tt.status || json.Unmarshal([]byte(b), &ae) != nil || ae.Code != tt.code || ae.Message == "" {
				t.Fatalf("%d %s, want %d %s", st, b, tt.status, tt.code)
			}
		})
	}
	t.Run("ErrNonceReused", func(t *testing.T) {
		var saved http.Header
		keep := func(h http.Header, _ *[]byte) { saved = h.Clone() }
		if st, b, _ := e.rawSigned(t, path, body, testNow, keep); st != 200 {
			t.Fatalf("%d %s", st, b)
		}
		replay := func(h http.Header, _ *[]byte) {
			for k := range saved {
				h.Set(k, saved.Get(k))
			}
		}
		st, b, _ := e.rawSigned(t, path, body, testNow, replay)
		if st != 409 || !strings.Contains(b, "NONCE_REUSED") {
			t.Fatalf("replay: %d %s", st, b)
		}
		// After the 10 minutes the contract names, the nonce is free again.
		e.clock.Advance(11 * time.Minute)
		saved.Set("X-Timestamp", e.clock.Now().UTC().Format(time.RFC3339))
		saved.Set("X-Signature", certapi.Sign(e.creds.Secret, "POST", "/api/v1"+path,
			saved.Get("X-Timestamp"), saved.Get("X-Nonce"), body))
		if st, b, _ := e.rawSigned(t, path, body, testNow, replay); st != 200 {
			t.Fatalf("after 11 min: %d %s", st, b)
		}
	})
	t.Run("ErrKioskRevoked", func(t *testing.T) {
		other := newEnv(t, nil)
		if err := other.sim.RevokeKiosk(other.creds.KioskID); err != nil {
			t.Fatal(err)
		}
		_, err := other.client.Status(ctx, idOf(t, fixture.Valid))
		wantErr(t, err, kiosk.ErrServiceRefused, "KIOSK_REVOKED")
	})
	t.Run("ErrWrongSecret", func(t *testing.T) {
		c := e.newClient(t, func(c *certapi.Config) { c.Secret = make([]byte, 32) })
		_, err := c.Status(ctx, idOf(t, fixture.Valid))
		wantErr(t, err, kiosk.ErrServiceRefused, "BAD_SIGNATURE")
	})
	t.Run("ErrMissingIdempotencyKey", func(t *testing.T) {
		st, b, _ := e.rawSigned(t, "/certifications", []byte(`{}`), e.clock.Now(), nil)
		if st != 422 || !strings.Contains(b, "Idempotency-Key") {
			t.Fatalf("%d %s", st, b)
		}
	})
}

// skewedClock is the kiosk's clock, off by a fixed amount.
type skewedClock struct {
	base interface{ Now() time.Time }
	off  time.Duration
}

func (c skewedClock) Now() time.Time { return c.base.Now().Add(c.off) }

func TestClockSkewIsCorrectedOnce(t *testing.T) {
	e := newEnv(t, nil)
	var n int
	c := e.newClient(t, func(c *certapi.Config) {
		c.Clock = skewedClock{e.clock, 2 * time.Hour}
		c.Transport = countRequests(&n, nil)
	})
	st, err := c.Status(ctx, idOf(t, fixture.Valid))
	if err != nil || st.State != kiosk.StateValid {
		t.Fatalf("%+v, %v", st, err)
	}
	if n != 2 || c.ClockOffset() != -2*time.Hour {
		t.Fatalf("%d requests, offset %v; want 2 and -2h", n, c.ClockOffset())
	}
	if _, err := c.Status(ctx, idOf(t, fixture.Valid)); err != nil || n != 3 {
		t.Fatalf("the offset was not kept: %d requests, %v", n, err)
	}
}
