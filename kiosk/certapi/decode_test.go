package certapi

import (
	"errors"
	"strings"
	"testing"

	"github.com/hainan-hrss/certkiosk/kiosk"
)

const goodStatus = `{"person":{"name_masked":"张*","id_number_masked":"460***********1234"},
 "pensioner":true,"state":"valid","last_certified_at":"2026-03-05T10:12:00+08:00",
 "last_channel":"kiosk","next_due_date":"2027-02-28","pension_suspended":false}`

const goodResult = `{"certification_id":"C2026112800000001","result":"passed","reason_code":null,
 "message":"认证成功","certified_at":"2026-11-28T10:00:00+08:00","next_due_date":"2027-10-31",
 "sms_sent":true,"pension_resumed":false}`

var statusCases = []struct {
	name, body string
	ok         bool
}{
	{"OK", goodStatus, true},
	{"never certified", `{"person":{"name_masked":"张*","id_number_masked":"4"},"pensioner":true,
	  "state":"due_soon","last_certified_at":null,"last_channel":null,"next_due_date":null,"pension_suspended":false}`, true},
	{"unknown fields are tolerated", strings.Replace(goodStatus, `"pensioner"`, `"extra":[1,2],"pensioner"`, 1), true},
	{"empty", ``, false},
	{"not JSON", `<html>502 Bad Gateway</html>`, false},
	{"array", `[]`, false},
	{"trailing garbage", goodStatus + `{}`, false},
	{"missing state", strings.Replace(goodStatus, `"state":"valid",`, ``, 1), false},
	{"unknown state", strings.Replace(goodStatus, `"valid"`, `"fine"`, 1), false},
	{"state is a number", strings.Replace(goodStatus, `"valid"`, `1`, 1), false},
	{"pensioner false", strings.Replace(goodStatus, `"pensioner":true`, `"pensioner":false`, 1), false},
	{"pensioner as string", strings.Replace(goodStatus, `"pensioner":true`, `"pensioner":"true"`, 1), false},
	{"impossible due date", strings.Replace(goodStatus, `2027-02-28`, `2027-02-29`, 1), false},
	{"due date missing", strings.Replace(goodStatus, `,"next_due_date":"2027-02-28"`, ``, 1), false},
	{"due date without a pass", strings.Replace(goodStatus, `"2026-03-05T10:12:00+08:00"`, `null`, 1), false},
	{"time without offset", strings.Replace(goodStatus, `+08:00`, ``, 1), false},
	{"unknown channel", strings.Replace(goodStatus, `"kiosk"`, `"fax"`, 1), false},
	{"person null", strings.Replace(goodStatus, `{"name_masked":"张*","id_number_masked":"460***********1234"}`, `null`, 1), false},
	{"suspended missing", strings.Replace(goodStatus, `,"pension_suspended":false`, ``, 1), false},
}

var resultCases = []struct {
	name, body string
	ok         bool
}{
	{"OK", goodResult, true},
	{"rejected", `{"certification_id":"C1","result":"rejected","reason_code":"FACE_MISMATCH","message":"不一致",
	  "certified_at":null,"next_due_date":null,"sms_sent":false,"pension_resumed":false}`, true},
	{"manual review", `{"certification_id":"C1","result":"manual_review","reason_code":null,"message":"复核",
	  "certified_at":null,"next_due_date":null,"sms_sent":false,"pension_resumed":false}`, true},
	{"pass without due date", strings.Replace(goodResult, `"2027-10-31"`, `null`, 1), false},
	{"pass with a reason", strings.Replace(goodResult, `"reason_code":null`, `"reason_code":"POOR_IMAGE"`, 1), false},
	{"unknown result", strings.Replace(goodResult, `"passed"`, `"ok"`, 1), false},
	{"sms_sent as number", strings.Replace(goodResult, `"sms_sent":true`, `"sms_sent":1`, 1), false},
	{"reason missing", strings.Replace(goodResult, `"reason_code":null,`, ``, 1), false},
	{"empty id", strings.Replace(goodResult, `"C2026112800000001"`, `""`, 1), false},
	{"rejected with unknown reason", `{"certification_id":"C1","result":"rejected","reason_code":"BAD_LUCK","message":"x",
	  "certified_at":null,"next_due_date":null,"sms_sent":false,"pension_resumed":false}`, false},
	{"rejected but resumed", `{"certification_id":"C1","result":"rejected","reason_code":"POOR_IMAGE","message":"x",
	  "certified_at":null,"next_due_date":null,"sms_sent":false,"pension_resumed":true}`, false},
	{"deeply nested", strings.Repeat(`[`, 100000), false},
}

func TestDecodeStatus(t *testing.T) {
	for _, tt := range statusCases {
		t.Run(tt.name, func(t *testing.T) {
			_, err := DecodeStatus([]byte(tt.body))
			checkDecodeErr(t, err, tt.ok)
		})
	}
}

func TestDecodeResult(t *testing.T) {
	for _, tt := range resultCases {
		t.Run(tt.name, func(t *testing.T) {
			r, err := DecodeResult([]byte(tt.body))
			checkDecodeErr(t, err, tt.ok)
			if tt.name == "OK" && (r.NextDueDate != kiosk.Date{Year: 2027, Month: 10, Day: 31} || !r.SMSSent) {
				t.Fatalf("decoded %+v", r)
			}
		})
	}
}

func checkDecodeErr(t *testing.T, err error, ok bool) {
	t.Helper()
	if ok && err != nil {
		t.Fatalf("unexpected error %v", err)
	}
	if !ok && kiosk.CodeOf(err) != kiosk.ErrBadAnswer {
		t.Fatalf("error %v, want %s", err, kiosk.ErrBadAnswer)
	}
}

// FuzzDecodeStatus checks that no body panics, every error is ErrBadAnswer,
// and every accepted answer is consistent: never a silent zero date.
func FuzzDecodeStatus(f *testing.F) {
	for _, tt := range statusCases {
		f.Add([]byte(tt.body))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		s, err := DecodeStatus(body)
		if err != nil {
			var ke *kiosk.Error
			if !errors.As(err, &ke) || ke.Code != kiosk.ErrBadAnswer {
				t.Fatalf("error %v is not bad_answer", err)
			}
			return
		}
		if !s.Pensioner || !validStates[string(s.State)] || s.LastCertifiedAt.IsZero() != s.NextDueDate.IsZero() {
			t.Fatalf("accepted an inconsistent status %+v", s)
		}
	})
}

// FuzzDecodeResult is FuzzDecodeStatus for certification answers.
func FuzzDecodeResult(f *testing.F) {
	for _, tt := range resultCases {
		f.Add([]byte(tt.body))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		r, err := DecodeResult(body)
		if err != nil {
			if kiosk.CodeOf(err) != kiosk.ErrBadAnswer {
				t.Fatalf("error %v is not bad_answer", err)
			}
			return
		}
		if r.Outcome == kiosk.OutcomePassed && (r.NextDueDate.IsZero() || r.CertifiedAt.IsZero()) {
			t.Fatalf("accepted a pass without dates %+v", r)
		}
		if r.Outcome == kiosk.OutcomeRejected && !validReasons[r.ReasonCode] {
			t.Fatalf("accepted a rejection without a reason %+v", r)
		}
	})
}
