package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/hainan-hrss/certkiosk/camera"
	"github.com/hainan-hrss/certkiosk/camera/liveness"
	"github.com/hainan-hrss/certkiosk/kiosk"
	"github.com/hainan-hrss/certkiosk/kiosk/certapi"
	"github.com/hainan-hrss/certkiosk/kiosk/certsim"
)

// openDemoService starts the province's service simulator on a loopback
// port, enrolls this kiosk with it exactly as `certkiosk provision` would,
// and connects the client with the credentials it got.
func (s *system) openDemoService() error {
	sim, err := certsim.New(certsim.Options{Logger: s.log.With("component", "certsim"), HeartbeatSeconds: 60})
	if err != nil {
		return kiosk.NewError(kiosk.ErrInternal, fmt.Errorf("API simulator: %w", err))
	}
	s.closers = append(s.closers, sim.Close)
	base, err := sim.Start("127.0.0.1:0")
	if err != nil {
		return kiosk.NewError(kiosk.ErrServiceUnreachable, fmt.Errorf("API simulator: %w", err))
	}
	code, err := sim.IssueEnrollmentCode()
	if err != nil {
		return kiosk.NewError(kiosk.ErrInternal, err)
	}
	enroller, err := certapi.New(certapi.Config{BaseURL: base, Logger: s.log})
	if err != nil {
		return kiosk.NewError(kiosk.ErrInternal, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	host, _ := os.Hostname()
	enr, err := enroller.Enroll(ctx, code, "460100-007", "海口市龙华区政务服务中心（演示）", "demo-"+host)
	if err != nil {
		return err
	}
	// The demo's credentials stay in memory: a demo run pointed at a real
	// kiosk's data directory must not replace its provisioned ones.
	client, err := certapi.New(certapi.Config{BaseURL: base, KioskID: enr.KioskID, Secret: enr.Secret,
		Logger: s.log.With("component", "certapi")})
	if err != nil {
		return kiosk.NewError(kiosk.ErrInternal, err)
	}
	s.client = client
	return nil
}

// openDemoDevices opens the simulated card reader on a pseudo-terminal and
// the demo camera.
func (s *system) openDemoDevices() error {
	cam, err := camera.New(&demoPerformer{}, camera.WithLogger(s.log.With("component", "camera")),
		camera.WithChallenge(liveness.Factory(liveness.DefaultConfig)))
	if err != nil {
		return kiosk.NewError(kiosk.ErrCameraMissing, err)
	}
	s.challenge = func() []string { return append([]string(nil), demoActions...) }
	s.camera = cam
	s.closers = append(s.closers, cam.Close)
	return s.openSimulatedReader()
}

// openDevices opens the configured card reader and camera.
func (s *system) openDevices() error {
	cam, err := camera.Open(s.config.CameraSource, camera.WithLogger(s.log.With("component", "camera")),
		camera.WithChallenge(liveness.Factory(liveness.DefaultConfig)))
	if err != nil {
		e := kiosk.NewError(kiosk.ErrCameraMissing, err)
		e.Device = s.config.CameraSource
		return e
	}
	s.camera = cam
	s.closers = append(s.closers, cam.Close)
	s.challenge = func() []string { return liveness.Draw(2) }
	return s.openConfiguredReader()
}
