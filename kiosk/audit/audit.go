// Package audit keeps the kiosk's audit trail: every session, staff action
// and queue event as an append-only record, each sealed with an HMAC over
// its fields and the previous record's HMAC, under a key kept outside the
// database. Verify walks the chain and names any record that was edited,
// deleted or moved; Prune drops records past the retention period and
// leaves a sealed anchor so the rest still verifies (docs/offline.md).
package audit

import (
	"context"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/hainan-hrss/certkiosk/kiosk"
	"github.com/hainan-hrss/certkiosk/kiosk/store"
)

// Record kinds.
const (
	KindSession = "session" // one person served (kiosk.SessionRecord)
	KindStaff   = "staff"   // a staff or technician action
	KindQueue   = "queue"   // the upload queue: queued, delivered, rejected, expired, held
	KindPrune   = "prune"   // retention removed older records
)

// DefaultRetention keeps a year of records: more than the six months the
// Cybersecurity Law asks of network logs, and no longer than needed.
const DefaultRetention = 365 * 24 * time.Hour

// Entry is one audit record. It holds a masked ID number only, never a
// name; Detail is free text that callers keep free of personal data.
type Entry struct {
	Seq      int64     `json:"seq"`
	At       time.Time `json:"at"`
	Kind     string    `json:"kind"`
	Actor    string    `json:"actor,omitempty"` // staff id; empty for the kiosk itself
	MaskedID string    `json:"masked_id,omitempty"`
	Result   string    `json:"result,omitempty"`
	Detail   string    `json:"detail,omitempty"`
}

// Options tune a Log.
type Options struct {
	Now       func() time.Time // nil means time.Now
	Retention time.Duration    // for PruneExpired; 0 means DefaultRetention
}

// Log is the audit trail in the kiosk's database. It is safe for
// concurrent use, and for use by several processes (the kiosk and a
// technician's command) on the same file.
type Log struct {
	db        *sql.DB
	key       []byte
	now       func() time.Time
	retention time.Duration
	mu        sync.Mutex
}

// Open returns the audit trail in db, keyed by the kiosk's 32-byte
// storage key (outbox.LoadKey); the HMAC key is derived from it for this
// purpose alone.
func Open(db *store.DB, storageKey []byte, opts Options) (*Log, error) {
	if len(storageKey) != 32 {
		return nil, kiosk.Errorf(kiosk.ErrStorage, "audit: storage key must be 32 bytes, got %d", len(storageKey))
	}
	k, err := hkdf.Key(sha256.New, storageKey, nil, "certkiosk audit HMAC-SHA256 v1", 32)
	if err != nil {
		return nil, kiosk.NewError(kiosk.ErrInternal, err)
	}
	l := &Log{db: db.SQL(), key: k, now: opts.Now, retention: opts.Retention}
	if l.now == nil {
		l.now = time.Now
	}
	if l.retention <= 0 {
		l.retention = DefaultRetention
	}
	return l, nil
}

// Append seals and stores e after the current last record, filling in its
// Seq and At (now). The masked ID is masked again, so a caller's slip can
// never put a full number in the trail.
func (l *Log) Append(ctx context.Context, e Entry) (Entry, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	tx, err := l.begin(ctx)
	if err != nil {
		return e, err
	}
	defer tx.Rollback()
	if e, err = l.appendTx(ctx, tx, e); err != nil {
		return e, err
	}
	return e, storageError("append", tx.Commit())
}

// begin starts a transaction that holds SQLite's write lock from its first
// statement, so another process appending at the same moment waits
// (busy_timeout) instead of both reading the same head.
func (l *Log) begin(ctx context.Context) (*sql.Tx, error) {
	tx, err := l.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, storageError("begin", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE audit_meta SET seq = seq WHERE name = 'head'`); err != nil {
		tx.Rollback()
		return nil, storageError("lock", err)
	}
	return tx, nil
}

func (l *Log) appendTx(ctx context.Context, tx *sql.Tx, e Entry) (Entry, error) {
	head, ok, err := readMeta(ctx, tx, "head")
	if err != nil {
		return e, err
	}
	if !ok {
		// An empty trail, or one pruned to its anchor (a prune always
		// appends its own record, so this is only the very first append).
		if head, ok, err = readMeta(ctx, tx, "anchor"); err != nil {
			return e, err
		}
		if !ok {
			head = meta{mac: make([]byte, sha256.Size)}
		}
	}
	e.Seq, e.At, e.MaskedID = head.seq+1, l.now(), kiosk.MaskID(e.MaskedID)
	mac := l.mac(e, head.mac)
	if _, err := tx.ExecContext(ctx, `INSERT INTO audit_log (seq, at, kind, actor, masked_id, result, detail, prev, mac)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, e.Seq, e.At.UnixNano(), e.Kind, e.Actor, e.MaskedID, e.Result,
		e.Detail, head.mac, mac); err != nil {
		return e, storageError("append", err)
	}
	return e, l.writeMeta(ctx, tx, "head", e.Seq, mac)
}

// mac seals a record: HMAC-SHA256 over every field, length-prefixed so no
// two different records encode alike, and the previous record's mac.
func (l *Log) mac(e Entry, prev []byte) []byte {
	b := []byte("certkiosk/audit/v1\x00")
	b = binary.BigEndian.AppendUint64(b, uint64(e.Seq))
	b = binary.BigEndian.AppendUint64(b, uint64(e.At.UnixNano()))
	for _, s := range []string{e.Kind, e.Actor, e.MaskedID, e.Result, e.Detail} {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	b = append(b, prev...)
	h := hmac.New(sha256.New, l.key)
	h.Write(b)
	return h.Sum(nil)
}

// meta is the head or the anchor: a position in the chain and its mac.
type meta struct {
	seq       int64
	mac, seal []byte
}

func (l *Log) metaSeal(name string, seq int64, mac []byte) []byte {
	h := hmac.New(sha256.New, l.key)
	h.Write([]byte("certkiosk/audit/" + name + "\x00"))
	h.Write(binary.BigEndian.AppendUint64(nil, uint64(seq)))
	h.Write(mac)
	return h.Sum(nil)
}

type querier interface {
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
}

func readMeta(ctx context.Context, q querier, name string) (meta, bool, error) {
	var m meta
	err := q.QueryRowContext(ctx, `SELECT seq, mac, seal FROM audit_meta WHERE name = ?`, name).Scan(&m.seq, &m.mac, &m.seal)
	if errors.Is(err, sql.ErrNoRows) {
		return m, false, nil
	}
	return m, err == nil, storageError("read "+name, err)
}

func (l *Log) writeMeta(ctx context.Context, tx *sql.Tx, name string, seq int64, mac []byte) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO audit_meta (name, seq, mac, seal) VALUES (?, ?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET seq = excluded.seq, mac = excluded.mac, seal = excluded.seal`,
		name, seq, mac, l.metaSeal(name, seq, mac))
	return storageError("write "+name, err)
}

// Staff records a staff or technician action: who (staff id), what, and
// detail free of personal data.
func (l *Log) Staff(ctx context.Context, staffID, action, detail string) error {
	_, err := l.Append(ctx, Entry{Kind: KindStaff, Actor: staffID, Result: action, Detail: detail})
	return err
}

// QueueEvent records an upload queue event in a transaction of its own.
func (l *Log) QueueEvent(ctx context.Context, event, maskedID, detail string) error {
	_, err := l.Append(ctx, Entry{Kind: KindQueue, MaskedID: maskedID, Result: event, Detail: detail})
	return err
}

// QueueEventTx records a queue event inside the caller's transaction,
// which must already have written (so it holds SQLite's write lock): the
// event commits or rolls back with the queue change it describes. It makes
// *Log an outbox.Recorder.
func (l *Log) QueueEventTx(ctx context.Context, tx *sql.Tx, event, maskedID, detail string) error {
	_, err := l.appendTx(ctx, tx, Entry{Kind: KindQueue, MaskedID: maskedID, Result: event, Detail: detail})
	return err
}

// Recent returns the last n records, newest first, for the staff screen.
func (l *Log) Recent(ctx context.Context, n int) ([]Entry, error) {
	rows, err := l.db.QueryContext(ctx, `SELECT seq, at, kind, actor, masked_id, result, detail
		FROM audit_log ORDER BY seq DESC LIMIT ?`, n)
	if err != nil {
		return nil, storageError("read", err)
	}
	defer rows.Close()
	var out []Entry
	for rows.Next() {
		var e Entry
		var at int64
		if err := rows.Scan(&e.Seq, &at, &e.Kind, &e.Actor, &e.MaskedID, &e.Result, &e.Detail); err != nil {
			return nil, storageError("read", err)
		}
		e.At = time.Unix(0, at)
		out = append(out, e)
	}
	return out, storageError("read", rows.Err())
}

func storageError(what string, err error) error {
	if err == nil {
		return nil
	}
	return kiosk.NewError(kiosk.ErrStorage, fmt.Errorf("audit: %s: %w", what, err))
}
