package kiosk

import "strings"

// CardType names the kind of identity card, as the API's card_type.
type CardType string

// Card types the reader can deliver.
const (
	CardResident             CardType = "resident"               // 居民身份证
	CardHMTResidence         CardType = "hmt_residence"          // 港澳台居民居住证
	CardForeignPermanent     CardType = "foreign_permanent"      // 外国人永久居留身份证 (2017)
	CardForeignPermanent2023 CardType = "foreign_permanent_2023" // 外国人永久居留身份证 (2023)
)

// IDCard is what the reader read from a card. It holds personal data: show
// it masked, never log it, and Wipe it when the session ends.
type IDCard struct {
	Type      CardType
	Name      string
	Sex       string // 男 | 女 | 未知 | 未说明
	Nation    string // 汉, 壮 … (resident and HMT cards)
	BirthDate Date
	Address   string
	IDNumber  string
	Issuer    string
	ValidFrom Date
	ValidTo   Date // zero when ValidLongTerm
	// ValidLongTerm is true for cards valid "长期" (for life).
	ValidLongTerm bool
	// PhotoWLT is the card's 1024-byte photo block, a closed format the
	// kiosk forwards to the service as read.
	PhotoWLT    []byte
	Fingerprint []byte // optional 1024-byte fingerprint block

	// HMT residence permits.
	PermitNumber string
	IssueCount   string
	// Foreigner's permanent residence cards.
	EnglishName string
	Nationality string
}

// ValidToText is the card's valid-to field as the API writes it: a date or 长期.
func (c *IDCard) ValidToText() string {
	if c.ValidLongTerm {
		return "长期"
	}
	return c.ValidTo.String()
}

// ExpiredOn reports whether the card is past its validity on day today.
func (c *IDCard) ExpiredOn(today Date) bool {
	return !c.ValidLongTerm && !c.ValidTo.IsZero() && c.ValidTo.Before(today)
}

// MaskedName keeps the first character: 张三丰 → 张**.
func (c *IDCard) MaskedName() string { return MaskName(c.Name) }

// MaskedID keeps the first 3 and the last 4 characters, as the API does.
func (c *IDCard) MaskedID() string { return MaskID(c.IDNumber) }

// Wipe clears the personal data so nothing of the person stays in memory
// once the session ends.
func (c *IDCard) Wipe() {
	clear(c.PhotoWLT)
	clear(c.Fingerprint)
	*c = IDCard{}
}

// MaskName keeps a name's first character and stars the rest.
func MaskName(name string) string {
	r := []rune(strings.TrimSpace(name))
	if len(r) == 0 {
		return ""
	}
	if len(r) == 1 {
		return "*"
	}
	return string(r[0]) + strings.Repeat("*", len(r)-1)
}

// MaskID keeps the first 3 and last 4 characters of an ID number:
// 460***********1234. Short inputs are starred whole.
func MaskID(id string) string {
	r := []rune(id)
	if len(r) <= 7 {
		return strings.Repeat("*", len(r))
	}
	return string(r[:3]) + strings.Repeat("*", len(r)-7) + string(r[len(r)-4:])
}
