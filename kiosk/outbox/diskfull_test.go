package outbox

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/hainan-hrss/certkiosk/kiosk"
	"github.com/hainan-hrss/certkiosk/kiosk/fixture"
)

// TestDiskFull limits the database's size (PRAGMA max_page_count, which
// SQLite enforces like a full disk: SQLITE_FULL) and fills it with queued
// requests while the service is down.
func TestDiskFull(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	sqldb := e.db.SQL()
	sqldb.SetMaxOpenConns(1) // the pragma is per connection: keep just one
	var pages int
	sqldb.QueryRow(`PRAGMA page_count`).Scan(&pages)
	if _, err := sqldb.Exec(fmt.Sprintf("PRAGMA max_page_count = %d", pages+300)); err != nil {
		t.Fatal(err)
	}
	e.client.set(unreachable)
	var stored []string
	var full error
	for i := 0; i < 50 && full == nil; i++ {
		req := request(t, fixture.DueSoon, testNow)
		sentBefore := len(e.client.sent())
		res, err := e.ob.Certify(ctx, req)
		switch {
		case err == nil && res.Outcome == kiosk.OutcomeQueued:
			stored = append(stored, req.IdempotencyKey)
		case kiosk.CodeOf(err) == kiosk.ErrStorage:
			full = err
			if len(e.client.sent()) != sentBefore {
				t.Error("a request that could not be stored was sent anyway")
			}
		default:
			t.Fatalf("Certify = %+v, %v", res, err)
		}
	}
	if full == nil || len(stored) == 0 {
		t.Fatalf("stored %d, full = %v: the limit did not bite as planned", len(stored), full)
	}
	if msg, _ := kiosk.ScreenText(full); !strings.Contains(msg, "存储空间已满") {
		t.Errorf("screen says %q; want it to say the storage is full", msg)
	}
	st := mustStats(t, e.ob)
	if st.Depth != len(stored) || st.StorageError == "" {
		t.Errorf("stats = %+v; want depth %d and the storage error for staff", st, len(stored))
	}
	// Space is freed: everything stored before the disk filled is delivered.
	sqldb.Exec(`PRAGMA max_page_count = 1073741823`)
	e.client.set(nil)
	e.clock.Advance(Window / 2)
	before := len(e.client.sent())
	if s, err := e.ob.Drain(ctx); err != nil || s.Delivered != len(stored) {
		t.Fatalf("drain = %+v, %v; want %d delivered", s, err, len(stored))
	}
	if got := e.client.sent()[before:]; !slices.Equal(got, stored) {
		t.Errorf("delivered %v, want %v", got, stored)
	}
}
