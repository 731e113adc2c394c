package main

import (
	"fmt"
	"log/slog"
	"os"

	"github.com/hainan-hrss/certkiosk/kiosk"
)

// newLogger logs JSON lines to stderr. Nothing personal is ever passed to
// it: callers log masked IDs and error codes, never names or images.
func newLogger() *slog.Logger {
	return slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
}

// fail prints a command's error in plain words with the technical cause,
// and returns exit status 1.
func fail(cmd string, err error) int {
	msg, next := kiosk.ScreenText(err)
	fmt.Fprintf(os.Stderr, "certkiosk %s: %s，%s\n  (%v)\n", cmd, msg, next, err)
	return 1
}
