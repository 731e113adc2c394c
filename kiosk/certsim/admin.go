package certsim

import (
	"crypto/rand"
	"crypto/subtle"
	"errors"
	"fmt"
	"time"

	"github.com/hainan-hrss/certkiosk/kiosk"
)

// codeAlphabet leaves out 0/O and 1/I, which technicians misread.
const codeAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"

// ErrUnknownPerson is returned by admin functions for a number the
// simulator does not know as a pensioner.
var ErrUnknownPerson = errors.New("certsim: no pensioner with that ID number")

// IssueEnrollmentCode makes a one-time 12-character enrollment code.
func (s *Sim) IssueEnrollmentCode() (string, error) {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = codeAlphabet[int(b[i])%len(codeAlphabet)]
	}
	code := string(b)
	_, err := s.db.Exec(`INSERT INTO enrollment_codes (code, issued_at) VALUES (?, ?)`, code, s.now().UnixNano())
	return code, err
}

// PassResult is what a recorded pass changed for the person.
type PassResult struct {
	NextDueDate    kiosk.Date
	SMSSent        bool
	PensionResumed bool
}

// InjectDataMatch records that another department's data (hospital
// settlement, travel …) proved the person alive at time at: a pass of the
// data_match channel, which renews the cycle like any other (rule 2).
func (s *Sim) InjectDataMatch(idNumber string, at time.Time) (PassResult, error) {
	if at.After(s.now()) {
		return PassResult{}, errors.New("certsim: a data match cannot lie in the future")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	tx, err := s.db.Begin()
	if err != nil {
		return PassResult{}, err
	}
	defer tx.Rollback()
	p, ok, err := loadPerson(tx.Stmt(s.stmts.person).QueryRow(idNumber))
	if err != nil {
		return PassResult{}, err
	}
	if !ok || !p.Pensioner {
		return PassResult{}, ErrUnknownPerson
	}
	id, err := s.newCertID(tx)
	if err != nil {
		return PassResult{}, err
	}
	out, err := s.recordPass(tx, p, at, kiosk.ChannelDataMatch, "", id)
	if err != nil {
		return PassResult{}, err
	}
	s.log.Info("certsim: data match", "id", kiosk.MaskID(idNumber), "due", out.Due)
	return PassResult{out.Due, out.SMSSent, out.Resumed}, tx.Commit()
}

// AddPensioner adds (or replaces) a pensioner, for tests and training
// scenarios beyond the fixture; lastCertified zero means never certified.
func (s *Sim) AddPensioner(idNumber, name string, lastCertified time.Time, channel kiosk.Channel) error {
	if _, err := kiosk.ValidateIDNumber(idNumber); err != nil {
		return fmt.Errorf("certsim: %w", err)
	}
	var last, ch any
	if !lastCertified.IsZero() {
		last, ch = lastCertified.UnixNano(), string(channel)
	}
	_, err := s.db.Exec(`INSERT OR REPLACE INTO people VALUES (?,?,?,?,?,?,?)`, idNumber, name,
		"13800009999", "", true, last, ch)
	return err
}

// SMS is one message of the SMS log.
type SMS struct {
	IDNumber        string    `json:"id_number"`
	Phone           string    `json:"phone"`
	Text            string    `json:"text"`
	SentAt          time.Time `json:"sent_at"`
	CertificationID string    `json:"certification_id"`
}

// SMSLog lists the messages sent, oldest first; idNumber "" lists all.
func (s *Sim) SMSLog(idNumber string) ([]SMS, error) {
	rows, err := s.db.Query(`SELECT id_number, phone, text, sent_at, certification_id FROM sms_log
		WHERE ? = '' OR id_number = ? ORDER BY id`, idNumber, idNumber)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []SMS
	for rows.Next() {
		var m SMS
		var at int64
		if err := rows.Scan(&m.IDNumber, &m.Phone, &m.Text, &at, &m.CertificationID); err != nil {
			return nil, err
		}
		m.SentAt = time.Unix(0, at).In(kiosk.ChinaTime).Truncate(time.Second)
		out = append(out, m)
	}
	return out, rows.Err()
}

// RevokeKiosk stops a kiosk: its calls answer 403 KIOSK_REVOKED.
func (s *Sim) RevokeKiosk(kioskID string) error {
	res, err := s.db.Exec(`UPDATE kiosks SET revoked = 1 WHERE kiosk_id = ?`, kioskID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("certsim: no kiosk %q", kioskID)
	}
	return nil
}

// SetNotice sets the idle-screen notice heartbeats carry; "" clears it.
func (s *Sim) SetNotice(text string) { s.notice.Store(&text) }

// Notice returns the current idle-screen notice.
func (s *Sim) Notice() string {
	if p := s.notice.Load(); p != nil {
		return *p
	}
	return ""
}

// SetFaults replaces the fault injection settings.
func (s *Sim) SetFaults(f Faults) { s.faults.set(f) }

// Faults returns the fault injection settings, with the Next counters as
// they stand.
func (s *Sim) Faults() Faults { return s.faults.get() }

// tokenOK compares the admin token in constant time.
func (s *Sim) tokenOK(header string) bool {
	if s.opts.AdminToken == "" {
		return true
	}
	want := "Bearer " + s.opts.AdminToken
	return subtle.ConstantTimeCompare([]byte(header), []byte(want)) == 1
}
