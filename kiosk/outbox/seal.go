package outbox

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/gob"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/hainan-hrss/certkiosk/kiosk"
)

// Hold reasons: why a row cannot be opened. Such a row is never uploaded;
// staff see it in the queue until the service's window closes.
const (
	HoldWrongKey = "wrong_key" // sealed under another key (the key file was replaced)
	HoldTampered = "tampered"  // sealed under this key, but the bytes or clear columns changed
)

// sealer encrypts requests with AES-256-GCM. The clear columns of the row
// (Idempotency-Key, masked ID, capture time) are the associated data, so
// editing them, or swapping sealed blobs between rows, fails to open.
type sealer struct {
	aead  cipher.AEAD
	keyID string // a short fingerprint of the key, stored with each row
}

func newSealer(master []byte) (*sealer, error) {
	k, err := DeriveKey(master, "outbox AES-256-GCM v1")
	if err != nil {
		return nil, err
	}
	defer clear(k)
	block, err := aes.NewCipher(k)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	// The fingerprint is a hash of the derived key under its own label:
	// it identifies the key without helping anyone guess it.
	sum := sha256.Sum256(append([]byte("certkiosk outbox key id\x00"), k...))
	return &sealer{aead: aead, keyID: hex.EncodeToString(sum[:8])}, nil
}

// meta is a row's clear columns, bound to its ciphertext.
type meta struct {
	Key        string
	MaskedID   string
	CapturedAt int64
}

func (m meta) aad() []byte {
	b := []byte("certkiosk/outbox/v1\x00")
	b = binary.AppendUvarint(b, uint64(len(m.Key)))
	b = append(b, m.Key...)
	b = binary.AppendUvarint(b, uint64(len(m.MaskedID)))
	b = append(b, m.MaskedID...)
	return binary.BigEndian.AppendUint64(b, uint64(m.CapturedAt))
}

// seal encrypts req, gob-encoded (binary: a third smaller and several
// times faster to decode than JSON's base64 for the images). The
// plaintext is wiped before returning.
func (s *sealer) seal(req *kiosk.CertRequest, m meta) (nonce, sealed []byte, err error) {
	var buf bytes.Buffer
	buf.Grow(len(req.Face.JPEG)*2 + 4096)
	if err := gob.NewEncoder(&buf).Encode(req); err != nil {
		return nil, nil, err
	}
	plain := buf.Bytes()
	defer clear(plain)
	nonce = make([]byte, s.aead.NonceSize())
	rand.Read(nonce)
	return nonce, s.aead.Seal(nil, nonce, plain, m.aad()), nil
}

// errUnreadable says a row cannot be opened; Reason is a Hold constant.
type errUnreadable struct{ Reason string }

func (e *errUnreadable) Error() string {
	if e.Reason == HoldWrongKey {
		return "queued request was sealed under another storage key"
	}
	return "queued request failed authentication: modified ciphertext or columns"
}

// open decrypts a row. A failure is *errUnreadable naming the reason.
func (s *sealer) open(keyID string, nonce, sealed []byte, m meta) (kiosk.CertRequest, error) {
	var req kiosk.CertRequest
	if keyID != s.keyID {
		return req, &errUnreadable{HoldWrongKey}
	}
	if len(nonce) != s.aead.NonceSize() {
		return req, &errUnreadable{HoldTampered}
	}
	plain, err := s.aead.Open(nil, nonce, sealed, m.aad())
	if err != nil {
		return req, &errUnreadable{HoldTampered}
	}
	defer clear(plain)
	if err := gob.NewDecoder(bytes.NewReader(plain)).Decode(&req); err != nil {
		// Authentic but unparsable: written by a version we cannot read.
		return req, fmt.Errorf("queued request does not decode: %w", err)
	}
	if req.IdempotencyKey != m.Key {
		return req, &errUnreadable{HoldTampered}
	}
	return req, nil
}

func isUnreadable(err error) (string, bool) {
	var u *errUnreadable
	if errors.As(err, &u) {
		return u.Reason, true
	}
	return "", false
}
