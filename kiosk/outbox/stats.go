package outbox

import (
	"context"
	"database/sql"
	"time"
)

// Stats is the queue as the heartbeat and the staff screen show it.
type Stats struct {
	Depth      int           `json:"depth"`      // requests waiting, held ones included
	Held       int           `json:"held"`       // of which cannot be opened: never sent
	OldestAge  time.Duration `json:"oldest_age"` // since the oldest waiting request was captured; 0 if none
	Rejections int           `json:"rejections"` // requests in the staff list
	// StorageError is the last time the queue could not write (disk full),
	// empty if never since the kiosk started.
	StorageError   string    `json:"storage_error,omitempty"`
	StorageErrorAt time.Time `json:"storage_error_at,omitzero"`
}

// Stats reads the queue's figures.
func (o *Outbox) Stats(ctx context.Context) (Stats, error) {
	var s Stats
	var oldest sql.NullInt64
	err := o.db.QueryRowContext(ctx, `SELECT COUNT(*), COUNT(NULLIF(hold_reason, '')), MIN(captured_at) FROM outbox`).
		Scan(&s.Depth, &s.Held, &oldest)
	if err == nil {
		err = o.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM outbox_rejections`).Scan(&s.Rejections)
	}
	if err != nil {
		return s, o.storageError("read queue figures", err)
	}
	if oldest.Valid {
		s.OldestAge = max(o.now().Sub(time.Unix(0, oldest.Int64)), 0)
	}
	o.mu.Lock()
	s.StorageError, s.StorageErrorAt = o.lastStorageErr, o.lastStorageAt
	o.mu.Unlock()
	return s, nil
}

// Rejection is one request that left the queue uncertified, for staff:
// masked ID and times only.
type Rejection struct {
	Key        string    `json:"idempotency_key"`
	MaskedID   string    `json:"masked_id"`
	CapturedAt time.Time `json:"captured_at"`
	QueuedAt   time.Time `json:"queued_at"`
	DecidedAt  time.Time `json:"decided_at"`
	Code       string    `json:"code"`   // service_refused, not_a_pensioner, expired, tampered, wrong_key …
	Reason     string    `json:"reason"` // the service's code and message, or why it expired
	Attempts   int       `json:"attempts"`
}

// Rejections lists the staff list, newest first, at most limit rows.
func (o *Outbox) Rejections(ctx context.Context, limit int) ([]Rejection, error) {
	rows, err := o.db.QueryContext(ctx, `SELECT idempotency_key, masked_id, captured_at, queued_at, decided_at, code, reason, attempts
		FROM outbox_rejections ORDER BY decided_at DESC, id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, o.storageError("read rejections", err)
	}
	defer rows.Close()
	var out []Rejection
	for rows.Next() {
		var r Rejection
		var c, q, d int64
		if err := rows.Scan(&r.Key, &r.MaskedID, &c, &q, &d, &r.Code, &r.Reason, &r.Attempts); err != nil {
			return nil, o.storageError("read rejections", err)
		}
		r.CapturedAt, r.QueuedAt, r.DecidedAt = time.Unix(0, c), time.Unix(0, q), time.Unix(0, d)
		out = append(out, r)
	}
	return out, o.storageError("read rejections", rows.Err())
}
