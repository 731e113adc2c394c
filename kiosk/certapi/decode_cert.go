package certapi

import (
	"errors"
	"fmt"

	"github.com/hainan-hrss/certkiosk/kiosk"
)

var validStates = map[string]bool{"valid": true, "due_soon": true, "overdue": true, "suspended": true}

var validChannels = map[string]bool{"kiosk": true, "app": true, "counter": true,
	"home_visit": true, "data_match": true, "abroad": true}

var validReasons = map[string]bool{"FACE_MISMATCH": true, "LIVENESS_FAILED": true,
	"NOT_A_PENSIONER": true, "CARD_EXPIRED": true, "POOR_IMAGE": true}

// DecodeStatus validates a 200 answer of the status query. It is exported
// for the fuzz tests and for tools that replay recorded answers.
func DecodeStatus(body []byte) (kiosk.CertStatus, error) {
	var b struct {
		Person field[struct {
			Name field[string] `json:"name_masked"`
			ID   field[string] `json:"id_number_masked"`
		}] `json:"person"`
		Pensioner field[bool]   `json:"pensioner"`
		State     field[string] `json:"state"`
		LastAt    field[string] `json:"last_certified_at"`
		Channel   field[string] `json:"last_channel"`
		NextDue   field[string] `json:"next_due_date"`
		Suspended field[bool]   `json:"pension_suspended"`
	}
	if err := decodeJSON(body, &b); err != nil {
		return kiosk.CertStatus{}, badAnswer("status", err)
	}
	var s kiosk.CertStatus
	err := func() error {
		p, err := need(b.Person, "person")
		if err != nil {
			return err
		}
		if s.MaskedName, err = need(p.Name, "person.name_masked"); err != nil {
			return err
		}
		if s.MaskedID, err = need(p.ID, "person.id_number_masked"); err != nil {
			return err
		}
		if s.Pensioner, err = need(b.Pensioner, "pensioner"); err != nil {
			return err
		}
		if !s.Pensioner {
			return errors.New("pensioner is false in a 200 answer")
		}
		state, err := need(b.State, "state")
		if err != nil {
			return err
		}
		if !validStates[state] {
			return fmt.Errorf("field state: unknown %q", state)
		}
		s.State = kiosk.StatusState(state)
		if s.LastCertifiedAt, err = parseTime(b.LastAt, "last_certified_at", true); err != nil {
			return err
		}
		if s.NextDueDate, err = parseDay(b.NextDue, "next_due_date", true); err != nil {
			return err
		}
		if s.LastCertifiedAt.IsZero() != s.NextDueDate.IsZero() {
			return errors.New("last_certified_at and next_due_date must both be set or both null")
		}
		if !s.LastCertifiedAt.IsZero() {
			ch, err := need(b.Channel, "last_channel")
			if err != nil {
				return err
			}
			if !validChannels[ch] {
				return fmt.Errorf("field last_channel: unknown %q", ch)
			}
			s.LastChannel = kiosk.Channel(ch)
		}
		s.PensionSuspended, err = need(b.Suspended, "pension_suspended")
		return err
	}()
	if err != nil {
		return kiosk.CertStatus{}, badAnswer("status", err)
	}
	return s, nil
}

// DecodeResult validates a 200/201 answer of a certification.
func DecodeResult(body []byte) (kiosk.Result, error) {
	var b struct {
		ID          field[string] `json:"certification_id"`
		Result      field[string] `json:"result"`
		Reason      field[string] `json:"reason_code"`
		Message     field[string] `json:"message"`
		CertifiedAt field[string] `json:"certified_at"`
		NextDue     field[string] `json:"next_due_date"`
		SMSSent     field[bool]   `json:"sms_sent"`
		Resumed     field[bool]   `json:"pension_resumed"`
	}
	if err := decodeJSON(body, &b); err != nil {
		return kiosk.Result{}, badAnswer("certification", err)
	}
	var r kiosk.Result
	err := func() error {
		var err error
		if r.CertificationID, err = need(b.ID, "certification_id"); err != nil {
			return err
		}
		if r.CertificationID == "" {
			return errors.New("field certification_id is empty")
		}
		res, err := need(b.Result, "result")
		if err != nil {
			return err
		}
		r.Outcome = kiosk.Outcome(res)
		if r.Message, err = need(b.Message, "message"); err != nil {
			return err
		}
		if r.SMSSent, err = need(b.SMSSent, "sms_sent"); err != nil {
			return err
		}
		if r.PensionResumed, err = need(b.Resumed, "pension_resumed"); err != nil {
			return err
		}
		if !b.Reason.Set {
			return errors.New("field reason_code is missing")
		}
		r.ReasonCode = b.Reason.V
		switch r.Outcome {
		case kiosk.OutcomePassed:
			if r.ReasonCode != "" {
				return fmt.Errorf("a pass carries reason_code %q", r.ReasonCode)
			}
			if r.CertifiedAt, err = parseTime(b.CertifiedAt, "certified_at", false); err != nil {
				return err
			}
			r.NextDueDate, err = parseDay(b.NextDue, "next_due_date", false)
			return err
		case kiosk.OutcomeRejected:
			if !validReasons[r.ReasonCode] {
				return fmt.Errorf("field reason_code: unknown %q for a rejection", r.ReasonCode)
			}
		case kiosk.OutcomeManualReview:
		default:
			return fmt.Errorf("field result: unknown %q", res)
		}
		if r.SMSSent || r.PensionResumed {
			return errors.New("sms_sent or pension_resumed without a pass")
		}
		// certified_at may accompany a non-pass; read it only if well formed.
		r.CertifiedAt, err = parseTime(b.CertifiedAt, "certified_at", true)
		if !b.CertifiedAt.Set {
			err = nil
		}
		return err
	}()
	if err != nil {
		return kiosk.Result{}, badAnswer("certification", err)
	}
	return r, nil
}
