package main

import (
	"bytes"
	"context"
	"image"
	"image/jpeg"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/hainan-hrss/certkiosk/kiosk"
	"github.com/hainan-hrss/certkiosk/kiosk/certapi"
	"github.com/hainan-hrss/certkiosk/kiosk/certsim"
	"github.com/hainan-hrss/certkiosk/kiosk/fixture"
	"github.com/hainan-hrss/certkiosk/kiosk/outbox"
	"github.com/hainan-hrss/certkiosk/kiosk/store"
)

// TestQueueAndAuditCommands queues certifications while the service is
// unreachable, then runs `queue`, `queue drain` (with the client the
// kiosk's credentials configure, against the simulator on loopback) and
// `audit verify`, as a technician would.
func TestQueueAndAuditCommands(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	sim, err := certsim.New(certsim.Options{Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	base, err := sim.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	code, _ := sim.IssueEnrollmentCode()
	enroller, _ := certapi.New(certapi.Config{BaseURL: base, Logger: quiet})
	en, err := enroller.Enroll(ctx, code, "460100-007", "测试站", "hw-cmd-test")
	if err != nil {
		t.Fatal(err)
	}
	if err := certapi.SaveCredentials(certapi.CredentialsPath(dir), certapi.Credentials{KioskID: en.KioskID,
		Secret: en.Secret, APIBaseURL: base, StationCode: "460100-007", StationName: "测试站"}); err != nil {
		t.Fatal(err)
	}

	// The kiosk queued three certifications while its network was down.
	db, err := store.Open(store.PathIn(dir))
	if err != nil {
		t.Fatal(err)
	}
	key, _ := outbox.LoadKey(outbox.KeyPath(dir), true)
	down, _ := certapi.New(certapi.Config{BaseURL: "http://127.0.0.1:9/api/v1", KioskID: en.KioskID,
		Secret: en.Secret, MaxAttempts: 1, Logger: quiet})
	ob, err := outbox.New(down, db, outbox.Options{Key: key, Log: quiet})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []fixture.Scenario{fixture.NeverCertified, fixture.DueSoon, fixture.Suspended} {
		p, _ := fixture.ByScenario(s)
		res, err := ob.Certify(ctx, kiosk.CertRequest{IdempotencyKey: uuid.NewString(), CapturedAt: time.Now(),
			Card: p.Card, Face: kiosk.FaceImage{JPEG: grayJPEG(t, 120, 160), Width: 120, Height: 160, Quality: 0.9},
			Liveness: kiosk.Liveness{Passed: true}})
		if err != nil || res.Outcome != kiosk.OutcomeQueued {
			t.Fatalf("Certify = %+v, %v", res, err)
		}
	}
	db.Close()

	if rc := runQueue([]string{"--data-dir", dir, "--json"}); rc != 0 {
		t.Errorf("queue --json exit %d", rc)
	}
	if rc := runQueue([]string{"drain", "--data-dir", dir, "--staff", "T01"}); rc != 0 {
		t.Errorf("queue drain exit %d", rc)
	}
	db, err = store.Open(store.PathIn(dir))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var depth, drains int
	db.SQL().QueryRow(`SELECT COUNT(*) FROM outbox`).Scan(&depth)
	db.SQL().QueryRow(`SELECT COUNT(*) FROM audit_log WHERE kind = 'staff' AND actor = 'T01' AND result = 'queue drain'`).Scan(&drains)
	if depth != 0 || drains != 1 {
		t.Errorf("after drain: depth %d, audited drains %d", depth, drains)
	}
	if rc := runAudit([]string{"verify", "--data-dir", dir}); rc != 0 {
		t.Errorf("audit verify of an intact trail: exit %d", rc)
	}
	db.SQL().Exec(`DELETE FROM audit_log WHERE seq = 2`)
	if rc := runAudit([]string{"verify", "--data-dir", dir}); rc != 1 {
		t.Errorf("audit verify of a trail with a deleted record: exit %d, want 1", rc)
	}
}

func grayJPEG(t *testing.T, w, h int) []byte {
	img := image.NewGray(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = uint8(i * 7)
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
