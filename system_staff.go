package main

import (
	"context"

	"github.com/hainan-hrss/certkiosk/app"
	"github.com/hainan-hrss/certkiosk/kiosk"
	"github.com/hainan-hrss/certkiosk/kiosk/staff"
)

// todayCounts are the staff menu's figures: today's sessions from the log
// and what waits in the upload queue.
func (s *system) todayCounts(ctx context.Context) (app.Counts, error) {
	c, err := s.db.CountsOn(ctx, kiosk.DateOf(s.now()))
	if err != nil {
		return app.Counts{}, err
	}
	out := app.Counts{Certifications: c.Certifications, Passed: c.Passed, Rejected: c.Rejected, Queued: c.Queued}
	if s.outbox != nil {
		if st, err := s.outbox.Stats(ctx); err == nil {
			out.Queued = st.Depth
		}
	}
	return out, nil
}

// devices are the staff menu's device states.
func (s *system) devices() []app.Device {
	reader := kiosk.DeviceOK
	if s.readerStatus != nil {
		reader = s.readerStatus()
	}
	return []app.Device{{Name: "读卡器", Status: reader}, {Name: "摄像头", Status: s.camera.Status()}}
}

// Demo mode's staff account and technician PIN, printed in the README, so
// a visitor can try assisted mode and close the demo.
const (
	demoStaffID   = "1001"
	demoStaffPIN  = "123456"
	demoTechPIN   = "12345678"
	demoStaffName = "演示员"
)

// seedDemoStaff creates the demo accounts unless they exist already.
func seedDemoStaff(a *staff.Accounts) error {
	ctx := context.Background()
	if has, err := a.HasTechPIN(ctx); err != nil || has {
		return err
	}
	if err := a.Add(ctx, demoStaffID, demoStaffName, demoStaffPIN); err != nil {
		return err
	}
	return a.SetTechPIN(ctx, demoTechPIN)
}
