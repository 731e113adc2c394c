package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/hainan-hrss/certkiosk/kiosk"
	"github.com/hainan-hrss/certkiosk/kiosk/idcard"
)

func init() {
	register(command{name: "reader-test", summary: "wait for one ID card on the reader and print what it holds", run: runReaderTest})
}

func runReaderTest(args []string) int {
	fs := newFlags("reader-test", "[--port P] [--baud B] [--json] [--show-id] [--timeout S]",
		"Finds the ID card reader (the given port, else every serial port at every\n"+
			"baud rate), waits for one card and prints its fields, the SW3 codes the\n"+
			"reader answered and the read time. Names, ID numbers and addresses are\n"+
			"masked unless --show-id. Exit status 0 only for a good read.")
	port := fs.String("port", "", "serial port of the reader (default: probe every serial port)")
	baud := fs.Int("baud", 115200, "line speed tried first (9600, 19200, 38400, 57600 or 115200)")
	asJSON := fs.Bool("json", false, "print one JSON object")
	showID := fs.Bool("show-id", false, "print names, ID number and address in full")
	timeout := fs.Int("timeout", 30, "seconds to wait for a card")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, time.Duration(*timeout)*time.Second)
	defer cancel()
	if !*asJSON {
		fmt.Fprintln(os.Stderr, "请把身份证放在读卡器上 (waiting for a card) …")
	}
	res, err := idcard.ReadOnce(ctx, idcard.Config{Port: *port, Baud: *baud})
	out := readerTestJSON(res, err, *showID)
	if *asJSON {
		enc := json.NewEncoder(os.Stdout)
		enc.SetEscapeHTML(false)
		enc.Encode(out)
	} else {
		printReaderTest(out)
	}
	if err != nil || res.Card == nil {
		return 1
	}
	return 0
}

// readerTestResult is reader-test's JSON: the API contract's id_card names,
// plus the reader's own facts.
type readerTestResult struct {
	CardType         string           `json:"card_type,omitempty"`
	Name             string           `json:"name,omitempty"`
	Sex              string           `json:"sex,omitempty"`
	Nation           string           `json:"nation,omitempty"`
	BirthDate        string           `json:"birth_date,omitempty"`
	Address          string           `json:"address,omitempty"`
	IDNumber         string           `json:"id_number,omitempty"`
	Issuer           string           `json:"issuer,omitempty"`
	ValidFrom        string           `json:"valid_from,omitempty"`
	ValidTo          string           `json:"valid_to,omitempty"`
	PermitNumber     string           `json:"permit_number,omitempty"`
	IssueCount       string           `json:"issue_count,omitempty"`
	EnglishName      string           `json:"english_name,omitempty"`
	Nationality      string           `json:"nationality,omitempty"`
	PhotoBytes       int              `json:"photo_bytes"`
	FingerprintBytes int              `json:"fingerprint_bytes"`
	ReadMS           int64            `json:"read_ms"`
	SW3              []string         `json:"sw3"`
	Device           string           `json:"device,omitempty"`
	Baud             int              `json:"baud,omitempty"`
	Error            *readerTestError `json:"error,omitempty"`
}

type readerTestError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Detail  string `json:"detail,omitempty"` // the technical cause, no personal data
}

func readerTestJSON(res idcard.ReadResult, err error, show bool) readerTestResult {
	out := readerTestResult{ReadMS: res.ReadTime.Milliseconds(), Device: res.Device, Baud: res.Baud, SW3: []string{}}
	// Runs of one code (80 no card, while waiting) are written once: 80×52.
	for i := 0; i < len(res.SW3); {
		j := i
		for j < len(res.SW3) && res.SW3[j] == res.SW3[i] {
			j++
		}
		s := fmt.Sprintf("%02X", res.SW3[i])
		if j-i > 1 {
			s += fmt.Sprintf("×%d", j-i)
		}
		out.SW3, i = append(out.SW3, s), j
	}
	if err != nil {
		msg, next := kiosk.ScreenText(err)
		out.Error = &readerTestError{Code: string(kiosk.CodeOf(err)), Message: msg + "，" + next, Detail: err.Error()}
		if errors.Is(err, idcard.ErrUnsupportedCard) {
			out.CardType = string(kiosk.CardForeignPermanent2023)
		}
	}
	c := res.Card
	if c == nil {
		return out
	}
	out.CardType, out.Sex, out.Nation, out.Issuer = string(c.Type), c.Sex, c.Nation, c.Issuer
	out.BirthDate, out.ValidFrom, out.ValidTo = c.BirthDate.String(), c.ValidFrom.String(), c.ValidToText()
	out.PermitNumber, out.IssueCount, out.Nationality = c.PermitNumber, c.IssueCount, c.Nationality
	out.PhotoBytes, out.FingerprintBytes = len(c.PhotoWLT), len(c.Fingerprint)
	out.Name, out.IDNumber, out.Address, out.EnglishName = c.Name, c.IDNumber, c.Address, c.EnglishName
	if !show {
		out.Name, out.IDNumber, out.EnglishName = c.MaskedName(), c.MaskedID(), maskLatin(c.EnglishName)
		out.Address = kiosk.MaskName(c.Address)
		if r := []rune(c.Address); len(r) > 6 {
			out.Address = string(r[:6]) + strings.Repeat("*", len(r)-6) // the province and city only
		}
		if c.Type == kiosk.CardHMTResidence {
			out.PermitNumber = kiosk.MaskID(c.PermitNumber)
		}
	}
	return out
}

// maskLatin keeps each word's first letter: SMITH, JOHN → S****, J***.
func maskLatin(s string) string {
	b := []rune(s)
	for i := range b {
		if i > 0 && b[i-1] != ' ' && b[i-1] != ',' && b[i] != ' ' && b[i] != ',' {
			b[i] = '*'
		}
	}
	return string(b)
}

func printReaderTest(r readerTestResult) {
	row := func(k, v string) {
		if v != "" {
			fmt.Printf("%-18s %s\n", k, v)
		}
	}
	if r.Device != "" {
		row("reader", fmt.Sprintf("%s at %d baud", r.Device, r.Baud))
	}
	row("card_type", r.CardType)
	row("name", r.Name)
	row("english_name", r.EnglishName)
	row("sex", r.Sex)
	row("nation", r.Nation)
	row("nationality", r.Nationality)
	row("birth_date", r.BirthDate)
	row("address", r.Address)
	row("id_number", r.IDNumber)
	row("issuer", r.Issuer)
	row("valid_from", r.ValidFrom)
	row("valid_to", r.ValidTo)
	row("permit_number", r.PermitNumber)
	row("issue_count", r.IssueCount)
	if r.CardType != "" && r.Error == nil {
		row("photo_bytes", fmt.Sprint(r.PhotoBytes))
		row("fingerprint_bytes", fmt.Sprint(r.FingerprintBytes))
		row("read_ms", fmt.Sprint(r.ReadMS))
	}
	row("sw3", strings.Join(r.SW3, " "))
	if r.Error != nil {
		fmt.Printf("%-18s %s: %s\n%-18s %s\n", "error", r.Error.Code, r.Error.Message, "", r.Error.Detail)
	}
}
