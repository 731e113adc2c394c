package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"

	"github.com/hainan-hrss/certkiosk/kiosk/staff"
)

func init() {
	register(command{name: "staff", summary: "add, remove or list the staff who may run assisted certifications", run: runStaff})
}

func runStaff(args []string) int {
	fs := newFlags("staff", "add ID [NAME] | remove ID | list",
		"Manages staff accounts. A staff ID is 4 to 12 digits (typed on the kiosk's\n"+
			"number pad); the PIN, 6 to 12 digits, is asked twice without echo (or read\n"+
			"as two lines from stdin when it is not a terminal) and stored only as an\n"+
			"argon2id hash. Five wrong PINs lock an account for five minutes.")
	dataDir := fs.String("data-dir", "", "kiosk data directory (default $XDG_DATA_HOME/certkiosk)")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	rest := fs.Args()
	if len(rest) == 0 {
		fs.Usage()
		return 2
	}
	accounts, closeDB, err := openAccounts(*dataDir)
	if err != nil {
		return fail("staff", err)
	}
	defer closeDB()
	ctx := context.Background()
	switch {
	case rest[0] == "list" && len(rest) == 1:
		list, err := accounts.List(ctx)
		if err != nil {
			return fail("staff", err)
		}
		for _, a := range list {
			state := ""
			if a.Locked {
				state = "  (locked)"
			}
			fmt.Printf("%-12s %-12s added %s%s\n", a.ID, a.Name, a.CreatedAt.Local().Format("2006-01-02"), state)
		}
		if len(list) == 0 {
			fmt.Fprintln(os.Stderr, "staff: no staff accounts")
		}
	case rest[0] == "add" && (len(rest) == 2 || len(rest) == 3):
		if !staff.ValidID(rest[1]) {
			return fail("staff", staff.ErrBadID)
		}
		pin, err := readNewPIN(os.Stdin, os.Stderr, "PIN for staff "+rest[1], "6 to 12 digits", staff.ValidPIN)
		if err != nil {
			return fail("staff", err)
		}
		name := ""
		if len(rest) == 3 {
			name = rest[2]
		}
		if err := accounts.Add(ctx, rest[1], name, pin); err != nil {
			return fail("staff", err)
		}
		fmt.Fprintf(os.Stderr, "staff: added %s\n", rest[1])
	case rest[0] == "remove" && len(rest) == 2:
		if err := accounts.Remove(ctx, rest[1]); err != nil {
			return fail("staff", err)
		}
		fmt.Fprintf(os.Stderr, "staff: removed %s\n", rest[1])
	default:
		fs.Usage()
		return 2
	}
	return 0
}

// openAccounts opens the kiosk database in dataDir (default location if
// empty) and returns its staff accounts.
func openAccounts(dataDir string) (*staff.Accounts, func(), error) {
	db, err := openKioskDB(&dataDir)
	if err != nil {
		return nil, nil, err
	}
	return staff.New(db.SQL()), func() { db.Close() }, nil
}

// readNewPIN asks for a PIN twice. On a terminal it turns echo off; from a
// pipe it reads two lines, so scripts and tests can drive it.
func readNewPIN(in *os.File, prompt io.Writer, what, rule string, valid func(string) bool) (string, error) {
	read := lineReader(in)
	fmt.Fprintf(prompt, "%s: ", what)
	pin, err := read()
	if err != nil {
		return "", err
	}
	if !valid(pin) {
		return "", fmt.Errorf("the PIN must be %s", rule)
	}
	fmt.Fprintf(prompt, "%s again: ", what)
	again, err := read()
	if err != nil {
		return "", err
	}
	if again != pin {
		return "", errors.New("the two PINs differ")
	}
	return pin, nil
}

// lineReader returns a function reading one line (a PIN) from in: without
// echo from a terminal, as plain lines otherwise.
func lineReader(in *os.File) func() (string, error) {
	fd := int(in.Fd())
	if term.IsTerminal(fd) {
		return func() (string, error) {
			b, err := term.ReadPassword(fd)
			fmt.Fprintln(os.Stderr)
			return strings.TrimSpace(string(b)), err
		}
	}
	r := bufio.NewReader(in)
	return func() (string, error) {
		line, err := r.ReadString('\n')
		if err != nil && (err != io.EOF || line == "") {
			return "", fmt.Errorf("reading the PIN: %w", err)
		}
		return strings.TrimSpace(line), nil
	}
}
