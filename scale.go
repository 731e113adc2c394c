package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// designHeight is the screen height the kiosk's sizes are drawn for
// (app.Look): at 1920×1080 one Fyne unit is one pixel.
const designHeight = 1080

// scaleForScreen makes every size follow the panel's resolution, so the
// 64 px instructions stay 64/1080 of the screen's height on a 4K or a
// 1366×768 panel. It reads the connected panels' preferred modes from
// sysfs and sets FYNE_SCALE before Fyne starts, unless a technician set it.
func scaleForScreen(sysDRM string) {
	if os.Getenv("FYNE_SCALE") != "" {
		return
	}
	if h := connectedHeight(sysDRM); h > 0 {
		os.Setenv("FYNE_SCALE", fmt.Sprintf("%.2f", scaleFor(h)))
	}
}

// scaleFor is the Fyne scale for a screen h pixels high, kept within what
// still fits a kiosk layout.
func scaleFor(h int) float64 {
	return min(max(float64(h)/designHeight, 0.7), 3)
}

// connectedHeight returns the height of the first connected display's
// preferred mode (the first line of its modes file), or 0 if none is known.
func connectedHeight(sysDRM string) int {
	status, _ := filepath.Glob(filepath.Join(sysDRM, "card*-*", "status"))
	for _, s := range status {
		b, err := os.ReadFile(s)
		if err != nil || strings.TrimSpace(string(b)) != "connected" {
			continue
		}
		modes, err := os.ReadFile(filepath.Join(filepath.Dir(s), "modes"))
		if err != nil {
			continue
		}
		first, _, _ := strings.Cut(string(modes), "\n")
		if _, hs, ok := strings.Cut(strings.TrimSpace(first), "x"); ok {
			hs, _, _ = strings.Cut(hs, "i") // interlaced modes read 1920x1080i
			if h, err := strconv.Atoi(hs); err == nil && h > 0 {
				return h
			}
		}
	}
	return 0
}
