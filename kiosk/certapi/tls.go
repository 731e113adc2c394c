package certapi

import (
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"os"
	"strings"
)

// tlsConfig trusts the system roots or the PEM bundle at caFile, and with
// pins also requires a certificate of the verified chain to carry one of the
// pinned SPKI hashes (base64 SHA-256, as HPKP and `openssl … | base64` write).
func tlsConfig(caFile string, pins []string) (*tls.Config, error) {
	tc := &tls.Config{MinVersion: tls.VersionTLS12}
	if caFile != "" {
		pem, err := os.ReadFile(caFile)
		if err != nil {
			return nil, fmt.Errorf("certapi: CA bundle: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("certapi: CA bundle %s holds no certificate", caFile)
		}
		tc.RootCAs = pool
	}
	if len(pins) == 0 {
		return tc, nil
	}
	want := map[string]bool{}
	for _, p := range pins {
		p = strings.TrimPrefix(strings.TrimSpace(p), "sha256/")
		if b, err := base64.StdEncoding.DecodeString(p); err != nil || len(b) != sha256.Size {
			return nil, fmt.Errorf("certapi: pin %q is not base64 of a SHA-256", p)
		}
		want[p] = true
	}
	// VerifyConnection runs after the normal chain verification, so pinning
	// narrows trust and never widens it.
	tc.VerifyConnection = func(cs tls.ConnectionState) error {
		for _, chain := range cs.VerifiedChains {
			for _, cert := range chain {
				if want[SPKIPin(cert)] {
					return nil
				}
			}
		}
		return errPinMismatch
	}
	return tc, nil
}

// errPinMismatch is the handshake's failure when no pin matches.
var errPinMismatch = errors.New("certapi: the service's certificate matches no pinned key")

// isTrustError reports whether err is the service's certificate failing
// verification: retrying cannot help, so the client stops at once.
func isTrustError(err error) bool {
	var unknown x509.UnknownAuthorityError
	var host x509.HostnameError
	var invalid x509.CertificateInvalidError
	var verify *tls.CertificateVerificationError
	return errors.Is(err, errPinMismatch) || errors.As(err, &unknown) || errors.As(err, &host) ||
		errors.As(err, &invalid) || errors.As(err, &verify)
}

// SPKIPin returns the base64 SHA-256 of cert's SubjectPublicKeyInfo, the
// form Config.PinSHA256 takes.
func SPKIPin(cert *x509.Certificate) string {
	sum := sha256.Sum256(cert.RawSubjectPublicKeyInfo)
	return base64.StdEncoding.EncodeToString(sum[:])
}

// isLoopback reports whether host names this machine: localhost or a
// loopback IP.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
