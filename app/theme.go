package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"github.com/hainan-hrss/certkiosk/assets"
)

// Look holds every size and colour of the kiosk in one place, so tuning the
// screens for elderly eyes means editing this block alone. Sizes are Fyne
// units, which are pixels on a 1920×1080 screen at scale 1.
var Look = struct {
	TitleSize, HeadingSize, BodySize, SmallSize float32
	BigSize                                     float32
	ButtonHeight, ButtonWidth, Gap, Padding     float32
	Background, Surface, Text, Muted            color.NRGBA
	Primary, OnPrimary, Good, Bad, Warn         color.NRGBA
}{
	TitleSize:    44,
	HeadingSize:  72,
	BodySize:     44,
	SmallSize:    40,
	BigSize:      88,
	ButtonHeight: 140,
	ButtonWidth:  560,
	Gap:          32,
	Padding:      32,

	Background: color.NRGBA{0xFF, 0xFF, 0xFF, 0xFF},
	Surface:    color.NRGBA{0xF1, 0xF4, 0xF9, 0xFF},
	Text:       color.NRGBA{0x11, 0x18, 0x27, 0xFF}, // 17.7:1 on white
	Muted:      color.NRGBA{0x37, 0x41, 0x51, 0xFF}, // 10.3:1 on white
	Primary:    color.NRGBA{0x0B, 0x3D, 0x91, 0xFF}, // 10.4:1 against white text
	OnPrimary:  color.NRGBA{0xFF, 0xFF, 0xFF, 0xFF},
	Good:       color.NRGBA{0x0A, 0x5C, 0x2E, 0xFF}, // 7.9:1 on white
	Bad:        color.NRGBA{0x9B, 0x11, 0x1E, 0xFF}, // 8.2:1 on white
	Warn:       color.NRGBA{0x7A, 0x41, 0x00, 0xFF}, // 7.6:1 on white
}

// kioskTheme is a light, high-contrast theme with the bundled CJK font and
// large type. The kiosk always uses the light variant: a public terminal
// must look the same whatever the desktop prefers.
type kioskTheme struct {
	font fyne.Resource
}

// NewTheme returns the kiosk's theme.
func NewTheme() fyne.Theme {
	return &kioskTheme{font: fyne.NewStaticResource("DroidSansFallbackFull.ttf", assets.KioskFont)}
}

func (t *kioskTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	switch n {
	case theme.ColorNameBackground, theme.ColorNameOverlayBackground, theme.ColorNameMenuBackground:
		return Look.Background
	case theme.ColorNameForeground:
		return Look.Text
	case theme.ColorNameButton, theme.ColorNameInputBackground:
		return Look.Surface
	case theme.ColorNamePrimary:
		return Look.Primary
	case theme.ColorNameFocus, theme.ColorNameSelection:
		// A touch screen has no keyboard focus to show; a focus tint over a
		// tapped button would only lower its contrast.
		return color.Transparent
	case theme.ColorNameForegroundOnPrimary, theme.ColorNameForegroundOnError,
		theme.ColorNameForegroundOnSuccess, theme.ColorNameForegroundOnWarning:
		return Look.OnPrimary
	case theme.ColorNameSuccess:
		return Look.Good
	case theme.ColorNameError:
		return Look.Bad
	case theme.ColorNameWarning:
		return Look.Warn
	case theme.ColorNameDisabled, theme.ColorNamePlaceHolder:
		return Look.Muted
	}
	return theme.DefaultTheme().Color(n, theme.VariantLight)
}

func (t *kioskTheme) Font(fyne.TextStyle) fyne.Resource { return t.font }

func (t *kioskTheme) Icon(n fyne.ThemeIconName) fyne.Resource {
	return theme.DefaultTheme().Icon(n)
}

func (t *kioskTheme) Size(n fyne.ThemeSizeName) float32 {
	switch n {
	case theme.SizeNameText:
		return Look.BodySize
	case theme.SizeNameHeadingText:
		return Look.HeadingSize
	case theme.SizeNameSubHeadingText:
		return Look.TitleSize
	case theme.SizeNameCaptionText:
		return Look.SmallSize
	case sizeBig:
		return Look.BigSize
	case theme.SizeNamePadding:
		return 12
	case theme.SizeNameInnerPadding:
		return 8
	case theme.SizeNameInlineIcon:
		return 48
	}
	return theme.DefaultTheme().Size(n)
}
