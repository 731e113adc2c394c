package app

import (
	"context"
	"errors"
	"image"
	"time"

	"github.com/hainan-hrss/certkiosk/kiosk"
	"github.com/hainan-hrss/certkiosk/kiosk/staff"
)

// Scene is one screen in one state, for the accessibility audit and the
// screenshots: Show puts it on ui, on the UI thread, without a session.
type Scene struct {
	Name string
	Show func(ui *UI)
}

func with(v kiosk.View, step kiosk.Step, edit func(*kiosk.View)) kiosk.View {
	v.Step = step
	if edit != nil {
		edit(&v)
	}
	return v
}

// Scenes are every screen of the kiosk, in every state that changes what
// it shows, for a UI whose clock reads now; the audit and the screenshots
// walk them. They use fictional people only.
func Scenes(now time.Time) []Scene {
	dueDate := kiosk.Date{Year: 2027, Month: 10, Day: 31}
	deadline := now.Add(45 * time.Second)
	personView := kiosk.View{MaskedName: "符**", MaskedID: "460***********0050", Deadline: deadline, Mode: kiosk.ModeCertify}
	view := func(v kiosk.View) func(*UI) { return func(ui *UI) { ui.Show(v) } }
	status := &kiosk.CertStatus{Pensioner: true, State: kiosk.StateValid, LastCertifiedAt: now.AddDate(0, -2, 0),
		LastChannel: kiosk.ChannelDataMatch, NextDueDate: kiosk.Date{Year: 2027, Month: 9, Day: 30}}
	return []Scene{
		{"01-idle", view(kiosk.View{Step: kiosk.StepIdle})},
		{"02-idle-notice", view(kiosk.View{Step: kiosk.StepIdle, Notice: "12月1日系统维护，暂停服务2小时"})},
		{"03-wait-card", view(with(personView, kiosk.StepWaitCard, nil))},
		{"04-wait-card-status", view(with(personView, kiosk.StepWaitCard, func(v *kiosk.View) { v.Mode = kiosk.ModeStatus }))},
		{"05-card-read", view(with(personView, kiosk.StepCardRead, nil))},
		{"06-status-no-need", view(with(personView, kiosk.StepStatus, func(v *kiosk.View) { v.Status = status }))},
		{"07-status-overdue", view(with(personView, kiosk.StepStatus, func(v *kiosk.View) {
			v.Mode = kiosk.ModeStatus
			v.Status = &kiosk.CertStatus{Pensioner: true, State: kiosk.StateOverdue, PensionSuspended: true,
				LastCertifiedAt: now.AddDate(-1, -2, 0), LastChannel: kiosk.ChannelCounter, NextDueDate: kiosk.Date{Year: 2026, Month: 9, Day: 30}}
		}))},
		{"08-face", func(ui *UI) {
			ui.Show(with(personView, kiosk.StepFace, nil))
			ui.Face.frame(kiosk.FaceFrame{Preview: image.NewRGBA(image.Rect(0, 0, 640, 480)), Hint: "请靠近一点", Progress: 0.3})
			ui.Face.draw()
		}},
		{"09-face-good", func(ui *UI) {
			ui.Show(with(personView, kiosk.StepFace, nil))
			ui.Face.frame(kiosk.FaceFrame{Preview: image.NewRGBA(image.Rect(0, 0, 640, 480)), Hint: "很好，请保持不动", OK: true, Progress: 0.8})
			ui.Face.draw()
		}},
		{"10-submitting", view(with(personView, kiosk.StepSubmitting, nil))},
		{"11-submitting-slow", func(ui *UI) {
			ui.Show(with(personView, kiosk.StepSubmitting, nil))
			ui.Submitting.entered = now.Add(-10 * time.Second)
			ui.Tick()
		}},
		{"12-result-passed", view(with(personView, kiosk.StepResult, func(v *kiosk.View) {
			v.Result = &kiosk.Result{Outcome: kiosk.OutcomePassed, NextDueDate: dueDate, SMSSent: true, PensionResumed: true}
		}))},
		{"13-result-rejected", view(with(personView, kiosk.StepResult, func(v *kiosk.View) {
			v.Result = &kiosk.Result{Outcome: kiosk.OutcomeRejected, ReasonCode: "FACE_MISMATCH"}
		}))},
		{"14-result-review", view(with(personView, kiosk.StepResult, func(v *kiosk.View) {
			v.Result = &kiosk.Result{Outcome: kiosk.OutcomeManualReview}
		}))},
		{"15-result-queued", view(with(personView, kiosk.StepResult, func(v *kiosk.View) {
			v.Result = &kiosk.Result{Outcome: kiosk.OutcomeQueued, NextDueDate: dueDate}
		}))},
		{"16-error-card", view(kiosk.View{Step: kiosk.StepError, Deadline: deadline, Err: kiosk.NewError(kiosk.ErrCardUnreadable, nil)})},
		{"17-error-expired", view(kiosk.View{Step: kiosk.StepError, Deadline: deadline, Err: kiosk.NewError(kiosk.ErrCardExpired, nil)})},
		{"18-error-network", view(with(personView, kiosk.StepError, func(v *kiosk.View) {
			v.Err = kiosk.NewError(kiosk.ErrServiceUnreachable, errors.New("dial tcp: timeout"))
		}))},
		{"19-staff-sign-in", func(ui *UI) { ui.showStaffHome() }},
		{"20-staff-menu", func(ui *UI) {
			ui.staffID = "1001"
			ui.showStaffHome()
			ui.StaffHome.show("1001", &Counts{Certifications: 23, Passed: 20, Rejected: 2, Queued: 1},
				[]Device{{"读卡器", kiosk.DeviceOK}, {"摄像头", kiosk.DeviceError}})
		}},
		{"21-staff-id-entry", func(ui *UI) {
			ui.staffID = "1001"
			ui.showIDEntry()
			for _, k := range "46010819480115005" {
				ui.IDEntry.pad.press(string(k))
			}
			ui.IDEntry.pad.press("X")
			ui.idEntryOK()
		}},
		{"22-idle-assisted", func(ui *UI) {
			ui.staffID = "1001"
			ui.Show(kiosk.View{Step: kiosk.StepIdle})
		}},
		{"23-technician-pin", func(ui *UI) { ui.opts.Staff = noStaff{}; ui.RequestQuit() }},
	}
}

// noStaff refuses every PIN; the technician-PIN scene needs some StaffAuth.
type noStaff struct{}

func (noStaff) SignIn(context.Context, string, string) error { return staff.ErrWrongPIN }
func (noStaff) CheckTechPIN(context.Context, string) error   { return staff.ErrWrongPIN }
