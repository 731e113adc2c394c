package audit

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hainan-hrss/certkiosk/kiosk"
	"github.com/hainan-hrss/certkiosk/kiosk/fixture"
	"github.com/hainan-hrss/certkiosk/kiosk/store"
)

var testKey = bytes.Repeat([]byte{0x42}, 32)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func open(t *testing.T, path string, key []byte, c *clock) (*store.DB, *Log) {
	t.Helper()
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	l, err := Open(db, key, Options{Now: c.Now, Retention: 30 * 24 * time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	return db, l
}

// filled is a trail of n records of every kind, a minute apart.
func filled(t *testing.T, n int) (*store.DB, *Log, *clock, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "kiosk.db")
	c := &clock{t: time.Date(2026, 1, 1, 9, 0, 0, 0, kiosk.ChinaTime)}
	db, l := open(t, path, testKey, c)
	ctx := context.Background()
	p, _ := fixture.ByScenario(fixture.DueSoon)
	for i := range n {
		var err error
		switch i % 3 {
		case 0:
			err = l.Session(ctx, kiosk.SessionRecord{StartedAt: c.Now(), EndedAt: c.Now().Add(time.Minute),
				Mode: kiosk.ModeCertify, MaskedID: p.Card.IDNumber, Outcome: "passed", AssistedBy: "S007"})
		case 1:
			err = l.Staff(ctx, "S007", "config set", "audio.volume=0.5")
		case 2:
			err = l.QueueEvent(ctx, "queued", kiosk.MaskID(p.Card.IDNumber), "key=k")
		}
		if err != nil {
			t.Fatal(err)
		}
		c.Advance(time.Minute)
	}
	return db, l, c, path
}

func mustVerify(t *testing.T, l *Log) Report {
	t.Helper()
	r, err := l.Verify(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestAppendVerifies(t *testing.T) {
	_, l, _, path := filled(t, 30)
	r := mustVerify(t, l)
	if !r.OK() || r.Records != 30 || r.FirstSeq != 1 || r.LastSeq != 30 {
		t.Errorf("report = %+v", r)
	}
	recent, err := l.Recent(context.Background(), 3)
	if err != nil || len(recent) != 3 || recent[0].Seq != 30 || recent[2].Kind != KindSession || recent[2].Actor != "S007" {
		t.Errorf("recent = %+v, %v", recent, err)
	}
	p, _ := fixture.ByScenario(fixture.DueSoon)
	if recent[2].MaskedID != kiosk.MaskID(p.Card.IDNumber) {
		t.Errorf("a full ID number given to the trail was stored as %q", recent[2].MaskedID)
	}
	raw, _ := os.ReadFile(path)
	wal, _ := os.ReadFile(path + "-wal")
	if bytes.Contains(append(raw, wal...), []byte(p.Card.IDNumber)) {
		t.Error("the database holds a full ID number")
	}
}

// TestVerifyDetects edits the trail behind the Log's back in each way an
// insider with the database file could, and checks Verify names it.
func TestVerifyDetects(t *testing.T) {
	for _, tc := range []struct {
		name, sql, want string
	}{
		{"EditedResult", `UPDATE audit_log SET result = 'rejected' WHERE seq = 10`, "record 10 was altered"},
		{"EditedMaskedID", `UPDATE audit_log SET masked_id = '469***********0000' WHERE seq = 13`, "record 13 was altered"},
		{"EditedTime", `UPDATE audit_log SET at = at + 1 WHERE seq = 5`, "record 5 was altered"},
		{"DeletedMiddle", `DELETE FROM audit_log WHERE seq = 12`, "records 12 to 12 are missing"},
		{"DeletedFirst", `DELETE FROM audit_log WHERE seq <= 2`, "records 1 to 2 are missing at the start"},
		{"DeletedTail", `DELETE FROM audit_log WHERE seq >= 29`, "records 29 to 30 are missing at the end"},
		{"Reordered", `UPDATE audit_log SET seq = CASE seq WHEN 7 THEN 8 ELSE 7 END + 1000 WHERE seq IN (7, 8);
			UPDATE audit_log SET seq = seq - 1000 WHERE seq > 1000`, "record 7 does not follow"},
		{"Inserted", `UPDATE audit_log SET seq = seq + 1001 WHERE seq >= 20;
			UPDATE audit_log SET seq = seq - 1000 WHERE seq > 1000;
			INSERT INTO audit_log SELECT 20, at, kind, actor, masked_id, 'passed', detail, prev, mac FROM audit_log WHERE seq = 21`, "record 21 does not follow"},
		{"HeadRolledBack", `UPDATE audit_meta SET seq = 29, mac = (SELECT mac FROM audit_log WHERE seq = 29) WHERE name = 'head'`, "the head was altered"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db, l, _, _ := filled(t, 30)
			for _, stmt := range strings.Split(tc.sql, ";") {
				if _, err := db.SQL().Exec(stmt); err != nil {
					t.Fatal(err)
				}
			}
			r := mustVerify(t, l)
			if r.OK() || !strings.Contains(strings.Join(r.Problems, "\n"), tc.want) {
				t.Errorf("problems = %q, want one with %q", r.Problems, tc.want)
			}
		})
	}
}

func TestVerifyWithTheWrongKeyFails(t *testing.T) {
	_, _, c, path := filled(t, 5)
	_, other := open(t, path, bytes.Repeat([]byte{1}, 32), c)
	if r := mustVerify(t, other); r.OK() {
		t.Error("a trail verified under another key")
	}
}

func TestPruneKeepsTheChainVerifiable(t *testing.T) {
	ctx := context.Background()
	db, l, c, _ := filled(t, 30) // records 1…30 at 09:00 … 09:29
	n, err := l.Prune(ctx, time.Date(2026, 1, 1, 9, 10, 0, 0, kiosk.ChinaTime), "S001")
	if err != nil || n != 10 {
		t.Fatalf("Prune = %d, %v; want the 10 records before 09:10", n, err)
	}
	r := mustVerify(t, l)
	if !r.OK() || r.Pruned != 10 || r.FirstSeq != 11 || r.LastSeq != 31 {
		t.Errorf("after pruning: %+v", r)
	}
	last, _ := l.Recent(ctx, 1)
	if last[0].Kind != KindPrune || last[0].Actor != "S001" || !strings.Contains(last[0].Detail, "removed 10 records through 10") {
		t.Errorf("prune record = %+v", last[0])
	}
	l.Staff(ctx, "S001", "after prune", "")
	if r := mustVerify(t, l); !r.OK() {
		t.Errorf("appending after a prune broke the chain: %q", r.Problems)
	}
	// Retention by the clock: 30 days later everything but the prune
	// records' successor goes.
	c.Advance(31 * 24 * time.Hour)
	l.Staff(ctx, "S001", "a month later", "")
	if n, err := l.PruneExpired(ctx, ""); err != nil || n != 22 {
		t.Errorf("PruneExpired = %d, %v; want 22", n, err)
	}
	if r := mustVerify(t, l); !r.OK() || r.Records != 2 {
		t.Errorf("after retention: %+v", r)
	}
	// Moving the anchor forward to hide more deletions is detected.
	db.SQL().Exec(`UPDATE audit_meta SET seq = seq + 1 WHERE name = 'anchor'`)
	if r := mustVerify(t, l); r.OK() {
		t.Error("a moved anchor verified")
	}
	if _, err := l.Prune(ctx, c.Now(), ""); err == nil {
		t.Error("pruned a trail that does not verify")
	}
}

func TestStoreWritesSessionAndAudit(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kiosk.db")
	c := &clock{t: time.Date(2026, 11, 28, 10, 0, 0, 0, kiosk.ChinaTime)}
	db, l := open(t, path, testKey, c)
	s := NewStore(db, l)
	rec := kiosk.SessionRecord{StartedAt: c.Now(), EndedAt: c.Now().Add(time.Minute), Mode: kiosk.ModeCertify,
		MaskedID: "460***********0029", Outcome: string(kiosk.OutcomeQueued), NextDueDate: kiosk.NextDueDate(c.Now())}
	if err := s.RecordSession(ctx, rec); err != nil {
		t.Fatal(err)
	}
	counts, err := db.CountsOn(ctx, kiosk.DateOf(c.Now()))
	if err != nil || counts.Queued != 1 {
		t.Errorf("session table counts = %+v, %v", counts, err)
	}
	got, _ := l.Recent(ctx, 5)
	if len(got) != 1 || got[0].Kind != KindSession || got[0].Result != "queued" || got[0].MaskedID != rec.MaskedID ||
		!strings.Contains(got[0].Detail, `"next_due_date":"2027-10-31"`) {
		t.Errorf("audit = %+v", got)
	}
}

// TestTwoProcessesAppend opens the file twice, as the kiosk and a
// technician's command do, and appends from both at once.
func TestTwoProcessesAppend(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kiosk.db")
	c := &clock{t: time.Now()}
	_, a := open(t, path, testKey, c)
	_, b := open(t, path, testKey, c)
	var wg sync.WaitGroup
	errs := make(chan error, 200)
	for i := range 100 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			l := a
			if i%2 == 1 {
				l = b
			}
			errs <- l.Staff(context.Background(), "S1", fmt.Sprint("action ", i), "")
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if r := mustVerify(t, a); !r.OK() || r.Records != 100 {
		t.Errorf("report = %+v", r)
	}
}
