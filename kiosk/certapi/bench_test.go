package certapi_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/google/uuid"
	"github.com/hainan-hrss/certkiosk/kiosk/certapi"
	"github.com/hainan-hrss/certkiosk/kiosk/fixture"
)

// BenchmarkSimulatorStatus is the simulator's status-query throughput over
// loopback with the real client, both on the cores -cpu allows (run with
// -cpu 1 for "one core"); 8 kiosks' worth of concurrent callers.
func BenchmarkSimulatorStatus(b *testing.B) {
	e := newEnv(b, nil)
	id := idOf(b, fixture.Valid)
	b.SetParallelism(8)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := e.client.Status(ctx, id); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "queries/s")
}

// BenchmarkSimulatorCertify is the same for certifications (a 240×320 face,
// a fresh idempotency key each, every one a pass that writes SQLite).
func BenchmarkSimulatorCertify(b *testing.B) {
	e := newEnv(b, nil)
	req := e.certRequest(b, fixture.Valid)
	b.SetParallelism(8)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		r := req
		for pb.Next() {
			r.IdempotencyKey = uuid.NewString()
			if _, err := e.client.Certify(ctx, r); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "certs/s")
}

const cannedStatus = `{"person":{"name_masked":"张*","id_number_masked":"460***********1234"},"pensioner":true,"state":"valid","last_certified_at":"2026-03-05T10:12:00+08:00","last_channel":"kiosk","next_due_date":"2027-02-28","pension_suspended":false}`

func canned() *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(cannedStatus))
	}))
}

// BenchmarkClientOverhead compares the client (sign, resty, validate) with
// a bare net/http POST against the same canned answer; the difference is
// what the client adds per call.
func BenchmarkClientOverhead(b *testing.B) {
	srv := canned()
	defer srv.Close()
	body := []byte(`{"id_number":"460105195507210038"}`)
	b.Run("certapi", func(b *testing.B) {
		c, _ := certapi.New(certapi.Config{BaseURL: srv.URL + "/api/v1", KioskID: "K1",
			Secret: make([]byte, 32), Logger: quiet})
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if _, err := c.Status(ctx, "460105195507210038"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("net/http", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			resp, err := http.Post(srv.URL+"/api/v1/certification-status", "application/json", bytes.NewReader(body))
			if err != nil {
				b.Fatal(err)
			}
			var buf bytes.Buffer
			buf.ReadFrom(resp.Body)
			resp.Body.Close()
		}
	})
}

func BenchmarkSign(b *testing.B) {
	secret, body := make([]byte, 32), make([]byte, 300<<10)
	b.SetBytes(int64(len(body)))
	for i := 0; i < b.N; i++ {
		certapi.Sign(secret, "POST", "/api/v1/certifications", "2026-11-28T02:00:00Z", certapi.NewNonce(), body)
	}
}

func BenchmarkDecodeStatus(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := certapi.DecodeStatus([]byte(cannedStatus)); err != nil {
			b.Fatal(err)
		}
	}
}
