package outbox

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hainan-hrss/certkiosk/kiosk"
	sqlite3 "github.com/mattn/go-sqlite3"
)

// row is one queued request as stored: clear columns and the sealed body.
type row struct {
	ID       int64
	Meta     meta
	QueuedAt int64
	KeyID    string
	Nonce    []byte
	Sealed   []byte
	Attempts int
	Hold     string
}

const rowColumns = `id, idempotency_key, masked_id, captured_at, queued_at, key_id, nonce, sealed, attempts, hold_reason`

func scanRow(s interface{ Scan(...any) error }) (row, error) {
	var r row
	err := s.Scan(&r.ID, &r.Meta.Key, &r.Meta.MaskedID, &r.Meta.CapturedAt, &r.QueuedAt,
		&r.KeyID, &r.Nonce, &r.Sealed, &r.Attempts, &r.Hold)
	return r, err
}

// event is an audit record written in the same transaction as the queue
// change it describes, so the trail and the queue never disagree.
type event struct{ name, detail string }

// write runs stmts in one transaction under wmu, then the audit record of
// ev for row m if there is a trail. n is the first statement's row count;
// when it is 0 (the row was already gone, or already queued) the rest is
// skipped: another process got there first.
func (o *Outbox) write(ctx context.Context, what string, m meta, ev event, stmts ...stmt) (n int64, err error) {
	o.wmu.Lock()
	defer o.wmu.Unlock()
	tx, err := o.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, o.storageError(what, err)
	}
	defer tx.Rollback()
	for i, st := range stmts {
		res, err := tx.ExecContext(ctx, st.q, st.args...)
		if err != nil {
			return 0, o.storageError(what, err)
		}
		if i == 0 {
			if n, _ = res.RowsAffected(); n == 0 {
				break
			}
		}
	}
	if o.audit != nil && ev.name != "" && n > 0 {
		d := "key=" + m.Key
		if ev.detail != "" {
			d += " " + ev.detail
		}
		if err := o.audit.QueueEventTx(ctx, tx, ev.name, m.MaskedID, d); err != nil {
			return 0, o.storageError(what+" (audit)", err)
		}
	}
	return n, o.storageError(what, tx.Commit())
}

type stmt struct {
	q    string
	args []any
}

// insert commits a sealed request. A second insert of the same
// Idempotency-Key (a caller retrying) keeps the first and reports
// fresh=false: the stored body is what was, and will be, sent.
func (o *Outbox) insert(ctx context.Context, req *kiosk.CertRequest) (fresh bool, err error) {
	m := meta{Key: req.IdempotencyKey, MaskedID: kiosk.MaskID(req.Card.IDNumber), CapturedAt: req.CapturedAt.UnixNano()}
	nonce, sealed, err := o.seal.seal(req, m)
	if err != nil {
		return false, kiosk.NewError(kiosk.ErrInternal, fmt.Errorf("seal request: %w", err))
	}
	n, err := o.write(ctx, "queue request", m, event{name: "queued"}, stmt{`INSERT INTO outbox
		(idempotency_key, masked_id, captured_at, queued_at, key_id, nonce, sealed)
		VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING`,
		[]any{m.Key, m.MaskedID, m.CapturedAt, o.now().UnixNano(), o.seal.keyID, nonce, sealed}})
	return n == 1, err
}

// remove erases a delivered request. secure_delete (kiosk/store) zeroes its
// bytes in the database pages; the WAL frames are truncated by vacuum().
func (o *Outbox) remove(ctx context.Context, r row, outcome kiosk.Outcome) error {
	_, err := o.write(ctx, "erase delivered request", r.Meta, event{"delivered", string(outcome)},
		stmt{`DELETE FROM outbox WHERE idempotency_key = ?`, []any{r.Meta.Key}})
	return err
}

// reject moves a request to the staff-visible list in one transaction: the
// row leaves the queue only if the rejection is recorded. ev is rejected
// or expired.
func (o *Outbox) reject(ctx context.Context, r row, code, reason, ev string) error {
	_, err := o.write(ctx, "reject request", r.Meta, event{ev, code},
		stmt{`DELETE FROM outbox WHERE idempotency_key = ?`, []any{r.Meta.Key}},
		stmt{`INSERT INTO outbox_rejections (idempotency_key, masked_id, captured_at, queued_at, decided_at, code, reason, attempts)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING`,
			[]any{r.Meta.Key, r.Meta.MaskedID, r.Meta.CapturedAt, r.QueuedAt, o.now().UnixNano(), code, reason, r.Attempts}})
	return err
}

// failed records a retryable failure and when to try the row again.
func (o *Outbox) failed(ctx context.Context, key string, attempts int, next time.Time, cause error) error {
	o.wmu.Lock()
	defer o.wmu.Unlock()
	_, err := o.db.ExecContext(ctx, `UPDATE outbox SET attempts = ?, next_try_at = ?, last_error = ? WHERE idempotency_key = ?`,
		attempts, next.UnixNano(), trim(string(kiosk.CodeOf(cause))+": "+errText(cause)), key)
	return o.storageError("record failed upload", err)
}

// hold marks a row that cannot be opened: kept, reported, never uploaded.
func (o *Outbox) hold(ctx context.Context, r row, reason string) error {
	_, err := o.write(ctx, "hold unreadable request", r.Meta, event{"held", reason},
		stmt{`UPDATE outbox SET hold_reason = ? WHERE idempotency_key = ?`, []any{reason, r.Meta.Key}})
	return err
}

func (o *Outbox) getRow(ctx context.Context, key string) (row, error) {
	r, err := scanRow(o.db.QueryRowContext(ctx, `SELECT `+rowColumns+` FROM outbox WHERE idempotency_key = ?`, key))
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		err = o.storageError("read queue", err)
	}
	return r, err
}

// due lists the rows after id after to try now, oldest first: not held, and either past
// their backoff or past the service's window (tried once more, then expired).
func (o *Outbox) due(ctx context.Context, now time.Time, all bool, after int64, limit int) ([]row, error) {
	q := `SELECT ` + rowColumns + ` FROM outbox WHERE id > ? AND hold_reason = ''
		AND (? OR next_try_at <= ? OR captured_at <= ?) ORDER BY id LIMIT ?`
	rows, err := o.db.QueryContext(ctx, q, after, all, now.UnixNano(), now.Add(-o.window).UnixNano(), limit)
	if err != nil {
		return nil, o.storageError("read queue", err)
	}
	defer rows.Close()
	var out []row
	for rows.Next() {
		r, err := scanRow(rows)
		if err != nil {
			return nil, o.storageError("read queue", err)
		}
		out = append(out, r)
	}
	return out, o.storageError("read queue", rows.Err())
}

// nextWake is when the earliest waiting row becomes due; zero if none.
func (o *Outbox) nextWake(ctx context.Context) (time.Time, error) {
	var n sql.NullInt64
	err := o.db.QueryRowContext(ctx, `SELECT MIN(next_try_at) FROM outbox WHERE hold_reason = ''`).Scan(&n)
	if err != nil || !n.Valid {
		return time.Time{}, o.storageError("read queue", err)
	}
	return time.Unix(0, n.Int64), nil
}

// expireHeld moves held rows past the window to the rejections.
func (o *Outbox) expireHeld(ctx context.Context, now time.Time) (int, error) {
	rows, err := o.db.QueryContext(ctx, `SELECT `+rowColumns+` FROM outbox WHERE hold_reason != '' AND captured_at <= ?`,
		now.Add(-o.window).UnixNano())
	if err != nil {
		return 0, o.storageError("read queue", err)
	}
	var held []row
	for rows.Next() {
		r, err := scanRow(rows)
		if err != nil {
			rows.Close()
			return 0, o.storageError("read queue", err)
		}
		held = append(held, r)
	}
	rows.Close()
	for _, r := range held {
		if err := o.reject(ctx, r, r.Hold, "could not be opened ("+r.Hold+") and the 72-hour window has closed", "expired"); err != nil {
			return 0, err
		}
	}
	return len(held), nil
}

// pruneRejections drops staff-list entries older than KeepRejections, at
// most once an hour.
func (o *Outbox) pruneRejections(ctx context.Context, now time.Time) error {
	o.mu.Lock()
	due := now.Sub(o.prunedAt) >= time.Hour
	if due {
		o.prunedAt = now
	}
	o.mu.Unlock()
	if !due {
		return nil
	}
	o.wmu.Lock()
	defer o.wmu.Unlock()
	_, err := o.db.ExecContext(ctx, `DELETE FROM outbox_rejections WHERE decided_at < ?`, now.Add(-o.keepRej).UnixNano())
	return o.storageError("prune staff list", err)
}

// storageError turns a database failure into the screen's storage error,
// with a plainer message when the disk (or the database's size limit) is
// full, and remembers it for the staff screen.
func (o *Outbox) storageError(what string, err error) error {
	if err == nil {
		return nil
	}
	e := kiosk.NewError(kiosk.ErrStorage, fmt.Errorf("outbox: %s: %w", what, err))
	var se sqlite3.Error
	if errors.As(err, &se) && se.Code == sqlite3.ErrFull {
		e.Message, e.Next = "本机存储空间已满，这次认证没有保存", "请联系工作人员清理存储空间后再试"
	}
	o.mu.Lock()
	o.lastStorageErr, o.lastStorageAt = e.Error(), o.now()
	o.mu.Unlock()
	return e
}

// errText is an error's text for the queue's columns and the logs. The
// client's errors carry API codes and transport failures, never request
// bodies; it is trimmed anyway.
func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func trim(s string) string {
	s = strings.ToValidUTF8(s, "")
	if r := []rune(s); len(r) > 300 {
		return string(r[:300]) + "…"
	}
	return s
}
