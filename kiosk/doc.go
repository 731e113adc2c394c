// Package kiosk is the domain core of the pension-certification kiosk: the
// certification flow as an explicit state machine, the card, status and result
// types, the province's due-date rule, coded errors with plain-Chinese screen
// messages, and the interfaces the hardware and network adapters implement
// (CardReader, Camera, CertClient, Store, Clock, Speaker).
//
// It imports neither Fyne nor gocv: adapters live in subpackages (idcard,
// certapi, certsim, store) and in the top-level camera and app packages, and
// main.go wires them together.
package kiosk
