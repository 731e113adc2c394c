package kiosk

import (
	"errors"
	"fmt"
)

// ErrorCode classifies what went wrong, for the screen, the logs and tests.
type ErrorCode string

// Error codes. Each has a plain-Chinese message and next step in errorTexts.
const (
	ErrReaderMissing      ErrorCode = "reader_missing"      // no reader answers on any port
	ErrReaderFault        ErrorCode = "reader_fault"        // the reader or its SAM module fails
	ErrCardUnreadable     ErrorCode = "card_unreadable"     // a card is there but cannot be read
	ErrCardInvalid        ErrorCode = "card_invalid"        // the card's data does not check out
	ErrCardExpired        ErrorCode = "card_expired"        // the card is past its validity
	ErrCameraMissing      ErrorCode = "camera_missing"      // no camera
	ErrCameraFault        ErrorCode = "camera_fault"        // the camera stopped delivering frames
	ErrNoGoodFace         ErrorCode = "no_good_face"        // no usable face within the time limit
	ErrServiceUnreachable ErrorCode = "service_unreachable" // network down, timeouts, retryable answers
	ErrServiceRefused     ErrorCode = "service_refused"     // a final 4xx from the service
	ErrNotAPensioner      ErrorCode = "not_a_pensioner"     // the person draws no pension here
	ErrBadAnswer          ErrorCode = "bad_answer"          // the service's answer makes no sense
	ErrStorage            ErrorCode = "storage"             // the kiosk's own disk or database
	ErrInternal           ErrorCode = "internal"            // anything unexpected
)

// errorTexts holds the screen message and the next step for each code.
var errorTexts = map[ErrorCode][2]string{
	ErrReaderMissing:      {"读卡器没有连接", "请联系工作人员检查读卡器"},
	ErrReaderFault:        {"读卡器出现故障", "请联系工作人员"},
	ErrCardUnreadable:     {"身份证读取失败", "请把身份证平放在读卡区，不要移动"},
	ErrCardInvalid:        {"身份证信息无法识别", "请联系工作人员"},
	ErrCardExpired:        {"身份证已过有效期", "请先到派出所换领新证，或联系工作人员"},
	ErrCameraMissing:      {"摄像头没有连接", "请联系工作人员"},
	ErrCameraFault:        {"摄像头出现故障", "请联系工作人员"},
	ErrNoGoodFace:         {"没有拍到清楚的人脸", "请正对屏幕，再试一次"},
	ErrServiceUnreachable: {"暂时连不上认证系统", "请稍后再试，或联系工作人员"},
	ErrServiceRefused:     {"认证系统拒绝了这次请求", "请联系工作人员"},
	ErrNotAPensioner:      {"没有查到您的养老金领取记录", "如有疑问，请咨询工作人员"},
	ErrBadAnswer:          {"认证系统返回的信息有误", "请稍后再试，或联系工作人员"},
	ErrStorage:            {"本机存储出现问题", "请联系工作人员"},
	ErrInternal:           {"系统出现问题", "请联系工作人员"},
}

// Error is a domain error: a code, the screen's plain-Chinese message and
// next step, and the technical cause for the log.
type Error struct {
	Code    ErrorCode
	Message string // for the screen; defaults to the code's standard text
	Next    string // what the person should do; defaults likewise
	Device  string // the device concerned (e.g. /dev/ttyUSB0), for technicians
	Err     error  // the cause, for the log
}

// NewError makes an Error with the code's standard texts.
func NewError(code ErrorCode, cause error) *Error {
	t := errorTexts[code]
	return &Error{Code: code, Message: t[0], Next: t[1], Err: cause}
}

// Errorf makes an Error whose cause is formatted like fmt.Errorf.
func Errorf(code ErrorCode, format string, args ...any) *Error {
	return NewError(code, fmt.Errorf(format, args...))
}

func (e *Error) Error() string {
	s := string(e.Code)
	if e.Device != "" {
		s += " (" + e.Device + ")"
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// Is matches another *Error by code, so errors.Is(err, &Error{Code: c}) works.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}

// CodeOf returns err's ErrorCode, ErrInternal for an unexpected error and ""
// for nil.
func CodeOf(err error) ErrorCode {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ErrInternal
}

// ScreenText returns what the screen says for err: the message and next
// step. Unexpected errors get a generic text, never their technical cause.
func ScreenText(err error) (message, next string) {
	var e *Error
	if errors.As(err, &e) {
		message, next = e.Message, e.Next
		t := errorTexts[e.Code]
		if message == "" {
			message = t[0]
		}
		if next == "" {
			next = t[1]
		}
		return message, next
	}
	t := errorTexts[ErrInternal]
	return t[0], t[1]
}
