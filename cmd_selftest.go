package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/hainan-hrss/certkiosk/kiosk"
	"github.com/hainan-hrss/certkiosk/kiosk/fixture"
)

func init() {
	register(command{name: "selftest", summary: "run one complete certification without a window and report it", run: runSelftest})
}

// selftestReport is the one JSON object selftest prints.
type selftestReport struct {
	Card struct {
		Type     kiosk.CardType `json:"type"`
		Name     string         `json:"name"`
		IDNumber string         `json:"id_number"`
	} `json:"card"`
	Face struct {
		Verdict string  `json:"verdict"`
		Quality float64 `json:"quality,omitempty"`
		Bytes   int     `json:"jpeg_bytes,omitempty"`
	} `json:"face"`
	Result      string           `json:"result"`
	ReasonCode  string           `json:"reason_code,omitempty"`
	Error       *reportError     `json:"error,omitempty"`
	CertifiedAt *time.Time       `json:"certified_at"`
	NextDueDate *kiosk.Date      `json:"next_due_date"`
	SMSSent     bool             `json:"sms_sent"`
	TimingsMS   map[string]int64 `json:"timings_ms"`
}

type reportError struct {
	Code    kiosk.ErrorCode `json:"code"`
	Message string          `json:"message"`
}

func runSelftest(args []string) int {
	fs := newFlags("selftest", "[--json] [--demo | --demo-devices] [--scenario S]",
		"Runs one complete certification without a window: card, status, face, submission.\n"+
			"--demo simulates everything as demo mode does; --demo-devices simulates the reader and\n"+
			"camera but uses the configured service; with neither, the configured reader, camera and\n"+
			"service are used and a real card must be placed. Exit status 0 only for a pass.")
	asJSON := fs.Bool("json", false, "print one JSON object")
	demo := fs.Bool("demo", false, "simulated reader, file camera and embedded API simulator")
	demoDevices := fs.Bool("demo-devices", false, "simulated reader and file camera, configured API")
	scenario := fs.String("scenario", string(fixture.NeverCertified), "fixture person to place in demo modes")
	dataDir := fs.String("data-dir", "", "kiosk data directory (default: a temporary one with --demo)")
	timeout := fs.Duration("timeout", 2*time.Minute, "give up after this long")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	person, ok := fixture.ByScenario(fixture.Scenario(*scenario))
	if (*demo || *demoDevices) && !ok {
		fmt.Fprintf(os.Stderr, "selftest: unknown scenario %q\n", *scenario)
		return 2
	}
	sys, err := openSystem(systemOptions{demo: *demo, demoDevices: *demoDevices, dataDir: *dataDir})
	if err != nil {
		return reportFailure(*asJSON, err)
	}
	defer sys.close()

	rep := selftest(sys, person, *timeout)
	if *asJSON {
		json.NewEncoder(os.Stdout).Encode(rep)
	} else {
		printReport(rep)
	}
	if rep.Result != string(kiosk.OutcomePassed) {
		return 1
	}
	return 0
}

// selftest drives one session through the flow and times each stage.
func selftest(sys *system, person fixture.Person, timeout time.Duration) selftestReport {
	rep := selftestReport{TimingsMS: map[string]int64{}}
	cam := &recordingCamera{Camera: sys.camera}
	sys.camera = cam
	flow := sys.newFlow()

	views := make(chan kiosk.View, 64)
	flow.OnView(func(v kiosk.View) { views <- v })
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	wait := sys.runLoops(ctx, flow, nil)
	defer wait()
	defer cancel()

	start := time.Now()
	last := start
	lap := func(stage string) {
		now := time.Now()
		rep.TimingsMS[stage] = now.Sub(last).Milliseconds()
		last = now
	}
	if sys.place != nil {
		sys.place(person)
	} else {
		fmt.Fprintln(os.Stderr, "selftest: place an ID card on the reader")
	}
	for {
		select {
		case <-ctx.Done():
			rep.Result = "error"
			rep.Error = &reportError{Code: "timeout", Message: "no result within " + timeout.String()}
			return rep
		case v := <-views:
			switch v.Step {
			case kiosk.StepCardRead:
				lap("card")
				rep.Card.Type, rep.Card.Name, rep.Card.IDNumber = v.CardType, v.MaskedName, v.MaskedID
			case kiosk.StepStatus:
				lap("status")
				flow.CertifyAnyway() // a selftest always certifies
			case kiosk.StepFace:
				if _, done := rep.TimingsMS["status"]; !done {
					lap("status")
				}
			case kiosk.StepSubmitting:
				lap("face")
				rep.Face.Verdict, rep.Face.Quality, rep.Face.Bytes = "ok", cam.quality(), cam.bytes()
			case kiosk.StepResult:
				lap("submit")
				r := v.Result
				rep.Result, rep.ReasonCode, rep.SMSSent = string(r.Outcome), r.ReasonCode, r.SMSSent
				if !r.CertifiedAt.IsZero() {
					rep.CertifiedAt = &r.CertifiedAt
				}
				if !r.NextDueDate.IsZero() {
					rep.NextDueDate = &r.NextDueDate
				}
				rep.TimingsMS["total"] = time.Since(start).Milliseconds()
				flow.Cancel()
				return rep
			case kiosk.StepError:
				rep.Result = "error"
				msg, _ := kiosk.ScreenText(v.Err)
				rep.Error = &reportError{Code: kiosk.CodeOf(v.Err), Message: msg}
				if rep.Face.Verdict == "" && rep.Card.IDNumber != "" {
					rep.Face.Verdict = "failed"
				}
				sys.log.Error("selftest failed", "err", v.Err)
				flow.Cancel()
				return rep
			}
		}
	}
}

// recordingCamera remembers the last capture's figures for the report.
type recordingCamera struct {
	kiosk.Camera
	mu        sync.Mutex
	lastQual  float64
	lastBytes int
}

func (c *recordingCamera) CaptureFace(ctx context.Context, o kiosk.CaptureOptions, obs func(kiosk.FaceFrame)) (kiosk.Capture, error) {
	capture, err := c.Camera.CaptureFace(ctx, o, obs)
	c.mu.Lock()
	c.lastQual, c.lastBytes = capture.Face.Quality, len(capture.Face.JPEG)
	c.mu.Unlock()
	return capture, err
}

func (c *recordingCamera) quality() float64 { c.mu.Lock(); defer c.mu.Unlock(); return c.lastQual }
func (c *recordingCamera) bytes() int       { c.mu.Lock(); defer c.mu.Unlock(); return c.lastBytes }

func printReport(r selftestReport) {
	fmt.Printf("card:    %s %s %s\n", r.Card.Type, r.Card.Name, r.Card.IDNumber)
	fmt.Printf("face:    %s (quality %.2f, %d bytes)\n", r.Face.Verdict, r.Face.Quality, r.Face.Bytes)
	fmt.Printf("result:  %s %s\n", r.Result, r.ReasonCode)
	if r.Error != nil {
		fmt.Printf("error:   %s: %s\n", r.Error.Code, r.Error.Message)
	}
	if r.NextDueDate != nil {
		fmt.Printf("due:     %s (SMS sent: %v)\n", r.NextDueDate, r.SMSSent)
	}
	fmt.Printf("timings: %v ms\n", r.TimingsMS)
}

func reportFailure(asJSON bool, err error) int {
	msg, next := kiosk.ScreenText(err)
	if asJSON {
		json.NewEncoder(os.Stdout).Encode(selftestReport{Result: "error",
			Error: &reportError{Code: kiosk.CodeOf(err), Message: msg + "：" + next}, TimingsMS: map[string]int64{}})
	}
	fmt.Fprintf(os.Stderr, "selftest: %v\n", err)
	return 1
}
