package certsim

import (
	"database/sql"
	"fmt"
	"time"

	"github.com/hainan-hrss/certkiosk/kiosk"
)

// standing is where a person stands on a day, by the policy's rules.
type standing struct {
	State     kiosk.StatusState
	Due       kiosk.Date // zero if never certified
	Suspended bool
}

// standingOn applies rules 1 and 4: the due date follows the latest pass of
// any channel; past it by more than graceDays (0 in the policy) the pension
// is suspended. A pensioner never certified must certify (due_soon) but has
// nothing suspended: there was no cycle to miss.
func standingOn(last time.Time, today kiosk.Date, graceDays int) standing {
	if last.IsZero() {
		return standing{State: kiosk.StateDueSoon}
	}
	due := kiosk.NextDueDate(last)
	overdue := int(today.Start().Sub(due.Start()).Hours() / 24)
	if overdue > graceDays {
		return standing{State: kiosk.StateSuspended, Due: due, Suspended: true}
	}
	return standing{State: kiosk.StateOn(due, today), Due: due}
}

// sixMonthsBefore is the same calendar day six months earlier, or that
// month's last day when it is shorter (08-31 → 02-28/29).
func sixMonthsBefore(d kiosk.Date) kiosk.Date {
	first := time.Date(d.Year, d.Month-6, 1, 0, 0, 0, 0, kiosk.ChinaTime)
	lastDay := time.Date(d.Year, d.Month-5, 0, 0, 0, 0, 0, kiosk.ChinaTime).Day()
	return kiosk.Date{Year: first.Year(), Month: first.Month(), Day: min(d.Day, lastDay)}
}

// smsDue applies rule 3: text the person on their first pass, or when the
// previous pass was more than six months (by the calendar) before this one.
func smsDue(previous, this time.Time) bool {
	if previous.IsZero() {
		return true
	}
	return kiosk.DateOf(previous).Before(sixMonthsBefore(kiosk.DateOf(this)))
}

// SMSText is the policy's message, word for word, with the person's name,
// the day of the pass and the month of the next due date.
func SMSText(name string, certified time.Time, due kiosk.Date) string {
	c := kiosk.DateOf(certified)
	return fmt.Sprintf("【海南社保医保】%s参保人，您于%04d年%02d月%02d日已完成领取社保待遇资格认证，请于%04d年%02d月底前完成下一周期认证",
		name, c.Year, c.Month, c.Day, due.Year, int(due.Month))
}

// passOutcome is what recording a pass changed.
type passOutcome struct {
	Due     kiosk.Date
	SMSSent bool
	Resumed bool
}

// recordPass applies a pass of any channel inside tx: the cycle restarts
// from the latest pass (rule 2; a queued capture older than a newer pass
// does not move the cycle back), the SMS rule, and resumption of a
// suspended pension (rule 4).
func (s *Sim) recordPass(tx *sql.Tx, p person, at time.Time, channel kiosk.Channel, kioskID, certID string) (passOutcome, error) {
	now := s.now()
	today := kiosk.DateOf(now)
	before := standingOn(p.LastAt, today, s.opts.SuspendGraceDays)
	last, ch := p.LastAt, p.Channel
	if last.IsZero() || at.After(last) {
		last, ch = at, channel
	}
	after := standingOn(last, today, s.opts.SuspendGraceDays)
	out := passOutcome{Due: kiosk.NextDueDate(last), SMSSent: smsDue(p.LastAt, at) && at.After(p.LastAt),
		Resumed: before.Suspended && !after.Suspended}
	var kid any
	if kioskID != "" {
		kid = kioskID
	}
	if _, err := tx.Exec(`UPDATE people SET last_certified_at = ?, last_channel = ? WHERE id_number = ?`,
		last.UnixNano(), string(ch), p.IDNumber); err != nil {
		return out, err
	}
	if _, err := tx.Exec(`INSERT INTO certifications (id, id_number, kiosk_id, channel, result, reason_code,
		certified_at, recorded_at) VALUES (?,?,?,?,?,NULL,?,?)`, certID, p.IDNumber, kid, string(channel),
		string(kiosk.OutcomePassed), at.UnixNano(), now.UnixNano()); err != nil {
		return out, err
	}
	if out.SMSSent {
		if _, err := tx.Exec(`INSERT INTO sms_log (id_number, phone, text, sent_at, certification_id)
			VALUES (?,?,?,?,?)`, p.IDNumber, p.Phone, SMSText(p.Name, at, out.Due), now.UnixNano(), certID); err != nil {
			return out, err
		}
	}
	return out, nil
}

// newCertID makes the next certification id, C + China date + sequence.
func (s *Sim) newCertID(tx *sql.Tx) (string, error) {
	var seq int64
	if err := tx.QueryRow(`SELECT COALESCE(MAX(seq), 0) + 1 FROM certifications`).Scan(&seq); err != nil {
		return "", err
	}
	d := kiosk.DateOf(s.now())
	return fmt.Sprintf("C%04d%02d%02d%08d", d.Year, d.Month, d.Day, seq), nil
}
