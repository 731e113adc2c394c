package certapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
)

// Credentials are what enrollment leaves on the kiosk. The secret signs
// every request: the file is 0600 and nothing logs it.
type Credentials struct {
	KioskID     string `json:"kiosk_id"`
	Secret      []byte `json:"secret"` // base64 in the file
	APIBaseURL  string `json:"api_base_url"`
	StationCode string `json:"station_code"`
	StationName string `json:"station_name"`
	// TLS settings given at provisioning, kept so every later start trusts
	// the same service.
	CABundle  string   `json:"ca_bundle,omitempty"`
	PinSHA256 []string `json:"pin_sha256,omitempty"`
}

// CredentialsPath is the credentials file inside the kiosk's data directory.
func CredentialsPath(dataDir string) string { return filepath.Join(dataDir, "credentials.json") }

// String hides the secret, so printing Credentials by mistake leaks nothing.
func (c Credentials) String() string {
	return fmt.Sprintf("kiosk %s at %s (%s)", c.KioskID, c.StationCode, c.APIBaseURL)
}

// LogValue keeps the secret out of structured logs too.
func (c Credentials) LogValue() slog.Value { return slog.StringValue(c.String()) }

// SaveCredentials writes c as JSON to path with mode 0600, atomically: a
// temp file in the same directory renamed over the old one, so a power cut
// leaves either the old or the new credentials.
func SaveCredentials(path string, c Credentials) error {
	if c.KioskID == "" || len(c.Secret) != 32 || c.APIBaseURL == "" {
		return errors.New("credentials: kiosk id, 32-byte secret and API URL are required")
	}
	b, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return err
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("credentials: %w", err)
	}
	f, err := os.CreateTemp(dir, ".credentials-*")
	if err != nil {
		return fmt.Errorf("credentials: %w", err)
	}
	defer os.Remove(f.Name()) // no-op after the rename
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return fmt.Errorf("credentials: %w", err)
	}
	if _, err := f.Write(append(b, '\n')); err != nil {
		f.Close()
		return fmt.Errorf("credentials: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("credentials: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("credentials: %w", err)
	}
	return os.Rename(f.Name(), path)
}

// LoadCredentials reads a credentials file and refuses one that others can
// read, since whoever holds the secret can certify as this kiosk.
func LoadCredentials(path string) (Credentials, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return Credentials{}, fmt.Errorf("credentials: %w", err)
	}
	if fi.Mode().Perm()&0o077 != 0 {
		return Credentials{}, fmt.Errorf("credentials: %s has mode %v; want 0600", path, fi.Mode().Perm())
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return Credentials{}, fmt.Errorf("credentials: %w", err)
	}
	var c Credentials
	if err := json.Unmarshal(b, &c); err != nil {
		return Credentials{}, fmt.Errorf("credentials: %s is not valid JSON", path)
	}
	if c.KioskID == "" || len(c.Secret) != 32 || c.APIBaseURL == "" {
		return Credentials{}, fmt.Errorf("credentials: %s lacks the kiosk id, secret or API URL", path)
	}
	return c, nil
}

// Config returns a client Config for these credentials.
func (c Credentials) Config() Config {
	return Config{BaseURL: c.APIBaseURL, KioskID: c.KioskID, Secret: c.Secret,
		CABundle: c.CABundle, PinSHA256: c.PinSHA256}
}
