package main

func init() {
	register(command{name: "demo", summary: "run the kiosk with a simulated reader, file camera and embedded API simulator", run: runDemo})
}

func runDemo(args []string) int {
	fs := newFlags("demo", "[--windowed] [--data-dir D]",
		"Runs the kiosk full screen with everything simulated: a card reader on a pseudo-terminal,\n"+
			"a camera playing a video file, and the province's API simulated on loopback. Press the\n"+
			"corner button 演示：放卡 (or keys 1–9) to place a fictional person's card, 0 to take it away.")
	windowed := fs.Bool("windowed", false, "a 1920×1080 window instead of full screen")
	dataDir := fs.String("data-dir", "", "kiosk data directory (default: a temporary one)")
	trace := fs.String("trace-screens", "", "append one JSON line per screen shown to this file (tests)")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	sys, err := openSystem(systemOptions{demo: true, dataDir: *dataDir})
	if err != nil {
		return fail("demo", err)
	}
	defer sys.close()
	return runWindow(sys, windowOptions{windowed: *windowed, trace: *trace})
}
