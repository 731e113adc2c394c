package main

import (
	"context"
	"fmt"
	"os"

	"github.com/hainan-hrss/certkiosk/kiosk/staff"
)

func init() {
	register(command{name: "tech-pin", summary: "set the technician PIN that unlocks maintenance and quitting", run: runTechPIN})
}

func runTechPIN(args []string) int {
	fs := newFlags("tech-pin", "",
		"Sets the technician PIN (8 to 16 digits), asked twice without echo (or read\n"+
			"as two lines from stdin). The kiosk asks for it before it quits or opens\n"+
			"maintenance; five wrong PINs lock it for five minutes.")
	dataDir := fs.String("data-dir", "", "kiosk data directory (default $XDG_DATA_HOME/certkiosk)")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() != 0 {
		fs.Usage()
		return 2
	}
	accounts, closeDB, err := openAccounts(*dataDir)
	if err != nil {
		return fail("tech-pin", err)
	}
	defer closeDB()
	pin, err := readNewPIN(os.Stdin, os.Stderr, "technician PIN", "8 to 16 digits", staff.ValidTechPIN)
	if err != nil {
		return fail("tech-pin", err)
	}
	if err := accounts.SetTechPIN(context.Background(), pin); err != nil {
		return fail("tech-pin", err)
	}
	fmt.Fprintln(os.Stderr, "tech-pin: technician PIN set")
	return 0
}
