package idcard

import "fmt"

// SW3 status codes of GA/T 467 answers.
const (
	SW3OK           = 0x90 // success
	SW3Found        = 0x9F // find card: a card is there
	SW3NoCard       = 0x80 // find card: no card
	SW3SelectFailed = 0x81 // select card failed
	SW3Checksum     = 0x10 // the request's checksum was wrong
	SW3Length       = 0x11 // the request's length was wrong
	SW3BadCommand   = 0x21 // unknown command
	SW3NotPermitted = 0x23 // command not permitted now
	SW3Unknown      = 0x24 // unknown error
	SW3CardAuth     = 0x31 // card authentication failed
	SW3SAMAuth      = 0x32 // SAM authentication failed
	SW3Verify       = 0x33 // information verification error
	SW3CardType     = 0x40 // unknown card type
	SW3ReadFailed   = 0x41 // card read failed
	SW3Random       = 0x47 // getting a random number failed
	SW3SelfTest     = 0x60 // SAM self-test failed
	SW3NotAuthed    = 0x66 // SAM not authorised
	SW3FieldEmpty   = 0x91 // the field read is empty (no appended address)
)

// SW3Codes lists every SW3 code the protocol defines, for tests and tools.
var SW3Codes = []byte{SW3OK, SW3Found, SW3NoCard, SW3SelectFailed, SW3Checksum, SW3Length,
	SW3BadCommand, SW3NotPermitted, SW3Unknown, SW3CardAuth, SW3SAMAuth, SW3Verify, SW3CardType,
	SW3ReadFailed, SW3Random, SW3SelfTest, SW3NotAuthed, SW3FieldEmpty}

var sw3Names = map[byte]string{
	SW3OK: "success", SW3Found: "card found", SW3NoCard: "no card", SW3SelectFailed: "select failed",
	SW3Checksum: "checksum error", SW3Length: "length error", SW3BadCommand: "bad command",
	SW3NotPermitted: "not permitted", SW3Unknown: "unknown error", SW3CardAuth: "card authentication failed",
	SW3SAMAuth: "SAM authentication failed", SW3Verify: "verification error", SW3CardType: "unknown card type",
	SW3ReadFailed: "card read failed", SW3Random: "random number failed", SW3SelfTest: "SAM self-test failed",
	SW3NotAuthed: "SAM not authorised", SW3FieldEmpty: "field empty",
}

// SW3Name says what an SW3 code means.
func SW3Name(sw3 byte) string {
	if s, ok := sw3Names[sw3]; ok {
		return s
	}
	return fmt.Sprintf("undefined code %02X", sw3)
}

// sw3Kind classifies a failing SW3 code. Card-side failures (the card moved,
// or it is not a card the reader knows) are the person's to fix; SAM and
// verification failures are the technician's; refused commands mean the
// two sides do not understand each other.
func sw3Kind(sw3 byte) FaultKind {
	switch sw3 {
	case SW3NoCard, SW3SelectFailed, SW3CardAuth, SW3ReadFailed, SW3Random, SW3FieldEmpty:
		return FaultCardUnreadable
	case SW3CardType:
		return FaultCardInvalid
	case SW3SAMAuth, SW3Verify, SW3SelfTest, SW3NotAuthed, SW3Unknown:
		return FaultSAM
	default: // 10 11 21 23 and codes the protocol does not define
		return FaultProtocol
	}
}
