// Package logscan finds personal data of the fixture people in log output,
// for the tests that prove the kiosk's logs never hold a full ID number or
// a name (PIPL). It knows only the fixture people: real people's data
// cannot be listed, which is why the code masks everything it logs.
package logscan

import (
	"bytes"
	"strings"

	"github.com/hainan-hrss/certkiosk/kiosk/fixture"
)

// Hit is one piece of personal data found, and where.
type Hit struct {
	What   string // "id number" or "name"
	Masked string // the hit, masked, safe to print
	Offset int    // byte offset in the scanned text
}

// needles lists what must never appear: each fixture person's full ID
// number (with a lower-case check letter too), permit number and names.
func needles() map[string]string {
	n := map[string]string{}
	for _, p := range fixture.People() {
		c := p.Card
		for _, id := range []string{c.IDNumber, strings.ToLower(c.IDNumber), c.PermitNumber} {
			if id != "" {
				n[id] = "id number"
			}
		}
		for _, name := range []string{c.Name, c.EnglishName} {
			if name != "" {
				n[name] = "name"
			}
		}
	}
	return n
}

// Scan returns every fixture ID number and name in b.
func Scan(b []byte) []Hit {
	var hits []Hit
	for needle, what := range needles() {
		for off := 0; ; {
			i := bytes.Index(b[off:], []byte(needle))
			if i < 0 {
				break
			}
			hits = append(hits, Hit{What: what, Masked: mask(needle), Offset: off + i})
			off += i + len(needle)
		}
	}
	return hits
}

func mask(s string) string {
	r := []rune(s)
	if len(r) <= 2 {
		return string(r[:1]) + "*"
	}
	return string(r[:1]) + strings.Repeat("*", len(r)-2) + string(r[len(r)-1:])
}
