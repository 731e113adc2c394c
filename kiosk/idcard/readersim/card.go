package readersim

import (
	"crypto/sha256"

	"github.com/hainan-hrss/certkiosk/kiosk"
	"github.com/hainan-hrss/certkiosk/kiosk/idcard"
)

// cardData is a card as the reader's SAM holds it after reading: text,
// photo and fingerprint blocks and the chip's serial number.
type cardData struct {
	text, photo, finger []byte
	serial              [8]byte
}

// encode lays card out as a reader would deliver it. A card without photo
// or fingerprint blocks gets deterministic stand-ins derived from its
// number, so the same card always reads the same bytes.
func encode(card kiosk.IDCard) (*cardData, error) {
	text, err := idcard.EncodeText(card)
	if err != nil {
		return nil, err
	}
	seed := string(card.Type) + card.IDNumber + card.EnglishName
	cd := &cardData{text: text, photo: block(card.PhotoWLT, idcard.PhotoSize, "photo"+seed),
		finger: block(card.Fingerprint, idcard.FingerSize, "finger"+seed)}
	sum := sha256.Sum256([]byte("serial" + seed))
	copy(cd.serial[:], sum[:])
	return cd, nil
}

// block returns b if it has size bytes, else size bytes expanded from seed.
func block(b []byte, size int, seed string) []byte {
	if len(b) == size {
		return append([]byte(nil), b...)
	}
	out := make([]byte, 0, size)
	for i := 0; len(out) < size; i++ {
		sum := sha256.Sum256([]byte{byte(i >> 8), byte(i)})
		h := sha256.Sum256(append(sum[:], seed...))
		out = append(out, h[:]...)
	}
	return out[:size]
}

// readAnswerData builds the data of a 30 01 (or, with finger, 30 10) answer.
func (cd *cardData) readAnswerData(finger bool) []byte {
	d := []byte{byte(idcard.TextSize >> 8), byte(idcard.TextSize & 0xff), byte(idcard.PhotoSize >> 8), byte(idcard.PhotoSize & 0xff)}
	if finger {
		d = append(d, byte(idcard.FingerSize>>8), byte(idcard.FingerSize&0xff))
	}
	d = append(d, cd.text...)
	d = append(d, cd.photo...)
	if finger {
		d = append(d, cd.finger...)
	}
	return d
}
