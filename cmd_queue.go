package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"time"

	"github.com/hainan-hrss/certkiosk/kiosk"
	"github.com/hainan-hrss/certkiosk/kiosk/audit"
	"github.com/hainan-hrss/certkiosk/kiosk/outbox"
	"github.com/hainan-hrss/certkiosk/kiosk/store"
)

func init() {
	register(command{name: "queue", summary: "show the offline upload queue, or drain it now (technicians)", run: runQueue})
}

// queueClient makes the service client `queue drain` uploads with; tests
// replace it with a client of a simulator.
var queueClient = func(dataDir string) (kiosk.CertClient, error) { return openClient(dataDir) }

func runQueue(args []string) int {
	fs := newFlags("queue", "[drain] [flags]",
		"Shows the certifications waiting to be sent (depth, oldest age, requests that cannot be\n"+
			"opened) and the staff list of requests that left the queue uncertified. `queue drain`\n"+
			"sends the queue now with the configured service client, as the kiosk's uploader does.")
	dataDir := fs.String("data-dir", "", "kiosk data directory (default $XDG_DATA_HOME/certkiosk)")
	asJSON := fs.Bool("json", false, "print JSON")
	limit := fs.Int("limit", 20, "rejections to list")
	staff := fs.String("staff", os.Getenv("USER"), "staff id recorded in the audit trail for a drain")
	drain := len(args) > 0 && args[0] == "drain"
	if drain {
		args = args[1:]
	}
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() == 1 && fs.Arg(0) == "drain" && !drain {
		drain = true
	} else if fs.NArg() > 0 {
		fs.Usage()
		return 2
	}
	db, err := openKioskDB(dataDir)
	if err != nil {
		return fail("queue", err)
	}
	defer db.Close()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if drain {
		return queueDrain(ctx, db, *dataDir, *staff, *asJSON)
	}
	// Showing needs no key: nothing is opened. A missing key is not an error.
	key, _ := outbox.LoadKey(outbox.KeyPath(*dataDir), false)
	ob, err := outbox.New(nil, db, outbox.Options{Key: key})
	if err != nil {
		return fail("queue", err)
	}
	st, err := ob.Stats(ctx)
	if err != nil {
		return fail("queue", err)
	}
	rej, err := ob.Rejections(ctx, *limit)
	if err != nil {
		return fail("queue", err)
	}
	if rej == nil {
		rej = []outbox.Rejection{} // an empty list, not null, for scripts
	}
	if *asJSON {
		return printIndentedJSON(queueReport{Depth: st.Depth, Held: st.Held, OldestAgeS: int64(st.OldestAge / time.Second),
			RejectionCount: st.Rejections, Rejections: rej})
	}
	fmt.Printf("queue:       %d waiting", st.Depth)
	if st.Depth > 0 {
		fmt.Printf(", oldest captured %s ago", st.OldestAge.Round(time.Second))
	}
	fmt.Println()
	if st.Held > 0 {
		fmt.Printf("             %d cannot be opened (tampered or wrong key): never sent, listed below after 72 h\n", st.Held)
	}
	fmt.Printf("rejections:  %d (requests that left the queue uncertified: the person must certify again)\n", st.Rejections)
	for _, r := range rej {
		fmt.Printf("  %s  %s  %-16s %d attempts  %s\n", r.DecidedAt.In(kiosk.ChinaTime).Format("2006-01-02 15:04"),
			r.MaskedID, r.Code, r.Attempts, r.Reason)
	}
	return 0
}

// queueReport is `queue --json`.
type queueReport struct {
	Depth          int                `json:"depth"`
	Held           int                `json:"held"`
	OldestAgeS     int64              `json:"oldest_age_s"`
	RejectionCount int                `json:"rejection_count"`
	Rejections     []outbox.Rejection `json:"rejections"`
}

// queueDrain sends the queue once with the configured client and records
// the action in the audit trail.
func queueDrain(ctx context.Context, db *store.DB, dataDir, staff string, asJSON bool) int {
	key, err := outbox.LoadKey(outbox.KeyPath(dataDir), false)
	if errors.Is(err, outbox.ErrNoKey) {
		fmt.Println("queue: no storage key, so nothing was ever queued here")
		return 0
	} else if err != nil {
		return fail("queue drain", err)
	}
	client, err := queueClient(dataDir)
	if err != nil {
		return fail("queue drain", err)
	}
	trail, err := audit.Open(db, key, audit.Options{})
	if err != nil {
		return fail("queue drain", err)
	}
	ob, err := outbox.New(client, db, outbox.Options{Key: key, Log: newLogger(), Audit: trail})
	if err != nil {
		return fail("queue drain", err)
	}
	sum, err := ob.Drain(ctx)
	if aerr := trail.Staff(ctx, staff, "queue drain", fmt.Sprintf("delivered=%d rejected=%d kept=%d held=%d",
		sum.Delivered, sum.Rejected, sum.Kept, sum.Held)); aerr != nil && err == nil {
		err = aerr
	}
	if err != nil {
		return fail("queue drain", err)
	}
	st, err := ob.Stats(ctx)
	if err != nil {
		return fail("queue drain", err)
	}
	if asJSON {
		printIndentedJSON(map[string]any{"delivered": sum.Delivered, "rejected": sum.Rejected, "kept": sum.Kept,
			"held": sum.Held, "depth": st.Depth})
	} else {
		fmt.Printf("delivered %d, moved to the staff list %d, still queued %d (of which cannot be opened %d)\n",
			sum.Delivered, sum.Rejected, st.Depth, st.Held)
	}
	if sum.Kept > 0 {
		return 1 // the service could not be reached for some: the technician should know
	}
	return 0
}

func printIndentedJSON(v any) int {
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return 1
	}
	return 0
}
