package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"strings"
	"time"

	"gocv.io/x/gocv"

	"github.com/hainan-hrss/certkiosk/camera"
	"github.com/hainan-hrss/certkiosk/camera/liveness"
)

func init() {
	register(command{name: "liveness-eval", summary: "look for liveness actions in recorded videos and judge whether a real head made them", run: runLivenessEval})
}

func runLivenessEval(args []string) int {
	fs := newFlags("liveness-eval", "[--json] VIDEO…",
		"Runs the liveness action detectors (turn left, turn right, nod, blink) over\n"+
			"recorded videos and prints which actions it saw and when, and whether the\n"+
			"motion was a real head's: a video is live only when at least one turn or nod\n"+
			"showed 3-D parallax. Record a person at the kiosk (facing the screen first,\n"+
			"then doing a few actions) to check a camera on site. Any video OpenCV reads\n"+
			"will do (MJPG .avi always works).\n"+
			"Exit status: 0 when every video is live, 1 when any is not or is unreadable.")
	asJSON := fs.Bool("json", false, "print one JSON object per video")
	return analyseFiles(fs, args, func(an *camera.Analyzer, files []string) bool {
		return livenessEval(os.Stdout, os.Stderr, an, files, *asJSON)
	})
}

// livenessEvalResult is one video's line of `liveness-eval --json`.
type livenessEvalResult struct {
	File    string               `json:"file"`
	Actions []livenessEvalAction `json:"actions"`
	Live    bool                 `json:"live"`
	Reasons []string             `json:"reasons"`
}

type livenessEvalAction struct {
	Action string `json:"action"`
	AtMS   int64  `json:"at_ms"` // the action's peak, from the start of the video
}

// livenessEval watches each video and prints its result to out (problems
// reading a file go to errOut); it reports whether all were live.
func livenessEval(out, errOut io.Writer, an *camera.Analyzer, files []string, asJSON bool) bool {
	enc := json.NewEncoder(out)
	allLive := true
	for _, file := range files {
		r := livenessEvalResult{File: file, Actions: []livenessEvalAction{}, Reasons: []string{}}
		rep, err := watchVideo(an, file)
		if err != nil {
			fmt.Fprintf(errOut, "liveness-eval: %s: %v\n", file, err)
			r.Reasons = append(r.Reasons, "unreadable")
		} else {
			for _, e := range rep.Actions {
				r.Actions = append(r.Actions, livenessEvalAction{Action: e.Action, AtMS: e.At.Milliseconds()})
			}
			r.Live = rep.Live
			r.Reasons = append(r.Reasons, rep.Reasons...)
		}
		allLive = allLive && r.Live
		if asJSON {
			enc.Encode(r)
			continue
		}
		verdict := "not live"
		if r.Live {
			verdict = "live"
		}
		fmt.Fprintf(out, "%s: %s\n", file, verdict)
		for i, e := range r.Actions {
			kind := "3-D"
			if !rep.Actions[i].Solid {
				kind = "appearance only"
			}
			fmt.Fprintf(out, "  %-10s at %6.2f s  (%s)\n", e.Action, float64(e.AtMS)/1000, kind)
		}
		if len(r.Reasons) > 0 {
			fmt.Fprintf(out, "  reasons: %s\n", strings.Join(r.Reasons, ", "))
		}
		if err == nil {
			// The largest signals against their thresholds tell a technician
			// how far a real person's movements were from counting.
			th := liveness.DefaultThresholds
			fmt.Fprintf(out, "  peaks: turn %.3f (needs %.3f), nod %.3f (needs %.3f), parallax %.3f (needs %.3f)\n",
				rep.PeakTurn, th.TurnOn, rep.PeakNod, th.NodOn, rep.PeakParallax, th.Solid)
		}
	}
	return allLive
}

// watchVideo plays a video file through the analyser and a liveness Watch.
// Frame times come from the file's frame rate, so results do not depend on
// how fast this machine decodes.
func watchVideo(an *camera.Analyzer, file string) (liveness.Report, error) {
	if _, err := os.Stat(file); err != nil {
		return liveness.Report{}, err
	}
	vc, err := gocv.VideoCaptureFile(file)
	if err != nil {
		return liveness.Report{}, err
	}
	defer vc.Close()
	fps := vc.Get(gocv.VideoCaptureFPS)
	if !(fps > 0 && fps < 1000) || math.IsNaN(fps) {
		fps = 30
	}
	w := liveness.NewWatch()
	defer w.Close()
	frame := gocv.NewMat()
	defer frame.Close()
	var a camera.Analysis
	n := 0
	for ; vc.Read(&frame) && !frame.Empty(); n++ {
		if err := an.Analyze(frame, &a); err != nil {
			continue
		}
		w.Observe(time.Duration(float64(n)/fps*float64(time.Second)), &a, an.Gray())
	}
	if n == 0 {
		return liveness.Report{}, fmt.Errorf("no frames (not a video OpenCV can read?)")
	}
	return w.Report(), nil
}
