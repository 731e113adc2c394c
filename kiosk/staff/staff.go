// Package staff keeps the kiosk's staff accounts and the technician PIN in
// the kiosk's SQLite file (table staff, migration 010). PINs are stored only
// as argon2id hashes; five wrong PINs lock an account for five minutes.
package staff

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Lockout policy: after MaxFailures wrong PINs in a row an account refuses
// every PIN, right or wrong, for LockFor.
const (
	MaxFailures = 5
	LockFor     = 5 * time.Minute
)

// TechnicianID is the row holding the technician PIN. It cannot collide with
// a staff ID, which is digits only.
const TechnicianID = "technician"

// Errors of sign-in and account management.
var (
	ErrWrongPIN   = errors.New("staff: wrong staff ID or PIN")
	ErrLocked     = errors.New("staff: account locked after too many wrong PINs")
	ErrNoTechPIN  = errors.New("staff: no technician PIN set")
	ErrBadID      = errors.New("staff: a staff ID is 4 to 12 digits")
	ErrBadPIN     = errors.New("staff: a PIN is 6 to 12 digits")
	ErrBadTechPIN = errors.New("staff: the technician PIN is 8 to 16 digits")
	ErrExists     = errors.New("staff: this staff ID exists already")
	ErrNotFound   = errors.New("staff: no such staff ID")
)

// LockedError says until when an account is locked; errors.Is(err, ErrLocked).
type LockedError struct{ Until time.Time }

func (e *LockedError) Error() string {
	return fmt.Sprintf("%v until %s", ErrLocked, e.Until.Format(time.RFC3339))
}

// Is makes errors.Is(err, ErrLocked) true.
func (e *LockedError) Is(target error) bool { return target == ErrLocked }

// Account is one staff member, without the PIN hash.
type Account struct {
	ID, Name  string
	CreatedAt time.Time
	Locked    bool
}

// Accounts is the staff table. Its methods are safe for concurrent use.
type Accounts struct {
	db *sql.DB
	// Now is the clock for lockouts; tests replace it.
	Now func() time.Time
	// Params is the hash cost for new PINs; tests lower it.
	Params Params
	// dummy is a hash checked for unknown IDs, so a wrong ID takes as long
	// as a wrong PIN and an observer cannot learn which IDs exist.
	dummy     string
	dummyOnce sync.Once
}

// New returns the accounts kept in db, a handle from store.Open(path).SQL()
// whose schema includes migration 010.
func New(db *sql.DB) *Accounts {
	return &Accounts{db: db, Now: time.Now, Params: DefaultParams}
}

// ValidID reports whether id can be a staff ID: 4–12 digits, so staff can
// type it on the kiosk's number pad.
func ValidID(id string) bool { return digits(id, 4, 12) }

// ValidPIN reports whether pin can be a staff PIN: 6–12 digits.
func ValidPIN(pin string) bool { return digits(pin, 6, 12) }

// ValidTechPIN reports whether pin can be the technician PIN: 8–16 digits.
func ValidTechPIN(pin string) bool { return digits(pin, 8, 16) }

func digits(s string, lo, hi int) bool {
	if len(s) < lo || len(s) > hi {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// Add creates a staff account.
func (a *Accounts) Add(ctx context.Context, id, name, pin string) error {
	if !ValidID(id) {
		return ErrBadID
	}
	if !ValidPIN(pin) {
		return ErrBadPIN
	}
	h, err := hashPIN(pin, a.Params)
	if err != nil {
		return err
	}
	res, err := a.db.ExecContext(ctx, `INSERT INTO staff (id, name, role, pin_hash, created_at)
		VALUES (?, ?, 'staff', ?, ?) ON CONFLICT (id) DO NOTHING`, id, name, h, a.stamp(a.Now()))
	if err != nil {
		return fmt.Errorf("staff: add: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrExists
	}
	return nil
}

// Remove deletes a staff account.
func (a *Accounts) Remove(ctx context.Context, id string) error {
	res, err := a.db.ExecContext(ctx, `DELETE FROM staff WHERE id = ? AND role = 'staff'`, id)
	if err != nil {
		return fmt.Errorf("staff: remove: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

// List returns the staff accounts by ID.
func (a *Accounts) List(ctx context.Context) ([]Account, error) {
	rows, err := a.db.QueryContext(ctx, `SELECT id, name, created_at, locked_until FROM staff
		WHERE role = 'staff' ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("staff: list: %w", err)
	}
	defer rows.Close()
	var out []Account
	now := a.Now()
	for rows.Next() {
		var acc Account
		var created, locked string
		if err := rows.Scan(&acc.ID, &acc.Name, &created, &locked); err != nil {
			return nil, err
		}
		acc.CreatedAt, _ = time.Parse(time.RFC3339, created)
		until, _ := time.Parse(time.RFC3339, locked)
		acc.Locked = now.Before(until)
		out = append(out, acc)
	}
	return out, rows.Err()
}

// SetTechPIN sets (or replaces) the technician PIN.
func (a *Accounts) SetTechPIN(ctx context.Context, pin string) error {
	if !ValidTechPIN(pin) {
		return ErrBadTechPIN
	}
	h, err := hashPIN(pin, a.Params)
	if err != nil {
		return err
	}
	_, err = a.db.ExecContext(ctx, `INSERT INTO staff (id, role, pin_hash, created_at)
		VALUES (?, 'technician', ?, ?)
		ON CONFLICT (id) DO UPDATE SET pin_hash = excluded.pin_hash, failures = 0, locked_until = ''`,
		TechnicianID, h, a.stamp(a.Now()))
	if err != nil {
		return fmt.Errorf("staff: set technician PIN: %w", err)
	}
	return nil
}

// HasTechPIN reports whether a technician PIN is set.
func (a *Accounts) HasTechPIN(ctx context.Context) (bool, error) {
	var n int
	err := a.db.QueryRowContext(ctx, `SELECT count(*) FROM staff WHERE id = ?`, TechnicianID).Scan(&n)
	return n > 0, err
}

func (a *Accounts) stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }
