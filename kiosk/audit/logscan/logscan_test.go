package logscan

import (
	"strings"
	"testing"

	"github.com/hainan-hrss/certkiosk/kiosk"
	"github.com/hainan-hrss/certkiosk/kiosk/fixture"
)

func TestScanFindsFullDataNotMasked(t *testing.T) {
	p, _ := fixture.ByScenario(fixture.NeverCertified)
	id, name := p.Card.IDNumber, p.Card.Name
	for _, tc := range []struct {
		line string
		want int
	}{
		{`{"msg":"queued","id":"` + kiosk.MaskID(id) + `"}`, 0},
		{`{"msg":"queued","name":"` + kiosk.MaskName(name) + `"}`, 0},
		{`{"msg":"oops","id":"` + id + `"}`, 1},
		{`{"msg":"oops","who":"` + name + `","id":"` + id + `"}`, 2},
		{strings.Repeat(id+" ", 3), 3},
		{`{"id":"46040019750909007x"}`, 1}, // lower-case check letter
	} {
		if got := Scan([]byte(tc.line)); len(got) != tc.want {
			t.Errorf("Scan(%.40q…) found %d, want %d: %+v", tc.line, len(got), tc.want, got)
		}
	}
	for _, h := range Scan([]byte(id)) {
		if strings.Contains(h.Masked, id) {
			t.Error("a hit prints the full number")
		}
	}
}
