// Command scanlogs fails when log output holds a fixture person's full ID
// number or name. CI runs the whole suite through it:
//
//	go test -v ./... 2>&1 | tee test.log; go run ./kiosk/audit/logscan/cmd/scanlogs test.log
//
// With no file it reads standard input. Hits are printed masked.
package main

import (
	"fmt"
	"io"
	"os"

	"github.com/hainan-hrss/certkiosk/kiosk/audit/logscan"
)

func main() {
	names := os.Args[1:]
	if len(names) == 0 {
		names = []string{"-"}
	}
	found := 0
	for _, name := range names {
		var b []byte
		var err error
		if name == "-" {
			b, err = io.ReadAll(os.Stdin)
		} else {
			b, err = os.ReadFile(name)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "scanlogs:", err)
			os.Exit(2)
		}
		for _, h := range logscan.Scan(b) {
			fmt.Printf("%s: byte %d: %s %s\n", name, h.Offset, h.What, h.Masked)
			found++
		}
	}
	if found > 0 {
		fmt.Fprintf(os.Stderr, "scanlogs: %d pieces of personal data in the logs\n", found)
		os.Exit(1)
	}
}
