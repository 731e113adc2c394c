package voice

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// Clip is decoded audio: signed 16-bit little-endian mono samples.
type Clip struct {
	Rate int
	PCM  []byte
}

// Duration is the clip's length in seconds.
func (c Clip) Duration() float64 { return float64(len(c.PCM)/2) / float64(c.Rate) }

// WAV format codes the decoder understands.
const (
	formatPCM   = 1
	formatMuLaw = 7
)

// DecodeWAV decodes a mono WAV file holding 16-bit PCM or 8-bit μ-law (what
// scripts/gen-audio writes) into 16-bit PCM. It rejects anything else rather
// than play noise.
func DecodeWAV(b []byte) (Clip, error) {
	if len(b) < 12 || string(b[0:4]) != "RIFF" || string(b[8:12]) != "WAVE" {
		return Clip{}, errors.New("voice: not a RIFF WAVE file")
	}
	var format, channels, bits uint16
	var rate uint32
	haveFmt := false
	for p := 12; p+8 <= len(b); {
		id, size := string(b[p:p+4]), int(binary.LittleEndian.Uint32(b[p+4:p+8]))
		p += 8
		if size < 0 || size > len(b)-p {
			return Clip{}, fmt.Errorf("voice: chunk %q overruns the file", id)
		}
		body := b[p : p+size]
		switch id {
		case "fmt ":
			if size < 16 {
				return Clip{}, errors.New("voice: short fmt chunk")
			}
			format = binary.LittleEndian.Uint16(body[0:2])
			channels = binary.LittleEndian.Uint16(body[2:4])
			rate = binary.LittleEndian.Uint32(body[4:8])
			bits = binary.LittleEndian.Uint16(body[14:16])
			haveFmt = true
		case "data":
			if !haveFmt {
				return Clip{}, errors.New("voice: data before fmt")
			}
			if channels != 1 || rate == 0 || rate > 192000 {
				return Clip{}, fmt.Errorf("voice: want mono, got %d channels at %d Hz", channels, rate)
			}
			switch {
			case format == formatPCM && bits == 16:
				return Clip{Rate: int(rate), PCM: append([]byte(nil), body[:size&^1]...)}, nil
			case format == formatMuLaw && bits == 8:
				pcm := make([]byte, 2*size)
				for i, u := range body {
					binary.LittleEndian.PutUint16(pcm[2*i:], uint16(muLaw(u)))
				}
				return Clip{Rate: int(rate), PCM: pcm}, nil
			}
			return Clip{}, fmt.Errorf("voice: unsupported format %d with %d bits", format, bits)
		}
		p += size + size&1 // chunks are padded to even sizes
	}
	return Clip{}, errors.New("voice: no data chunk")
}

// muLaw expands one G.711 μ-law byte to a 16-bit sample.
func muLaw(u byte) int16 {
	u = ^u
	t := (int(u&0x0F)<<3 + 0x84) << (int(u&0x70) >> 4)
	if u&0x80 != 0 {
		return int16(0x84 - t)
	}
	return int16(t - 0x84)
}
