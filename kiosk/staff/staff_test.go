package staff_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hainan-hrss/certkiosk/kiosk/staff"
	"github.com/hainan-hrss/certkiosk/kiosk/store"
)

// openAccounts opens a real SQLite file with every migration and cheap hash
// parameters (the cost is tested separately by the benchmark).
func openAccounts(t testing.TB) (*staff.Accounts, *time.Time, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "kiosk.db")
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	a := staff.New(db.SQL())
	now := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
	a.Now = func() time.Time { return now }
	a.Params = staff.Params{Memory: 64, Time: 1, Threads: 1}
	return a, &now, path
}

func TestAddListRemove(t *testing.T) {
	ctx := context.Background()
	a, _, path := openAccounts(t)
	t.Run("OK", func(t *testing.T) {
		if err := a.Add(ctx, "1001", "王芳", "135790"); err != nil {
			t.Fatal(err)
		}
		if err := a.Add(ctx, "1002", "", "246801"); err != nil {
			t.Fatal(err)
		}
		list, err := a.List(ctx)
		if err != nil || len(list) != 2 || list[0].ID != "1001" || list[0].Name != "王芳" {
			t.Fatalf("list = %+v, %v", list, err)
		}
	})
	t.Run("ErrExists", func(t *testing.T) {
		if err := a.Add(ctx, "1001", "", "999999"); !errors.Is(err, staff.ErrExists) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("PINStoredHashed", func(t *testing.T) {
		db, err := store.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var h string
		db.SQL().QueryRow(`SELECT pin_hash FROM staff WHERE id = '1001'`).Scan(&h)
		if !strings.HasPrefix(h, "$argon2id$") || strings.Contains(h, "135790") {
			t.Fatalf("stored hash = %q", h)
		}
	})
	t.Run("Remove", func(t *testing.T) {
		if err := a.Remove(ctx, "1002"); err != nil {
			t.Fatal(err)
		}
		if err := a.Remove(ctx, "1002"); !errors.Is(err, staff.ErrNotFound) {
			t.Fatalf("second remove: %v", err)
		}
		if err := a.SignIn(ctx, "1002", "246801"); !errors.Is(err, staff.ErrWrongPIN) {
			t.Fatalf("removed account signed in: %v", err)
		}
	})
}

func TestValidation(t *testing.T) {
	ctx := context.Background()
	a, _, _ := openAccounts(t)
	for _, tc := range []struct {
		name, id, pin string
		want          error
	}{
		{"ShortID", "12", "135790", staff.ErrBadID},
		{"LetterID", "10a1", "135790", staff.ErrBadID},
		{"ShortPIN", "1001", "1234", staff.ErrBadPIN},
		{"LetterPIN", "1001", "12345x", staff.ErrBadPIN},
		{"LongPIN", "1001", "1234567890123", staff.ErrBadPIN},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := a.Add(ctx, tc.id, "", tc.pin); !errors.Is(err, tc.want) {
				t.Fatalf("Add(%q, %q) = %v, want %v", tc.id, tc.pin, err, tc.want)
			}
		})
	}
	if err := a.SetTechPIN(ctx, "1234567"); !errors.Is(err, staff.ErrBadTechPIN) {
		t.Fatalf("short technician PIN: %v", err)
	}
}

func TestLockoutAfterFiveFailures(t *testing.T) {
	ctx := context.Background()
	a, now, _ := openAccounts(t)
	if err := a.Add(ctx, "2001", "", "112233"); err != nil {
		t.Fatal(err)
	}
	for i := 1; i < staff.MaxFailures; i++ {
		if err := a.SignIn(ctx, "2001", "000000"); !errors.Is(err, staff.ErrWrongPIN) {
			t.Fatalf("failure %d: %v", i, err)
		}
	}
	var locked *staff.LockedError
	if err := a.SignIn(ctx, "2001", "000000"); !errors.As(err, &locked) || !locked.Until.Equal(now.Add(staff.LockFor)) {
		t.Fatalf("fifth failure: %v", err)
	}
	if err := a.SignIn(ctx, "2001", "112233"); !errors.Is(err, staff.ErrLocked) {
		t.Fatalf("right PIN while locked: %v", err)
	}
	if list, _ := a.List(ctx); !list[0].Locked {
		t.Error("list does not show the lock")
	}
	*now = now.Add(staff.LockFor - time.Second)
	if err := a.SignIn(ctx, "2001", "112233"); !errors.Is(err, staff.ErrLocked) {
		t.Fatalf("right PIN a second before the lock ends: %v", err)
	}
	*now = now.Add(time.Second)
	if err := a.SignIn(ctx, "2001", "112233"); err != nil {
		t.Fatalf("right PIN after the lock: %v", err)
	}
	// A success resets the count: four more failures do not lock.
	for i := 1; i < staff.MaxFailures; i++ {
		a.SignIn(ctx, "2001", "000000")
	}
	if err := a.SignIn(ctx, "2001", "112233"); err != nil {
		t.Fatalf("count was not reset by the success: %v", err)
	}
}

func TestUnknownIDLooksLikeWrongPIN(t *testing.T) {
	a, _, _ := openAccounts(t)
	for _, id := range []string{"9999", "x", ""} {
		if err := a.SignIn(context.Background(), id, "123456"); !errors.Is(err, staff.ErrWrongPIN) {
			t.Errorf("SignIn(%q) = %v", id, err)
		}
	}
}

func TestTechnicianPIN(t *testing.T) {
	ctx := context.Background()
	a, _, _ := openAccounts(t)
	if err := a.CheckTechPIN(ctx, "12345678"); !errors.Is(err, staff.ErrNoTechPIN) {
		t.Fatalf("no PIN set: %v", err)
	}
	if err := a.SetTechPIN(ctx, "12345678"); err != nil {
		t.Fatal(err)
	}
	if err := a.CheckTechPIN(ctx, "12345678"); err != nil {
		t.Fatal(err)
	}
	if err := a.CheckTechPIN(ctx, "87654321"); !errors.Is(err, staff.ErrWrongPIN) {
		t.Fatalf("wrong technician PIN: %v", err)
	}
	if err := a.SetTechPIN(ctx, "87654321"); err != nil {
		t.Fatal(err)
	}
	if err := a.CheckTechPIN(ctx, "12345678"); err == nil {
		t.Fatal("old technician PIN still works")
	}
	if list, _ := a.List(ctx); len(list) != 0 {
		t.Fatalf("technician listed as staff: %+v", list)
	}
	if err := a.SignIn(ctx, staff.TechnicianID, "87654321"); !errors.Is(err, staff.ErrWrongPIN) {
		t.Fatalf("technician PIN signs in as staff: %v", err)
	}
}

func BenchmarkCheckDefaultParams(b *testing.B) {
	a, _, _ := openAccounts(b)
	a.Params = staff.DefaultParams
	ctx := context.Background()
	if err := a.Add(ctx, "3001", "", "123456"); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if err := a.SignIn(ctx, "3001", "123456"); err != nil {
			b.Fatal(err)
		}
	}
}
