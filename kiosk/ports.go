package kiosk

import (
	"context"
	"image"
	"time"
)

// Clock tells the time; tests inject a fake one.
type Clock interface {
	Now() time.Time
}

// SystemClock is the machine's clock.
type SystemClock struct{}

// Now returns the current time.
func (SystemClock) Now() time.Time { return time.Now() }

// CardEventKind says what happened at the reader.
type CardEventKind int

// Card events.
const (
	CardPresent CardEventKind = iota + 1 // a card was placed and read
	CardRemoved                          // the card left the reader
	ReaderFault                          // the reader failed; Err says how
	ReaderReady                          // the reader works again after a fault
)

// CardEvent is one thing the reader reports. Card is set for CardPresent,
// Err for ReaderFault (and for a card that was present but unreadable).
type CardEvent struct {
	Kind CardEventKind
	Card *IDCard
	Err  error
}

// CardReader watches the card reader. Run reports events until ctx ends; it
// reports a card once while it stays on the reader, and recovers from faults
// by itself (reporting ReaderFault, then ReaderReady).
type CardReader interface {
	Run(ctx context.Context, events chan<- CardEvent) error
}

// FaceBox is one face the camera sees, in frame pixels.
type FaceBox struct {
	Rect      image.Rectangle
	Score     float64
	Keypoints []image.Point // BlazeFace's six: right eye, left eye, nose, mouth, right ear, left ear
	Yaw       float64       // degrees, + = turned to the person's left
	Roll      float64       // degrees
	Pitch     float64       // proxy, + = chin up
}

// FaceFrame is the camera's view of one frame, for the preview and hints.
// Preview is a mirrored RGBA image that the camera reuses: draw or copy it
// before the callback returns.
type FaceFrame struct {
	Seq      int
	Preview  image.Image
	Faces    []FaceBox
	OK       bool     // the frame passes every quality gate
	Reasons  []string // gate reason codes: no_face, too_small, blurred …
	Hint     string   // one short Chinese instruction for the person
	Progress float64  // 0–1, how far the capture is
	Action   string   // the liveness action being asked for, if any
}

// CaptureOptions tune one face capture.
type CaptureOptions struct {
	Timeout   time.Duration // give up after this long without a good face
	Challenge []string      // liveness actions to ask for, in order; none means plain capture
}

// Capture is what a successful face capture delivers.
type Capture struct {
	Face       FaceImage
	Liveness   Liveness
	CapturedAt time.Time
}

// Camera captures a live face. CaptureFace shows frames through observe
// (called on the camera's goroutine) until it has a good face or ctx ends.
type Camera interface {
	CaptureFace(ctx context.Context, opts CaptureOptions, observe func(FaceFrame)) (Capture, error)
	Status() DeviceStatus
}

// DeviceStatus is a device's health, as the heartbeat reports it.
type DeviceStatus string

// Device states.
const (
	DeviceOK      DeviceStatus = "ok"
	DeviceMissing DeviceStatus = "missing"
	DeviceError   DeviceStatus = "error"
)

// Heartbeat is the kiosk's periodic report to the service.
type Heartbeat struct {
	Version    string
	Uptime     time.Duration
	QueueDepth int
	Camera     DeviceStatus
	CardReader DeviceStatus
}

// HeartbeatReply is the service's answer to a heartbeat.
type HeartbeatReply struct {
	ServerTime time.Time
	Interval   time.Duration
	Notice     string // text for the idle screen, empty if none
}

// CertClient talks to the province's certification service.
type CertClient interface {
	Status(ctx context.Context, idNumber string) (CertStatus, error)
	Certify(ctx context.Context, req CertRequest) (Result, error)
	Heartbeat(ctx context.Context, hb Heartbeat) (HeartbeatReply, error)
}

// SessionRecord is what the kiosk keeps of one session: no name, no full ID.
type SessionRecord struct {
	StartedAt   time.Time
	EndedAt     time.Time
	Mode        Mode
	MaskedID    string
	Outcome     string // an Outcome, "status_only", "timeout", "cancelled" or an error code
	ReasonCode  string
	AssistedBy  string
	NextDueDate Date
}

// Store keeps the kiosk's records.
type Store interface {
	RecordSession(ctx context.Context, rec SessionRecord) error
}

// Phrase identifies something the kiosk says aloud.
type Phrase string

// Speaker speaks prompts. Say must not block the caller for the length of
// the audio; a kiosk without a sound card uses a Speaker that says nothing.
type Speaker interface {
	Say(p Phrase)
}
