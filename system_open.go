package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/hainan-hrss/certkiosk/kiosk"
	"github.com/hainan-hrss/certkiosk/kiosk/audit"
	"github.com/hainan-hrss/certkiosk/kiosk/certapi"
	"github.com/hainan-hrss/certkiosk/kiosk/outbox"
	"github.com/hainan-hrss/certkiosk/kiosk/staff"
	"github.com/hainan-hrss/certkiosk/kiosk/store"
)

// systemOptions choose between the configured parts and demo mode's
// simulated ones.
type systemOptions struct {
	demo        bool   // everything simulated, as `certkiosk demo`
	demoDevices bool   // simulated reader and camera, configured service
	dataDir     string // empty: the default, or a temporary one in demo mode
}

// openSystem opens every part of a kiosk. On error, whatever was opened is
// closed again.
func openSystem(o systemOptions) (_ *system, err error) {
	sys := &system{log: newLogger(), now: time.Now}
	defer func() {
		if err != nil {
			sys.close()
		}
	}()
	dataDir := o.dataDir
	switch {
	case dataDir == "" && o.demo:
		if dataDir, err = os.MkdirTemp("", "certkiosk-demo-"); err != nil {
			return nil, kiosk.NewError(kiosk.ErrStorage, err)
		}
		sys.closers = append(sys.closers, func() error { return os.RemoveAll(dataDir) })
	case dataDir == "":
		dataDir = store.DefaultDataDir()
	}
	if sys.db, err = store.Open(store.PathIn(dataDir)); err != nil {
		return nil, err
	}
	sys.closers = append(sys.closers, sys.db.Close)
	if sys.config, err = sys.db.LoadConfig(context.Background()); err != nil {
		return nil, err
	}
	sys.staff = staff.New(sys.db.SQL())
	if o.demo {
		if err := seedDemoStaff(sys.staff); err != nil {
			return nil, err
		}
	}

	if o.demo {
		err = sys.openDemoService()
	} else {
		sys.client, err = openClient(dataDir)
	}
	if err != nil {
		return nil, err
	}
	if err := sys.openOutbox(dataDir); err != nil {
		return nil, err
	}
	if o.demo || o.demoDevices {
		err = sys.openDemoDevices()
	} else {
		err = sys.openDevices()
	}
	if err != nil {
		return nil, err
	}
	return sys, nil
}

// openClient makes the service client from the provisioned credentials.
func openClient(dataDir string) (kiosk.CertClient, error) {
	creds, err := certapi.LoadCredentials(certapi.CredentialsPath(dataDir))
	if err != nil {
		e := kiosk.NewError(kiosk.ErrServiceUnreachable, err)
		e.Message, e.Next = "本机还没有开通认证服务", "请技术人员先运行 certkiosk provision"
		return nil, e
	}
	cfg := creds.Config()
	cfg.Logger = slog.Default().With("component", "certapi")
	c, err := certapi.New(cfg)
	if err != nil {
		return nil, kiosk.NewError(kiosk.ErrInternal, fmt.Errorf("service client: %w", err))
	}
	return c, nil
}

// openOutbox puts the encrypted store-and-forward queue and the audit trail
// between the flow and the service client: every certification is on disk
// before it is sent, and every session is in the hash-chained trail.
func (s *system) openOutbox(dataDir string) error {
	key, err := outbox.LoadKey(outbox.KeyPath(dataDir), true)
	if err != nil {
		return kiosk.NewError(kiosk.ErrStorage, err)
	}
	if s.trail, err = audit.Open(s.db, key, audit.Options{}); err != nil {
		return kiosk.NewError(kiosk.ErrStorage, err)
	}
	s.outbox, err = outbox.New(s.client, s.db, outbox.Options{Key: key, Log: s.log.With("component", "outbox"), Audit: s.trail})
	if err != nil {
		return kiosk.NewError(kiosk.ErrStorage, err)
	}
	s.client = s.outbox
	return nil
}
