package certapi

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/hainan-hrss/certkiosk/kiosk"
)

// field is one JSON member that tells apart missing, null and a value, so a
// missing field is an error instead of a silent zero.
type field[T any] struct {
	Set, Null bool
	V         T
}

func (f *field[T]) UnmarshalJSON(b []byte) error {
	f.Set = true
	if string(b) == "null" {
		f.Null = true
		return nil
	}
	return json.Unmarshal(b, &f.V)
}

// need returns the value of a required, non-null field.
func need[T any](f field[T], name string) (T, error) {
	if !f.Set || f.Null {
		var zero T
		return zero, fmt.Errorf("field %s is missing", name)
	}
	return f.V, nil
}

// decodeJSON reads exactly one JSON object; trailing data is an error.
func decodeJSON(body []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("data after the JSON object")
	}
	return nil
}

// badAnswer wraps why an answer was rejected into the domain error.
func badAnswer(what string, err error) *kiosk.Error {
	return kiosk.Errorf(kiosk.ErrBadAnswer, "%s answer: %w", what, err)
}

func parseTime(f field[string], name string, nullable bool) (time.Time, error) {
	if nullable && f.Set && f.Null {
		return time.Time{}, nil
	}
	s, err := need(f, name)
	if err != nil {
		return time.Time{}, err
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("field %s: %q is not an RFC 3339 time", name, s)
	}
	return t, nil
}

func parseDay(f field[string], name string, nullable bool) (kiosk.Date, error) {
	if nullable && f.Set && f.Null {
		return kiosk.Date{}, nil
	}
	s, err := need(f, name)
	if err != nil {
		return kiosk.Date{}, err
	}
	d, err := kiosk.ParseDate(s)
	if err != nil {
		return kiosk.Date{}, fmt.Errorf("field %s: %w", name, err)
	}
	return d, nil
}

// apiErrorBody is the contract's error body.
type apiErrorBody struct {
	Code    field[string] `json:"code"`
	Message field[string] `json:"message"`
}

// decodeAPIError reads a non-2xx body; a body that is not the contract's
// error object leaves Code empty rather than failing, since proxies in front
// of the service answer with their own pages.
func decodeAPIError(status int, body []byte) *APIError {
	e := &APIError{Status: status}
	var b apiErrorBody
	if decodeJSON(body, &b) == nil {
		e.Code, e.Message = b.Code.V, b.Message.V
	}
	return e
}

// Enrollment is what enrollment issues: the kiosk's identity and secret.
type Enrollment struct {
	KioskID    string
	Secret     []byte // 32 bytes; keep it with SaveCredentials, never log it
	ServerTime time.Time
	Heartbeat  time.Duration // how often the service wants a heartbeat
}

func decodeEnrollment(body []byte) (Enrollment, error) {
	var b struct {
		KioskID    field[string] `json:"kiosk_id"`
		Secret     field[string] `json:"secret"`
		ServerTime field[string] `json:"server_time"`
		Heartbeat  field[int]    `json:"heartbeat_seconds"`
	}
	if err := decodeJSON(body, &b); err != nil {
		return Enrollment{}, badAnswer("enrollment", err)
	}
	var e Enrollment
	var err error
	var secret string
	var hb int
	if e.KioskID, err = need(b.KioskID, "kiosk_id"); err == nil && e.KioskID == "" {
		err = errors.New("field kiosk_id is empty")
	}
	if err == nil {
		secret, err = need(b.Secret, "secret")
	}
	if err == nil {
		if e.Secret, err = base64.StdEncoding.DecodeString(secret); err != nil || len(e.Secret) != 32 {
			err = errors.New("field secret is not base64 of 32 bytes")
		}
	}
	if err == nil {
		e.ServerTime, err = parseTime(b.ServerTime, "server_time", false)
	}
	if err == nil {
		hb, err = need(b.Heartbeat, "heartbeat_seconds")
	}
	if err == nil && hb <= 0 {
		err = fmt.Errorf("field heartbeat_seconds is %d", hb)
	}
	if err != nil {
		return Enrollment{}, badAnswer("enrollment", err)
	}
	e.Heartbeat = time.Duration(hb) * time.Second
	return e, nil
}

func decodeHeartbeat(body []byte) (kiosk.HeartbeatReply, error) {
	var b struct {
		ServerTime field[string] `json:"server_time"`
		Heartbeat  field[int]    `json:"heartbeat_seconds"`
		Notice     field[string] `json:"notice"`
	}
	if err := decodeJSON(body, &b); err != nil {
		return kiosk.HeartbeatReply{}, badAnswer("heartbeat", err)
	}
	var r kiosk.HeartbeatReply
	var err error
	var hb int
	r.ServerTime, err = parseTime(b.ServerTime, "server_time", false)
	if err == nil {
		hb, err = need(b.Heartbeat, "heartbeat_seconds")
	}
	if err == nil && hb <= 0 {
		err = fmt.Errorf("field heartbeat_seconds is %d", hb)
	}
	if err == nil && !b.Notice.Set {
		err = errors.New("field notice is missing")
	}
	if err != nil {
		return kiosk.HeartbeatReply{}, badAnswer("heartbeat", err)
	}
	r.Interval, r.Notice = time.Duration(hb)*time.Second, b.Notice.V
	return r, nil
}
