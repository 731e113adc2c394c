package store

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hainan-hrss/certkiosk/kiosk"
)

// mustOpen opens a database in a temporary directory: a real SQLite file.
func mustOpen(tb testing.TB) (*DB, string) {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "kiosk.db")
	db, err := Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db, path
}

func TestOpenMigratesAndUsesWAL(t *testing.T) {
	db, path := mustOpen(t)
	ctx := context.Background()
	v, err := db.Version(ctx)
	if err != nil || v < 1 {
		t.Fatalf("version = %d, %v", v, err)
	}
	var mode string
	db.sql.QueryRow("PRAGMA journal_mode").Scan(&mode)
	if mode != "wal" {
		t.Errorf("journal_mode = %s", mode)
	}
	var fk int
	db.sql.QueryRow("PRAGMA foreign_keys").Scan(&fk)
	if fk != 1 {
		t.Error("foreign keys are off")
	}
	db.Close()
	// Reopening an up-to-date database applies nothing and keeps the data.
	db2, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	if v2, _ := db2.Version(ctx); v2 != v {
		t.Errorf("version after reopen = %d, want %d", v2, v)
	}
}

func TestSettings(t *testing.T) {
	db, _ := mustOpen(t)
	ctx := context.Background()
	if _, ok, err := db.Setting(ctx, "station_name"); ok || err != nil {
		t.Fatalf("unset setting: ok=%v err=%v", ok, err)
	}
	for _, v := range []string{"海口市龙华区政务服务中心", "三亚市海棠区"} {
		if err := db.SetSetting(ctx, "station_name", v); err != nil {
			t.Fatal(err)
		}
		got, ok, err := db.Setting(ctx, "station_name")
		if !ok || err != nil || got != v {
			t.Errorf("Setting = %q, %v, %v; want %q", got, ok, err, v)
		}
	}
}

func TestSessionsAreMaskedAndCounted(t *testing.T) {
	db, path := mustOpen(t)
	ctx := context.Background()
	day := kiosk.Date{Year: 2026, Month: time.November, Day: 28}
	at := day.Start().Add(9 * time.Hour)
	rec := func(outcome string, start time.Time) kiosk.SessionRecord {
		return kiosk.SessionRecord{StartedAt: start, EndedAt: start.Add(time.Minute), Mode: kiosk.ModeCertify,
			MaskedID: "460106195003080029", Outcome: outcome}
	}
	for _, r := range []kiosk.SessionRecord{
		rec("passed", at), rec("passed", at), rec("rejected", at), rec("status_only", at),
		rec("timeout", at), rec("passed", at.Add(-10*time.Hour)), // the day before in China time
	} {
		if err := db.RecordSession(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	c, err := db.CountsOn(ctx, day)
	if err != nil {
		t.Fatal(err)
	}
	want := Counts{Sessions: 5, Certifications: 3, Passed: 2, Rejected: 1, StatusOnly: 1}
	if c != want {
		t.Errorf("counts = %+v, want %+v", c, want)
	}
	db.Close()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	wal, _ := os.ReadFile(path + "-wal")
	if strings.Contains(string(raw)+string(wal), "460106195003080029") {
		t.Error("the database file holds a full ID number")
	}
}

func TestOpenReportsUnwritableDirectory(t *testing.T) {
	dir := t.TempDir()
	blocker := filepath.Join(dir, "file")
	os.WriteFile(blocker, []byte("x"), 0o600)
	_, err := Open(filepath.Join(blocker, "kiosk.db"))
	if kiosk.CodeOf(err) != kiosk.ErrStorage {
		t.Errorf("err = %v, want a storage error", err)
	}
}

func TestConfigRoundTrip(t *testing.T) {
	db, _ := mustOpen(t)
	ctx := context.Background()
	if err := db.SetConfig(ctx, "reader.baud", "38400"); err != nil {
		t.Fatal(err)
	}
	if err := db.SetConfig(ctx, "reader.baud", "1"); err == nil {
		t.Error("stored an impossible baud rate")
	}
	c, err := db.LoadConfig(ctx)
	if err != nil || c.ReaderBaud != 38400 || c.CameraSource != "0" {
		t.Errorf("config = %+v, %v", c, err)
	}
	db.SetSetting(ctx, "audio.volume", "loud") // written behind SetConfig's back
	if _, err := db.LoadConfig(ctx); kiosk.CodeOf(err) != kiosk.ErrStorage {
		t.Errorf("a corrupt setting loaded: %v", err)
	}
}
