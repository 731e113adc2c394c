package main

import (
	"os"
	"path/filepath"
	"testing"
)

func TestConnectedHeightAndScale(t *testing.T) {
	dir := t.TempDir()
	add := func(name, status, modes string) {
		d := filepath.Join(dir, name)
		os.MkdirAll(d, 0o755)
		os.WriteFile(filepath.Join(d, "status"), []byte(status+"\n"), 0o644)
		os.WriteFile(filepath.Join(d, "modes"), []byte(modes), 0o644)
	}
	if h := connectedHeight(dir); h != 0 {
		t.Fatalf("no displays: height %d", h)
	}
	add("card0-HDMI-A-1", "disconnected", "1920x1080\n")
	add("card0-eDP-1", "connected", "3840x2160\n1920x1080\n")
	if h := connectedHeight(dir); h != 2160 {
		t.Errorf("height = %d, want the connected panel's 2160", h)
	}
	for h, want := range map[int]float64{1080: 1, 2160: 2, 768: 768.0 / 1080, 480: 0.7, 10000: 3} {
		if got := scaleFor(h); got != want {
			t.Errorf("scaleFor(%d) = %v, want %v", h, got, want)
		}
	}
	t.Setenv("FYNE_SCALE", "")
	scaleForScreen(dir)
	if got := os.Getenv("FYNE_SCALE"); got != "2.00" {
		t.Errorf("FYNE_SCALE = %q, want 2.00 for a 4K panel", got)
	}
	t.Setenv("FYNE_SCALE", "1.5") // a technician's choice wins
	scaleForScreen(dir)
	if got := os.Getenv("FYNE_SCALE"); got != "1.5" {
		t.Errorf("FYNE_SCALE overridden: %q", got)
	}
}
