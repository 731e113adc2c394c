package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"sort"

	"github.com/hainan-hrss/certkiosk/kiosk/store"
)

// command is one certkiosk subcommand. Each lives in its own cmd_*.go file
// and registers itself there, so adding one touches no other file.
type command struct {
	name    string
	summary string // one line for `certkiosk help`
	run     func(args []string) int
}

var commands = map[string]command{}

func register(c command) {
	if _, dup := commands[c.name]; dup {
		panic("certkiosk: command registered twice: " + c.name)
	}
	commands[c.name] = c
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "usage: certkiosk [command] [flags]   (no command runs the kiosk)")
	fmt.Fprintln(w, "\ncommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-16s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "\n`certkiosk COMMAND --help` explains a command's flags.")
}

// newFlags makes a FlagSet whose --help prints the command's summary and
// flags; usage is the argument synopsis after the command name.
func newFlags(name, usage, summary string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(os.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: certkiosk %s %s\n\n%s\n\nflags:\n", name, usage, summary)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args and turns --help into exit status 0 and any other
// flag error into 2; ok is false when the command should stop with code.
func parseFlags(fs *flag.FlagSet, args []string) (code int, ok bool) {
	switch err := fs.Parse(args); {
	case err == nil:
		return 0, true
	case err == flag.ErrHelp:
		return 0, false
	default:
		return 2, false
	}
}

// parseInterleaved parses flags that may come before, between or after the
// positional arguments (`config list --data-dir D`), as technicians type
// them, and returns the positional ones.
func parseInterleaved(fs *flag.FlagSet, args []string) (pos []string, code int, ok bool) {
	for {
		if code, ok := parseFlags(fs, args); !ok {
			return nil, code, false
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, 0, true
		}
		if rest[0] == "--" {
			return append(pos, rest[1:]...), 0, true
		}
		pos, args = append(pos, rest[0]), rest[1:]
	}
}

// openKioskDB opens the kiosk database of a --data-dir flag, filling in the
// default directory when the flag was left empty, so commands that also
// read other files of the data directory find them beside the database.
func openKioskDB(dataDir *string) (*store.DB, error) {
	if *dataDir == "" {
		*dataDir = store.DefaultDataDir()
	}
	return store.Open(store.PathIn(*dataDir))
}
