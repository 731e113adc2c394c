package voice

import (
	"bytes"
	"errors"
	"time"

	"github.com/ebitengine/oto/v3"
)

// otoDevice plays through the one oto context of the process.
type otoDevice struct{ ctx *oto.Context }

// openOto opens the sound card. oto reports a missing device only after the
// context is ready, through Err, so both are checked.
func openOto() (Device, error) {
	ctx, ready, err := oto.NewContext(&oto.NewContextOptions{
		SampleRate: Rate, ChannelCount: 1, Format: oto.FormatSignedInt16LE,
		BufferSize: 100 * time.Millisecond,
	})
	if err != nil {
		return nil, err
	}
	select {
	case <-ready:
	case <-time.After(5 * time.Second):
		return nil, errors.New("voice: the sound card did not become ready in 5 s")
	}
	// Give the driver a moment to fail on a device that opened but cannot play.
	time.Sleep(50 * time.Millisecond)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return otoDevice{ctx: ctx}, nil
}

func (d otoDevice) Play(pcm []byte, volume float64) (func(), <-chan struct{}) {
	p := d.ctx.NewPlayer(bytes.NewReader(pcm))
	p.SetVolume(volume)
	p.Play()
	done := make(chan struct{})
	quit := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for p.IsPlaying() {
			select {
			case <-quit:
				p.Pause()
				p.Close()
				return
			case <-t.C:
			}
		}
		p.Close()
	}()
	var once bool
	return func() {
		if !once {
			once = true
			close(quit)
		}
	}, done
}

func (d otoDevice) Suspend() { d.ctx.Suspend() }
func (d otoDevice) Resume()  { d.ctx.Resume() }
