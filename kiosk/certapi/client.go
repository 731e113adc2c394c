// Package certapi is the kiosk's client for the province's certification
// API (docs/api.md): signed requests, per-call deadlines, retries with
// backoff for the answers the contract calls retryable, and strict
// validation of every answer into kiosk types or *kiosk.Error.
package certapi

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/go-resty/resty/v2"
	"github.com/hainan-hrss/certkiosk/kiosk"
)

// Timeouts bound each kind of call, retries included; Attempt bounds one
// HTTP exchange within it.
type Timeouts struct {
	Status    time.Duration
	Certify   time.Duration
	Heartbeat time.Duration
	Enroll    time.Duration
	Attempt   time.Duration
}

// DefaultTimeouts suit a person waiting at the kiosk: a status answer within
// 8 s, a certification (face upload) within 20 s.
var DefaultTimeouts = Timeouts{Status: 8 * time.Second, Certify: 20 * time.Second,
	Heartbeat: 10 * time.Second, Enroll: 15 * time.Second, Attempt: 6 * time.Second}

// Config configures a Client. Only BaseURL is required; KioskID and Secret
// are needed for every call except Enroll.
type Config struct {
	BaseURL string // e.g. https://cert.example.gov.cn/api/v1
	KioskID string
	Secret  []byte // 32 bytes from enrollment

	CABundle  string   // PEM file of trusted roots; empty means the system's
	PinSHA256 []string // base64 SHA-256 of trusted SubjectPublicKeyInfos; empty means no pinning
	// AllowInsecureHTTP permits plain http to a non-loopback host (never in
	// production: the body holds the person's face and ID card).
	AllowInsecureHTTP bool

	Timeouts    Timeouts      // zero fields take DefaultTimeouts
	MaxAttempts int           // per call, first try included; 0 means 4
	BaseBackoff time.Duration // first retry waits about this long; 0 means 300 ms
	MaxBackoff  time.Duration // cap of one wait; 0 means 5 s
	Clock       kiosk.Clock   // nil means the system clock
	Logger      *slog.Logger  // nil means slog.Default(); never logs secrets or personal data
	// Transport replaces the HTTP transport (tests); TLS settings above are
	// then the caller's business.
	Transport http.RoundTripper
}

// Client talks to the certification service. It is safe for concurrent use.
type Client struct {
	cfg    Config
	base   *url.URL
	http   *resty.Client
	log    *slog.Logger
	offset atomic.Int64 // server time minus local time, ns, learnt from CLOCK_SKEW
}

var _ kiosk.CertClient = (*Client)(nil)

// maxAnswer bounds an answer body; the largest legal answer is far smaller.
const maxAnswer = 1 << 20

// New checks cfg and builds a Client. Plain http is refused unless the host
// is a loopback address (the simulator) or AllowInsecureHTTP is set.
func New(cfg Config) (*Client, error) {
	u, err := url.Parse(strings.TrimRight(cfg.BaseURL, "/"))
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("certapi: base URL %q is not an absolute URL", cfg.BaseURL)
	}
	switch {
	case u.Scheme == "https":
	case u.Scheme == "http" && (isLoopback(u.Hostname()) || cfg.AllowInsecureHTTP):
	case u.Scheme == "http":
		return nil, fmt.Errorf("certapi: plain http to %s is not allowed; use https", u.Host)
	default:
		return nil, fmt.Errorf("certapi: unsupported scheme %q", u.Scheme)
	}
	if len(cfg.Secret) != 0 && len(cfg.Secret) != 32 {
		return nil, errors.New("certapi: the secret must be 32 bytes")
	}
	fillDefaults(&cfg)
	rt := cfg.Transport
	if rt == nil {
		tc, err := tlsConfig(cfg.CABundle, cfg.PinSHA256)
		if err != nil {
			return nil, err
		}
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.TLSClientConfig = tc
		t.MaxIdleConnsPerHost = 4
		rt = t
	}
	hc := resty.New().SetTransport(rt).SetResponseBodyLimit(maxAnswer).
		SetHeader("Content-Type", "application/json").SetHeader("Accept", "application/json").
		SetHeader("User-Agent", "certkiosk").SetDisableWarn(true).
		SetRedirectPolicy(resty.NoRedirectPolicy()).SetLogger(restyLog{cfg.Logger})
	return &Client{cfg: cfg, base: u, http: hc, log: cfg.Logger}, nil
}

func fillDefaults(cfg *Config) {
	t, d := &cfg.Timeouts, DefaultTimeouts
	for _, p := range []struct {
		v   *time.Duration
		def time.Duration
	}{
		{&t.Status, d.Status}, {&t.Certify, d.Certify}, {&t.Heartbeat, d.Heartbeat},
		{&t.Enroll, d.Enroll}, {&t.Attempt, d.Attempt}} {
		if *p.v <= 0 {
			*p.v = p.def
		}
	}
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = 4
	}
	if cfg.BaseBackoff <= 0 {
		cfg.BaseBackoff = 300 * time.Millisecond
	}
	if cfg.MaxBackoff <= 0 {
		cfg.MaxBackoff = 5 * time.Second
	}
	if cfg.Clock == nil {
		cfg.Clock = kiosk.SystemClock{}
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
}

// ClockOffset is what the client adds to its clock when it signs, learnt
// from the service after a CLOCK_SKEW answer.
func (c *Client) ClockOffset() time.Duration { return time.Duration(c.offset.Load()) }

// Enroll redeems a one-time enrollment code for a kiosk identity. It needs
// no credentials; keep the result with SaveCredentials.
func (c *Client) Enroll(ctx context.Context, code, stationCode, stationName, hardwareID string) (Enrollment, error) {
	body := enrollBody{code, stationCode, stationName, hardwareID}
	ans, err := c.call(ctx, "enroll", "/kiosks/enroll", body, c.cfg.Timeouts.Enroll, "", false)
	if err != nil {
		return Enrollment{}, err
	}
	if ans.status != http.StatusCreated {
		return Enrollment{}, badAnswer("enrollment", fmt.Errorf("HTTP %d, want 201", ans.status))
	}
	return decodeEnrollment(ans.body)
}

// Status asks where a person stands. An unknown number is ErrNotAPensioner.
func (c *Client) Status(ctx context.Context, idNumber string) (kiosk.CertStatus, error) {
	ans, err := c.call(ctx, "status", "/certification-status", statusBody{idNumber},
		c.cfg.Timeouts.Status, "", true)
	if err != nil {
		return kiosk.CertStatus{}, err
	}
	if ans.status != http.StatusOK {
		return kiosk.CertStatus{}, badAnswer("status", fmt.Errorf("HTTP %d, want 200", ans.status))
	}
	return DecodeStatus(ans.body)
}

// Certify submits one certification. req.IdempotencyKey must be set and
// stay the same when the kiosk submits the same capture again (offline
// queue); every retry within this call reuses it.
func (c *Client) Certify(ctx context.Context, req kiosk.CertRequest) (kiosk.Result, error) {
	if req.IdempotencyKey == "" {
		return kiosk.Result{}, kiosk.Errorf(kiosk.ErrInternal, "certification without an idempotency key")
	}
	ans, err := c.call(ctx, "certify", "/certifications", newCertBody(&req),
		c.cfg.Timeouts.Certify, req.IdempotencyKey, true)
	if err != nil {
		return kiosk.Result{}, err
	}
	if ans.status != http.StatusCreated && ans.status != http.StatusOK {
		return kiosk.Result{}, badAnswer("certification", fmt.Errorf("HTTP %d, want 201 or 200", ans.status))
	}
	return DecodeResult(ans.body)
}

// Heartbeat reports the kiosk's health and fetches the idle-screen notice.
func (c *Client) Heartbeat(ctx context.Context, hb kiosk.Heartbeat) (kiosk.HeartbeatReply, error) {
	ans, err := c.call(ctx, "heartbeat", "/kiosks/heartbeat", newHeartbeatBody(hb),
		c.cfg.Timeouts.Heartbeat, "", true)
	if err != nil {
		return kiosk.HeartbeatReply{}, err
	}
	if ans.status != http.StatusOK {
		return kiosk.HeartbeatReply{}, badAnswer("heartbeat", fmt.Errorf("HTTP %d, want 200", ans.status))
	}
	return decodeHeartbeat(ans.body)
}

// restyLog sends resty's own messages to our logger at debug level: the
// client logs every failure itself, with the call's context, and resty's
// default would print unstructured lines to stderr.
type restyLog struct{ l *slog.Logger }

func (r restyLog) Errorf(f string, v ...any) { r.l.Debug("resty: " + fmt.Sprintf(f, v...)) }
func (r restyLog) Warnf(f string, v ...any)  { r.l.Debug("resty: " + fmt.Sprintf(f, v...)) }
func (r restyLog) Debugf(f string, v ...any) { r.l.Debug("resty: " + fmt.Sprintf(f, v...)) }
