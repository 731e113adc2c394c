package idcard

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/hainan-hrss/certkiosk/kiosk"
)

// Port is the serial line to a reader: a go.bug.st/serial.Port in
// production, the simulator's pseudo-terminal in tests. Read returns 0, nil
// when the read timeout passes without data, as serial.Port does.
type Port interface {
	io.ReadWriteCloser
	SetReadTimeout(t time.Duration) error
}

// inputResetter is the optional way to drop stale input before a request.
type inputResetter interface{ ResetInputBuffer() error }

// Driver runs GA/T 467 command/answer exchanges over a Port, one at a time.
// It is not safe for concurrent use.
type Driver struct {
	port    Port
	dev     string
	baud    int
	timeout time.Duration // reader's own time to answer, on top of wire time
	buf     []byte
	chunk   []byte
	// SW3 records each status code seen, for reader-test and the logs.
	SW3 []byte
}

// NewDriver drives a reader on port; dev names it in errors, baud sets how
// long answers may take on the wire, timeout how long the reader may think
// before answering (0 means one second).
func NewDriver(port Port, dev string, baud int, timeout time.Duration) *Driver {
	if timeout <= 0 {
		timeout = time.Second
	}
	if baud <= 0 {
		baud = 115200
	}
	return &Driver{port: port, dev: dev, baud: baud, timeout: timeout, chunk: make([]byte, 2048)}
}

// Device is the port's name.
func (d *Driver) Device() string { return d.dev }

// Close closes the port.
func (d *Driver) Close() error { return d.port.Close() }

// Transact sends command cmd with data and returns the reader's answer,
// whatever its SW3. Errors are *kiosk.Error: timeout when no valid answer
// comes in time, protocol error for bad frames, no reader when the port
// itself fails (unplugged).
func (d *Driver) Transact(ctx context.Context, cmd uint16, data []byte) (Answer, error) {
	// Drop stale bytes (a late answer to an earlier, timed-out request) so
	// they are not taken for this request's answer.
	d.buf = d.buf[:0]
	if r, ok := d.port.(inputResetter); ok {
		_ = r.ResetInputBuffer()
	}
	req := EncodeRequest(cmd, data)
	if _, err := d.port.Write(req); err != nil {
		return Answer{}, newError(d.dev, &Fault{Kind: FaultNoReader, Cmd: cmd, Err: err})
	}
	// The request's and the longest answer's wire time, plus the reader's
	// thinking time: at 9600 baud a read answer alone takes 1.35 s.
	deadline := time.Now().Add(WireTime(len(req)+maxAnswer(cmd), d.baud) + d.timeout)
	var badFrame error
	for {
		for len(d.buf) > 0 {
			body, n, err := ScanFrame(d.buf)
			var a Answer
			if err == nil && body != nil {
				a, err = ParseAnswer(body)
				a.Data = append([]byte(nil), a.Data...) // body aliases buf, which shifts next
			}
			d.buf = d.buf[:copy(d.buf, d.buf[n:])]
			if err != nil {
				badFrame = err // garbage or a damaged frame: resynchronise and go on
				continue
			}
			if body == nil {
				break
			}
			d.SW3 = append(d.SW3, a.SW3)
			return a, nil
		}
		left := time.Until(deadline)
		if ctx.Err() != nil {
			return Answer{}, ctx.Err()
		}
		if left <= 0 {
			f := &Fault{Kind: FaultTimeout, Cmd: cmd, Err: fmt.Errorf("no answer in time (%d bytes of a frame received)", len(d.buf))}
			if badFrame != nil {
				f = &Fault{Kind: FaultProtocol, Cmd: cmd, Err: badFrame}
			}
			return Answer{}, newError(d.dev, f)
		}
		// Short reads so a cancelled ctx is noticed promptly.
		if err := d.port.SetReadTimeout(min(left, 50*time.Millisecond)); err != nil {
			return Answer{}, newError(d.dev, &Fault{Kind: FaultNoReader, Cmd: cmd, Err: err})
		}
		n, err := d.port.Read(d.chunk)
		if err != nil {
			return Answer{}, newError(d.dev, &Fault{Kind: FaultNoReader, Cmd: cmd, Err: err})
		}
		d.buf = append(d.buf, d.chunk[:n]...)
	}
}

// maxAnswer is the longest answer frame cmd can get, with room for noise.
func maxAnswer(cmd uint16) int {
	const frame = 5 + 2 + 3 + 1 // preamble, length, SW1-3, checksum
	switch cmd {
	case CmdReadText:
		return frame + 4 + TextSize + PhotoSize + 64
	case CmdReadFinger:
		return frame + 6 + TextSize + PhotoSize + FingerSize + 64
	}
	return frame + 64
}

// expect runs cmd and turns any SW3 but want into a fault.
func (d *Driver) expect(ctx context.Context, cmd uint16, want byte) (Answer, error) {
	a, err := d.Transact(ctx, cmd, nil)
	if err != nil {
		return a, err
	}
	if a.SW3 != want {
		return a, newError(d.dev, faultOf(cmd, a.SW3))
	}
	return a, nil
}

// SAMStatus asks the SAM whether it works (11 FF).
func (d *Driver) SAMStatus(ctx context.Context) error {
	_, err := d.expect(ctx, CmdSAMStatus, SW3OK)
	return err
}

// FindCard reports whether a card is on the reader (20 01).
func (d *Driver) FindCard(ctx context.Context) (bool, error) {
	a, err := d.Transact(ctx, CmdFindCard, nil)
	switch {
	case err != nil:
		return false, err
	case a.SW3 == SW3Found:
		return true, nil
	case a.SW3 == SW3NoCard:
		return false, nil
	}
	return false, newError(d.dev, faultOf(CmdFindCard, a.SW3))
}

// SelectCard selects the card found (20 02).
func (d *Driver) SelectCard(ctx context.Context) error {
	_, err := d.expect(ctx, CmdSelectCard, SW3OK)
	return err
}

// ReadCard reads and parses the selected card (30 01, or 30 10 with the
// fingerprint). Data that do not parse or check out give ErrCardInvalid.
func (d *Driver) ReadCard(ctx context.Context, fingerprint bool) (*kiosk.IDCard, error) {
	cmd := uint16(CmdReadText)
	if fingerprint {
		cmd = CmdReadFinger
	}
	a, err := d.expect(ctx, cmd, SW3OK)
	if err != nil {
		return nil, err
	}
	text, photo, finger, err := splitRead(a.Data, fingerprint)
	if err != nil {
		return nil, newError(d.dev, &Fault{Kind: FaultProtocol, Cmd: cmd, Err: err})
	}
	card, err := ParseText(text)
	if err != nil {
		e := newError(d.dev, &Fault{Kind: FaultCardInvalid, Cmd: cmd, Err: err})
		if errors.Is(err, ErrUnsupportedCard) {
			e.Message, e.Next = "暂不支持这种证件", "请联系工作人员办理"
		}
		return nil, e
	}
	card.PhotoWLT = photo
	card.Fingerprint = finger
	return &card, nil
}

// splitRead splits a read answer's data: lengths, then text, photo and
// (for 30 10) fingerprint. Lengths other than the standard sizes are
// refused, since the parser relies on the layout.
func splitRead(data []byte, fingerprint bool) (text, photo, finger []byte, err error) {
	head := 4
	if fingerprint {
		head = 6
	}
	if len(data) < head {
		return nil, nil, nil, fmt.Errorf("read answer of %d bytes", len(data))
	}
	tl, pl := int(data[0])<<8|int(data[1]), int(data[2])<<8|int(data[3])
	fl := 0
	if fingerprint {
		fl = int(data[4])<<8 | int(data[5])
	}
	if tl != TextSize || pl != PhotoSize || (fingerprint && fl != FingerSize && fl != 0) {
		return nil, nil, nil, fmt.Errorf("read answer lengths text %d photo %d fingerprint %d", tl, pl, fl)
	}
	if len(data) != head+tl+pl+fl {
		return nil, nil, nil, fmt.Errorf("read answer of %d bytes, lengths say %d", len(data), head+tl+pl+fl)
	}
	body := data[head:]
	text = body[:tl]
	photo = append([]byte(nil), body[tl:tl+pl]...)
	if fl > 0 {
		finger = append([]byte(nil), body[tl+pl:]...)
	}
	return text, photo, finger, nil
}
