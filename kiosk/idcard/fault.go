package idcard

import (
	"fmt"

	"github.com/hainan-hrss/certkiosk/kiosk"
)

// FaultKind says what kind of reader fault happened.
type FaultKind int

// Fault kinds.
const (
	FaultNoReader       FaultKind = iota + 1 // no port, or nothing answers on it
	FaultSAM                                 // the reader's secure access module fails
	FaultCardUnreadable                      // a card is there but could not be read
	FaultCardInvalid                         // the card read, but its data does not check out
	FaultTimeout                             // the reader stopped answering mid-exchange
	FaultProtocol                            // answers that make no sense, or refused commands
)

var faultNames = map[FaultKind]string{
	FaultNoReader: "no reader", FaultSAM: "SAM fault", FaultCardUnreadable: "card unreadable",
	FaultCardInvalid: "card invalid", FaultTimeout: "timeout", FaultProtocol: "protocol error",
}

func (k FaultKind) String() string {
	if s, ok := faultNames[k]; ok {
		return s
	}
	return fmt.Sprintf("FaultKind(%d)", int(k))
}

// Fault is the technical cause inside the *kiosk.Error the package returns.
// Find it with errors.As.
type Fault struct {
	Kind FaultKind
	Cmd  uint16 // the command concerned, 0 if none
	SW3  byte   // the reader's SW3 answer, 0 if it gave none
	Err  error  // the underlying cause, if any
}

func (f *Fault) Error() string {
	s := f.Kind.String()
	if f.Cmd != 0 {
		s += fmt.Sprintf(" at %02X %02X", byte(f.Cmd>>8), byte(f.Cmd))
	}
	if f.SW3 != 0 {
		s += fmt.Sprintf(": SW3 %02X (%s)", f.SW3, SW3Name(f.SW3))
	}
	if f.Err != nil {
		s += ": " + f.Err.Error()
	}
	return s
}

func (f *Fault) Unwrap() error { return f.Err }

// screen texts more precise than the code's standard ones, for technicians
// and the person at the kiosk.
var faultTexts = map[FaultKind][2]string{
	FaultSAM:      {"读卡器安全模块故障", "请联系工作人员重新连接读卡器"},
	FaultTimeout:  {"读卡器没有响应", "请联系工作人员检查读卡器连接"},
	FaultProtocol: {"读卡器通信出错", "请联系工作人员检查读卡器"},
}

// Code is the kiosk error code of a fault kind.
func (k FaultKind) Code() kiosk.ErrorCode {
	switch k {
	case FaultNoReader:
		return kiosk.ErrReaderMissing
	case FaultCardUnreadable:
		return kiosk.ErrCardUnreadable
	case FaultCardInvalid:
		return kiosk.ErrCardInvalid
	default:
		return kiosk.ErrReaderFault
	}
}

// newError wraps a fault in the kiosk's coded error for device dev.
func newError(dev string, f *Fault) *kiosk.Error {
	e := kiosk.NewError(f.Kind.Code(), f)
	if t, ok := faultTexts[f.Kind]; ok {
		e.Message, e.Next = t[0], t[1]
	}
	e.Device = dev
	return e
}

// faultOf builds the fault for an answer whose SW3 is not a success.
func faultOf(cmd uint16, sw3 byte) *Fault {
	return &Fault{Kind: sw3Kind(sw3), Cmd: cmd, SW3: sw3}
}
