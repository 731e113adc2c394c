package outbox

import (
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/hainan-hrss/certkiosk/kiosk"
)

// KeyFileName is the storage key's file in the data directory.
const KeyFileName = "storage.key"

// KeySize is the storage key's length: 32 random bytes.
const KeySize = 32

// KeyPath is the storage key file inside a data directory.
func KeyPath(dataDir string) string { return filepath.Join(dataDir, KeyFileName) }

// ErrNoKey is the cause when the key file does not exist and may not be
// created.
var ErrNoKey = errors.New("storage key file does not exist")

// LoadKey reads the kiosk's storage key, the master key from which the
// queue's AES-256-GCM key and the audit trail's HMAC key are derived. The
// key lives in its own file (mode 0600) next to the database, never in it,
// and apart from the service credentials: re-enrolling the kiosk must not
// make the queued requests unreadable. With create set, a missing file is
// made with fresh random bytes; a file others may read is refused.
func LoadKey(path string, create bool) ([]byte, error) {
	b, err := readKey(path)
	if errors.Is(err, fs.ErrNotExist) && create {
		if err := writeKey(path); err != nil {
			return nil, kiosk.NewError(kiosk.ErrStorage, fmt.Errorf("create storage key: %w", err))
		}
		b, err = readKey(path)
	}
	if errors.Is(err, fs.ErrNotExist) {
		return nil, kiosk.NewError(kiosk.ErrStorage, fmt.Errorf("%s: %w", path, ErrNoKey))
	}
	if err != nil {
		return nil, kiosk.NewError(kiosk.ErrStorage, err)
	}
	return b, nil
}

func readKey(path string) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if fi.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("storage key %s has mode %v; want 0600", path, fi.Mode().Perm())
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if len(b) != KeySize {
		return nil, fmt.Errorf("storage key %s has %d bytes; want %d", path, len(b), KeySize)
	}
	return b, nil
}

// writeKey creates the key atomically: a temp file synced and linked into
// place, so a power cut leaves no key or the whole key, and two processes
// starting together cannot each write their own (Link fails if one exists).
func writeKey(path string) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, ".storage-key-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	key := make([]byte, KeySize)
	rand.Read(key)
	_, err = f.Write(key)
	clear(key)
	if err == nil {
		err = f.Chmod(0o600)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if err := os.Link(f.Name(), path); err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// DeriveKey derives a 32-byte subkey for one purpose from the master key, so
// the queue's cipher and the audit MAC never share key material.
func DeriveKey(master []byte, purpose string) ([]byte, error) {
	if len(master) != KeySize {
		return nil, fmt.Errorf("storage key must be %d bytes, got %d", KeySize, len(master))
	}
	return hkdf.Key(sha256.New, master, nil, "certkiosk "+purpose, 32)
}
