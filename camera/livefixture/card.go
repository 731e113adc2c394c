package livefixture

import (
	"image/color"
	"math"
	"unsafe"

	"gocv.io/x/gocv"
)

var (
	colorBlack = color.RGBA{0, 0, 0, 255}
	colorRoom  = color.RGBA{96, 104, 112, 255} // the wall behind a held-up photo
)

// Focal length of the simulated camera in pixels for a 640-pixel-wide
// frame: a 60° horizontal field of view, a typical USB webcam.
const focal640 = 554.0

// Card is how a flat photo (or a phone screen) is held in front of the
// camera: moved, scaled, rotated in its plane, tilted out of it, and lit.
// The zero Card, with Scale 0 read as 1 and Gain 0 read as 1, is the photo
// as taken.
type Card struct {
	ShiftX, ShiftY float64 // image pixels
	Scale          float64 // 1: as taken; 1.2: 20 % closer
	Roll           float64 // degrees, in the photo's plane
	TiltYaw        float64 // degrees, turned about its vertical axis
	TiltPitch      float64 // degrees, tipped about its horizontal axis
	Gain, Offset   float64 // brightness: v·Gain + Offset
	SideLight      float64 // −1…1: light falling from one side across the frame
}

// identity reports whether c leaves the geometry alone.
func (c Card) identity() bool {
	return c.ShiftX == 0 && c.ShiftY == 0 && (c.Scale == 0 || c.Scale == 1) &&
		c.Roll == 0 && c.TiltYaw == 0 && c.TiltPitch == 0
}

// Homography returns the 3×3 map from the photo's pixels to the frame's
// for a w×h frame: the photo is a plane at the distance where it fills the
// frame as taken, rotated about its centre, seen through a pinhole with a
// 60° field of view, then scaled and shifted in the image. A pinhole, not
// an affine camera, so tilts carry real perspective.
func (c Card) Homography(w, h int) [9]float64 {
	scale := c.Scale
	if scale == 0 {
		scale = 1
	}
	f := focal640 * float64(w) / 640
	cx, cy := float64(w)/2, float64(h)/2
	r := rotation(c.TiltPitch, c.TiltYaw, c.Roll)
	// Photo pixel (u, v, 1) → plane point (u−cx, v−cy, 0) at depth f →
	// rotated → projected: x = cx + tx + scale·f·X/Z.
	// Columns of the plane-to-camera map: r's first two columns and the
	// translation (−R·(cx, cy, 0) + (0, 0, f)).
	var m [9]float64
	for i := 0; i < 3; i++ {
		m[i*3+0] = r[i*3+0]
		m[i*3+1] = r[i*3+1]
		m[i*3+2] = -r[i*3+0]*cx - r[i*3+1]*cy
	}
	m[8] += f
	// Projection and image-space scale and shift.
	k := [9]float64{scale * f, 0, cx + c.ShiftX, 0, scale * f, cy + c.ShiftY, 0, 0, 1}
	return mul3(k, m)
}

// rotation returns Rz(roll)·Rx(pitch)·Ry(yaw), row-major, in degrees.
func rotation(pitch, yaw, roll float64) [9]float64 {
	rad := math.Pi / 180
	cp, sp := math.Cos(pitch*rad), math.Sin(pitch*rad)
	cy, sy := math.Cos(yaw*rad), math.Sin(yaw*rad)
	cr, sr := math.Cos(roll*rad), math.Sin(roll*rad)
	ry := [9]float64{cy, 0, sy, 0, 1, 0, -sy, 0, cy}
	rx := [9]float64{1, 0, 0, 0, cp, -sp, 0, sp, cp}
	rz := [9]float64{cr, -sr, 0, sr, cr, 0, 0, 0, 1}
	return mul3(rz, mul3(rx, ry))
}

func mul3(a, b [9]float64) (c [9]float64) {
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			for k := 0; k < 3; k++ {
				c[i*3+j] += a[i*3+k] * b[k*3+j]
			}
		}
	}
	return c
}

// Apply draws src held as c into dst (same size), on a plain wall.
func (c Card) Apply(src gocv.Mat, dst *gocv.Mat) {
	if c.identity() {
		src.CopyTo(dst)
	} else {
		h := c.Homography(src.Cols(), src.Rows())
		hm, _ := gocv.NewMatFromBytes(3, 3, gocv.MatTypeCV64F, f64bytes(h[:]))
		defer hm.Close()
		gocv.WarpPerspectiveWithParams(src, dst, hm, pt(src.Cols(), src.Rows()),
			gocv.InterpolationLinear, gocv.BorderConstant, colorRoom)
	}
	c.light(dst)
}

// light applies gain, offset and a side light to a BGR image in place.
func (c Card) light(img *gocv.Mat) {
	gain := c.Gain
	if gain == 0 {
		gain = 1
	}
	if gain == 1 && c.Offset == 0 && c.SideLight == 0 {
		return
	}
	px, err := img.DataPtrUint8()
	if err != nil {
		return
	}
	w := img.Cols()
	for i := 0; i < len(px); i += 3 {
		x := float64((i / 3) % w)
		g := gain * (1 + 0.5*c.SideLight*(2*x/float64(w)-1))
		for j := i; j < i+3; j++ {
			px[j] = sat(float64(px[j])*g + c.Offset)
		}
	}
}

func sat(v float64) byte { return byte(math.Max(0, math.Min(255, math.Round(v)))) }

func f64bytes(v []float64) []byte {
	return unsafe.Slice((*byte)(unsafe.Pointer(&v[0])), len(v)*8)
}

func f32bytes(v []float32) []byte {
	return unsafe.Slice((*byte)(unsafe.Pointer(&v[0])), len(v)*4)
}
