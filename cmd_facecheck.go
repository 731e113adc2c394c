package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"gocv.io/x/gocv"

	"github.com/hainan-hrss/certkiosk/camera"
)

func init() {
	register(command{name: "face-check", summary: "run the face analysis on still images and print each verdict", run: runFaceCheck})
}

func runFaceCheck(args []string) int {
	fs := newFlags("face-check", "[--json] IMAGE…",
		"Runs the kiosk's face analysis on still images, as if each were a camera frame,\n"+
			"and prints the faces found and the verdict with its reason codes. Thresholds\n"+
			"assume a kiosk view: one face filling about 15–60 % of the frame height.\n"+
			"Exit status: 0 when every image passes, 1 when any is rejected or unreadable.")
	asJSON := fs.Bool("json", false, "print one JSON object per image")
	return analyseFiles(fs, args, func(an *camera.Analyzer, files []string) bool {
		return faceCheck(os.Stdout, os.Stderr, an, files, *asJSON)
	})
}

// analyseFiles is the shape of the technicians' file commands: parse the
// flags, insist on at least one file, and run check with a face analyser.
// It returns exit status 0 when check reports every file good.
func analyseFiles(fs *flag.FlagSet, args []string, check func(an *camera.Analyzer, files []string) bool) int {
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return 2
	}
	an, err := camera.NewAnalyzer(camera.DefaultThresholds())
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", fs.Name(), err)
		return 1
	}
	defer an.Close()
	if !check(an, fs.Args()) {
		return 1
	}
	return 0
}

// faceCheckResult is one image's line of `face-check --json`.
type faceCheckResult struct {
	File    string          `json:"file"`
	Faces   []faceCheckFace `json:"faces"`
	Verdict string          `json:"verdict"` // ok | rejected
	Reasons []string        `json:"reasons"`
}

type faceCheckFace struct {
	Box   [4]int  `json:"box"` // x, y, w, h in image pixels
	Score float64 `json:"score"`
}

// faceCheck analyses each file and prints its result to out (problems
// reading a file go to errOut); it reports whether all passed.
func faceCheck(out, errOut io.Writer, an *camera.Analyzer, files []string, asJSON bool) bool {
	enc := json.NewEncoder(out)
	allOK := true
	var a camera.Analysis
	for _, file := range files {
		r := faceCheckResult{File: file, Faces: []faceCheckFace{}, Verdict: "rejected", Reasons: []string{}}
		var img gocv.Mat
		if _, err := os.Stat(file); err == nil { // spares OpenCV's own warning
			img = gocv.IMRead(file, gocv.IMReadColor)
		} else {
			img = gocv.NewMat()
		}
		if img.Empty() {
			fmt.Fprintf(errOut, "face-check: %s: cannot read the image\n", file)
			r.Reasons = append(r.Reasons, "unreadable")
		} else if err := an.Analyze(img, &a); err != nil {
			fmt.Fprintf(errOut, "face-check: %s: %v\n", file, err)
			r.Reasons = append(r.Reasons, "unreadable")
		} else {
			for _, f := range a.Faces {
				b := f.Box
				r.Faces = append(r.Faces, faceCheckFace{Box: [4]int{b.Min.X, b.Min.Y, b.Dx(), b.Dy()}, Score: round3(f.Score)})
			}
			r.Reasons = append(r.Reasons, a.ReasonCodes()...)
			if a.OK() {
				r.Verdict = "ok"
			}
		}
		img.Close()
		allOK = allOK && r.Verdict == "ok"
		if asJSON {
			enc.Encode(r)
			continue
		}
		fmt.Fprintf(out, "%s: %s", file, r.Verdict)
		if len(r.Reasons) > 0 {
			fmt.Fprintf(out, " (%s) — %s", strings.Join(r.Reasons, ", "), a.Hint())
		}
		fmt.Fprintln(out)
		for i, f := range r.Faces {
			fmt.Fprintf(out, "  face %d: x=%d y=%d w=%d h=%d score=%.2f\n", i+1, f.Box[0], f.Box[1], f.Box[2], f.Box[3], f.Score)
		}
		if m := a.Measures; len(r.Faces) > 0 {
			p := a.Faces[0].Pose
			fmt.Fprintf(out, "  height %.0f%%, offset %+.0f%%/%+.0f%%, yaw %+.0f° roll %+.0f° pitch %+.0f°, luma %.0f (background %.0f), sharpness %.1f, eyes %.0f\n",
				100*m.FaceHeight, 100*m.OffsetX, 100*m.OffsetY, p.Yaw, p.Roll, p.Pitch, m.FaceLuma, m.BackgroundLuma, m.Sharpness, m.EyeContrast)
		}
	}
	return allOK
}

func round3(v float64) float64 { return float64(int(v*1000+0.5)) / 1000 }
