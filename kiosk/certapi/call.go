package certapi

import (
	"context"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"net/http"
	"time"

	"github.com/go-resty/resty/v2"
	"github.com/hainan-hrss/certkiosk/kiosk"
)

// answer is one HTTP answer as received.
type answer struct {
	status int
	body   []byte
	header http.Header
}

// call sends one API call within budget, retrying what the contract calls
// retryable. Each attempt is signed afresh (new timestamp and nonce: a
// resent nonce would be NONCE_REUSED) but keeps idemKey, so the service
// certifies once however many attempts reach it. Enrollment (unsigned) is
// retried only on 429 and 503, the answers that say nothing was done, since
// a code spent by a lost answer cannot be spent again.
func (c *Client) call(ctx context.Context, op, path string, body any, budget time.Duration,
	idemKey string, signed bool) (answer, error) {
	if signed && (c.cfg.KioskID == "" || len(c.cfg.Secret) == 0) {
		return answer{}, kiosk.Errorf(kiosk.ErrServiceRefused, "this kiosk is not enrolled (no credentials)")
	}
	raw, err := json.Marshal(body)
	if err != nil {
		return answer{}, kiosk.NewError(kiosk.ErrInternal, err)
	}
	ctx, cancel := context.WithTimeout(ctx, budget)
	defer cancel()
	url := c.base.String() + path
	fullPath := c.base.EscapedPath() + path
	skewChecked, nonceRenewed := false, false
	var last *kiosk.Error
	for attempt := 1; ; attempt++ {
		start := time.Now()
		ans, err := c.attempt(ctx, url, fullPath, raw, idemKey, signed)
		var wait time.Duration
		switch {
		case err != nil && errors.Is(err, resty.ErrResponseBodyTooLarge):
			return answer{}, badAnswer(op, err)
		case err != nil:
			c.log.Warn("certapi: no answer", "op", op, "attempt", attempt, "err", err)
			last = kiosk.NewError(kiosk.ErrServiceUnreachable, err)
			if !signed || isTrustError(err) {
				return answer{}, last
			}
		case ans.status < 300:
			c.log.Debug("certapi: answer", "op", op, "attempt", attempt, "status", ans.status,
				"took", time.Since(start))
			return ans, nil
		default:
			apiErr := decodeAPIError(ans.status, ans.body)
			apiErr.RetryAfter = parseRetryAfter(ans.header.Get("Retry-After"), time.Now())
			c.log.Warn("certapi: refused", "op", op, "attempt", attempt, "status", ans.status, "code", apiErr.Code)
			if signed && apiErr.Code == CodeClockSkew && !skewChecked {
				skewChecked = true
				if c.learnOffset(ans) {
					attempt-- // a corrected clock is not a retry of the same request
					continue
				}
			}
			// Our nonces are random, so NONCE_REUSED means net/http replayed
			// an attempt by itself (it does so for requests that carry an
			// Idempotency-Key when a reused connection fails): sign afresh once.
			if signed && apiErr.Code == CodeNonceReused && !nonceRenewed {
				nonceRenewed = true
				attempt--
				continue
			}
			if !retryable(ans.status) || (!signed && ans.status != 429 && ans.status != 503) {
				return answer{}, finalError(apiErr)
			}
			last, wait = finalError(apiErr), apiErr.RetryAfter
		}
		if attempt >= c.cfg.MaxAttempts {
			return answer{}, last
		}
		wait = max(wait, c.backoff(attempt))
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) < wait {
			return answer{}, last // waiting would overrun the call's budget: give up now
		}
		select {
		case <-time.After(wait):
		case <-ctx.Done():
			return answer{}, last
		}
	}
}

// attempt is one signed HTTP exchange within the attempt timeout.
func (c *Client) attempt(ctx context.Context, url, path string, raw []byte, idemKey string, signed bool) (answer, error) {
	actx, cancel := context.WithTimeout(ctx, c.cfg.Timeouts.Attempt)
	defer cancel()
	r := c.http.R().SetContext(actx).SetBody(raw)
	if signed {
		ts := c.now().UTC().Format(time.RFC3339)
		nonce := NewNonce()
		r.SetHeader("X-Kiosk-Id", c.cfg.KioskID).SetHeader("X-Timestamp", ts).
			SetHeader("X-Nonce", nonce).
			SetHeader("X-Signature", Sign(c.cfg.Secret, http.MethodPost, path, ts, nonce, raw))
	}
	if idemKey != "" {
		r.SetHeader("Idempotency-Key", idemKey)
	}
	resp, err := r.Post(url)
	if err != nil {
		return answer{}, err
	}
	return answer{resp.StatusCode(), resp.Body(), resp.Header()}, nil
}

// now is the local clock corrected by what the service told us.
func (c *Client) now() time.Time { return c.cfg.Clock.Now().Add(c.ClockOffset()) }

// learnOffset is the time check after CLOCK_SKEW: it takes the service's
// time from the answer's server_time (docs/api.md) or its Date header and
// remembers how far the kiosk's clock is off. False if neither is readable.
func (c *Client) learnOffset(ans answer) bool {
	var b struct {
		ServerTime string `json:"server_time"`
	}
	_ = json.Unmarshal(ans.body, &b) // an unreadable body falls back to Date
	server, err := time.Parse(time.RFC3339, b.ServerTime)
	if err != nil {
		if server, err = http.ParseTime(ans.header.Get("Date")); err != nil {
			return false
		}
	}
	off := server.Sub(c.cfg.Clock.Now())
	c.offset.Store(int64(off))
	c.log.Warn("certapi: kiosk clock is off; correcting", "offset", off.Round(time.Second))
	return true
}

// backoff is the wait before retry n (1-based): exponential from
// BaseBackoff, capped at MaxBackoff, with "equal jitter" so kiosks that
// failed together do not retry together.
func (c *Client) backoff(n int) time.Duration {
	d := c.cfg.BaseBackoff << min(n-1, 16)
	if d > c.cfg.MaxBackoff || d <= 0 {
		d = c.cfg.MaxBackoff
	}
	return d/2 + rand.N(d/2+1)
}
