package main

import (
	"fmt"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"

	"github.com/hainan-hrss/certkiosk/kiosk/fixture"
	"github.com/hainan-hrss/certkiosk/kiosk/idcard/readersim"
)

func init() {
	register(command{name: "simulate-reader", summary: "run a simulated GA/T 467 ID card reader on a pseudo-terminal", run: runSimulateReader})
}

func runSimulateReader(args []string) int {
	var scenarios []string
	for _, p := range fixture.People() {
		scenarios = append(scenarios, string(p.Scenario))
	}
	sort.Strings(scenarios)
	fs := newFlags("simulate-reader", "[--baud B] [--card SCENARIO]",
		"Serves a simulated ID card reader (GA/T 467 over a pseudo-terminal, answers\n"+
			"paced at the baud rate) until interrupted, and prints the port to give the\n"+
			"kiosk (`certkiosk config set reader.port PATH`) or `certkiosk reader-test --port PATH`.\n"+
			"The card on it is a fixture person's; SIGUSR1 takes it off or puts it back.\n"+
			"Cards: "+strings.Join(scenarios, ", "))
	baud := fs.Int("baud", 115200, "line speed the simulated reader is set to")
	cardFlag := fs.String("card", "", "fixture scenario whose card is on the reader (default: none)")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	var person *fixture.Person
	if *cardFlag != "" {
		p, ok := fixture.ByScenario(fixture.Scenario(*cardFlag))
		if !ok {
			fmt.Fprintf(os.Stderr, "simulate-reader: no fixture card %q; cards: %s\n", *cardFlag, strings.Join(scenarios, ", "))
			return 2
		}
		person = &p
	}
	opts := readersim.Options{Baud: *baud, Logger: newLogger()}
	if person != nil {
		opts.Card = &person.Card
	}
	sim, err := readersim.Start(opts)
	if err != nil {
		fmt.Fprintln(os.Stderr, "simulate-reader:", err)
		return 1
	}
	defer sim.Close()
	fmt.Println(sim.Path())
	if person != nil {
		fmt.Fprintf(os.Stderr, "card on the reader: %s (%s, %s)\n", person.Scenario, person.Card.MaskedName(), person.Card.MaskedID())
	}
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM, syscall.SIGUSR1)
	for s := range sig {
		if s != syscall.SIGUSR1 {
			break
		}
		switch {
		case sim.HasCard():
			sim.Remove()
			fmt.Fprintln(os.Stderr, "card removed")
		case person != nil:
			sim.Place(person.Card)
			fmt.Fprintln(os.Stderr, "card placed")
		}
	}
	fmt.Fprintln(os.Stderr, "stopping")
	return 0
}
