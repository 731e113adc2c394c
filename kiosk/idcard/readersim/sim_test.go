package readersim

import (
	"bytes"
	"os"
	"testing"
	"time"

	"go.bug.st/serial"

	"github.com/hainan-hrss/certkiosk/kiosk/fixture"
	"github.com/hainan-hrss/certkiosk/kiosk/idcard"
)

// open starts a simulator and opens its port as the driver would.
func open(t *testing.T, simBaud, lineBaud int) (*Sim, serial.Port) {
	t.Helper()
	sim, err := Start(Options{Baud: simBaud})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	p, err := serial.Open(sim.Path(), &serial.Mode{BaudRate: lineBaud})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return sim, p
}

// exchange sends raw bytes and collects what comes back within wait.
func exchange(t *testing.T, p serial.Port, req []byte, wait time.Duration) []byte {
	t.Helper()
	if _, err := p.Write(req); err != nil {
		t.Fatal(err)
	}
	var got []byte
	buf := make([]byte, 2048)
	end := time.Now().Add(wait)
	for time.Now().Before(end) {
		p.SetReadTimeout(time.Until(end))
		n, err := p.Read(buf)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, buf[:n]...)
		if body, _, _ := idcard.ScanFrame(got); body != nil {
			break
		}
	}
	return got
}

func TestAnswers(t *testing.T) {
	sim, p := open(t, 115200, 115200)
	ans := func(req []byte) []byte { return exchange(t, p, req, time.Second) }
	req := idcard.EncodeRequest
	for _, tc := range []struct {
		name string
		req  []byte
		want []byte
	}{
		{"SAM status", req(idcard.CmdSAMStatus, nil), idcard.EncodeAnswer(idcard.SW3OK, nil)},
		{"no card", req(idcard.CmdFindCard, nil), idcard.EncodeAnswer(idcard.SW3NoCard, nil)},
		{"select without card", req(idcard.CmdSelectCard, nil), idcard.EncodeAnswer(idcard.SW3SelectFailed, nil)},
		{"unknown command", req(0x7777, nil), idcard.EncodeAnswer(idcard.SW3BadCommand, nil)},
		{"bad checksum", append(req(idcard.CmdFindCard, nil)[:9], 0x00), idcard.EncodeAnswer(idcard.SW3Checksum, nil)},
		{"bad length", []byte{0xAA, 0xAA, 0xAA, 0x96, 0x69, 0xFF, 0xFF}, idcard.EncodeAnswer(idcard.SW3Length, nil)},
	} {
		if got := ans(tc.req); !bytes.Equal(got, tc.want) {
			t.Errorf("%s: % X, want % X", tc.name, got, tc.want)
		}
	}
	sim.Place(fixture.People()[0].Card)
	if got := ans(req(idcard.CmdFindCard, nil)); !bytes.Equal(got, idcard.EncodeAnswer(idcard.SW3Found, []byte{0, 0, 0, 0})) {
		t.Errorf("find with card: % X", got)
	}
	if got := ans(req(idcard.CmdReadText, nil)); !bytes.Equal(got, idcard.EncodeAnswer(idcard.SW3ReadFailed, nil)) {
		t.Errorf("read before select: % X", got)
	}
	ans(req(idcard.CmdSelectCard, nil))
	start := time.Now()
	got := ans(req(idcard.CmdReadText, nil))
	took := time.Since(start)
	if len(got) != 1295 {
		t.Fatalf("read answer of %d bytes, want 1295", len(got))
	}
	// The answer takes its wire time: 1305 bytes at 115200 baud ≈ 113 ms.
	if wire := idcard.WireTime(1305, 115200); took < wire {
		t.Errorf("answer in %v, faster than the wire's %v", took, wire)
	}
	if st := sim.Stats(); st.Requests[idcard.CmdReadText] != 2 || st.BytesOut < 1295 {
		t.Errorf("stats %+v", st)
	}
}

func TestWrongBaudGivesNoise(t *testing.T) {
	_, p := open(t, 9600, 115200)
	got := exchange(t, p, idcard.EncodeRequest(idcard.CmdSAMStatus, nil), 300*time.Millisecond)
	if len(got) == 0 {
		t.Fatal("silence, want noise")
	}
	if body, _, _ := idcard.ScanFrame(got); body != nil {
		t.Fatalf("a frame got through at the wrong speed: % X", got)
	}
}

func TestUnplugRemovesThePort(t *testing.T) {
	sim, p := open(t, 115200, 115200)
	if err := sim.Unplug(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(sim.Path()); !os.IsNotExist(err) {
		t.Errorf("port still there: %v", err)
	}
	p.SetReadTimeout(time.Second)
	if _, err := p.Read(make([]byte, 16)); err == nil {
		t.Error("read from an unplugged port succeeded")
	}
	if err := sim.Plug(); err != nil {
		t.Fatal(err)
	}
	q, err := serial.Open(sim.Path(), &serial.Mode{BaudRate: 115200})
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	if got := exchange(t, q, idcard.EncodeRequest(idcard.CmdSAMStatus, nil), time.Second); !bytes.Equal(got, idcard.EncodeAnswer(idcard.SW3OK, nil)) {
		t.Errorf("after replug: % X", got)
	}
}

func TestPhotoIsDeterministic(t *testing.T) {
	card := fixture.People()[1].Card
	a, _ := encode(card)
	b, _ := encode(card)
	other, _ := encode(fixture.People()[2].Card)
	if !bytes.Equal(a.photo, b.photo) || bytes.Equal(a.photo, other.photo) || len(a.photo) != idcard.PhotoSize {
		t.Error("photo blocks are not a deterministic function of the card")
	}
}
