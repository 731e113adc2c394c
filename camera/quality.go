package camera

import (
	"math"
	"sort"
)

// Thresholds configure the quality gates. They assume a kiosk camera's view:
// one person whose face (BlazeFace's box, brows to chin) fills about 15–60 %
// of the frame height. DefaultThresholds documents each choice.
type Thresholds struct {
	MinScore        float64 // detector confidence for a face to count at all
	SecondFace      float64 // another face counts as a second person when at least this fraction of the main face's height
	MinFaceHeight   float64 // face height / frame height; below: too_small
	MaxFaceHeight   float64 // above: too_large
	MaxOffsetX      float64 // |face centre − frame centre| / frame width; above: off_center
	MaxOffsetUp     float64 // face centre above the frame centre / frame height
	MaxOffsetDown   float64 // face centre below it
	MaxYaw          float64 // degrees; above: pose
	MaxRoll         float64 // degrees
	MaxPitch        float64 // degrees (proxy)
	MinFaceLuma     float64 // mean face luma 0–255; below: too_dark
	MaxFaceLuma     float64 // above: too_bright
	MaxBacklight    float64 // background luma − face luma; above: backlit
	MinSharpness    float64 // 100 × Laplacian variance / luma variance of the face at 64×64; below: blurred
	MinEyeContrast  float64 // luma std-dev in the eye regions; below: eyes_occluded (0 turns the gate off)
	MaxClippedShare float64 // fraction of the face box outside the frame; above: off_center
}

// DefaultThresholds are tuned on the Debian test photos and their generated
// transforms (see the tests and docs/benchmarks.md).
func DefaultThresholds() Thresholds {
	return Thresholds{
		MinScore:        0.6,  // baboon scores 0.34, the cat in chelsea.png 0.49; people 0.7–0.95
		SecondFace:      0.5,  // a passer-by far behind does not stop the capture
		MinFaceHeight:   0.15, // the kiosk view
		MaxFaceHeight:   0.60,
		MaxOffsetX:      0.20,
		MaxOffsetUp:     0.30, // faces sit high in a portrait or kiosk frame
		MaxOffsetDown:   0.20,
		MaxYaw:          25,
		MaxRoll:         20,
		MaxPitch:        25,
		MinFaceLuma:     60,
		MaxFaceLuma:     200,
		MaxBacklight:    70,
		MinSharpness:    8, // sharp faces 30–45, Gaussian blur σ=1 px of a 64 px face ≈ 16, σ=2 ≈ 6
		MinEyeContrast:  5, // real eyes 12–50 even when dim; a dark bar over them ≈ 0
		MaxClippedShare: 0.10,
	}
}

// gate applies the thresholds to an analysis whose faces and measures are
// filled in, setting Reasons and Score.
func (t *Thresholds) gate(a *Analysis) {
	a.Reasons = a.Reasons[:0]
	main, ok := a.Main()
	if !ok {
		a.Reasons = append(a.Reasons, NoFace)
		a.Score = 0
		return
	}
	m := &a.Measures
	for _, f := range a.Faces[1:] {
		if float64(f.Box.Dy()) >= t.SecondFace*float64(main.Box.Dy()) {
			a.Reasons = append(a.Reasons, MultipleFaces)
			break
		}
	}
	switch {
	case m.FaceHeight < t.MinFaceHeight:
		a.Reasons = append(a.Reasons, TooSmall)
	case m.FaceHeight > t.MaxFaceHeight:
		a.Reasons = append(a.Reasons, TooLarge)
	}
	clipped := 0.0
	if area := main.Box.Dx() * main.Box.Dy(); area > 0 {
		in := main.Box.Intersect(rectOf(a.Width, a.Height))
		clipped = 1 - float64(in.Dx()*in.Dy())/float64(area)
	}
	if math.Abs(m.OffsetX) > t.MaxOffsetX || -m.OffsetY > t.MaxOffsetUp || m.OffsetY > t.MaxOffsetDown || clipped > t.MaxClippedShare {
		a.Reasons = append(a.Reasons, OffCenter)
	}
	p := main.Pose
	if math.Abs(p.Yaw) > t.MaxYaw || math.Abs(p.Roll) > t.MaxRoll || math.Abs(p.Pitch) > t.MaxPitch {
		a.Reasons = append(a.Reasons, BadPose)
	}
	switch {
	case m.BackgroundLuma-m.FaceLuma > t.MaxBacklight:
		// A dark face before a bright window: moving helps, more light doesn't.
		a.Reasons = append(a.Reasons, Backlit)
	case m.FaceLuma < t.MinFaceLuma:
		a.Reasons = append(a.Reasons, TooDark)
	case m.FaceLuma > t.MaxFaceLuma:
		a.Reasons = append(a.Reasons, TooBright)
	}
	if t.MinEyeContrast > 0 && m.EyeContrast < t.MinEyeContrast {
		a.Reasons = append(a.Reasons, EyesOccluded)
	}
	if m.Sharpness < t.MinSharpness {
		a.Reasons = append(a.Reasons, Blurred)
	}
	sort.SliceStable(a.Reasons, func(i, j int) bool { return reasonOrder[a.Reasons[i]] < reasonOrder[a.Reasons[j]] })
	a.Score = t.score(main, m)
}

// score combines the measures into 0–1 for choosing the best frame: each
// factor is 1 at its ideal and falls towards 0 at its gate, so among frames
// that all pass, the sharpest, most frontal, best-lit one wins.
func (t *Thresholds) score(f Face, m *Measures) float64 {
	fall := func(v, limit float64) float64 { return clamp(1-math.Abs(v)/limit, 0, 1) }
	pose := (fall(f.Pose.Yaw, t.MaxYaw*2) + fall(f.Pose.Roll, t.MaxRoll*2) + fall(f.Pose.Pitch, t.MaxPitch*2)) / 3
	centre := (fall(m.OffsetX, t.MaxOffsetX*2) + fall(m.OffsetY, (t.MaxOffsetUp+t.MaxOffsetDown))) / 2
	light := fall(m.FaceLuma-130, 130)
	sharp := clamp(m.Sharpness/(4*t.MinSharpness), 0, 1)
	s := f.Score * (0.35*sharp + 0.25*pose + 0.15*centre + 0.25*light)
	return clamp(s, 0, 1)
}
