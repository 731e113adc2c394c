// Package idcard speaks the GA/T 467 frame protocol of second-generation
// resident ID card readers (a card reader with a secure access module, SAM)
// over a serial line, and parses what they read into kiosk.IDCard.
//
// The layers, bottom up: frame.go encodes and decodes frames and
// resynchronises on the preamble after garbage; Driver runs one
// command/answer exchange at a time over a Port; text.go parses the card's
// 256-byte UCS-2 text for resident (居民身份证), J (港澳台居民居住证) and I
// (外国人永久居留身份证) cards; Reader polls the reader and reports
// kiosk.CardEvent values, recovering from faults by itself; Open and
// ReadOnce find the reader on a serial port (go.bug.st/serial), probing
// candidate ports and baud rates when none is configured.
//
// Every failure is a *kiosk.Error whose Device names the port and whose
// cause is a *Fault saying which kind of reader fault it was and, when the
// reader answered, its SW3 code.
package idcard
