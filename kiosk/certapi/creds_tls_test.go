package certapi_test

import (
	"encoding/pem"
	"fmt"
	"log"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hainan-hrss/certkiosk/kiosk"
	"github.com/hainan-hrss/certkiosk/kiosk/certapi"
	"github.com/hainan-hrss/certkiosk/kiosk/certsim"
	"github.com/hainan-hrss/certkiosk/kiosk/fixture"
)

func TestCredentialsFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "certkiosk", "credentials.json")
	c := certapi.Credentials{KioskID: "K460100007-01", Secret: []byte("0123456789abcdef0123456789abcdef"),
		APIBaseURL: "https://cert.example.gov.cn/api/v1", StationCode: "460100-007", StationName: "龙华"}
	if err := certapi.SaveCredentials(path, c); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v, %v", fi.Mode().Perm(), err)
	}
	got, err := certapi.LoadCredentials(path)
	if err != nil || got.KioskID != c.KioskID || string(got.Secret) != string(c.Secret) || got.StationName != c.StationName {
		t.Fatalf("%v, %v", got, err)
	}
	var log strings.Builder
	slog.New(slog.NewTextHandler(&log, nil)).Info("loaded", "creds", got)
	if shown := fmt.Sprint(got) + fmt.Sprintf("%v", got) + log.String(); strings.Contains(shown, "0123456789abcdef") ||
		strings.Contains(shown, "MDEyMzQ1Njc4OWFiY2RlZj") {
		t.Fatalf("the secret leaks when printed: %s", shown)
	}
	t.Run("ErrReadableByOthers", func(t *testing.T) {
		os.Chmod(path, 0o644)
		if _, err := certapi.LoadCredentials(path); err == nil {
			t.Fatal("loaded a world-readable credentials file")
		}
	})
	t.Run("ErrIncomplete", func(t *testing.T) {
		if err := certapi.SaveCredentials(path, certapi.Credentials{KioskID: "K1"}); err == nil {
			t.Fatal("saved credentials without a secret")
		}
	})
}

func TestPlainHTTPOnlyToLoopback(t *testing.T) {
	for _, tt := range []struct {
		url   string
		allow bool
		ok    bool
	}{
		{"http://127.0.0.1:8443/api/v1", false, true},
		{"http://localhost:8443/api/v1", false, true},
		{"http://[::1]:8443/api/v1", false, true},
		{"http://cert.example.gov.cn/api/v1", false, false},
		{"http://10.0.0.5/api/v1", true, true},
		{"https://cert.example.gov.cn/api/v1", false, true},
		{"ftp://cert.example.gov.cn/", true, false},
		{"cert.example.gov.cn/api/v1", false, false},
	} {
		_, err := certapi.New(certapi.Config{BaseURL: tt.url, AllowInsecureHTTP: tt.allow})
		if (err == nil) != tt.ok {
			t.Errorf("%s (allow %v): %v", tt.url, tt.allow, err)
		}
	}
}

// TestTLS serves the simulator over TLS with a certificate the system does
// not trust: it works with the CA bundle, with the right pin, and fails
// without the bundle or with a wrong pin.
func TestTLS(t *testing.T) {
	e := newEnv(t, nil)
	srv := httptest.NewUnstartedServer(e.sim.Handler())
	var handshakes handshakeLog // counts failed handshakes, i.e. attempts
	srv.Config.ErrorLog = log.New(&handshakes, "", 0)
	srv.StartTLS()
	defer srv.Close()
	ca := filepath.Join(t.TempDir(), "ca.pem")
	os.WriteFile(ca, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}), 0o644)
	pin := certapi.SPKIPin(srv.Certificate())
	wrongPin := "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
	tests := []struct {
		name string
		ca   string
		pins []string
		ok   bool
	}{
		{"CA bundle", ca, nil, true},
		{"CA bundle and pin", ca, []string{wrongPin, pin}, true},
		{"ErrWrongPin", ca, []string{wrongPin}, false},
		{"ErrUntrusted", "", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := e.newClient(t, func(c *certapi.Config) {
				c.BaseURL, c.CABundle, c.PinSHA256 = srv.URL+certsim.BasePath, tt.ca, tt.pins
			})
			before := handshakes.count()
			_, err := c.Status(ctx, idOf(t, fixture.Valid))
			if tt.ok && err != nil {
				t.Fatal(err)
			}
			if !tt.ok {
				wantErr(t, err, kiosk.ErrServiceUnreachable, "")
				time.Sleep(50 * time.Millisecond) // the server logs after the client hung up
				if n := handshakes.count() - before; n != 1 {
					t.Fatalf("%d handshakes for a certificate failure, want 1", n)
				}
			}
		})
	}
}

// handshakeLog counts the server's "TLS handshake error" log lines.
type handshakeLog struct {
	mu sync.Mutex
	n  int
}

func (h *handshakeLog) Write(p []byte) (int, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.n += strings.Count(string(p), "TLS handshake error")
	return len(p), nil
}

func (h *handshakeLog) count() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.n
}
