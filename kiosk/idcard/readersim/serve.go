package readersim

import (
	"time"

	"github.com/hainan-hrss/certkiosk/kiosk/idcard"
)

// serve answers requests on l until it closes.
func (s *Sim) serve(l *line, done chan struct{}) {
	defer close(done)
	buf := make([]byte, 0, 4096)
	chunk := make([]byte, 1024)
	for {
		n, err := l.master.Read(chunk)
		if err != nil {
			return
		}
		buf = append(buf, chunk[:n]...)
		for len(buf) > 0 {
			body, used, ferr := idcard.ScanFrame(buf)
			var req []byte
			if body != nil {
				req = append([]byte(nil), body...)
			}
			frameLen := used
			buf = buf[:copy(buf, buf[used:])]
			switch {
			case ferr == idcard.ErrChecksum:
				s.answer(l, 0, frameLen, idcard.EncodeAnswer(idcard.SW3Checksum, nil))
				continue
			case ferr != nil:
				s.answer(l, 0, frameLen, idcard.EncodeAnswer(idcard.SW3Length, nil))
				continue
			case req == nil:
			case len(req) < 2:
				s.answer(l, 0, frameLen, idcard.EncodeAnswer(idcard.SW3Length, nil))
				continue
			default:
				cmd := uint16(req[0])<<8 | uint16(req[1])
				s.answer(l, cmd, len(req)+8, s.respond(cmd))
				continue
			}
			break
		}
	}
}

// respond decides the answer frame to cmd from the reader's state.
func (s *Sim) respond(cmd uint16) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stats.Requests[cmd]++
	if q := s.oneShot[cmd]; len(q) > 0 {
		s.oneShot[cmd] = q[1:]
		if q[0].sw3 != 0 {
			return idcard.EncodeAnswer(q[0].sw3, nil)
		}
		a := s.respondLocked(cmd)
		return a[:min(q[0].keep, len(a))]
	}
	if s.faults.SAM != 0 {
		return idcard.EncodeAnswer(s.faults.SAM, nil)
	}
	a := s.respondLocked(cmd)
	if s.pull && (cmd == idcard.CmdReadText || cmd == idcard.CmdReadFinger) {
		s.pull = false
		if len(a) > 100 { // a card's data, not an error answer
			s.card, s.selected = nil, false
			if s.pullSW3 != 0 {
				return idcard.EncodeAnswer(s.pullSW3, nil)
			}
			return a[:len(a)/2]
		}
	}
	return a
}

func (s *Sim) respondLocked(cmd uint16) []byte {
	ok := func(data []byte) []byte { return idcard.EncodeAnswer(idcard.SW3OK, data) }
	switch cmd {
	case idcard.CmdResetSAM, idcard.CmdSAMStatus:
		return ok(nil)
	case idcard.CmdSAMID:
		return ok([]byte("SIM-SAM-0000000000000001")[:16])
	case idcard.CmdFindCard:
		if s.card == nil {
			return idcard.EncodeAnswer(idcard.SW3NoCard, nil)
		}
		return idcard.EncodeAnswer(idcard.SW3Found, []byte{0, 0, 0, 0})
	case idcard.CmdSelectCard:
		if s.card == nil {
			return idcard.EncodeAnswer(idcard.SW3SelectFailed, nil)
		}
		s.selected = true
		return ok(s.card.serial[:])
	case idcard.CmdReadText, idcard.CmdReadFinger:
		if s.card == nil || !s.selected {
			return idcard.EncodeAnswer(idcard.SW3ReadFailed, nil)
		}
		s.selected = false // a read ends the card's session, as on a real SAM
		return ok(s.card.readAnswerData(cmd == idcard.CmdReadFinger))
	case idcard.CmdReadAddress:
		if s.card == nil {
			return idcard.EncodeAnswer(idcard.SW3ReadFailed, nil)
		}
		return idcard.EncodeAnswer(idcard.SW3FieldEmpty, nil) // no address was appended
	}
	return idcard.EncodeAnswer(idcard.SW3BadCommand, nil)
}

// answer waits for the request's own wire time (the driver's write returns
// before the bytes have crossed the line), thinks, then sends the answer
// paced at the baud rate. When the driver's line is set to another speed,
// the reader hears noise and the driver gets noise back.
func (s *Sim) answer(l *line, cmd uint16, reqLen int, frame []byte) {
	s.mu.Lock()
	f := s.faults
	s.stats.BytesIn += reqLen
	s.mu.Unlock()
	time.Sleep(idcard.WireTime(reqLen, s.baud))
	if b := l.baud(); b != 0 && b != s.baud {
		s.log.Debug("line speed mismatch", "driver", b, "reader", s.baud)
		s.send(l, noise(len(frame)))
		return
	}
	if f.Delay > 0 {
		time.Sleep(f.Delay)
	}
	s.log.Debug("answer", "cmd", cmd, "bytes", len(frame))
	s.send(l, append(append([]byte(nil), f.Garbage...), frame...))
}

// send writes b paced at the baud rate: each 16-byte piece goes out when
// its last byte would have arrived on a real line.
func (s *Sim) send(l *line, b []byte) {
	const piece = 16
	start := time.Now()
	for off := 0; off < len(b); off += piece {
		end := min(off+piece, len(b))
		time.Sleep(time.Until(start.Add(idcard.WireTime(end, s.baud))))
		// Counted before the write, so the stats are complete by the time
		// the driver has the answer.
		s.mu.Lock()
		s.stats.BytesOut += end - off
		s.mu.Unlock()
		if _, err := l.master.Write(b[off:end]); err != nil {
			return
		}
	}
}

// noise is what bytes sent at the wrong speed look like: never a preamble.
func noise(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(0x3C + i*7%64) // stays below 0x96 and 0xAA
	}
	return b
}
