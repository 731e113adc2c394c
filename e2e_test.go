package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"image"
	_ "image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/hainan-hrss/certkiosk/kiosk"
)

// The end-to-end test runs the real kiosk window in demo mode under Xvfb,
// places a card with a real key press, and reads the screens the window
// showed. It needs Xvfb, xdotool and ImageMagick (scripts/install-deps);
// without them it is skipped locally and fails in CI.

func needTools(t *testing.T, tools ...string) {
	t.Helper()
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("%s is missing: CI must install it (scripts/install-deps)", tool)
			}
			t.Skipf("%s is not installed; run scripts/install-deps", tool)
		}
	}
}

// startXvfb starts a virtual 1920×1080 screen and returns its DISPLAY.
func startXvfb(t *testing.T) string {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("Xvfb", "-displayfd", "3", "-screen", "0", "1920x1080x24", "-nolisten", "tcp")
	cmd.ExtraFiles = []*os.File{w}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	w.Close()
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil {
		t.Fatalf("Xvfb did not report its display: %v", err)
	}
	return ":" + strings.TrimSpace(line)
}

// waitScreen reads the screen trace until a line for step appears.
func waitScreen(t *testing.T, path string, step kiosk.Step, timeout time.Duration) screenTrace {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		data, _ := os.ReadFile(path)
		for _, line := range strings.Split(string(data), "\n") {
			var tr screenTrace
			if json.Unmarshal([]byte(line), &tr) == nil && tr.Step == step {
				return tr
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	data, _ := os.ReadFile(path)
	t.Fatalf("the window never showed %s; screens so far:\n%s", step, data)
	return screenTrace{}
}

// screenshot captures the whole virtual screen to a PNG once the window has
// drawn (a fresh window takes a moment to map and paint), and checks it.
func screenshot(t *testing.T, display, path string) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(250 * time.Millisecond) {
		if n := capture(t, display, path); n >= 8 {
			return
		} else if time.Now().After(deadline) {
			t.Errorf("screenshot %s has %d colours: the window drew nothing", path, n)
			return
		}
	}
}

// capture takes one screenshot and returns how many colours it has.
func capture(t *testing.T, display, path string) int {
	t.Helper()
	cmd := exec.Command("import", "-window", "root", path)
	cmd.Env = append(os.Environ(), "DISPLAY="+display)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("screenshot: %v\n%s", err, out)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, _, err := image.Decode(f)
	if err != nil {
		t.Fatalf("screenshot %s: %v", path, err)
	}
	if b := img.Bounds(); b.Dx() != 1920 || b.Dy() != 1080 {
		t.Errorf("screenshot is %v, want 1920×1080", b)
	}
	colours := map[uint32]bool{}
	for y := 0; y < 1080; y += 7 {
		for x := 0; x < 1920; x += 7 {
			r, g, b, _ := img.At(x, y).RGBA()
			colours[r>>8<<16|g>>8<<8|b>>8] = true
		}
	}
	return len(colours)
}

func TestEndToEndDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end test skipped in -short mode")
	}
	needTools(t, "Xvfb", "xdotool", "import")
	dir := t.TempDir()
	bin := filepath.Join(dir, "certkiosk")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	display := startXvfb(t)
	shots := os.Getenv("SCREENSHOT_DIR")
	if shots == "" {
		shots = dir
	}
	trace := filepath.Join(dir, "screens.jsonl")
	kioskCmd := exec.Command(bin, "demo", "--windowed", "--data-dir", filepath.Join(dir, "data"), "--trace-screens", trace)
	kioskCmd.Env = append(os.Environ(), "DISPLAY="+display)
	logs, _ := os.Create(filepath.Join(dir, "kiosk.log"))
	kioskCmd.Stdout, kioskCmd.Stderr = logs, logs
	if err := kioskCmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- kioskCmd.Wait() }()
	t.Cleanup(func() {
		kioskCmd.Process.Kill()
		if t.Failed() {
			data, _ := os.ReadFile(filepath.Join(dir, "kiosk.log"))
			t.Logf("kiosk log:\n%s", data)
		}
	})

	idle := waitScreen(t, trace, kiosk.StepIdle, 60*time.Second)
	if !strings.Contains(strings.Join(idle.Texts, "\n"), "请放身份证，开始认证") {
		t.Errorf("idle screen shows %q", idle.Texts)
	}
	screenshot(t, display, filepath.Join(shots, "idle.png"))

	before := kiosk.NextDueDate(time.Now())
	// Key 1 places the first fixture card (首次认证) on the simulated reader.
	key := exec.Command("xdotool", "mousemove", "960", "540", "key", "1")
	key.Env = append(os.Environ(), "DISPLAY="+display)
	if out, err := key.CombinedOutput(); err != nil {
		t.Fatalf("xdotool: %v\n%s", err, out)
	}
	waitScreen(t, trace, kiosk.StepFace, 30*time.Second)
	time.Sleep(2 * time.Second) // the simulated person is in view and turning
	screenshot(t, display, filepath.Join(shots, "face.png"))
	result := waitScreen(t, trace, kiosk.StepResult, 90*time.Second)
	after := kiosk.NextDueDate(time.Now())
	time.Sleep(300 * time.Millisecond) // the trace is written as the frame is drawn
	screenshot(t, display, filepath.Join(shots, "result.png"))

	shown := strings.Join(result.Texts, "\n")
	due1 := fmt.Sprintf("请于%s前完成下一次认证", before.Chinese())
	due2 := fmt.Sprintf("请于%s前完成下一次认证", after.Chinese())
	if !strings.Contains(shown, "认证成功") || !(strings.Contains(shown, due1) || strings.Contains(shown, due2)) {
		t.Errorf("result screen shows %q, want 认证成功 and %q", result.Texts, due1)
	}

	// SIGTERM closes the window cleanly: producers stop, then the app quits.
	kioskCmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-exited:
		if err != nil {
			t.Errorf("kiosk exited with %v after SIGTERM", err)
		}
	case <-time.After(15 * time.Second):
		t.Error("kiosk did not quit within 15 s of SIGTERM")
	}
}
