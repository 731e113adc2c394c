// Package voice speaks the kiosk's prompts: a kiosk.Speaker that plays the
// pre-generated clips of assets/audio through oto. Say never blocks; a newer
// prompt cuts off an older one; without a sound card it stays silent.
package voice

import (
	"io/fs"
	"log/slog"
	"path"
	"sync"

	"github.com/hainan-hrss/certkiosk/assets"
	"github.com/hainan-hrss/certkiosk/kiosk"
)

// Rate is the sample rate of every clip and of the audio device.
const Rate = 16000

// Options configure a Speaker.
type Options struct {
	Volume   float64      // 0–1; the config key audio.volume
	Language string       // "zh" (default) or "en"; phrases without an English clip fall back to Mandarin
	Clips    fs.FS        // the clip tree; nil means assets.Audio
	Log      *slog.Logger // nil discards
	Device   Device       // nil opens the sound card through oto
}

// Device is the sound output: the oto context in production, a fake in
// tests. Play starts pcm (16-bit mono at Rate) and returns a function that
// stops it early and a channel closed when it ends either way.
type Device interface {
	Play(pcm []byte, volume float64) (stop func(), done <-chan struct{})
	Suspend() // between prompts, so an idle output does not spin
	Resume()
}

// Speaker is a kiosk.Speaker. Its methods are safe for concurrent use.
type Speaker struct {
	clips fs.FS
	log   *slog.Logger

	mu      sync.Mutex
	lang    string
	volume  float64
	pending kiosk.Phrase // the newest prompt not yet started
	silent  bool
	wake    chan struct{} // cap 1: "pending changed" or "closing"
	closed  bool
	done    chan struct{}
}

var _ kiosk.Speaker = (*Speaker)(nil)

// New starts a Speaker. The sound card is opened in the background: until
// it is ready, and for good if it fails, prompts are dropped silently.
func New(opts Options) *Speaker {
	s := &Speaker{clips: opts.Clips, log: opts.Log, lang: opts.Language, volume: clamp(opts.Volume),
		wake: make(chan struct{}, 1), done: make(chan struct{})}
	if s.clips == nil {
		s.clips = assets.Audio
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.lang == "" {
		s.lang = "zh"
	}
	go s.run(opts.Device)
	return s
}

// Say starts speaking p, cutting off whatever is being said. It returns at
// once.
func (s *Speaker) Say(p kiosk.Phrase) {
	s.mu.Lock()
	if s.closed || s.silent {
		s.mu.Unlock()
		return
	}
	s.pending = p
	s.mu.Unlock()
	s.poke()
}

// SetLanguage switches the clips to lang ("zh" or "en").
func (s *Speaker) SetLanguage(lang string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lang = lang
}

// SetVolume changes the volume (0–1) of the following prompts.
func (s *Speaker) SetVolume(v float64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.volume = clamp(v)
}

// Silent reports whether the speaker found no sound card and says nothing.
func (s *Speaker) Silent() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.silent
}

// Close stops speaking and waits for the player goroutine to end.
func (s *Speaker) Close() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.closed = true
	s.mu.Unlock()
	s.poke()
	<-s.done
}

func (s *Speaker) poke() {
	select {
	case s.wake <- struct{}{}:
	default: // a wake-up is already pending; the loop reads the newest phrase
	}
}

// Clip returns the decoded clip for p in lang, falling back to Mandarin.
func (s *Speaker) Clip(lang string, p kiosk.Phrase) (Clip, error) {
	b, err := fs.ReadFile(s.clips, path.Join("audio", lang, string(p)+".wav"))
	if err != nil && lang != "zh" {
		b, err = fs.ReadFile(s.clips, path.Join("audio", "zh", string(p)+".wav"))
	}
	if err != nil {
		return Clip{}, err
	}
	return DecodeWAV(b)
}

func clamp(v float64) float64 {
	return min(max(v, 0), 1)
}
