package audit

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Report is what Verify found.
type Report struct {
	Records  int      `json:"records"`
	FirstSeq int64    `json:"first_seq,omitempty"`
	LastSeq  int64    `json:"last_seq,omitempty"`
	Pruned   int64    `json:"pruned_through,omitempty"` // the anchor: records up to it were pruned
	Problems []string `json:"problems,omitempty"`
}

// OK reports whether the chain verified.
func (r Report) OK() bool { return len(r.Problems) == 0 }

// maxProblems bounds the report: after a wrong key every record fails.
const maxProblems = 50

func (r *Report) problem(format string, args ...any) {
	if len(r.Problems) < maxProblems {
		r.Problems = append(r.Problems, fmt.Sprintf(format, args...))
	} else if len(r.Problems) == maxProblems {
		r.Problems = append(r.Problems, "… more problems not listed")
	}
}

// Verify walks the whole trail: each record's seal, its link to the one
// before, consecutive numbers from the anchor on, and the sealed head at
// the end. Any edit, deletion (in the middle, at the start beyond the
// anchor, or at the end), insertion or reordering shows as a problem. What
// it cannot see is the whole database replaced by an older copy of itself,
// head and all: that needs the head kept elsewhere (docs/offline.md).
func (l *Log) Verify(ctx context.Context) (Report, error) {
	var r Report
	prevSeq, prevMAC := int64(0), make([]byte, sha256.Size)
	anchor, ok, err := readMeta(ctx, l.db, "anchor")
	if err != nil {
		return r, err
	}
	if ok {
		if !hmac.Equal(anchor.seal, l.metaSeal("anchor", anchor.seq, anchor.mac)) {
			r.problem("the prune anchor was altered (or the key is wrong)")
		}
		prevSeq, prevMAC, r.Pruned = anchor.seq, anchor.mac, anchor.seq
	}
	rows, err := l.db.QueryContext(ctx, `SELECT seq, at, kind, actor, masked_id, result, detail, prev, mac
		FROM audit_log ORDER BY seq`)
	if err != nil {
		return r, storageError("verify", err)
	}
	defer rows.Close()
	for rows.Next() {
		var e Entry
		var at int64
		var prev, mac []byte
		if err := rows.Scan(&e.Seq, &at, &e.Kind, &e.Actor, &e.MaskedID, &e.Result, &e.Detail, &prev, &mac); err != nil {
			return r, storageError("verify", err)
		}
		e.At = time.Unix(0, at)
		if r.Records == 0 {
			r.FirstSeq = e.Seq
		}
		r.Records++
		r.LastSeq = e.Seq
		switch {
		case e.Seq != prevSeq+1 && r.Records == 1 && prevSeq > 0:
			r.problem("records %d to %d are missing after the prune anchor", prevSeq+1, e.Seq-1)
		case e.Seq != prevSeq+1 && r.Records == 1:
			r.problem("records 1 to %d are missing at the start", e.Seq-1)
		case e.Seq != prevSeq+1:
			r.problem("records %d to %d are missing", prevSeq+1, e.Seq-1)
		}
		if !bytes.Equal(prev, prevMAC) {
			r.problem("record %d does not follow the record before it (deleted, inserted or moved)", e.Seq)
		}
		if !hmac.Equal(mac, l.mac(e, prev)) {
			r.problem("record %d was altered (or the key is wrong)", e.Seq)
		}
		prevSeq, prevMAC = e.Seq, mac
	}
	if err := rows.Err(); err != nil {
		return r, storageError("verify", err)
	}
	head, ok, err := readMeta(ctx, l.db, "head")
	switch {
	case err != nil:
		return r, err
	case !ok && r.Records > 0:
		r.problem("the head record is missing")
	case !ok:
	case !hmac.Equal(head.seal, l.metaSeal("head", head.seq, head.mac)):
		r.problem("the head was altered (or the key is wrong)")
	case head.seq > prevSeq:
		r.problem("records %d to %d are missing at the end", prevSeq+1, head.seq)
	case head.seq != prevSeq || !bytes.Equal(head.mac, prevMAC):
		r.problem("the last record (%d) is not the one the head seals (%d)", prevSeq, head.seq)
	}
	return r, nil
}

// PruneExpired removes the records older than the retention period.
func (l *Log) PruneExpired(ctx context.Context, actor string) (int, error) {
	return l.Prune(ctx, l.now().Add(-l.retention), actor)
}

// Prune removes the records from before cutoff, moves the sealed anchor to
// the last one removed, and appends a prune record saying what went, all in
// one transaction. It refuses to prune a trail that does not verify: that
// would destroy the evidence.
func (l *Log) Prune(ctx context.Context, cutoff time.Time, actor string) (int, error) {
	rep, err := l.Verify(ctx)
	if err != nil {
		return 0, err
	}
	if !rep.OK() {
		return 0, fmt.Errorf("audit: the trail does not verify (%s); not pruning", rep.Problems[0])
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	tx, err := l.begin(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	var last int64
	var mac []byte
	err = tx.QueryRowContext(ctx, `SELECT seq, mac FROM audit_log WHERE seq = (SELECT MAX(seq) FROM audit_log WHERE at < ?)`,
		cutoff.UnixNano()).Scan(&last, &mac)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil // nothing that old
	}
	if err != nil {
		return 0, storageError("prune", err)
	}
	res, err := tx.ExecContext(ctx, `DELETE FROM audit_log WHERE seq <= ?`, last)
	if err != nil {
		return 0, storageError("prune", err)
	}
	n, _ := res.RowsAffected()
	if err := l.writeMeta(ctx, tx, "anchor", last, mac); err != nil {
		return 0, err
	}
	if _, err := l.appendTx(ctx, tx, Entry{Kind: KindPrune, Actor: actor, Result: "pruned",
		Detail: fmt.Sprintf("removed %d records through %d, older than %s", n, last, cutoff.UTC().Format(time.RFC3339))}); err != nil {
		return 0, err
	}
	return int(n), storageError("prune", tx.Commit())
}

// RunRetention prunes expired records now and then once a day until ctx
// ends, logging nothing itself: errors go to report (may be nil).
func (l *Log) RunRetention(ctx context.Context, report func(error)) {
	for {
		if _, err := l.PruneExpired(ctx, ""); err != nil && report != nil && ctx.Err() == nil {
			report(err)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(24 * time.Hour):
		}
	}
}
