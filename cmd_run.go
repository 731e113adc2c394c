package main

func init() {
	register(command{name: "run", summary: "run the kiosk with the configured reader, camera and service (the default)", run: runKiosk})
}

func runKiosk(args []string) int {
	fs := newFlags("run", "[--data-dir D] [--windowed]",
		"Runs the kiosk full screen with the configured card reader, camera and service.\n"+
			"Provision it first with `certkiosk provision`; set devices with `certkiosk config`.")
	dataDir := fs.String("data-dir", "", "kiosk data directory (default $XDG_DATA_HOME/certkiosk)")
	windowed := fs.Bool("windowed", false, "a 1920×1080 window instead of full screen")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	sys, err := openSystem(systemOptions{dataDir: *dataDir})
	if err != nil {
		return fail("run", err)
	}
	defer sys.close()
	return runWindow(sys, windowOptions{windowed: *windowed})
}
