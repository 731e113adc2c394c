package main

import (
	"encoding/json"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/hainan-hrss/certkiosk/kiosk"
)

// TestSelftestDemoJSON runs `certkiosk selftest --json --demo` as a
// technician would: the real binary, the reader simulator on a pty, the
// demo camera through OpenCV with the liveness challenge, and the API
// simulator over loopback HTTP.
func TestSelftestDemoJSON(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := filepath.Join(t.TempDir(), "certkiosk")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	for _, tt := range []struct {
		scenario, result string
		exit             int
	}{
		{"never_certified", "passed", 0},
		{"face_mismatch", "rejected", 1},
		{"not_pensioner", "error", 1},
	} {
		t.Run(tt.scenario, func(t *testing.T) {
			cmd := exec.Command(bin, "selftest", "--json", "--demo", "--scenario", tt.scenario)
			out, err := cmd.Output()
			if code := cmd.ProcessState.ExitCode(); code != tt.exit {
				t.Fatalf("exit status %d (%v), want %d; output %s", code, err, tt.exit, out)
			}
			var rep selftestReport
			if err := json.Unmarshal(out, &rep); err != nil {
				t.Fatalf("output is not one JSON object: %v\n%s", err, out)
			}
			if rep.Result != tt.result {
				t.Fatalf("result %q, want %q: %s", rep.Result, tt.result, out)
			}
			if kiosk.MaskID(rep.Card.IDNumber) != rep.Card.IDNumber || rep.Card.IDNumber == "" {
				t.Errorf("card ID %q is not masked", rep.Card.IDNumber)
			}
			if tt.result != "passed" {
				return
			}
			if rep.CertifiedAt == nil || rep.NextDueDate == nil {
				t.Fatalf("a pass without certified_at or next_due_date: %s", out)
			}
			if want := kiosk.NextDueDate(*rep.CertifiedAt); *rep.NextDueDate != want {
				t.Errorf("next_due_date %s, want %s for a capture at %s", rep.NextDueDate, want, rep.CertifiedAt)
			}
			if time.Since(*rep.CertifiedAt) > time.Minute || !rep.SMSSent || rep.Face.Verdict != "ok" {
				t.Errorf("report = %s", out)
			}
			for _, stage := range []string{"card", "face", "submit", "total"} {
				if _, ok := rep.TimingsMS[stage]; !ok {
					t.Errorf("no timing for %s", stage)
				}
			}
		})
	}
}
