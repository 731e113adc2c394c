package staff

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// SignIn checks a staff member's PIN. It returns nil, ErrWrongPIN (unknown
// ID or wrong PIN, indistinguishable), or a *LockedError.
func (a *Accounts) SignIn(ctx context.Context, id, pin string) error {
	if !ValidID(id) {
		a.burn(pin)
		return ErrWrongPIN
	}
	return a.check(ctx, id, "staff", pin)
}

// CheckTechPIN checks the technician PIN, with the same lockout as staff.
func (a *Accounts) CheckTechPIN(ctx context.Context, pin string) error {
	err := a.check(ctx, TechnicianID, "technician", pin)
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNoTechPIN
	}
	return err
}

// check verifies pin for the account id of role, counting failures and
// locking the account at MaxFailures. The kiosk has one screen, so attempts
// on one account do not race.
func (a *Accounts) check(ctx context.Context, id, role, pin string) error {
	var hash, locked string
	var failures int
	err := a.db.QueryRowContext(ctx, `SELECT pin_hash, failures, locked_until FROM staff
		WHERE id = ? AND role = ?`, id, role).Scan(&hash, &failures, &locked)
	if errors.Is(err, sql.ErrNoRows) {
		a.burn(pin)
		if role == "technician" {
			return sql.ErrNoRows
		}
		return ErrWrongPIN
	}
	if err != nil {
		return fmt.Errorf("staff: sign in: %w", err)
	}
	now := a.Now()
	if until, err := time.Parse(time.RFC3339, locked); err == nil && now.Before(until) {
		return &LockedError{Until: until}
	}
	ok, err := checkPIN(pin, hash)
	if err != nil {
		return err
	}
	if ok {
		_, err := a.db.ExecContext(ctx, `UPDATE staff SET failures = 0, locked_until = '' WHERE id = ?`, id)
		return err
	}
	// A lock that has expired starts a fresh count of five.
	if locked != "" {
		failures = 0
	}
	failures++
	lockedUntil := ""
	if failures >= MaxFailures {
		lockedUntil = a.stamp(now.Add(LockFor))
		failures = 0
	}
	if _, err := a.db.ExecContext(ctx, `UPDATE staff SET failures = ?, locked_until = ? WHERE id = ?`,
		failures, lockedUntil, id); err != nil {
		return fmt.Errorf("staff: count failure: %w", err)
	}
	if lockedUntil != "" {
		until, _ := time.Parse(time.RFC3339, lockedUntil)
		return &LockedError{Until: until}
	}
	return ErrWrongPIN
}

// burn spends the time of one hash check, so unknown IDs answer as slowly
// as known ones.
func (a *Accounts) burn(pin string) {
	a.dummyOnce.Do(func() { a.dummy, _ = hashPIN("000000", a.Params) })
	checkPIN(pin, a.dummy)
}
