package outbox

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hainan-hrss/certkiosk/kiosk"
	"github.com/hainan-hrss/certkiosk/kiosk/fixture"
)

// TestTamperedRowsAreHeldNotUploaded edits a queued row behind the
// outbox's back, as someone with the disk in hand could, and checks that
// the uploader detects it, reports it and never sends it.
func TestTamperedRowsAreHeldNotUploaded(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name   string
		tamper string // SQL run against the queued row
		want   string
	}{
		{"FlippedCiphertextBit", "flip", HoldTampered},
		{"TruncatedCiphertext", `UPDATE outbox SET sealed = substr(sealed, 1, length(sealed) - 1)`, HoldTampered},
		{"ChangedNonce", `UPDATE outbox SET nonce = zeroblob(12)`, HoldTampered},
		{"ChangedMaskedID", `UPDATE outbox SET masked_id = '469***********0000'`, HoldTampered},
		{"ExtendedCaptureTime", `UPDATE outbox SET captured_at = captured_at + 3600000000000`, HoldTampered},
		{"SwappedKeyColumn", `UPDATE outbox SET key_id = 'ffffffffffffffff'`, HoldWrongKey},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			e.client.set(unreachable)
			req := request(t, fixture.DueSoon, testNow)
			e.ob.Certify(ctx, req)
			if tc.tamper == "flip" {
				var b []byte
				e.db.SQL().QueryRow(`SELECT sealed FROM outbox`).Scan(&b)
				b[len(b)/2] ^= 0x01
				if _, err := e.db.SQL().Exec(`UPDATE outbox SET sealed = ?`, b); err != nil {
					t.Fatal(err)
				}
			} else if _, err := e.db.SQL().Exec(tc.tamper); err != nil {
				t.Fatal(err)
			}
			e.client.set(nil)
			sentBefore := len(e.client.sent())
			s, err := e.ob.Drain(ctx)
			if err != nil || s.Held != 1 || s.Delivered != 0 {
				t.Fatalf("drain = %+v, %v; want held 1", s, err)
			}
			if len(e.client.sent()) != sentBefore {
				t.Fatal("a tampered request was uploaded")
			}
			var hold string
			e.db.SQL().QueryRow(`SELECT hold_reason FROM outbox`).Scan(&hold)
			if hold != tc.want {
				t.Errorf("hold reason = %q, want %q", hold, tc.want)
			}
			if st := mustStats(t, e.ob); st.Held != 1 || st.Depth != 1 {
				t.Errorf("stats = %+v: staff must see the held request", st)
			}
			if !strings.Contains(string(logs.Bytes()), `"reason":"`+tc.want+`"`) {
				t.Error("the held request was not reported in the log")
			}
			// Held rows leave for the staff list when the window closes.
			e.clock.Advance(Window + 2*time.Hour)
			e.ob.Drain(ctx)
			rej, _ := e.ob.Rejections(ctx, 5)
			if len(rej) != 1 || rej[0].Code != tc.want {
				t.Errorf("after the window: rejections %+v", rej)
			}
		})
	}
}

func TestWrongKeyIsDetected(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	e.client.set(unreachable)
	e.ob.Certify(ctx, request(t, fixture.DueSoon, testNow))
	// The key file is replaced (restored from the wrong backup, say).
	os.Remove(KeyPath(e.dir))
	var err error
	if e.key, err = LoadKey(KeyPath(e.dir), true); err != nil {
		t.Fatal(err)
	}
	e.open(t)
	e.client.set(nil)
	if s, err := e.ob.Drain(ctx); err != nil || s.Held != 1 || len(e.client.sent()) != 1 {
		t.Errorf("drain = %+v, %v, sent %d; want held and nothing more sent", s, err, len(e.client.sent()))
	}
	var hold string
	e.db.SQL().QueryRow(`SELECT hold_reason FROM outbox`).Scan(&hold)
	if hold != HoldWrongKey {
		t.Errorf("hold = %q, want %q", hold, HoldWrongKey)
	}
}

func TestSealRoundTrip(t *testing.T) {
	key := bytes.Repeat([]byte{7}, KeySize)
	s, err := newSealer(key)
	if err != nil {
		t.Fatal(err)
	}
	req := request(t, fixture.HMTResident, testNow)
	m := meta{Key: req.IdempotencyKey, MaskedID: kiosk.MaskID(req.Card.IDNumber), CapturedAt: req.CapturedAt.UnixNano()}
	nonce, sealed, err := s.seal(&req, m)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.open(s.keyID, nonce, sealed, m)
	if err != nil {
		t.Fatal(err)
	}
	if got.Card.IDNumber != req.Card.IDNumber || got.Card.PermitNumber != req.Card.PermitNumber ||
		!bytes.Equal(got.Face.JPEG, req.Face.JPEG) || len(got.Liveness.Frames) != 2 ||
		!got.CapturedAt.Equal(req.CapturedAt) || got.Face.Width != 360 || !got.Liveness.Passed {
		t.Error("the request did not survive sealing")
	}
	// Another row's clear columns do not open this row's blob.
	other := m
	other.Key = "00000000-0000-4000-8000-000000000000"
	if _, err := s.open(s.keyID, nonce, sealed, other); err == nil {
		t.Error("a blob opened under another row's columns")
	}
}

func TestKeyFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sub", KeyFileName)
	if _, err := LoadKey(path, false); kiosk.CodeOf(err) != kiosk.ErrStorage {
		t.Errorf("missing key without create: %v", err)
	}
	k1, err := LoadKey(path, true)
	if err != nil || len(k1) != KeySize {
		t.Fatalf("create: %v", err)
	}
	fi, _ := os.Stat(path)
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("key file mode %v, want 0600", fi.Mode().Perm())
	}
	if k2, err := LoadKey(path, true); err != nil || !bytes.Equal(k1, k2) {
		t.Error("a second load made a new key")
	}
	os.Chmod(path, 0o644)
	if _, err := LoadKey(path, false); err == nil {
		t.Error("a world-readable key was accepted")
	}
	os.Chmod(path, 0o600)
	os.WriteFile(path, []byte("short"), 0o600)
	if _, err := LoadKey(path, false); err == nil {
		t.Error("a short key was accepted")
	}
}

// FuzzOpen feeds the opener rows an attacker could write: whatever the
// bytes, it never panics and never returns a request that seal did not make.
func FuzzOpen(f *testing.F) {
	s, err := newSealer(bytes.Repeat([]byte{7}, KeySize))
	if err != nil {
		f.Fatal(err)
	}
	req, _ := makeRequest(fixture.DueSoon, testNow, 100, 100)
	m := meta{Key: req.IdempotencyKey, MaskedID: kiosk.MaskID(req.Card.IDNumber), CapturedAt: req.CapturedAt.UnixNano()}
	nonce, sealed, _ := s.seal(&req, m)
	f.Add(nonce, sealed[:64], m.Key, m.MaskedID, m.CapturedAt)
	f.Add(make([]byte, 12), []byte{}, "", "", int64(0))
	f.Add(nonce[:5], sealed[:16], m.Key, "460***********0000", m.CapturedAt+1)
	f.Fuzz(func(t *testing.T, nonce, blob []byte, key, masked string, at int64) {
		got, err := s.open(s.keyID, nonce, blob, meta{Key: key, MaskedID: masked, CapturedAt: at})
		if err == nil && got.IdempotencyKey != key {
			t.Errorf("opened a forged row as %q", got.IdempotencyKey)
		}
		if err == nil {
			t.Error("a row that seal never made opened")
		}
	})
}
