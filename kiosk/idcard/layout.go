package idcard

// TextSize and PhotoSize are the fixed sizes of the 30 01 answer's blocks;
// FingerSize is the fingerprint block 30 10 adds.
const (
	TextSize   = 256
	PhotoSize  = 1024
	FingerSize = 1024
)

// field is a byte range of the card text: offset and length in bytes of
// UCS-2 (two bytes a character).
type field struct{ off, n int }

// Resident card layout (also J cards up to byte 220).
var (
	fName      = field{0, 30}
	fSex       = field{30, 2}
	fNation    = field{32, 4}
	fBirth     = field{36, 16}
	fAddress   = field{52, 70}
	fID        = field{122, 36}
	fIssuer    = field{158, 30}
	fValidFrom = field{188, 16}
	fValidTo   = field{204, 16}
	// J: Hong Kong / Macau / Taiwan residence permit.
	fPermit     = field{220, 18}
	fIssueCount = field{238, 4}
	// The card type flag, blank on resident cards.
	fType = field{248, 2}
)

// I: foreigner's permanent residence card (2017).
var (
	fIEnglish   = field{0, 120}
	fISex       = field{120, 2}
	fINumber    = field{122, 30}
	fINation    = field{152, 6}
	fIName      = field{158, 30}
	fIValidFrom = field{188, 16}
	fIValidTo   = field{204, 16}
	fIBirth     = field{220, 16}
	fIVersion   = field{236, 4}
	fIAuthority = field{240, 8}
)

// sexes maps the card's sex codes to the domain's words.
var sexes = map[string]string{"0": "未知", "1": "男", "2": "女", "9": "未说明"}

// longTerm is what a card valid for life has in its valid-to field.
const longTerm = "长期"
