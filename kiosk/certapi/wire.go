package certapi

import (
	"encoding/base64"
	"time"

	"github.com/hainan-hrss/certkiosk/kiosk"
)

// The request bodies of the contract, as they go on the wire.

type enrollBody struct {
	EnrollmentCode string `json:"enrollment_code"`
	StationCode    string `json:"station_code"`
	StationName    string `json:"station_name"`
	HardwareID     string `json:"hardware_id"`
}

type statusBody struct {
	IDNumber string `json:"id_number"`
}

type certBody struct {
	CapturedAt string       `json:"captured_at"`
	IDCard     cardBody     `json:"id_card"`
	Face       faceBody     `json:"face"`
	Liveness   livenessBody `json:"liveness"`
	AssistedBy *string      `json:"assisted_by"`
}

type cardBody struct {
	CardType  string `json:"card_type"`
	IDNumber  string `json:"id_number"`
	Name      string `json:"name"`
	Sex       string `json:"sex"`
	Nation    string `json:"nation"`
	BirthDate string `json:"birth_date"`
	Address   string `json:"address"`
	Issuer    string `json:"issuer"`
	ValidFrom string `json:"valid_from"`
	ValidTo   string `json:"valid_to"`
	PhotoWLT  string `json:"photo_wlt"`
}

type faceBody struct {
	JPEG    string  `json:"jpeg"`
	Width   int     `json:"width"`
	Height  int     `json:"height"`
	Quality float64 `json:"quality"`
}

type livenessBody struct {
	Challenge []string `json:"challenge"`
	Passed    bool     `json:"passed"`
	Frames    []string `json:"frames"`
}

type heartbeatBody struct {
	Version    string            `json:"version"`
	UptimeS    int64             `json:"uptime_s"`
	QueueDepth int               `json:"queue_depth"`
	Devices    map[string]string `json:"devices"`
}

// wireCardType maps the kiosk's card types onto the contract's three: both
// generations of the foreigner's permanent residence card are one type there.
func wireCardType(t kiosk.CardType) string {
	if t == kiosk.CardForeignPermanent2023 {
		return string(kiosk.CardForeignPermanent)
	}
	if t == "" {
		return string(kiosk.CardResident)
	}
	return string(t)
}

func newCertBody(r *kiosk.CertRequest) certBody {
	b64 := base64.StdEncoding.EncodeToString
	c := &r.Card
	frames := make([]string, 0, len(r.Liveness.Frames))
	for _, f := range r.Liveness.Frames {
		frames = append(frames, b64(f))
	}
	challenge := r.Liveness.Challenge
	if challenge == nil {
		challenge = []string{}
	}
	var assisted *string
	if r.AssistedBy != "" {
		assisted = &r.AssistedBy
	}
	return certBody{
		CapturedAt: r.CapturedAt.In(kiosk.ChinaTime).Format(time.RFC3339),
		IDCard: cardBody{
			CardType: wireCardType(c.Type), IDNumber: c.IDNumber, Name: c.Name, Sex: c.Sex,
			Nation: c.Nation, BirthDate: c.BirthDate.String(), Address: c.Address, Issuer: c.Issuer,
			ValidFrom: c.ValidFrom.String(), ValidTo: c.ValidToText(), PhotoWLT: b64(c.PhotoWLT),
		},
		Face: faceBody{JPEG: b64(r.Face.JPEG), Width: r.Face.Width, Height: r.Face.Height,
			Quality: r.Face.Quality},
		Liveness:   livenessBody{Challenge: challenge, Passed: r.Liveness.Passed, Frames: frames},
		AssistedBy: assisted,
	}
}

func newHeartbeatBody(hb kiosk.Heartbeat) heartbeatBody {
	dev := func(s kiosk.DeviceStatus) string {
		if s == "" {
			return string(kiosk.DeviceMissing)
		}
		return string(s)
	}
	return heartbeatBody{
		Version: hb.Version, UptimeS: int64(hb.Uptime / time.Second), QueueDepth: hb.QueueDepth,
		Devices: map[string]string{"camera": dev(hb.Camera), "card_reader": dev(hb.CardReader)},
	}
}
