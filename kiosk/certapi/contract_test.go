package certapi_test

import (
	"context"
	"testing"
	"time"

	"github.com/hainan-hrss/certkiosk/kiosk"
	"github.com/hainan-hrss/certkiosk/kiosk/certapi"
	"github.com/hainan-hrss/certkiosk/kiosk/fixture"
)

var ctx = context.Background()

func day(s string) kiosk.Date {
	d, err := kiosk.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestEnroll(t *testing.T) {
	e := newEnv(t, nil)
	enroller, _ := certapi.New(certapi.Config{BaseURL: e.base, Logger: quiet})
	t.Run("OK", func(t *testing.T) {
		code, _ := e.sim.IssueEnrollmentCode()
		en, err := enroller.Enroll(ctx, code, "460100-007", "龙华区政务服务中心", "hw-2")
		if err != nil {
			t.Fatal(err)
		}
		// The env enrolled the station's first kiosk; this is its second.
		if en.KioskID != "K460100007-02" || len(en.Secret) != 32 || en.Heartbeat != 300*time.Second {
			t.Fatalf("enrollment %s, %d-byte secret, heartbeat %v", en.KioskID, len(en.Secret), en.Heartbeat)
		}
		_, err = enroller.Enroll(ctx, code, "460100-007", "龙华区政务服务中心", "hw-3")
		wantErr(t, err, kiosk.ErrServiceRefused, "CODE_USED")
	})
	t.Run("ErrCodeUnknown", func(t *testing.T) {
		_, err := enroller.Enroll(ctx, "ABCDEFGH2345", "460100-007", "x", "hw")
		wantErr(t, err, kiosk.ErrServiceRefused, "CODE_UNKNOWN")
	})
	t.Run("ErrInvalidRequest", func(t *testing.T) {
		code, _ := e.sim.IssueEnrollmentCode()
		_, err := enroller.Enroll(ctx, code, "4601-7", "x", "hw")
		wantErr(t, err, kiosk.ErrServiceRefused, "INVALID_REQUEST")
	})
}

func TestStatusOfEveryFixturePerson(t *testing.T) {
	e := newEnv(t, nil)
	tests := []struct {
		s         fixture.Scenario
		state     kiosk.StatusState
		due       string
		channel   kiosk.Channel
		suspended bool
	}{
		{fixture.NeverCertified, kiosk.StateDueSoon, "", "", false},
		{fixture.Valid, kiosk.StateValid, "2027-08-31", kiosk.ChannelKiosk, false},
		{fixture.DueSoon, kiosk.StateDueSoon, "2026-11-30", kiosk.ChannelApp, false},
		{fixture.Suspended, kiosk.StateSuspended, "2026-08-31", kiosk.ChannelCounter, true},
		{fixture.DataMatch, kiosk.StateValid, "2027-09-30", kiosk.ChannelDataMatch, false},
		{fixture.ExpiredCard, kiosk.StateValid, "2026-12-31", kiosk.ChannelKiosk, false},
		{fixture.FaceMismatch, kiosk.StateDueSoon, "2026-11-30", kiosk.ChannelKiosk, false},
		{fixture.ManualReview, kiosk.StateDueSoon, "2026-11-30", kiosk.ChannelHomeVisit, false},
		{fixture.HMTResident, kiosk.StateDueSoon, "", "", false},
	}
	for _, tt := range tests {
		t.Run(string(tt.s), func(t *testing.T) {
			id := idOf(t, tt.s)
			st, err := e.client.Status(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if st.State != tt.state || st.NextDueDate.String() != tt.due || st.LastChannel != tt.channel ||
				st.PensionSuspended != tt.suspended || !st.Pensioner {
				t.Fatalf("status %+v", st)
			}
			if st.MaskedID != kiosk.MaskID(id) || st.MaskedName == "" || st.MaskedName[:3] == "***" {
				t.Fatalf("masking: %q %q", st.MaskedName, st.MaskedID)
			}
			if (tt.due == "") != st.LastCertifiedAt.IsZero() {
				t.Fatalf("last certified %v with due %q", st.LastCertifiedAt, tt.due)
			}
		})
	}
	t.Run("ErrNotAPensioner", func(t *testing.T) {
		_, err := e.client.Status(ctx, idOf(t, fixture.NotPensioner))
		wantErr(t, err, kiosk.ErrNotAPensioner, "NOT_A_PENSIONER")
		_, err = e.client.Status(ctx, "460106195003080010") // nobody's number
		wantErr(t, err, kiosk.ErrNotAPensioner, "NOT_A_PENSIONER")
	})
	t.Run("ErrInvalidRequest", func(t *testing.T) {
		_, err := e.client.Status(ctx, "46010619500308")
		wantErr(t, err, kiosk.ErrServiceRefused, "INVALID_REQUEST")
	})
}

func TestCertifyEveryFixturePerson(t *testing.T) {
	e := newEnv(t, nil)
	tests := []struct {
		s       fixture.Scenario
		outcome kiosk.Outcome
		reason  string
		sms     bool
		resumed bool
	}{
		{fixture.NeverCertified, kiosk.OutcomePassed, "", true, false},
		{fixture.Valid, kiosk.OutcomePassed, "", false, false},
		{fixture.DueSoon, kiosk.OutcomePassed, "", true, false},
		{fixture.Suspended, kiosk.OutcomePassed, "", true, true},
		{fixture.DataMatch, kiosk.OutcomePassed, "", false, false},
		{fixture.NotPensioner, kiosk.OutcomeRejected, "NOT_A_PENSIONER", false, false},
		{fixture.ExpiredCard, kiosk.OutcomeRejected, "CARD_EXPIRED", false, false},
		{fixture.FaceMismatch, kiosk.OutcomeRejected, "FACE_MISMATCH", false, false},
		{fixture.ManualReview, kiosk.OutcomeManualReview, "", false, false},
		{fixture.HMTResident, kiosk.OutcomePassed, "", true, false},
	}
	for _, tt := range tests {
		t.Run(string(tt.s), func(t *testing.T) {
			res, err := e.client.Certify(ctx, e.certRequest(t, tt.s))
			if err != nil {
				t.Fatal(err)
			}
			if res.Outcome != tt.outcome || res.ReasonCode != tt.reason || res.SMSSent != tt.sms ||
				res.PensionResumed != tt.resumed || res.Message == "" || res.CertificationID == "" {
				t.Fatalf("result %+v", res)
			}
			if tt.outcome == kiosk.OutcomePassed {
				if res.NextDueDate != day("2027-10-31") || !res.CertifiedAt.Equal(testNow) {
					t.Fatalf("pass due %v at %v", res.NextDueDate, res.CertifiedAt)
				}
				st, err := e.client.Status(ctx, idOf(t, tt.s))
				if err != nil || st.State != kiosk.StateValid || st.LastChannel != kiosk.ChannelKiosk || st.PensionSuspended {
					t.Fatalf("status after the pass %+v, %v", st, err)
				}
			} else if !res.NextDueDate.IsZero() {
				t.Fatalf("no pass but a due date %v", res.NextDueDate)
			}
		})
	}
}

func TestCertifyRejections(t *testing.T) {
	e := newEnv(t, nil)
	tests := []struct {
		name   string
		tweak  func(*kiosk.CertRequest)
		reason string
	}{
		{"POOR_IMAGE/not a JPEG", func(r *kiosk.CertRequest) { r.Face.JPEG = []byte("not a jpeg at all") }, "POOR_IMAGE"},
		{"POOR_IMAGE/too small", func(r *kiosk.CertRequest) {
			r.Face = kiosk.FaceImage{JPEG: faceJPEG(t, 64, 80), Width: 64, Height: 80}
		}, "POOR_IMAGE"},
		{"LIVENESS_FAILED", func(r *kiosk.CertRequest) { r.Liveness.Passed = false }, "LIVENESS_FAILED"},
		{"CARD_EXPIRED", func(r *kiosk.CertRequest) {
			r.Card.ValidLongTerm, r.Card.ValidTo = false, day("2026-11-27")
		}, "CARD_EXPIRED"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := e.certRequest(t, fixture.NeverCertified)
			tt.tweak(&req)
			res, err := e.client.Certify(ctx, req)
			if err != nil {
				t.Fatal(err)
			}
			if res.Outcome != kiosk.OutcomeRejected || res.ReasonCode != tt.reason || res.SMSSent {
				t.Fatalf("result %+v", res)
			}
		})
	}
	st, _ := e.client.Status(ctx, idOf(t, fixture.NeverCertified))
	if !st.LastCertifiedAt.IsZero() {
		t.Fatalf("a rejection renewed the cycle: %+v", st)
	}
}

func TestCertifyInvalid(t *testing.T) {
	e := newEnv(t, nil)
	tests := []struct {
		name  string
		tweak func(*kiosk.CertRequest)
		code  string
	}{
		{"CAPTURE_TOO_OLD", func(r *kiosk.CertRequest) { r.CapturedAt = testNow.Add(-73 * time.Hour) }, "CAPTURE_TOO_OLD"},
		{"captured in the future", func(r *kiosk.CertRequest) { r.CapturedAt = testNow.Add(time.Hour) }, "INVALID_REQUEST"},
		{"face over 200 KiB", func(r *kiosk.CertRequest) { r.Face.JPEG = make([]byte, 200<<10+1) }, "INVALID_REQUEST"},
		{"bad ID number", func(r *kiosk.CertRequest) { r.Card.IDNumber = "460106195003080020" }, "INVALID_REQUEST"},
		{"five frames", func(r *kiosk.CertRequest) { r.Liveness.Frames = make([][]byte, 5) }, "INVALID_REQUEST"},
		{"face size lies", func(r *kiosk.CertRequest) { r.Face.Width = 999 }, "INVALID_REQUEST"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := e.certRequest(t, fixture.NeverCertified)
			tt.tweak(&req)
			_, err := e.client.Certify(ctx, req)
			wantErr(t, err, kiosk.ErrServiceRefused, tt.code)
		})
	}
	t.Run("72 hours is still fine", func(t *testing.T) {
		req := e.certRequest(t, fixture.Valid)
		req.CapturedAt = testNow.Add(-72 * time.Hour)
		res, err := e.client.Certify(ctx, req)
		if err != nil || !res.CertifiedAt.Equal(req.CapturedAt) {
			t.Fatalf("%+v, %v", res, err)
		}
	})
}

func TestIdempotency(t *testing.T) {
	e := newEnv(t, nil)
	req := e.certRequest(t, fixture.NeverCertified)
	first, err := e.client.Certify(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("Replay", func(t *testing.T) {
		again, err := e.client.Certify(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		if again != first {
			t.Fatalf("replay %+v, first %+v", again, first)
		}
		sms, _ := e.sim.SMSLog(req.Card.IDNumber)
		if len(sms) != 1 {
			t.Fatalf("%d SMS after a replay, want 1", len(sms))
		}
	})
	t.Run("ErrMismatch", func(t *testing.T) {
		other := req
		other.Liveness.Challenge = []string{"turn_left"}
		_, err := e.client.Certify(ctx, other)
		wantErr(t, err, kiosk.ErrServiceRefused, "IDEMPOTENCY_MISMATCH")
	})
	t.Run("ErrNoKey", func(t *testing.T) {
		other := req
		other.IdempotencyKey = ""
		_, err := e.client.Certify(ctx, other)
		wantErr(t, err, kiosk.ErrInternal, "")
	})
}

func TestHeartbeat(t *testing.T) {
	e := newEnv(t, nil)
	hb := kiosk.Heartbeat{Version: "1.4.0", Uptime: time.Hour, Camera: kiosk.DeviceOK, CardReader: kiosk.DeviceError}
	r, err := e.client.Heartbeat(ctx, hb)
	if err != nil || r.Notice != "" || r.Interval != 300*time.Second || !r.ServerTime.Equal(testNow) {
		t.Fatalf("%+v, %v", r, err)
	}
	e.sim.SetNotice("12月1日系统升级，暂停服务两小时")
	if r, err = e.client.Heartbeat(ctx, hb); err != nil || r.Notice != "12月1日系统升级，暂停服务两小时" {
		t.Fatalf("%+v, %v", r, err)
	}
	t.Run("ErrInvalidRequest", func(t *testing.T) {
		_, err := e.client.Heartbeat(ctx, kiosk.Heartbeat{Camera: kiosk.DeviceOK, CardReader: kiosk.DeviceOK})
		wantErr(t, err, kiosk.ErrServiceRefused, "INVALID_REQUEST")
	})
}
