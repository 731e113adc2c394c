package assets

import _ "embed"

// KioskFont is Droid Sans Fallback (Apache-2.0, from Debian's
// fonts-droid-fallback): one TTF covering CJK and Latin. Fyne cannot load the
// .ttc collections most CJK fonts ship as, so the kiosk bundles this one.
//
//go:embed fonts/DroidSansFallbackFull.ttf
var KioskFont []byte
