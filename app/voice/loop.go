package voice

import "github.com/hainan-hrss/certkiosk/kiosk"

// run is the player goroutine: it owns the device and plays the newest
// pending phrase, stopping the one before.
func (s *Speaker) run(dev Device) {
	defer close(s.done)
	if dev == nil {
		var err error
		if dev, err = openOto(); err != nil {
			s.log.Warn("no sound output; the kiosk runs silent", "err", err)
			s.mu.Lock()
			s.silent, s.pending = true, ""
			s.mu.Unlock()
			// Keep draining wake-ups until Close.
			for range s.wake {
				if s.isClosed() {
					return
				}
			}
			return
		}
	}
	dev.Suspend()
	var stop func()
	var playing <-chan struct{}
	for {
		select {
		case <-s.wake:
		case <-playing:
			playing, stop = nil, nil
			dev.Suspend()
			continue
		}
		s.mu.Lock()
		p, lang, vol, closed := s.pending, s.lang, s.volume, s.closed
		s.pending = ""
		s.mu.Unlock()
		if stop != nil {
			stop()
			<-playing
			playing, stop = nil, nil
		}
		if closed {
			dev.Suspend()
			return
		}
		if p == "" {
			dev.Suspend()
			continue
		}
		stop, playing = s.start(dev, lang, p, vol)
		if playing == nil {
			dev.Suspend()
		}
	}
}

func (s *Speaker) start(dev Device, lang string, p kiosk.Phrase, vol float64) (func(), <-chan struct{}) {
	clip, err := s.Clip(lang, p)
	if err != nil {
		s.log.Warn("no clip for phrase", "phrase", p, "lang", lang, "err", err)
		return nil, nil
	}
	if clip.Rate != Rate {
		s.log.Warn("clip has the wrong sample rate", "phrase", p, "rate", clip.Rate)
		return nil, nil
	}
	dev.Resume()
	return dev.Play(clip.PCM, vol)
}

func (s *Speaker) isClosed() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.closed
}
