package kiosk

import "time"

// Channel is how a certification was made.
type Channel string

// Certification channels the service records.
const (
	ChannelKiosk     Channel = "kiosk"
	ChannelApp       Channel = "app"
	ChannelCounter   Channel = "counter"
	ChannelHomeVisit Channel = "home_visit"
	ChannelDataMatch Channel = "data_match" // other departments' records (hospital, travel …)
	ChannelAbroad    Channel = "abroad"
)

// CertStatus is a person's certification status as the service reports it.
type CertStatus struct {
	MaskedName       string
	MaskedID         string
	Pensioner        bool
	State            StatusState
	LastCertifiedAt  time.Time // zero if never certified
	LastChannel      Channel
	NextDueDate      Date // zero if never certified
	PensionSuspended bool
}

// NeedsCertification reports whether the person must certify now; a person
// in a valid cycle (any channel, data matching included) need not.
func (s CertStatus) NeedsCertification() bool {
	return s.LastCertifiedAt.IsZero() || s.State != StateValid || s.PensionSuspended
}

// FaceImage is the face chosen for a certification: a portrait JPEG crop.
type FaceImage struct {
	JPEG    []byte
	Width   int
	Height  int
	Quality float64 // 0–1, the capture's combined quality score
}

// Liveness is the evidence of the action challenge.
type Liveness struct {
	Challenge []string // e.g. turn_left, blink
	Passed    bool
	Frames    [][]byte // up to 4 JPEG evidence frames
}

// CertRequest is one certification to submit. IdempotencyKey stays the same
// on every retry so the service certifies it once.
type CertRequest struct {
	IdempotencyKey string
	CapturedAt     time.Time
	Card           IDCard
	Face           FaceImage
	Liveness       Liveness
	AssistedBy     string // staff id, empty when the person certified alone
}

// Wipe clears the personal data held by the request.
func (r *CertRequest) Wipe() {
	r.Card.Wipe()
	clear(r.Face.JPEG)
	for _, f := range r.Liveness.Frames {
		clear(f)
	}
	*r = CertRequest{}
}

// Outcome is the result of a certification.
type Outcome string

// Certification outcomes. OutcomeQueued is the kiosk's own: the request is
// stored and will be delivered when the service can be reached.
const (
	OutcomePassed       Outcome = "passed"
	OutcomeRejected     Outcome = "rejected"
	OutcomeManualReview Outcome = "manual_review"
	OutcomeQueued       Outcome = "queued"
)

// Result is the service's answer to a certification.
type Result struct {
	CertificationID string
	Outcome         Outcome
	ReasonCode      string // FACE_MISMATCH, LIVENESS_FAILED, … when not passed
	Message         string // Chinese text from the service for the screen
	CertifiedAt     time.Time
	NextDueDate     Date // set when passed (provisional when queued)
	SMSSent         bool
	PensionResumed  bool
}
