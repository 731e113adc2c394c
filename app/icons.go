package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// iconKind pairs a symbol with a colour, so colour is never the only signal.
type iconKind int

const (
	iconGood iconKind = iota
	iconBad
	iconWarn
	iconInfo
)

func iconResource(k iconKind) fyne.Resource {
	switch k {
	case iconGood:
		return theme.NewSuccessThemedResource(theme.ConfirmIcon())
	case iconBad:
		return theme.NewErrorThemedResource(theme.CancelIcon())
	case iconWarn:
		return theme.NewWarningThemedResource(theme.WarningIcon())
	}
	return theme.NewPrimaryThemedResource(theme.InfoIcon())
}

func importanceOf(k iconKind) widget.Importance {
	switch k {
	case iconGood:
		return widget.SuccessImportance
	case iconBad:
		return widget.DangerImportance
	case iconWarn:
		return widget.WarningImportance
	}
	return widget.HighImportance
}

func statusIcon(k iconKind) *canvas.Image {
	img := canvas.NewImageFromResource(iconResource(k))
	img.FillMode = canvas.ImageFillContain
	return img
}

func setIcon(img *canvas.Image, k iconKind) {
	img.Resource = iconResource(k)
	img.Refresh()
}
