package certsim

import (
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"time"
)

// maxBody bounds a request: a 200 KiB face and four 200 KiB frames in
// base64 with the card fit well within it.
const maxBody = 2 << 20

// nonceTTL is how long a nonce is remembered, per the contract.
const nonceTTL = 10 * time.Minute

// signedHandler serves a verified request of kiosk kioskID with its raw body.
type signedHandler func(w http.ResponseWriter, r *http.Request, kioskID string, body []byte)

// signed verifies the contract's authentication before next runs: the
// kiosk, the signature over the exact bytes received, the timestamp, and
// last the nonce, so a forged request cannot burn a real kiosk's nonces.
func (s *Sim) signed(next signedHandler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
		if err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				writeError(w, http.StatusRequestEntityTooLarge, "PAYLOAD_TOO_LARGE", "请求内容过大")
				return
			}
			writeError(w, http.StatusBadRequest, "INVALID_REQUEST", "body: 请求内容读取失败")
			return
		}
		id, ts, nonce, sig := r.Header.Get("X-Kiosk-Id"), r.Header.Get("X-Timestamp"),
			r.Header.Get("X-Nonce"), r.Header.Get("X-Signature")
		if id == "" || ts == "" || !isNonce(nonce) || len(sig) != 64 {
			writeError(w, http.StatusUnauthorized, "BAD_SIGNATURE", "请求签名缺失或格式错误")
			return
		}
		var secret []byte
		var revoked bool
		err = s.stmts.kiosk.QueryRow(id).Scan(&secret, &revoked)
		if err == sql.ErrNoRows || (err == nil && revoked) {
			writeError(w, http.StatusForbidden, "KIOSK_REVOKED", "终端未登记或已停用")
			return
		}
		if err != nil {
			s.internalError(w, err)
			return
		}
		if !hmac.Equal([]byte(sig), []byte(sign(secret, r.Method, r.URL.EscapedPath(), ts, nonce, body))) {
			writeError(w, http.StatusUnauthorized, "BAD_SIGNATURE", "请求签名无效")
			return
		}
		now := s.now()
		t, err := time.Parse(time.RFC3339, ts)
		if err != nil || t.Sub(now).Abs() > s.opts.MaxSkew {
			writeJSON(w, http.StatusUnauthorized, apiError{Code: "CLOCK_SKEW",
				Message: "终端时间与服务器相差过大，请校准时间", ServerTime: formatTime(now)})
			return
		}
		fresh, err := s.rememberNonce(nonce, now)
		if err != nil {
			s.internalError(w, err)
			return
		}
		if !fresh {
			writeError(w, http.StatusConflict, "NONCE_REUSED", "请求已被使用过，请重新发起")
			return
		}
		next(w, r, id, body)
	})
}

// sign is the service's own computation of X-Signature, written from the
// contract independently of the client's so the contract tests compare two
// implementations rather than one with itself.
func sign(secret []byte, method, path, ts, nonce string, body []byte) string {
	sum := sha256.Sum256(body)
	mac := hmac.New(sha256.New, secret)
	io.WriteString(mac, method+"\n"+path+"\n"+ts+"\n"+nonce+"\n"+hex.EncodeToString(sum[:]))
	return hex.EncodeToString(mac.Sum(nil))
}

func isNonce(n string) bool {
	if len(n) != 32 {
		return false
	}
	for i := 0; i < len(n); i++ {
		if c := n[i]; !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// rememberNonce records nonce and reports whether it was unseen in the last
// nonceTTL. Old nonces are purged every 1,000 inserts.
func (s *Sim) rememberNonce(nonce string, now time.Time) (bool, error) {
	res, err := s.stmts.nonce.Exec(nonce, now.UnixNano(), now.Add(-nonceTTL).UnixNano())
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, err
	}
	if s.nonceN.Add(1)%1000 == 0 {
		_, err = s.db.Exec(`DELETE FROM nonces WHERE seen_at < ?`, now.Add(-nonceTTL).UnixNano())
	}
	return n == 1, err
}
