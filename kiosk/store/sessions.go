package store

import (
	"context"
	"time"

	"github.com/hainan-hrss/certkiosk/kiosk"
)

// RecordSession appends one session to the log. The record holds only a
// masked ID number, never a name. Masking again is harmless (a masked
// number masks to itself) and keeps a full number out even if a caller slips.
func (db *DB) RecordSession(ctx context.Context, r kiosk.SessionRecord) error {
	_, err := db.sql.ExecContext(ctx, `INSERT INTO sessions
		(started_at, ended_at, mode, masked_id, outcome, reason_code, assisted_by, next_due_date)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		r.StartedAt.UTC().Format(time.RFC3339Nano), r.EndedAt.UTC().Format(time.RFC3339Nano),
		string(r.Mode), kiosk.MaskID(r.MaskedID), r.Outcome, r.ReasonCode,
		r.AssistedBy, r.NextDueDate.String())
	return storageError("record session", err)
}

// Counts are one day's figures for the staff screen.
type Counts struct {
	Sessions, Certifications, Passed, Rejected, ManualReview, Queued, StatusOnly int
}

// CountsOn tallies the sessions that started on day (China time).
func (db *DB) CountsOn(ctx context.Context, day kiosk.Date) (Counts, error) {
	from := day.Start().UTC().Format(time.RFC3339Nano)
	to := day.AddDays(1).Start().UTC().Format(time.RFC3339Nano)
	rows, err := db.sql.QueryContext(ctx,
		`SELECT outcome, COUNT(*) FROM sessions WHERE started_at >= ? AND started_at < ? GROUP BY outcome`, from, to)
	if err != nil {
		return Counts{}, storageError("count sessions", err)
	}
	defer rows.Close()
	var c Counts
	for rows.Next() {
		var outcome string
		var n int
		if err := rows.Scan(&outcome, &n); err != nil {
			return Counts{}, storageError("count sessions", err)
		}
		c.Sessions += n
		switch kiosk.Outcome(outcome) {
		case kiosk.OutcomePassed:
			c.Passed += n
		case kiosk.OutcomeRejected:
			c.Rejected += n
		case kiosk.OutcomeManualReview:
			c.ManualReview += n
		case kiosk.OutcomeQueued:
			c.Queued += n
		}
		if outcome == "status_only" {
			c.StatusOnly += n
		}
	}
	c.Certifications = c.Passed + c.Rejected + c.ManualReview + c.Queued
	return c, storageError("count sessions", rows.Err())
}
