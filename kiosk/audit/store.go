package audit

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/hainan-hrss/certkiosk/kiosk"
)

// Store is a kiosk.Store that writes every session to the wrapped store
// and to the audit trail:
//
//	flowStore := audit.NewStore(db, auditLog) // instead of db
type Store struct {
	next kiosk.Store
	log  *Log
}

var _ kiosk.Store = (*Store)(nil)

// NewStore wraps next so that each session is also audited.
func NewStore(next kiosk.Store, log *Log) *Store { return &Store{next: next, log: log} }

// RecordSession records rec in both places. Both are attempted even if one
// fails, so a failing session table never costs the audit record.
func (s *Store) RecordSession(ctx context.Context, rec kiosk.SessionRecord) error {
	return errors.Join(s.next.RecordSession(ctx, rec), s.log.Session(ctx, rec))
}

// sessionDetail is a session's detail as the trail stores it.
type sessionDetail struct {
	Mode        kiosk.Mode `json:"mode"`
	Reason      string     `json:"reason,omitempty"`
	StartedAt   time.Time  `json:"started_at"`
	EndedAt     time.Time  `json:"ended_at"`
	NextDueDate string     `json:"next_due_date,omitempty"`
}

// Session records one person served: masked ID, outcome, times, and the
// staff id when a staff member assisted.
func (l *Log) Session(ctx context.Context, rec kiosk.SessionRecord) error {
	d, _ := json.Marshal(sessionDetail{Mode: rec.Mode, Reason: rec.ReasonCode,
		StartedAt: rec.StartedAt.UTC(), EndedAt: rec.EndedAt.UTC(), NextDueDate: dateText(rec.NextDueDate)})
	_, err := l.Append(ctx, Entry{Kind: KindSession, Actor: rec.AssistedBy, MaskedID: rec.MaskedID,
		Result: rec.Outcome, Detail: string(d)})
	return err
}

func dateText(d kiosk.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}
