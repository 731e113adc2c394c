package main

import (
	"context"
	"fmt"
	"os"

	"github.com/hainan-hrss/certkiosk/kiosk"
)

func init() {
	register(command{name: "config", summary: "show or change the kiosk's local settings", run: runConfig})
}

func runConfig(args []string) int {
	fs := newFlags("config", "list | get KEY | set KEY VALUE",
		"Shows or changes the kiosk's local settings. Keys:\n"+
			"  reader.port    serial port of the card reader (empty: probe for it)\n"+
			"  reader.baud    9600 | 19200 | 38400 | 57600 | 115200\n"+
			"  camera.source  V4L2 index (0), device path, or a video file\n"+
			"  audio.volume   0 to 1\n"+
			"  face.timeout   how long a face capture may take, e.g. 60s")
	dataDir := fs.String("data-dir", "", "kiosk data directory (default $XDG_DATA_HOME/certkiosk)")
	rest, code, ok := parseInterleaved(fs, args)
	if !ok {
		return code
	}
	db, err := openKioskDB(dataDir)
	if err != nil {
		return fail("config", err)
	}
	defer db.Close()
	ctx := context.Background()
	if len(rest) == 0 {
		rest = []string{"list"}
	}
	switch {
	case rest[0] == "list" && len(rest) == 1:
		c, err := db.LoadConfig(ctx)
		if err != nil {
			return fail("config", err)
		}
		fmt.Printf("reader.port    %q\nreader.baud    %d\ncamera.source  %q\naudio.volume   %.2f\nface.timeout   %v\n",
			c.ReaderPort, c.ReaderBaud, c.CameraSource, c.Volume, c.FaceTimeout)
	case rest[0] == "get" && len(rest) == 2:
		v, ok, err := db.Setting(ctx, rest[1])
		if err != nil {
			return fail("config", err)
		}
		if !ok {
			fmt.Fprintf(os.Stderr, "config: %s is not set (the default applies)\n", rest[1])
			return 1
		}
		fmt.Println(v)
	case rest[0] == "set" && len(rest) == 3:
		if err := db.SetConfig(ctx, rest[1], rest[2]); err != nil {
			if kiosk.CodeOf(err) == kiosk.ErrStorage {
				return fail("config", err)
			}
			fmt.Fprintf(os.Stderr, "config: %v\n", err)
			return 2
		}
	default:
		fs.Usage()
		return 2
	}
	return 0
}
