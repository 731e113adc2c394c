package certapi

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
)

// Sign returns the contract's X-Signature: lowercase hex of
// HMAC-SHA256(secret, METHOD\nPATH\nTIMESTAMP\nNONCE\nhex(SHA-256(body))).
// path is the request path without scheme, host or query.
func Sign(secret []byte, method, path, timestamp, nonce string, body []byte) string {
	sum := sha256.Sum256(body)
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte(method + "\n" + path + "\n" + timestamp + "\n" + nonce + "\n"))
	var hexSum [64]byte
	hex.Encode(hexSum[:], sum[:])
	mac.Write(hexSum[:])
	return hex.EncodeToString(mac.Sum(nil))
}

// NewNonce returns 32 lowercase hex characters from the system's CSPRNG.
func NewNonce() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on supported systems
	return hex.EncodeToString(b[:])
}
