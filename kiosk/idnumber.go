package kiosk

import (
	"errors"
	"fmt"
)

// idWeights are GB 11643's weights for the first 17 digits (ISO 7064 MOD 11-2).
var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// idCheckChars maps the weighted sum mod 11 to the check character.
const idCheckChars = "10X98765432"

// IDCheckDigit returns the GB 11643 check character for the first 17 digits
// of a resident ID number.
func IDCheckDigit(first17 string) (byte, error) {
	if len(first17) != 17 {
		return 0, errors.New("need 17 digits")
	}
	sum := 0
	for i := 0; i < 17; i++ {
		c := first17[i]
		if c < '0' || c > '9' {
			return 0, fmt.Errorf("character %d is not a digit", i+1)
		}
		sum += int(c-'0') * idWeights[i]
	}
	return idCheckChars[sum%11], nil
}

// ValidateIDNumber checks an 18-character resident ID number: digits, a real
// birth date at positions 7–14, and the GB 11643 check character (an upper-
// or lower-case X is accepted). It returns the birth date encoded in it.
func ValidateIDNumber(id string) (Date, error) {
	if len(id) != 18 {
		return Date{}, fmt.Errorf("ID number has %d characters, want 18", len(id))
	}
	want, err := IDCheckDigit(id[:17])
	if err != nil {
		return Date{}, fmt.Errorf("ID number: %w", err)
	}
	got := id[17]
	if got == 'x' {
		got = 'X'
	}
	if got != want {
		return Date{}, errors.New("ID number check digit is wrong")
	}
	b := id[6:14]
	birth, err := ParseDate(b[0:4] + "-" + b[4:6] + "-" + b[6:8])
	if err != nil {
		return Date{}, errors.New("ID number holds an impossible birth date")
	}
	return birth, nil
}
