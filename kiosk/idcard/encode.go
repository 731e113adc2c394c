package idcard

import (
	"fmt"
	"unicode/utf16"

	"github.com/hainan-hrss/certkiosk/kiosk"
)

// EncodeText lays a card out as the 256-byte UCS-2 little-endian text a
// reader returns, space-padded: the inverse of ParseText. The simulator
// uses it. It refuses values that do not fit their field rather than cut
// them. A 2023 (Y) card gets its flag and English name only, since its
// layout is not public.
func EncodeText(c kiosk.IDCard) ([]byte, error) {
	w := &textWriter{text: make([]byte, TextSize)}
	for off := 0; off < TextSize; off += 2 {
		w.text[off] = ' ' // blank and reserved bytes are spaces too
	}
	validTo := compact(c.ValidTo)
	if c.ValidLongTerm {
		validTo = longTerm
	}
	sex, ok := sexCode(c.Sex)
	if !ok {
		return nil, fmt.Errorf("unknown sex %q", c.Sex)
	}
	switch c.Type {
	case kiosk.CardResident, kiosk.CardHMTResidence:
		w.put(fName, c.Name)
		w.put(fSex, sex)
		if c.Type == kiosk.CardResident {
			code, ok := NationCode(c.Nation)
			if !ok {
				return nil, fmt.Errorf("nation %q is not in GB 3304", c.Nation)
			}
			w.put(fNation, code)
		}
		w.put(fBirth, compact(c.BirthDate))
		w.put(fAddress, c.Address)
		w.put(fID, c.IDNumber)
		w.put(fIssuer, c.Issuer)
		w.put(fValidFrom, compact(c.ValidFrom))
		w.put(fValidTo, validTo)
		if c.Type == kiosk.CardHMTResidence {
			w.put(fPermit, c.PermitNumber)
			w.put(fIssueCount, c.IssueCount)
			w.put(fType, "J")
		}
	case kiosk.CardForeignPermanent:
		w.put(fIEnglish, c.EnglishName)
		w.put(fISex, sex)
		w.put(fINumber, c.IDNumber)
		w.put(fINation, c.Nationality)
		w.put(fIName, c.Name)
		w.put(fIValidFrom, compact(c.ValidFrom))
		w.put(fIValidTo, validTo)
		w.put(fIBirth, compact(c.BirthDate))
		w.put(fIVersion, "02")
		w.put(fIAuthority, c.Issuer)
		w.put(fType, "I")
	case kiosk.CardForeignPermanent2023:
		w.put(fIEnglish, c.EnglishName)
		w.put(fType, "Y")
	default:
		return nil, fmt.Errorf("unknown card type %q", c.Type)
	}
	return w.text, w.err
}

type textWriter struct {
	text []byte
	err  error
}

func (w *textWriter) put(f field, s string) {
	u := utf16.Encode([]rune(s))
	if 2*len(u) > f.n {
		if w.err == nil {
			w.err = fmt.Errorf("a %d-character value does not fit a %d-byte field", len(u), f.n)
		}
		return
	}
	for i := 0; i < f.n/2; i++ {
		c := uint16(' ')
		if i < len(u) {
			c = u[i]
		}
		w.text[f.off+2*i], w.text[f.off+2*i+1] = byte(c), byte(c>>8)
	}
}

func sexCode(s string) (string, bool) {
	for code, name := range sexes {
		if name == s {
			return code, true
		}
	}
	return "", false
}

// compact formats a date as the card does: YYYYMMDD, or blank for none.
func compact(d kiosk.Date) string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d%02d%02d", d.Year, int(d.Month), d.Day)
}
