package idcard

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	gotime "time"

	"github.com/hainan-hrss/certkiosk/kiosk"
)

func d(y, m, day int) kiosk.Date { return kiosk.Date{Year: y, Month: gotime.Month(m), Day: day} }

// resident is an invented resident card; its ID number's check digit is valid.
func resident() kiosk.IDCard {
	return kiosk.IDCard{Type: kiosk.CardResident, Name: "王秀英", Sex: "女", Nation: "黎",
		BirthDate: d(1950, 3, 8), Address: "海南省海口市龙华区滨海大道一〇五号", IDNumber: "460106195003080029",
		Issuer: "海口市公安局龙华分局", ValidFrom: d(2016, 5, 10), ValidLongTerm: true}
}

func hmt() kiosk.IDCard {
	return kiosk.IDCard{Type: kiosk.CardHMTResidence, Name: "陈家明", Sex: "男", BirthDate: d(1960, 1, 1),
		Address: "香港特别行政区九龙油麻地弥敦道二〇八号", IDNumber: "810000196001010015",
		Issuer: "海口市公安局美兰分局", ValidFrom: d(2021, 3, 1), ValidTo: d(2026, 3, 1),
		PermitNumber: "H60123456", IssueCount: "01"}
}

func foreign() kiosk.IDCard {
	return kiosk.IDCard{Type: kiosk.CardForeignPermanent, Name: "史密斯", EnglishName: "SMITH, JOHN ADAM",
		Sex: "男", IDNumber: "USA460052071508", Nationality: "USA", BirthDate: d(1952, 7, 15),
		Issuer: "1500", ValidFrom: d(2019, 3, 1), ValidTo: d(2029, 3, 1)}
}

// textRows are the parser's table; their encoded texts seed FuzzParseText.
var textRows = []struct {
	name    string
	card    func() kiosk.IDCard
	edit    func(text []byte) // raw damage after encoding
	wantErr string            // "" for a good card
}{
	{"resident long-term", resident, nil, ""},
	{"resident dated", func() kiosk.IDCard {
		c := resident()
		c.ValidLongTerm, c.ValidTo, c.Nation = false, d(2036, 5, 10), "汉"
		return c
	}, nil, ""},
	{"resident lower-case x", func() kiosk.IDCard {
		c := resident()
		c.IDNumber, c.BirthDate, c.Sex = "46040019750909007x", d(1975, 9, 9), "男"
		return c
	}, nil, ""},
	{"resident nation 98", func() kiosk.IDCard { c := resident(); c.Nation = "外国血统中国籍人士"; return c }, nil, ""},
	{"HMT residence permit", hmt, nil, ""},
	{"foreign permanent", foreign, nil, ""},
	{"bad check digit", func() kiosk.IDCard { c := resident(); c.IDNumber = "460106195003080028"; return c }, nil, "check digit"},
	{"impossible birth date", func() kiosk.IDCard { c := resident(); c.BirthDate = kiosk.Date{}; return c },
		func(t []byte) { put(t, fBirth, "19500230") }, "not a real day"},
	{"impossible valid-to", resident, func(t []byte) { put(t, fValidTo, "20261301") }, "not a real day"},
	{"birth differs from ID", func() kiosk.IDCard { c := resident(); c.BirthDate = d(1950, 3, 9); return c }, nil, "differs"},
	{"short ID", func() kiosk.IDCard { c := resident(); c.IDNumber = "46010619500308002"; return c }, nil, "17 characters"},
	{"unknown nation code", resident, func(t []byte) { put(t, fNation, "77") }, "GB 3304"},
	{"unknown sex code", resident, func(t []byte) { put(t, fSex, "5") }, "sex code"},
	{"no name", func() kiosk.IDCard { c := resident(); c.Name = ""; return c }, nil, "no name"},
	{"valid-to before valid-from", func() kiosk.IDCard {
		c := resident()
		c.ValidLongTerm, c.ValidTo = false, d(2010, 1, 1)
		return c
	}, nil, "precedes"},
	{"HMT without permit number", func() kiosk.IDCard { c := hmt(); c.PermitNumber = ""; return c }, nil, "permit number"},
	{"foreign number birth differs", func() kiosk.IDCard { c := foreign(); c.IDNumber = "USA460052071608"; return c }, nil, "differs"},
	{"foreign number malformed", func() kiosk.IDCard { c := foreign(); c.IDNumber = "US1460052071508"; return c }, nil, "malformed"},
	{"unknown type flag", resident, func(t []byte) { put(t, fType, "Z") }, "unknown card type"},
	{"2023 foreigner's card", func() kiosk.IDCard {
		return kiosk.IDCard{Type: kiosk.CardForeignPermanent2023, EnglishName: "DOE, JANE", Sex: "女"}
	}, nil, ErrUnsupportedCard.Error()},
	{"NUL padding", resident, func(t []byte) {
		for i := fAddress.off + 2*len([]rune(resident().Address)); i < fAddress.off+fAddress.n; i++ {
			t[i] = 0
		}
	}, ""},
}

// put overwrites a field with s, space-padded.
func put(text []byte, f field, s string) {
	w := &textWriter{text: text}
	w.put(f, s)
}

func rowText(t testing.TB, i int) []byte {
	row := textRows[i]
	text, err := EncodeText(row.card())
	if err != nil {
		t.Fatalf("%s: encode: %v", row.name, err)
	}
	if row.edit != nil {
		row.edit(text)
	}
	return text
}

func TestParseText(t *testing.T) {
	for i, row := range textRows {
		t.Run(row.name, func(t *testing.T) {
			got, err := ParseText(rowText(t, i))
			if row.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), row.wantErr) {
					t.Fatalf("err %v, want %q", err, row.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			want := row.card()
			if !reflect.DeepEqual(got, want) {
				t.Errorf("parsed %+v\nwant   %+v", got, want)
			}
		})
	}
}

func TestParseTextLayout(t *testing.T) {
	text, _ := EncodeText(hmt())
	if text[248] != 'J' || text[249] != 0 {
		t.Errorf("J flag at 248: % X", text[248:250])
	}
	if get(text, fValidTo) != "20260301" || get(text, field{242, 6}) != "" {
		t.Error("valid-to or reserved bytes misplaced")
	}
	text, _ = EncodeText(resident())
	if get(text, fValidTo) != longTerm || get(text, fType) != "" {
		t.Error("长期 or the blank flag misplaced")
	}
	if _, err := ParseText(text[:255]); err == nil {
		t.Error("short text accepted")
	}
}

func TestEncodeTextRefusesOverlong(t *testing.T) {
	c := resident()
	c.Name = strings.Repeat("长", 16)
	if _, err := EncodeText(c); err == nil {
		t.Error("16-character name fitted a 15-character field")
	}
	c = resident()
	c.Nation = "火星"
	if _, err := EncodeText(c); err == nil {
		t.Error("unknown nation encoded")
	}
}

func TestNationTable(t *testing.T) {
	if len(nations) != 58 {
		t.Errorf("%d nations, want 56 + 97 + 98", len(nations))
	}
	for code, name := range nations {
		if c, ok := NationCode(name); !ok || c != code {
			t.Errorf("%s ↔ %s", code, name)
		}
	}
	if n, _ := NationName("56"); n != "基诺" {
		t.Errorf("56 is %s", n)
	}
}

func FuzzParseText(f *testing.F) {
	for i := range textRows {
		f.Add(rowText(f, i))
	}
	f.Fuzz(func(t *testing.T, text []byte) {
		c, err := ParseText(text)
		if errors.Is(err, ErrUnsupportedCard) {
			if c.Type != kiosk.CardForeignPermanent2023 {
				t.Fatal("unsupported card without its type")
			}
			return
		}
		if err != nil {
			return
		}
		// A card that parses lays out again and parses to the same card.
		again, err := EncodeText(c)
		if err != nil {
			t.Fatalf("parsed card does not encode: %v", err)
		}
		c2, err := ParseText(again)
		if err != nil || !reflect.DeepEqual(c, c2) {
			t.Fatalf("round trip changed the card: %v", err)
		}
	})
}
