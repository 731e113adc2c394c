package liveness

import (
	"math"

	"github.com/hainan-hrss/certkiosk/camera"
)

// Invariant returns the nose tip's coordinates in the frame spanned by the
// eyes and the mouth: nose = eyeMid + A·(leftEye−rightEye) + B·(mouth−eyeMid).
//
// Any affine map of the image (translation, scale, rotation, shear, and to
// first order a perspective tilt) maps the three frame points and the nose
// alike, so A and B stay put for a flat picture. A real head turning to the
// person's left moves the protruding nose towards the left eye (A grows);
// nodding the chin down moves it towards the mouth (B grows).
// ok is false for a degenerate layout.
func Invariant(f camera.Face) (a, b float64, ok bool) {
	k := f.Keypoints
	re, le := k[camera.RightEye], k[camera.LeftEye]
	mid := camera.Point{X: (re.X + le.X) / 2, Y: (re.Y + le.Y) / 2}
	ux, uy := le.X-re.X, le.Y-re.Y
	vx, vy := k[camera.Mouth].X-mid.X, k[camera.Mouth].Y-mid.Y
	nx, ny := k[camera.NoseTip].X-mid.X, k[camera.NoseTip].Y-mid.Y
	det := ux*vy - uy*vx
	// A face's eye line and eye-to-mouth line are near perpendicular; a
	// determinant this small means a collapsed (or mirrored) layout.
	if det < 0.2*(ux*ux+uy*uy) {
		return 0, 0, false
	}
	a = (nx*vy - ny*vx) / det
	b = (ux*ny - uy*nx) / det
	return a, b, true
}

// Canonical face chip: the eyes and mouth of every frame are mapped onto
// these positions, so one eye's pixels can be compared across frames
// whatever the face's position, size and roll.
const (
	chipSize   = 48
	chipEyeY   = 18.0
	chipEyeDX  = 9.0 // half the eye distance in chip pixels
	chipMouthY = 40.0
)

// Chip regions compared between frames: each eye, and a control region
// over the nose and mouth that a blink leaves alone.
var (
	chipRightEye = chipRect{24 - 9 - 5, 18 - 4, 24 - 9 + 5, 18 + 4}
	chipLeftEye  = chipRect{24 + 9 - 5, 18 - 4, 24 + 9 + 5, 18 + 4}
	chipControl  = chipRect{24 - 10, 25, 24 + 10, 44}
)

type chipRect struct{ x0, y0, x1, y1 int }

// chip is a grey face chip, chipSize×chipSize.
type chip [chipSize * chipSize]float32

// sampleChip fills c from a grey frame (row-major, w×h bytes) through the
// affine map that puts the face's eyes and mouth on the canonical points.
// Each chip pixel averages a small grid of frame samples whose spacing
// follows the scale, so a large face is filtered rather than aliased.
func sampleChip(c *chip, gray []byte, w, h int, f camera.Face) bool {
	k := f.Keypoints
	re, le, m := k[camera.RightEye], k[camera.LeftEye], k[camera.Mouth]
	// Chip (u, v) → frame (x, y) = o + u·du + v·dv, solved from the three
	// correspondences: the eye line gives du, eye mid → mouth gives dv.
	eyeMid := camera.Point{X: (re.X + le.X) / 2, Y: (re.Y + le.Y) / 2}
	dux, duy := (le.X-re.X)/(2*chipEyeDX), (le.Y-re.Y)/(2*chipEyeDX)
	dvx, dvy := (m.X-eyeMid.X)/(chipMouthY-chipEyeY), (m.Y-eyeMid.Y)/(chipMouthY-chipEyeY)
	ox := eyeMid.X - chipSize/2*dux - chipEyeY*dvx
	oy := eyeMid.Y - chipSize/2*duy - chipEyeY*dvy
	scale := math.Max(math.Hypot(dux, duy), math.Hypot(dvx, dvy))
	if !(scale > 0.05) || len(gray) < w*h {
		return false
	}
	// Samples per chip pixel per axis: 2 filters enough for the chip's
	// use (patch likeness) at a quarter of the cost of following the scale.
	n := min(2, max(1, int(math.Ceil(scale))))
	step := 1 / float64(n)
	norm := float32(1) / float32(n*n)
	for v := 0; v < chipSize; v++ {
		for u := 0; u < chipSize; u++ {
			var sum float32
			for j := 0; j < n; j++ {
				fv := float64(v) + (float64(j)+0.5)*step - 0.5
				for i := 0; i < n; i++ {
					fu := float64(u) + (float64(i)+0.5)*step - 0.5
					sum += bilinear(gray, w, h, ox+fu*dux+fv*dvx, oy+fu*duy+fv*dvy)
				}
			}
			c[v*chipSize+u] = sum * norm
		}
	}
	return true
}

// bilinear samples a grey image at (x, y), clamping at the border.
func bilinear(g []byte, w, h int, x, y float64) float32 {
	// Plain comparisons: math.Max and math.Min cost a third of the chip.
	if x < 0 {
		x = 0
	} else if x > float64(w-1) {
		x = float64(w - 1)
	}
	if y < 0 {
		y = 0
	} else if y > float64(h-1) {
		y = float64(h - 1)
	}
	x0, y0 := int(x), int(y)
	x1, y1 := min(x0+1, w-1), min(y0+1, h-1)
	fx, fy := float32(x-float64(x0)), float32(y-float64(y0))
	r0, r1 := g[y0*w:], g[y1*w:]
	top := float32(r0[x0])*(1-fx) + float32(r0[x1])*fx
	bot := float32(r1[x0])*(1-fx) + float32(r1[x1])*fx
	return top*(1-fy) + bot*fy
}

// ncc is the normalised cross-correlation of two chips over region r: 1 for
// the same pattern under any brightness gain and offset, near 0 for
// unrelated ones. Flat regions (no texture to compare) count as alike.
func ncc(a, b *chip, r chipRect) float64 {
	var sa, sb, saa, sbb, sab float64
	n := float64((r.x1 - r.x0) * (r.y1 - r.y0))
	for y := r.y0; y < r.y1; y++ {
		for x := r.x0; x < r.x1; x++ {
			va, vb := float64(a[y*chipSize+x]), float64(b[y*chipSize+x])
			sa += va
			sb += vb
			saa += va * va
			sbb += vb * vb
			sab += va * vb
		}
	}
	va := saa - sa*sa/n
	vb := sbb - sb*sb/n
	if va < n || vb < n { // std below 1 grey level: nothing to compare
		return 1
	}
	return (sab - sa*sb/n) / math.Sqrt(va*vb)
}
