package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/hainan-hrss/certkiosk/kiosk"
	"github.com/hainan-hrss/certkiosk/kiosk/audit"
	"github.com/hainan-hrss/certkiosk/kiosk/outbox"
)

func init() {
	register(command{name: "audit", summary: "verify, show or prune the audit trail", run: runAudit})
}

func runAudit(args []string) int {
	fs := newFlags("audit", "verify | show | prune [flags]",
		"verify  checks the hash chain: any edited, deleted or reordered record is named (exit 1)\n"+
			"show    prints the latest records (masked IDs, results, staff ids)\n"+
			"prune   removes records older than --keep, leaving a sealed anchor so the rest verifies")
	dataDir := fs.String("data-dir", "", "kiosk data directory (default $XDG_DATA_HOME/certkiosk)")
	asJSON := fs.Bool("json", false, "print JSON")
	n := fs.Int("n", 20, "records to show")
	keep := fs.Duration("keep", audit.DefaultRetention, "prune: keep records younger than this (e.g. 8760h)")
	staff := fs.String("staff", os.Getenv("USER"), "prune: staff id recorded in the trail")
	sub := ""
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		sub, args = args[0], args[1:]
	}
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if sub == "" && fs.NArg() == 1 {
		sub = fs.Arg(0)
	}
	if sub != "verify" && sub != "show" && sub != "prune" {
		fs.Usage()
		return 2
	}
	db, err := openKioskDB(dataDir)
	if err != nil {
		return fail("audit", err)
	}
	defer db.Close()
	ctx := context.Background()
	key, err := outbox.LoadKey(outbox.KeyPath(*dataDir), false)
	if errors.Is(err, outbox.ErrNoKey) {
		var count int
		db.SQL().QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log`).Scan(&count)
		if count == 0 {
			fmt.Println("audit: the trail is empty")
			return 0
		}
		fmt.Fprintf(os.Stderr, "certkiosk audit: the trail has %d records but the storage key %s is missing: it cannot be verified\n",
			count, outbox.KeyPath(*dataDir))
		return 1
	} else if err != nil {
		return fail("audit", err)
	}
	trail, err := audit.Open(db, key, audit.Options{Retention: *keep})
	if err != nil {
		return fail("audit", err)
	}
	switch sub {
	case "verify":
		rep, err := trail.Verify(ctx)
		if err != nil {
			return fail("audit verify", err)
		}
		if *asJSON {
			printIndentedJSON(map[string]any{"ok": rep.OK(), "report": rep})
		} else if rep.OK() {
			fmt.Printf("audit trail OK: %d records (%d to %d)", rep.Records, rep.FirstSeq, rep.LastSeq)
			if rep.Pruned > 0 {
				fmt.Printf(", records up to %d pruned by retention", rep.Pruned)
			}
			fmt.Println()
		} else {
			fmt.Printf("audit trail FAILS verification (%d records):\n", rep.Records)
			for _, p := range rep.Problems {
				fmt.Println("  " + p)
			}
		}
		if !rep.OK() {
			return 1
		}
	case "show":
		recs, err := trail.Recent(ctx, *n)
		if err != nil {
			return fail("audit show", err)
		}
		if *asJSON {
			return printIndentedJSON(recs)
		}
		for _, e := range recs {
			fmt.Printf("%6d  %s  %-7s %-8s %-18s %-14s %s\n", e.Seq, e.At.In(kiosk.ChinaTime).Format(time.DateTime),
				e.Kind, e.Actor, e.MaskedID, e.Result, e.Detail)
		}
	case "prune":
		removed, err := trail.PruneExpired(ctx, *staff)
		if err != nil {
			return fail("audit prune", err)
		}
		fmt.Printf("removed %d records older than %s\n", removed, *keep)
	}
	return 0
}
