package certapi_test

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/hainan-hrss/certkiosk/kiosk"
	"github.com/hainan-hrss/certkiosk/kiosk/certapi"
	"github.com/hainan-hrss/certkiosk/kiosk/certsim"
	"github.com/hainan-hrss/certkiosk/kiosk/fixture"
)

// quiet keeps test output readable; nothing here logs personal data anyway.
var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// env is a simulator on a loopback port and a client enrolled with it.
type env struct {
	sim    *certsim.Sim
	clock  *certsim.ManualClock
	base   string
	creds  certapi.Credentials
	client *certapi.Client
}

// testNow is a fixed day so due dates in assertions are plain constants.
var testNow = time.Date(2026, 11, 28, 10, 0, 0, 0, kiosk.ChinaTime)

// newEnv starts a simulator with a manual clock at testNow and enrolls a
// kiosk. tune adjusts the client's Config (fast backoff by default).
func newEnv(t testing.TB, tune func(*certapi.Config)) *env {
	t.Helper()
	clock := certsim.NewManualClock(testNow)
	sim, err := certsim.New(certsim.Options{Clock: clock, Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	base, err := sim.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	e := &env{sim: sim, clock: clock, base: base}
	enroller, err := certapi.New(certapi.Config{BaseURL: base, Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	code, err := sim.IssueEnrollmentCode()
	if err != nil {
		t.Fatal(err)
	}
	en, err := enroller.Enroll(context.Background(), code, "460100-007", "海口市龙华区政务服务中心", "hw-test")
	if err != nil {
		t.Fatal(err)
	}
	e.creds = certapi.Credentials{KioskID: en.KioskID, Secret: en.Secret, APIBaseURL: base,
		StationCode: "460100-007", StationName: "海口市龙华区政务服务中心"}
	e.client = e.newClient(t, tune)
	return e
}

func (e *env) newClient(t testing.TB, tune func(*certapi.Config)) *certapi.Client {
	cfg := e.creds.Config()
	cfg.Clock, cfg.Logger = e.clock, quiet
	cfg.BaseBackoff, cfg.MaxBackoff = 5*time.Millisecond, 20*time.Millisecond
	if tune != nil {
		tune(&cfg)
	}
	c, err := certapi.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// faceJPEG encodes a w×h grey gradient: a real JPEG for the real decoder.
func faceJPEG(t testing.TB, w, h int) []byte {
	img := image.NewGray(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.SetGray(x, y, color.Gray{uint8((x + y) % 256)})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 70}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// certRequest is a passing request for the fixture person in scenario s,
// captured at the simulator's now.
func (e *env) certRequest(t testing.TB, s fixture.Scenario) kiosk.CertRequest {
	p, ok := fixture.ByScenario(s)
	if !ok {
		t.Fatalf("no fixture person %s", s)
	}
	return kiosk.CertRequest{
		IdempotencyKey: uuid.NewString(),
		CapturedAt:     e.clock.Now(),
		Card:           p.Card,
		Face:           kiosk.FaceImage{JPEG: faceJPEG(t, 240, 320), Width: 240, Height: 320, Quality: 0.9},
		Liveness:       kiosk.Liveness{Challenge: []string{"blink"}, Passed: true},
	}
}

func idOf(t testing.TB, s fixture.Scenario) string {
	p, ok := fixture.ByScenario(s)
	if !ok {
		t.Fatalf("no fixture person %s", s)
	}
	return p.Card.IDNumber
}

// apiCode returns the API's error code inside err, "" if none.
func apiCode(err error) string {
	var ae *certapi.APIError
	if errors.As(err, &ae) {
		return ae.Code
	}
	return ""
}

// wantErr checks err's domain code and, if apiWant is set, the API code.
func wantErr(t testing.TB, err error, code kiosk.ErrorCode, apiWant string) {
	t.Helper()
	var ke *kiosk.Error
	if !errors.As(err, &ke) {
		t.Fatalf("error %v is not a *kiosk.Error", err)
	}
	if ke.Code != code {
		t.Fatalf("error code %s, want %s (%v)", ke.Code, code, err)
	}
	if apiWant != "" && apiCode(err) != apiWant {
		t.Fatalf("API code %q, want %q (%v)", apiCode(err), apiWant, err)
	}
}

// rawSigned sends body to path signed with the env's credentials, with the
// headers tweak may alter after signing, and returns status and body.
func (e *env) rawSigned(t testing.TB, path string, body []byte, ts time.Time, tweak func(h http.Header, body *[]byte)) (int, string, http.Header) {
	t.Helper()
	full := strings.TrimSuffix(e.base, "/") + path
	req, _ := http.NewRequest(http.MethodPost, full, nil)
	stamp, nonce := ts.UTC().Format(time.RFC3339), certapi.NewNonce()
	req.Header.Set("X-Kiosk-Id", e.creds.KioskID)
	req.Header.Set("X-Timestamp", stamp)
	req.Header.Set("X-Nonce", nonce)
	req.Header.Set("X-Signature", certapi.Sign(e.creds.Secret, "POST", req.URL.Path, stamp, nonce, body))
	if tweak != nil {
		tweak(req.Header, &body)
	}
	return send(t, req, body)
}

func send(t testing.TB, req *http.Request, body []byte) (int, string, http.Header) {
	t.Helper()
	req.Body = io.NopCloser(bytes.NewReader(body))
	req.ContentLength = int64(len(body))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header
}
