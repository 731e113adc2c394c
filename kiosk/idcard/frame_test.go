package idcard

import (
	"bytes"
	"encoding/hex"
	"strings"
	"testing"
)

func unhex(s string) []byte {
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	if err != nil {
		panic(err)
	}
	return b
}

func TestEncodeRequest(t *testing.T) {
	for _, tc := range []struct {
		name string
		cmd  uint16
		want string
	}{
		{"SAM status", CmdSAMStatus, "AA AA AA 96 69 00 03 11 FF ED"},
		{"reset SAM", CmdResetSAM, "AA AA AA 96 69 00 03 10 FF EC"},
		{"find card", CmdFindCard, "AA AA AA 96 69 00 03 20 01 22"},
		{"select card", CmdSelectCard, "AA AA AA 96 69 00 03 20 02 21"},
		{"read text and photo", CmdReadText, "AA AA AA 96 69 00 03 30 01 32"},
		{"read with fingerprint", CmdReadFinger, "AA AA AA 96 69 00 03 30 10 23"},
	} {
		if got := EncodeRequest(tc.cmd, nil); !bytes.Equal(got, unhex(tc.want)) {
			t.Errorf("%s: % X, want %s", tc.name, got, tc.want)
		}
	}
}

// scanRows are the decoder's table; they also seed FuzzScanFrame.
var scanRows = []struct {
	name     string
	in       string
	wantBody string // "" for none
	wantN    int
	wantErr  error
}{
	{"no card answer", "AA AA AA 96 69 00 04 00 00 80 84", "00 00 80", 11, nil},
	{"card found answer", "AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97", "00 00 9F 00 00 00 00", 15, nil},
	{"garbage first", "00 13 AA 55 AA AA AA 96 69 00 04 00 00 90 94", "00 00 90", 15, nil},
	{"two frames: first only", "AA AA AA 96 69 00 04 00 00 90 94 AA AA AA 96 69 00 04 00 00 80 84", "00 00 90", 11, nil},
	{"incomplete body", "AA AA AA 96 69 00 04 00 00", "", 0, nil},
	{"incomplete length", "AA AA AA 96 69 00", "", 0, nil},
	{"preamble split", "12 34 AA AA AA", "", 2, nil},
	{"no preamble", "01 02 03 04 05 06 07", "", 7, nil},
	{"bad checksum", "AA AA AA 96 69 00 04 00 00 90 95", "", 1, ErrChecksum},
	{"length zero", "AA AA AA 96 69 00 00 00", "", 1, ErrLength},
	{"length too big", "AA AA AA 96 69 FF FF 00", "", 1, ErrLength},
	{"empty", "", "", 0, nil},
}

func TestScanFrame(t *testing.T) {
	for _, tc := range scanRows {
		t.Run(tc.name, func(t *testing.T) {
			body, n, err := ScanFrame(unhex(tc.in))
			if err != tc.wantErr && (err == nil || tc.wantErr == nil || !strings.Contains(err.Error(), tc.wantErr.Error())) {
				t.Fatalf("err %v, want %v", err, tc.wantErr)
			}
			if n != tc.wantN || !bytes.Equal(body, unhex(tc.wantBody)) {
				t.Errorf("body % X n %d, want %s n %d", body, n, tc.wantBody, tc.wantN)
			}
		})
	}
}

// TestScanResynchronises feeds a stream of frames, garbage and damaged
// frames one byte at a time, as a slow line delivers them.
func TestScanResynchronises(t *testing.T) {
	var stream []byte
	want := [][]byte{}
	for i, sw3 := range SW3Codes {
		stream = append(stream, byte(i), 0xAA, 0x96)       // noise
		bad := EncodeAnswer(sw3, []byte{1, 2, 3})          // a damaged copy
		bad[len(bad)-1] ^= 0xFF                            //
		stream = append(stream, bad...)                    //
		stream = append(stream, EncodeAnswer(sw3, nil)...) // the good one
		want = append(want, []byte{0, 0, sw3})
	}
	var buf [][]byte
	var pending []byte
	for _, b := range stream {
		pending = append(pending, b)
		for {
			body, n, err := ScanFrame(pending)
			if body != nil {
				buf = append(buf, append([]byte(nil), body...))
			}
			pending = pending[n:]
			if body == nil && err == nil {
				break
			}
		}
	}
	if len(buf) != len(want) {
		t.Fatalf("decoded %d frames, want %d", len(buf), len(want))
	}
	for i := range want {
		if !bytes.Equal(buf[i], want[i]) {
			t.Errorf("frame %d: % X, want % X", i, buf[i], want[i])
		}
	}
}

func FuzzScanFrame(f *testing.F) {
	for _, tc := range scanRows {
		f.Add(unhex(tc.in))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		body, n, err := ScanFrame(in)
		if n < 0 || n > len(in) {
			t.Fatalf("n %d outside 0..%d", n, len(in))
		}
		if err != nil && (n == 0 || body != nil) {
			t.Fatalf("an error must skip ahead and return no body (n %d)", n)
		}
		if body != nil {
			frame := EncodeFrame(body)
			if !bytes.HasSuffix(in[:n], frame) {
				t.Fatalf("body does not re-encode to the bytes consumed")
			}
			if _, err := ParseAnswer(body); err != nil && len(body) >= 3 {
				t.Fatal(err)
			}
		}
	})
}

func TestWireTime(t *testing.T) {
	if got := WireTime(11520, 115200); got.Seconds() != 1 {
		t.Errorf("11520 bytes at 115200: %v, want 1s", got)
	}
}

// BenchmarkDecodeReadAnswer is the CPU side of a read: find the 1295-byte
// answer frame, check it, split it and parse the card text.
func BenchmarkDecodeReadAnswer(b *testing.B) {
	text, _ := EncodeText(resident())
	data := append([]byte{1, 0, 4, 0}, text...)
	frame := EncodeAnswer(SW3OK, append(data, make([]byte, PhotoSize)...))
	b.SetBytes(int64(len(frame)))
	for b.Loop() {
		body, _, err := ScanFrame(frame)
		a, _ := ParseAnswer(body)
		t, _, _, err2 := splitRead(a.Data, false)
		if _, err3 := ParseText(t); err != nil || err2 != nil || err3 != nil {
			b.Fatal(err, err2, err3)
		}
	}
}
