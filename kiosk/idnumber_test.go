package kiosk

import "testing"

func TestValidateIDNumber(t *testing.T) {
	tests := []struct {
		id, birth string
		ok        bool
	}{
		{"11010519491231002X", "1949-12-31", true}, // the standard's own example
		{"11010519491231002x", "1949-12-31", true}, // lower-case x is read as X
		{"460106195003080029", "1950-03-08", true},
		{"460106195003080028", "", false}, // wrong check digit
		{"46010619500230002X", "", false}, // February 30th
		{"4601061950030800", "", false},   // too short
		{"46010619500308002A", "", false}, // bad check character
		{"4601061950O308002X", "", false}, // a letter O among the digits
	}
	for _, tt := range tests {
		birth, err := ValidateIDNumber(tt.id)
		if (err == nil) != tt.ok {
			t.Errorf("ValidateIDNumber(%s) error = %v, want ok=%v", tt.id, err, tt.ok)
			continue
		}
		if tt.ok && birth.String() != tt.birth {
			t.Errorf("ValidateIDNumber(%s) birth = %s, want %s", tt.id, birth, tt.birth)
		}
	}
}

func FuzzValidateIDNumber(f *testing.F) {
	for _, s := range []string{"11010519491231002X", "460106195003080029", "46010619500230002X", "", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, id string) {
		birth, err := ValidateIDNumber(id)
		if err != nil {
			return
		}
		// Whatever passes must be 18 characters whose check digit recomputes.
		want, cerr := IDCheckDigit(id[:17])
		if len(id) != 18 || cerr != nil || (id[17] != want && !(want == 'X' && id[17] == 'x')) {
			t.Fatalf("accepted %q", id)
		}
		if birth.IsZero() {
			t.Fatalf("accepted %q without a birth date", id)
		}
	})
}

func TestMasking(t *testing.T) {
	c := IDCard{Name: "王秀英", IDNumber: "460106195003080029"}
	if got := c.MaskedName(); got != "王**" {
		t.Errorf("MaskedName = %q", got)
	}
	if got := c.MaskedID(); got != "460***********0029" {
		t.Errorf("MaskedID = %q", got)
	}
	if got := MaskName("李"); got != "*" {
		t.Errorf("MaskName(one char) = %q", got)
	}
	if got := MaskID("1234"); got != "****" {
		t.Errorf("MaskID(short) = %q", got)
	}
}
