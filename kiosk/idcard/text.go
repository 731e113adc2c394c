package idcard

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf16"

	"github.com/hainan-hrss/certkiosk/kiosk"
)

// ErrUnsupportedCard is the cause when a card's type is known but its text
// layout is not: the 2023 foreigner's permanent residence card (flag Y).
var ErrUnsupportedCard = errors.New("card type recognised but its text layout is not supported")

// ParseText parses the 256-byte UCS-2 little-endian card text of a resident,
// J or I card, validating the ID number's check digit and its birth date
// against the card's. A Y card returns a card with only Type set and an
// error wrapping ErrUnsupportedCard. It never panics on any input.
func ParseText(text []byte) (kiosk.IDCard, error) {
	if len(text) != TextSize {
		return kiosk.IDCard{}, fmt.Errorf("card text is %d bytes, want %d", len(text), TextSize)
	}
	var (
		c   kiosk.IDCard
		err error
	)
	switch flag := get(text, fType); flag {
	case "":
		c, err = parseResident(text, kiosk.CardResident)
	case "J":
		c, err = parseResident(text, kiosk.CardHMTResidence)
	case "I":
		c, err = parseForeign(text)
	case "Y":
		return kiosk.IDCard{Type: kiosk.CardForeignPermanent2023}, ErrUnsupportedCard
	default:
		return kiosk.IDCard{}, fmt.Errorf("unknown card type flag %q", flag)
	}
	if err != nil {
		return kiosk.IDCard{}, err
	}
	return c, nil
}

func parseResident(text []byte, t kiosk.CardType) (kiosk.IDCard, error) {
	c := kiosk.IDCard{Type: t, Name: get(text, fName), Address: get(text, fAddress),
		IDNumber: get(text, fID), Issuer: get(text, fIssuer)}
	var err error
	if c.Sex, err = sexOf(get(text, fSex)); err != nil {
		return c, err
	}
	if t == kiosk.CardResident {
		code := get(text, fNation)
		n, ok := NationName(code)
		if !ok {
			return c, fmt.Errorf("nation code %q is not in GB 3304", code)
		}
		c.Nation = n
	} else {
		c.PermitNumber, c.IssueCount = get(text, fPermit), get(text, fIssueCount)
		if c.PermitNumber == "" {
			return c, errors.New("residence permit without a permit number")
		}
	}
	if c.BirthDate, err = dateOf("birth date", get(text, fBirth)); err != nil {
		return c, err
	}
	if err := validity(&c, get(text, fValidFrom), get(text, fValidTo)); err != nil {
		return c, err
	}
	if c.Name == "" {
		return c, errors.New("card has no name")
	}
	idBirth, err := kiosk.ValidateIDNumber(c.IDNumber)
	if err != nil {
		return c, err
	}
	if idBirth != c.BirthDate {
		return c, errors.New("the ID number's birth date differs from the card's")
	}
	return c, nil
}

func parseForeign(text []byte) (kiosk.IDCard, error) {
	c := kiosk.IDCard{Type: kiosk.CardForeignPermanent, EnglishName: get(text, fIEnglish),
		IDNumber: get(text, fINumber), Nationality: get(text, fINation), Name: get(text, fIName),
		Issuer: get(text, fIAuthority)}
	var err error
	if c.Sex, err = sexOf(get(text, fISex)); err != nil {
		return c, err
	}
	if c.BirthDate, err = dateOf("birth date", get(text, fIBirth)); err != nil {
		return c, err
	}
	if err := validity(&c, get(text, fIValidFrom), get(text, fIValidTo)); err != nil {
		return c, err
	}
	if c.EnglishName == "" && c.Name == "" {
		return c, errors.New("card has no name")
	}
	return c, checkForeignNumber(c.IDNumber, c.BirthDate)
}

// checkForeignNumber checks the 2017 card's 15-character number: the
// 3-letter nationality code, a 4-digit authority code, the birth date as
// YYMMDD and two more digits. Its check digit's algorithm is not public,
// so it is not checked.
func checkForeignNumber(n string, birth kiosk.Date) error {
	if len(n) != 15 {
		return fmt.Errorf("permanent residence number has %d characters, want 15", len(n))
	}
	for i := 0; i < 15; i++ {
		ch := n[i]
		if i < 3 && (ch < 'A' || ch > 'Z') || i >= 3 && (ch < '0' || ch > '9') {
			return errors.New("permanent residence number is malformed")
		}
	}
	if n[7:13] != fmt.Sprintf("%02d%02d%02d", birth.Year%100, int(birth.Month), birth.Day) {
		return errors.New("the permanent residence number's birth date differs from the card's")
	}
	return nil
}

func validity(c *kiosk.IDCard, from, to string) error {
	var err error
	if c.ValidFrom, err = dateOf("valid-from", from); err != nil {
		return err
	}
	if to == longTerm {
		c.ValidLongTerm = true
		return nil
	}
	if c.ValidTo, err = dateOf("valid-to", to); err != nil {
		return err
	}
	if c.ValidTo.Before(c.ValidFrom) {
		return errors.New("card valid-to precedes valid-from")
	}
	return nil
}

func sexOf(code string) (string, error) {
	s, ok := sexes[code]
	if !ok {
		return "", fmt.Errorf("sex code %q is not 0, 1, 2 or 9", code)
	}
	return s, nil
}

// dateOf parses the card's YYYYMMDD and rejects impossible days.
func dateOf(what, s string) (kiosk.Date, error) {
	if len(s) != 8 {
		return kiosk.Date{}, fmt.Errorf("%s is not YYYYMMDD", what) // no value: errors reach logs
	}
	d, err := kiosk.ParseDate(s[0:4] + "-" + s[4:6] + "-" + s[6:8])
	if err != nil {
		return kiosk.Date{}, fmt.Errorf("%s is not a real day", what)
	}
	return d, nil
}

// get decodes a field's UCS-2 little-endian text and trims the space (and
// NUL) padding.
func get(text []byte, f field) string {
	b := text[f.off : f.off+f.n]
	u := make([]uint16, len(b)/2)
	for i := range u {
		u[i] = uint16(b[2*i]) | uint16(b[2*i+1])<<8
	}
	return strings.Trim(string(utf16.Decode(u)), " \x00")
}
