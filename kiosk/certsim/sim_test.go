package certsim_test

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/jpeg"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/hainan-hrss/certkiosk/kiosk"
	"github.com/hainan-hrss/certkiosk/kiosk/certapi"
	"github.com/hainan-hrss/certkiosk/kiosk/certsim"
	"github.com/hainan-hrss/certkiosk/kiosk/fixture"
)

var (
	ctx   = context.Background()
	quiet = slog.New(slog.NewTextHandler(io.Discard, nil))
)

func cst(y int, m time.Month, d, h int) time.Time {
	return time.Date(y, m, d, h, 0, 0, 0, kiosk.ChinaTime)
}

// start runs a simulator at now with opts and returns it with an enrolled
// client and the simulator's root URL (for the admin calls).
func start(t testing.TB, now time.Time, opts certsim.Options) (*certsim.Sim, *certsim.ManualClock, *certapi.Client, string) {
	t.Helper()
	clock := certsim.NewManualClock(now)
	opts.Clock, opts.Logger = clock, quiet
	sim, err := certsim.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	base, err := sim.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	c, err := certapi.New(certapi.Config{BaseURL: base, Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	code, _ := sim.IssueEnrollmentCode()
	en, err := c.Enroll(ctx, code, "460100-007", "龙华区政务服务中心", "hw")
	if err != nil {
		t.Fatal(err)
	}
	c, err = certapi.New(certapi.Config{BaseURL: base, KioskID: en.KioskID, Secret: en.Secret, Clock: clock, Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	return sim, clock, c, strings.TrimSuffix(base, certsim.BasePath)
}

var face = func() []byte {
	var buf bytes.Buffer
	jpeg.Encode(&buf, image.NewGray(image.Rect(0, 0, 200, 260)), nil)
	return buf.Bytes()
}()

// certify submits a passing capture of card id at time at.
func certify(t *testing.T, c *certapi.Client, id string, at time.Time) kiosk.Result {
	t.Helper()
	res, err := c.Certify(ctx, kiosk.CertRequest{IdempotencyKey: uuid.NewString(), CapturedAt: at,
		Card:     kiosk.IDCard{Type: kiosk.CardResident, IDNumber: id, Name: "测试", ValidLongTerm: true},
		Face:     kiosk.FaceImage{JPEG: face, Width: 200, Height: 260},
		Liveness: kiosk.Liveness{Challenge: []string{"blink"}, Passed: true}})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// Fictional test numbers with valid check digits.
const (
	idA = "460106195003080029"
	idB = "460105195507210038"
)

func TestDueDateAcrossMonthEnds(t *testing.T) {
	for _, tt := range []struct {
		now time.Time
		due string
	}{
		{cst(2022, 11, 12, 10), "2023-10-31"},
		{cst(2024, 3, 31, 10), "2025-02-28"},
		{cst(2023, 3, 31, 10), "2024-02-29"},
		{cst(2023, 4, 15, 10), "2024-03-31"},
		{cst(2024, 2, 29, 10), "2025-01-31"},
		{cst(2024, 12, 31, 23), "2025-11-30"},
	} {
		sim, _, c, _ := start(t, tt.now, certsim.Options{})
		sim.AddPensioner(idA, "王秀英", time.Time{}, "")
		res := certify(t, c, idA, tt.now)
		st, err := c.Status(ctx, idA)
		if res.NextDueDate.String() != tt.due || err != nil || st.NextDueDate.String() != tt.due || st.State != kiosk.StateValid {
			t.Errorf("certified %v: due %v, status %+v %v; want %s", tt.now, res.NextDueDate, st, err, tt.due)
		}
	}
}

func TestSMSAroundSixMonths(t *testing.T) {
	now := cst(2024, 8, 15, 10)
	sim, _, c, _ := start(t, now, certsim.Options{})
	sim.AddPensioner(idA, "王秀英", cst(2024, 2, 15, 9), kiosk.ChannelApp)
	sim.AddPensioner(idB, "陈国华", cst(2024, 2, 14, 9), kiosk.ChannelApp)
	if res := certify(t, c, idA, now); res.SMSSent {
		t.Errorf("SMS sent exactly six months after the last pass")
	}
	if res := certify(t, c, idB, now); !res.SMSSent {
		t.Errorf("no SMS six months and a day after the last pass")
	}
	if log, _ := sim.SMSLog(idA); len(log) != 0 {
		t.Errorf("SMS log for A: %v", log)
	}
	log, err := sim.SMSLog(idB)
	const want = "【海南社保医保】陈国华参保人，您于2024年08月15日已完成领取社保待遇资格认证，请于2025年07月底前完成下一周期认证"
	if err != nil || len(log) != 1 || log[0].Text != want || log[0].Phone == "" {
		t.Fatalf("SMS log %+v, %v", log, err)
	}
}

func TestSuspensionAndResumption(t *testing.T) {
	now := cst(2026, 11, 28, 10)
	sim, _, c, _ := start(t, now, certsim.Options{})
	sim.AddPensioner(idA, "王秀英", cst(2025, 9, 15, 10), kiosk.ChannelCounter) // due 2026-08-31
	st, _ := c.Status(ctx, idA)
	if st.State != kiosk.StateSuspended || !st.PensionSuspended {
		t.Fatalf("overdue since September: %+v", st)
	}
	res := certify(t, c, idA, now)
	if !res.PensionResumed || !res.SMSSent {
		t.Fatalf("first pass after suspension: %+v", res)
	}
	st, _ = c.Status(ctx, idA)
	if st.State != kiosk.StateValid || st.PensionSuspended {
		t.Fatalf("after the pass: %+v", st)
	}
	if res := certify(t, c, idA, now.Add(time.Minute)); res.PensionResumed || res.SMSSent {
		t.Fatalf("second pass: %+v", res)
	}
}

func TestDataMatchRenewsTheCycle(t *testing.T) {
	now := cst(2026, 11, 28, 10)
	sim, _, c, root := start(t, now, certsim.Options{})
	p, _ := fixture.ByScenario(fixture.Suspended)
	res, err := sim.InjectDataMatch(p.Card.IDNumber, now.Add(-24*time.Hour))
	if err != nil || !res.PensionResumed || !res.SMSSent || res.NextDueDate.String() != "2027-10-31" {
		t.Fatalf("%+v, %v", res, err)
	}
	st, _ := c.Status(ctx, p.Card.IDNumber)
	if st.State != kiosk.StateValid || st.LastChannel != kiosk.ChannelDataMatch || st.PensionSuspended {
		t.Fatalf("after the data match: %+v", st)
	}
	// A capture queued offline before the data match still passes, but the
	// cycle stays with the newer data match and nobody is texted twice.
	r := certify(t, c, p.Card.IDNumber, now.Add(-48*time.Hour))
	st, _ = c.Status(ctx, p.Card.IDNumber)
	if r.Outcome != kiosk.OutcomePassed || r.SMSSent || st.LastChannel != kiosk.ChannelDataMatch {
		t.Fatalf("older queued capture: %+v then %+v", r, st)
	}
	t.Run("AdminHTTP", func(t *testing.T) {
		q, _ := fixture.ByScenario(fixture.DueSoon)
		body := `{"id_number":"` + q.Card.IDNumber + `"}`
		resp, err := http.Post(root+"/admin/v1/data-match", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		var got struct {
			NextDue string `json:"next_due_date"`
			SMS     bool   `json:"sms_sent"`
		}
		json.NewDecoder(resp.Body).Decode(&got)
		resp.Body.Close()
		if resp.StatusCode != 200 || got.NextDue != "2027-10-31" || !got.SMS {
			t.Fatalf("%d %+v", resp.StatusCode, got)
		}
	})
	t.Run("ErrNotAPensioner", func(t *testing.T) {
		q, _ := fixture.ByScenario(fixture.NotPensioner)
		if _, err := sim.InjectDataMatch(q.Card.IDNumber, now); err != certsim.ErrUnknownPerson {
			t.Fatalf("%v", err)
		}
	})
}

func TestAdminAPI(t *testing.T) {
	_, _, _, root := start(t, cst(2026, 11, 28, 10), certsim.Options{AdminToken: "s3cret"})
	call := func(method, path, token, body string) (int, string) {
		req, _ := http.NewRequest(method, root+path, strings.NewReader(body))
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if st, _ := call("POST", "/admin/v1/enrollment-codes", "", ""); st != 401 {
		t.Errorf("no token: %d", st)
	}
	if st, b := call("POST", "/admin/v1/enrollment-codes", "s3cret", ""); st != 201 || len(b) < 20 {
		t.Errorf("issue code: %d %s", st, b)
	}
	if st, b := call("PUT", "/admin/v1/faults", "s3cret", `{"latency_ms":5,"fail_next":2,"error_status":502}`); st != 200 ||
		!strings.Contains(b, `"fail_next":2`) {
		t.Errorf("faults: %d %s", st, b)
	}
	if st, b := call("GET", "/admin/v1/sms-log", "s3cret", ""); st != 200 || b != "[]" {
		t.Errorf("sms log: %d %s", st, b)
	}
}

func TestStateSurvivesRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sim.db")
	clock := certsim.NewManualClock(cst(2026, 11, 28, 10))
	sim, err := certsim.New(certsim.Options{DBPath: path, Clock: clock, Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	code, _ := sim.IssueEnrollmentCode()
	sim.Close()
	clock.Advance(400 * 24 * time.Hour) // a reseed would move everyone's dates
	sim, err = certsim.New(certsim.Options{DBPath: path, Clock: clock, Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	base, _ := sim.Start("127.0.0.1:0")
	defer sim.Close()
	c, _ := certapi.New(certapi.Config{BaseURL: base, Logger: quiet})
	en, err := c.Enroll(ctx, code, "460100-007", "x", "hw")
	if err != nil {
		t.Fatalf("the code did not survive: %v", err)
	}
	c, _ = certapi.New(certapi.Config{BaseURL: base, KioskID: en.KioskID, Secret: en.Secret, Clock: clock, Logger: quiet})
	p, _ := fixture.ByScenario(fixture.Valid)
	if st, err := c.Status(ctx, p.Card.IDNumber); err != nil || st.State != kiosk.StateSuspended {
		t.Fatalf("400 days on, the valid person should be suspended: %+v %v", st, err)
	}
}
