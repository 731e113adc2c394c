package voice

import (
	"encoding/binary"
	"sync"
	"testing"
	"time"

	"github.com/hainan-hrss/certkiosk/kiosk"
)

// fakeDevice records what is played; each clip "plays" until stopped or
// until the test ends it with finish.
type fakeDevice struct {
	mu        sync.Mutex
	played    []int // lengths of the PCM played, in order
	volumes   []float64
	stopped   int
	suspended int
	resumed   int
	finishers []chan struct{}
}

func (d *fakeDevice) Play(pcm []byte, vol float64) (func(), <-chan struct{}) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.played, d.volumes = append(d.played, len(pcm)), append(d.volumes, vol)
	done, finish := make(chan struct{}), make(chan struct{})
	d.finishers = append(d.finishers, finish)
	stop := make(chan struct{})
	go func() {
		select {
		case <-stop:
			d.mu.Lock()
			d.stopped++
			d.mu.Unlock()
		case <-finish:
		}
		close(done)
	}()
	var once sync.Once
	return func() { once.Do(func() { close(stop) }) }, done
}
func (d *fakeDevice) Suspend() { d.mu.Lock(); d.suspended++; d.mu.Unlock() }
func (d *fakeDevice) Resume()  { d.mu.Lock(); d.resumed++; d.mu.Unlock() }

func (d *fakeDevice) snapshot() fakeDevice {
	d.mu.Lock()
	defer d.mu.Unlock()
	return fakeDevice{played: append([]int(nil), d.played...), volumes: append([]float64(nil), d.volumes...),
		stopped: d.stopped, suspended: d.suspended, resumed: d.resumed}
}

func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(3 * time.Second); time.Now().Before(deadline); time.Sleep(2 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("never: %s", what)
}

func clipLen(t *testing.T, s *Speaker, lang string, p kiosk.Phrase) int {
	t.Helper()
	c, err := s.Clip(lang, p)
	if err != nil {
		t.Fatal(err)
	}
	return len(c.PCM)
}

func TestNewerPromptInterruptsOlder(t *testing.T) {
	dev := &fakeDevice{}
	s := New(Options{Volume: 0.8, Device: dev})
	defer s.Close()
	s.Say(kiosk.SayPlaceCard)
	eventually(t, "first prompt starts", func() bool { return len(dev.snapshot().played) == 1 })
	s.Say(kiosk.SayCardRead)
	eventually(t, "second prompt starts", func() bool { return len(dev.snapshot().played) == 2 })
	got := dev.snapshot()
	if got.stopped != 1 {
		t.Errorf("stopped = %d, want the first prompt cut off", got.stopped)
	}
	if got.played[1] != clipLen(t, s, "zh", kiosk.SayCardRead) || got.volumes[1] != 0.8 {
		t.Errorf("played %v at %v", got.played, got.volumes)
	}
}

func TestSuspendsBetweenPrompts(t *testing.T) {
	dev := &fakeDevice{}
	s := New(Options{Device: dev})
	defer s.Close()
	eventually(t, "suspended at start", func() bool { return dev.snapshot().suspended == 1 })
	s.Say(kiosk.SayPassed)
	eventually(t, "playing", func() bool { return len(dev.snapshot().played) == 1 })
	if got := dev.snapshot(); got.resumed != 1 || got.suspended != 1 {
		t.Fatalf("while playing: resumed %d suspended %d", got.resumed, got.suspended)
	}
	dev.mu.Lock()
	close(dev.finishers[0])
	dev.mu.Unlock()
	eventually(t, "suspended after the clip", func() bool { return dev.snapshot().suspended == 2 })
}

func TestSayNeverBlocks(t *testing.T) {
	dev := &fakeDevice{}
	s := New(Options{Device: dev})
	defer s.Close()
	done := make(chan struct{})
	go func() {
		for range 1000 {
			s.Say(kiosk.SayWelcome)
			s.Say(kiosk.SayGoodbye)
		}
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(2 * time.Second):
		t.Fatal("Say blocked")
	}
	// The last one said is the last one played.
	want := clipLen(t, s, "zh", kiosk.SayGoodbye)
	eventually(t, "goodbye played last", func() bool {
		p := dev.snapshot().played
		return len(p) > 0 && p[len(p)-1] == want
	})
}

func TestLanguageFallsBackToMandarin(t *testing.T) {
	s := New(Options{Device: &fakeDevice{}})
	defer s.Close()
	en, zh := clipLen(t, s, "en", kiosk.SayWelcome), clipLen(t, s, "zh", kiosk.SayWelcome)
	if en == zh {
		t.Error("English welcome is the Mandarin clip")
	}
	if got := clipLen(t, s, "en", "hint.too_small"); got != clipLen(t, s, "zh", "hint.too_small") {
		t.Error("a phrase without an English clip did not fall back to Mandarin")
	}
}

func TestEveryFlowPhraseHasAClip(t *testing.T) {
	s := New(Options{Device: &fakeDevice{}})
	defer s.Close()
	phrases := []kiosk.Phrase{kiosk.SayWelcome, kiosk.SayPlaceCard, kiosk.SayCardRead, kiosk.SayNoNeed,
		kiosk.SayStatusShown, kiosk.SayLookAtCamera, kiosk.SaySubmitting, kiosk.SayPassed, kiosk.SayRejected,
		kiosk.SayManualReview, kiosk.SayQueued, kiosk.SayError, kiosk.SayGoodbye}
	for _, code := range []kiosk.ErrorCode{kiosk.ErrReaderMissing, kiosk.ErrReaderFault, kiosk.ErrCardUnreadable,
		kiosk.ErrCardInvalid, kiosk.ErrCardExpired, kiosk.ErrCameraMissing, kiosk.ErrCameraFault, kiosk.ErrNoGoodFace,
		kiosk.ErrServiceUnreachable, kiosk.ErrServiceRefused, kiosk.ErrNotAPensioner, kiosk.ErrBadAnswer,
		kiosk.ErrStorage, kiosk.ErrInternal} {
		phrases = append(phrases, kiosk.ErrorPhrase(code))
	}
	for _, p := range phrases {
		c, err := s.Clip("zh", p)
		if err != nil || c.Rate != Rate || c.Duration() < 0.5 || c.Duration() > 15 {
			t.Errorf("clip %s: rate %d, %.1f s, %v", p, c.Rate, c.Duration(), err)
		}
	}
}

func TestNoSoundCardRunsSilent(t *testing.T) {
	// This machine (and CI) has no sound card: the real oto path must
	// notice and drop prompts instead of failing or blocking.
	s := New(Options{})
	defer s.Close()
	s.Say(kiosk.SayWelcome)
	eventually(t, "silent", s.Silent)
}

// wav builds a minimal WAV file.
func wav(format, channels, bits uint16, rate uint32, data []byte) []byte {
	b := []byte("RIFF\x00\x00\x00\x00WAVEfmt ")
	b = binary.LittleEndian.AppendUint32(b, 16)
	b = binary.LittleEndian.AppendUint16(b, format)
	b = binary.LittleEndian.AppendUint16(b, channels)
	b = binary.LittleEndian.AppendUint32(b, rate)
	b = binary.LittleEndian.AppendUint32(b, rate*uint32(channels*bits/8))
	b = binary.LittleEndian.AppendUint16(b, channels*bits/8)
	b = binary.LittleEndian.AppendUint16(b, bits)
	b = append(b, "data"...)
	b = binary.LittleEndian.AppendUint32(b, uint32(len(data)))
	return append(b, data...)
}

var wavCases = []struct {
	name    string
	file    []byte
	samples []int16 // nil: must fail
}{
	{"PCM16", wav(1, 1, 16, 16000, []byte{0x01, 0x00, 0xff, 0x7f}), []int16{1, 32767}},
	{"MuLawSilence", wav(7, 1, 8, 16000, []byte{0xff, 0x7f}), []int16{0, 0}},
	{"MuLawExtremes", wav(7, 1, 8, 16000, []byte{0x80, 0x00}), []int16{32124, -32124}},
	{"Stereo", wav(1, 2, 16, 16000, []byte{0, 0, 0, 0}), nil},
	{"Float", wav(3, 1, 32, 16000, []byte{0, 0, 0, 0}), nil},
	{"NotRIFF", []byte("hello world, not a wav"), nil},
	{"Truncated", wav(1, 1, 16, 16000, []byte{1, 0})[:30], nil},
}

func TestDecodeWAV(t *testing.T) {
	for _, tc := range wavCases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := DecodeWAV(tc.file)
			if tc.samples == nil {
				if err == nil {
					t.Fatalf("decoded %d bytes from a bad file", len(c.PCM))
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for i, want := range tc.samples {
				if got := int16(binary.LittleEndian.Uint16(c.PCM[2*i:])); got != want {
					t.Errorf("sample %d = %d, want %d", i, got, want)
				}
			}
		})
	}
}

func FuzzDecodeWAV(f *testing.F) {
	for _, tc := range wavCases {
		f.Add(tc.file)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := DecodeWAV(b)
		if err == nil && (c.Rate <= 0 || len(c.PCM)%2 != 0) {
			t.Fatalf("accepted rate %d with %d bytes", c.Rate, len(c.PCM))
		}
	})
}
