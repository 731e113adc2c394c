package idcard

import (
	"bytes"
	"errors"
	"fmt"
	"time"
)

// Preamble starts every GA/T 467 frame, in both directions.
var Preamble = []byte{0xAA, 0xAA, 0xAA, 0x96, 0x69}

// MaxFrameBody bounds the length field: the largest answer (30 10, text,
// photo and fingerprint) is 3+6+256+1024+1024+1 bytes. Anything longer is
// garbage that happens to follow a preamble.
const MaxFrameBody = 4096

// Commands: CMD and PARA bytes of the requests the driver sends.
const (
	CmdResetSAM    = 0x10FF // 10 FF reset the SAM
	CmdSAMStatus   = 0x11FF // 11 FF SAM status
	CmdSAMID       = 0x12FF // 12 FF SAM id
	CmdFindCard    = 0x2001 // 20 01 find card
	CmdSelectCard  = 0x2002 // 20 02 select card
	CmdReadText    = 0x3001 // 30 01 read text and photo
	CmdReadFinger  = 0x3010 // 30 10 read text, photo and fingerprint
	CmdReadAddress = 0x3003 // 30 03 read the appended-address record
)

// Errors of the frame layer.
var (
	ErrChecksum = errors.New("frame checksum mismatch")
	ErrLength   = errors.New("frame length field out of range")
)

// Checksum is the XOR of every byte after the preamble except the checksum
// itself: the two length bytes and the body.
func Checksum(lengthAndBody []byte) byte {
	var x byte
	for _, b := range lengthAndBody {
		x ^= b
	}
	return x
}

// EncodeFrame wraps body (CMD PARA data, or SW1 SW2 SW3 data) in a frame:
// preamble, big-endian length of body plus checksum, body, checksum.
func EncodeFrame(body []byte) []byte {
	n := len(body) + 1
	f := make([]byte, 0, len(Preamble)+2+n)
	f = append(f, Preamble...)
	f = append(f, byte(n>>8), byte(n))
	f = append(f, body...)
	return append(f, Checksum(f[len(Preamble):]))
}

// EncodeRequest makes the request frame for command cmd (CMD<<8 | PARA).
func EncodeRequest(cmd uint16, data []byte) []byte {
	return EncodeFrame(append([]byte{byte(cmd >> 8), byte(cmd)}, data...))
}

// EncodeAnswer makes an answer frame with status SW1=SW2=0 and sw3.
func EncodeAnswer(sw3 byte, data []byte) []byte {
	return EncodeFrame(append([]byte{0, 0, sw3}, data...))
}

// ScanFrame looks for one frame in buf. It returns the frame's body (the
// bytes between length and checksum) and how many bytes of buf it used,
// including any garbage before the preamble. With body nil and err nil the
// frame is incomplete: keep buf[n:] and read more. A bad checksum or length
// returns an error and an n that skips that preamble, so the caller can drop
// buf[:n] and scan again: the decoder resynchronises on the next preamble.
// The body aliases buf.
func ScanFrame(buf []byte) (body []byte, n int, err error) {
	i := bytes.Index(buf, Preamble)
	if i < 0 {
		// Keep a tail that could be the start of a preamble split across reads.
		keep := min(len(buf), len(Preamble)-1)
		for keep > 0 && !bytes.HasPrefix(Preamble, buf[len(buf)-keep:]) {
			keep--
		}
		return nil, len(buf) - keep, nil
	}
	f := buf[i:]
	if len(f) < len(Preamble)+2 {
		return nil, i, nil
	}
	length := int(f[5])<<8 | int(f[6])
	if length < 2 || length > MaxFrameBody {
		return nil, i + 1, fmt.Errorf("%w: %d", ErrLength, length)
	}
	end := len(Preamble) + 2 + length
	if len(f) < end {
		return nil, i, nil
	}
	if Checksum(f[len(Preamble):end-1]) != f[end-1] {
		return nil, i + 1, ErrChecksum
	}
	return f[len(Preamble)+2 : end-1], i + end, nil
}

// Answer is a decoded answer frame.
type Answer struct {
	SW1, SW2, SW3 byte
	Data          []byte
}

// ParseAnswer splits an answer frame's body into status words and data.
func ParseAnswer(body []byte) (Answer, error) {
	if len(body) < 3 {
		return Answer{}, fmt.Errorf("%w: answer body of %d bytes", ErrLength, len(body))
	}
	return Answer{SW1: body[0], SW2: body[1], SW3: body[2], Data: body[3:]}, nil
}

// WireTime is how long n bytes take on a line at baud, 8N1: ten bits a byte.
func WireTime(n, baud int) time.Duration {
	return time.Duration(int64(n) * 10 * int64(time.Second) / int64(baud))
}
