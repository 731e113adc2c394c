// Command certkiosk is the pension-certification kiosk: a full-screen app that
// reads the resident ID card, captures a live face and certifies the person
// with the province's service. Subcommands serve demo mode, self tests and the
// technicians who install and provision kiosks; `certkiosk help` lists them.
package main

import (
	"fmt"
	"log/slog"
	"os"
)

func main() {
	os.Exit(run(os.Args[1:]))
}

// run dispatches to a subcommand; with none it runs the kiosk.
func run(args []string) int {
	slog.SetDefault(newLogger())
	name := "run"
	if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		name, args = args[0], args[1:]
	}
	if name == "help" {
		printUsage(os.Stdout)
		return 0
	}
	cmd, ok := commands[name]
	if !ok {
		fmt.Fprintf(os.Stderr, "certkiosk: unknown command %q\n\n", name)
		printUsage(os.Stderr)
		return 2
	}
	return cmd.run(args)
}
