package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"slices"
	"testing"

	"github.com/hainan-hrss/certkiosk/camera"
)

// TestFaceCheckJSON runs face-check --json on the test photos and checks
// each line's shape and verdict.
func TestFaceCheckJSON(t *testing.T) {
	an, err := camera.NewAnalyzer(camera.DefaultThresholds())
	if err != nil {
		t.Fatal(err)
	}
	defer an.Close()
	want := []struct {
		file    string
		faces   int
		verdict string
		reasons []string
	}{
		{"testdata/faces/astronaut.jpg", 1, "ok", []string{}},
		{"testdata/faces/messi5.jpg", 1, "rejected", []string{"too_small", "pose"}},
		{"testdata/faces/baboon.jpg", 0, "rejected", []string{"no_face"}},
		{"testdata/faces/missing.jpg", 0, "rejected", []string{"unreadable"}},
	}
	var files []string
	for _, w := range want {
		files = append(files, w.file)
	}
	var out bytes.Buffer
	if faceCheck(&out, io.Discard, an, files, true) {
		t.Fatal("face-check reported all ok")
	}
	sc := bufio.NewScanner(&out)
	for i := 0; sc.Scan(); i++ {
		var raw map[string]json.RawMessage
		if err := json.Unmarshal(sc.Bytes(), &raw); err != nil {
			t.Fatalf("line %d: %v", i, err)
		}
		keys := make([]string, 0, len(raw))
		for k := range raw {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		if !slices.Equal(keys, []string{"faces", "file", "reasons", "verdict"}) {
			t.Fatalf("line %d keys %v", i, keys)
		}
		var r faceCheckResult
		json.Unmarshal(sc.Bytes(), &r)
		w := want[i]
		if r.File != w.file || len(r.Faces) != w.faces || r.Verdict != w.verdict || !slices.Equal(r.Reasons, w.reasons) {
			t.Errorf("line %d: %+v, want %+v", i, r, w)
		}
		for _, f := range r.Faces {
			if f.Box[2] <= 0 || f.Box[3] <= 0 || f.Score < 0.6 || f.Score > 1 {
				t.Errorf("line %d: face %+v", i, f)
			}
		}
	}

	out.Reset()
	if !faceCheck(&out, io.Discard, an, files[:1], false) || !bytes.Contains(out.Bytes(), []byte("astronaut.jpg: ok")) {
		t.Errorf("plain output %q", out.String())
	}
}
