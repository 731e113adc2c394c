package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/hainan-hrss/certkiosk/kiosk"
	"github.com/hainan-hrss/certkiosk/kiosk/fixture"
	"github.com/hainan-hrss/certkiosk/kiosk/idcard"
	"github.com/hainan-hrss/certkiosk/kiosk/idcard/readersim"
)

func TestReaderTestJSON(t *testing.T) {
	p, _ := fixture.ByScenario(fixture.HMTResident)
	sim, err := readersim.Start(readersim.Options{Card: &p.Card})
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	res, err := idcard.ReadOnce(ctx, idcard.Config{Port: sim.Path(), Candidates: []string{}})
	if err != nil {
		t.Fatal(err)
	}
	for _, show := range []bool{false, true} {
		b, _ := json.Marshal(readerTestJSON(res, nil, show))
		var m map[string]any
		json.Unmarshal(b, &m)
		for _, k := range []string{"card_type", "name", "sex", "birth_date", "address", "id_number", "issuer",
			"valid_from", "valid_to", "permit_number", "issue_count", "photo_bytes", "fingerprint_bytes", "read_ms", "sw3"} {
			if _, ok := m[k]; !ok {
				t.Errorf("show=%v: no %s", show, k)
			}
		}
		full := strings.Contains(string(b), p.Card.IDNumber) || strings.Contains(string(b), p.Card.Name)
		if full != show {
			t.Errorf("show=%v but full name or ID present=%v", show, full)
		}
		if m["card_type"] != "hmt_residence" || m["birth_date"] != "1960-01-01" || m["photo_bytes"] != 1024.0 || m["error"] != nil {
			t.Errorf("show=%v: %s", show, b)
		}
	}
}

func TestReaderTestJSONError(t *testing.T) {
	res := idcard.ReadResult{SW3: []byte{0x90, 0x80, 0x80, 0x80, 0x9F, 0x41}}
	out := readerTestJSON(res, kiosk.NewError(kiosk.ErrCardUnreadable, nil), false)
	if got := strings.Join(out.SW3, " "); got != "90 80×3 9F 41" {
		t.Errorf("sw3 %q", got)
	}
	if out.Error == nil || out.Error.Code != "card_unreadable" || out.Error.Message == "" || out.CardType != "" {
		t.Errorf("error %+v", out.Error)
	}
}
