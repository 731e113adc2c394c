package certapi

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/hainan-hrss/certkiosk/kiosk"
)

// API error codes of the contract, as the service writes them in "code".
const (
	CodeBadSignature        = "BAD_SIGNATURE"
	CodeClockSkew           = "CLOCK_SKEW"
	CodeKioskRevoked        = "KIOSK_REVOKED"
	CodeNonceReused         = "NONCE_REUSED"
	CodeRateLimited         = "RATE_LIMITED"
	CodeMaintenance         = "MAINTENANCE"
	CodeInvalidRequest      = "INVALID_REQUEST"
	CodeCodeUsed            = "CODE_USED"
	CodeCodeUnknown         = "CODE_UNKNOWN"
	CodeNotAPensioner       = "NOT_A_PENSIONER"
	CodeIdempotencyMismatch = "IDEMPOTENCY_MISMATCH"
	CodeCaptureTooOld       = "CAPTURE_TOO_OLD"
	CodeInternal            = "INTERNAL"                // simulator's own 5xx code
	CodePayloadTooLarge     = "PAYLOAD_TOO_LARGE"       // docs/api.md extension
	CodeIdempotencyKeyMiss  = "IDEMPOTENCY_KEY_MISSING" // docs/api.md extension
)

// APIError is a non-2xx answer of the service. It is the cause inside the
// *kiosk.Error the client returns, so logs keep the API's code and message.
type APIError struct {
	Status     int           // HTTP status
	Code       string        // the body's code, "" when the body had none
	Message    string        // the body's Chinese message
	RetryAfter time.Duration // from Retry-After, 0 when absent
}

func (e *APIError) Error() string {
	s := fmt.Sprintf("HTTP %d", e.Status)
	if e.Code != "" {
		s += " " + e.Code
	}
	if e.Message != "" {
		s += ": " + e.Message
	}
	return s
}

// retryable reports whether the contract lets a client try again.
func retryable(status int) bool {
	switch status {
	case http.StatusTooManyRequests, http.StatusInternalServerError, http.StatusBadGateway,
		http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// finalError turns a final API answer into the domain's error.
func finalError(e *APIError) *kiosk.Error {
	switch {
	case retryable(e.Status):
		return kiosk.NewError(kiosk.ErrServiceUnreachable, e)
	case e.Code == CodeNotAPensioner:
		return kiosk.NewError(kiosk.ErrNotAPensioner, e)
	default:
		return kiosk.NewError(kiosk.ErrServiceRefused, e)
	}
}

// parseRetryAfter reads Retry-After as seconds or an HTTP date; 0 if absent
// or unreadable. Negative values count as 0.
func parseRetryAfter(h string, now time.Time) time.Duration {
	if h == "" {
		return 0
	}
	if s, err := strconv.Atoi(h); err == nil {
		if s < 0 {
			return 0
		}
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(h); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}
