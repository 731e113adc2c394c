package camera

import "math"

// Typical keypoint ratios of a frontal face, measured on the frontal test
// photos: where the nose tip sits between the eye line (0) and the mouth
// (1). Pitch is read as the nose's departure from it.
const neutralNoseDrop = 0.45

// estimatePose reads yaw, roll and a pitch proxy from the keypoints.
//
// Roll is the eye line's angle. For yaw and pitch the keypoints are first
// rotated upright; yaw then compares the nose's horizontal distance to each
// ear (a turned head brings the nose towards one ear), and pitch compares
// the nose's height between eyes and mouth with the frontal ratio (the nose
// stands out of the face, so it moves more than the eyes and mouth when the
// head nods). Both map through asin so small angles are near degrees.
func estimatePose(f *Face) Pose {
	k := &f.Keypoints
	re, le := k[RightEye], k[LeftEye]
	// In an unmirrored frame the person's right eye is on the image's
	// left, so the eye line points along +x for an upright face.
	roll := math.Atan2(le.Y-re.Y, le.X-re.X)
	cos, sin := math.Cos(-roll), math.Sin(-roll)
	up := func(p Point) Point { // rotate by -roll about the eye centre
		cx, cy := (re.X+le.X)/2, (re.Y+le.Y)/2
		x, y := p.X-cx, p.Y-cy
		return Point{x*cos - y*sin, x*sin + y*cos}
	}
	nose, mouth := up(k[NoseTip]), up(k[Mouth])
	rEar, lEar := up(k[RightEar]), up(k[LeftEar])

	var yaw float64
	if span := lEar.X - rEar.X; span > 1e-6 {
		// +1 when the nose reaches the left ear: turned to the person's left.
		r := (2*nose.X - rEar.X - lEar.X) / span
		yaw = deg(math.Asin(clamp(r, -1, 1)))
	}
	var pitch float64
	if mouth.Y > 1e-6 {
		t := nose.Y / mouth.Y
		pitch = deg(math.Asin(clamp((neutralNoseDrop-t)/0.6, -1, 1)))
	}
	return Pose{Yaw: yaw, Roll: deg(roll), Pitch: pitch}
}

func deg(rad float64) float64 { return rad * 180 / math.Pi }

func clamp(v, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, v)) }
