// Package livefixture builds the honest test data for the liveness
// challenge out of real still photos, since no video of a real person ships
// in Debian:
//
//   - photo attacks: the photo moved as a flat card in front of a pinhole
//     camera (shift, scale, in-plane rotation, perspective tilts) and
//     relit — what a printed photo or a phone screen can do;
//   - live-like heads: the photo mapped onto a simple 3-D head (see Head)
//     and rendered turning and nodding, so the nose moves against the eyes
//     and mouth as a real head's does;
//   - blinks: the eye openings painted shut over a few frames (CloseEyes).
//
// These are models, not people: testdata/liveness/README.md lists their
// limits.
package livefixture

import (
	"math"

	"gocv.io/x/gocv"

	"github.com/hainan-hrss/certkiosk/camera"
)

// Head is a depth map for one face photo: an ellipsoid-like dome over the
// head with a nose on it, sized from the face's keypoints. In units of the
// eye distance E, the dome covers an ellipse 2.5E wide and 3.5E tall
// centred a little below the eyes, its height is 0.9E·(1−r²)^1.5 (a smooth
// rim keeps the background still), and the nose is a Gaussian ridge 0.25E
// high (σ 0.16E across, 0.28E along) at the nose keypoint. The nose tip
// then stands about 0.45E in front of the eyes, as on an adult face, and
// eyes and mouth lie at about the same depth.
type Head struct {
	cx, cy, rx, ry float64 // dome ellipse, frame pixels
	depth          float64 // dome height
	nx, ny         float64 // nose ridge centre
	nh, nsx, nsy   float64 // nose height and spreads
	w, h           int
	mapX, mapY     []float32 // inverse map on the coarse grid
	fullX, fullY   []float32 // … and per pixel
}

// NewHead fits a head to face f in a w×h frame. f must be upright (roll
// near 0): the model's axes are the image's.
func NewHead(f camera.Face, w, h int) *Head {
	k := f.Keypoints
	re, le := k[camera.RightEye], k[camera.LeftEye]
	e := f.EyeDistance()
	my := (re.Y + le.Y) / 2
	mouth, nose := k[camera.Mouth], k[camera.NoseTip]
	return &Head{
		cx: (re.X + le.X) / 2, cy: my + 0.3*(mouth.Y-my),
		rx: 1.25 * e, ry: 1.75 * e, depth: 0.9 * e,
		nx: nose.X, ny: nose.Y - 0.1*e, nh: 0.25 * e, nsx: 0.16 * e, nsy: 0.28 * e,
		w: w, h: h,
	}
}

// z is the head's depth at frame offset (x, y) from the dome centre, and
// s the dome's weight there (1 at the centre, 0 at and beyond the rim).
func (hd *Head) z(x, y float64) (z, s float64) {
	r2 := (x/hd.rx)*(x/hd.rx) + (y/hd.ry)*(y/hd.ry)
	if r2 >= 1 {
		return 0, 0
	}
	s = 1 - r2
	dx, dy := (x+hd.cx-hd.nx)/hd.nsx, (y+hd.cy-hd.ny)/hd.nsy
	nose := hd.nh * math.Exp(-(dx*dx+dy*dy)/2) * s // fades with the dome
	return hd.depth*s*math.Sqrt(s) + nose, s
}

// Render draws the head in src turned by yaw and pitched by pitch degrees
// into dst, under an orthographic view. Yaw > 0 turns the head to the
// person's left (the nose moves to the image's right in an unmirrored
// frame); pitch > 0 lowers the chin. Outside the dome the frame is left as
// it is, as a room behind a person stays still.
func (hd *Head) Render(src gocv.Mat, dst *gocv.Mat, yaw, pitch float64) {
	// The inverse map is smooth, so it is solved on a grid every
	// mapStep pixels and interpolated: 16× less work, no visible change.
	gw, gh := hd.w/mapStep+1, hd.h/mapStep+1
	if len(hd.mapX) != gw*gh {
		hd.mapX = make([]float32, gw*gh)
		hd.mapY = make([]float32, gw*gh)
	}
	ct, st := math.Cos(yaw*math.Pi/180), math.Sin(yaw*math.Pi/180)
	cp, sp := math.Cos(pitch*math.Pi/180), math.Sin(pitch*math.Pi/180)
	for gy := 0; gy < gh; gy++ {
		for gx := 0; gx < gw; gx++ {
			// Forward model, in offsets from the dome centre: a surface
			// point (x, y, z) turns about the vertical axis, then pitches
			// about the horizontal one; the s-weighted terms fade the
			// foreshortening out towards the rim so the silhouette stays
			// joined to the still background. Solve it backwards for the
			// surface point that lands on this pixel by damped fixed-point
			// iteration, which converges while the slopes times the sines
			// stay below 1 (true up to about 35°).
			ox, oy := float64(gx*mapStep)-hd.cx, float64(gy*mapStep)-hd.cy
			x, y := ox, oy
			for it := 0; it < 12; it++ {
				z, s := hd.z(x, y)
				if s == 0 && it == 0 {
					break // outside the head: the still background
				}
				nx := ox - s*x*(ct-1) - z*st
				z1 := z*ct - s*x*st
				ny := oy - s*y*(cp-1) - z1*sp
				x, y = 0.5*(x+nx), 0.5*(y+ny)
			}
			hd.mapX[gy*gw+gx], hd.mapY[gy*gw+gx] = float32(x+hd.cx), float32(y+hd.cy)
		}
	}
	if len(hd.fullX) != hd.w*hd.h {
		hd.fullX = make([]float32, hd.w*hd.h)
		hd.fullY = make([]float32, hd.w*hd.h)
	}
	for py := 0; py < hd.h; py++ {
		gy, fy := py/mapStep, float32(py%mapStep)/mapStep
		for px := 0; px < hd.w; px++ {
			gx, fx := px/mapStep, float32(px%mapStep)/mapStep
			i, j := gy*gw+gx, py*hd.w+px
			hd.fullX[j] = lerp2(hd.mapX, i, gw, fx, fy)
			hd.fullY[j] = lerp2(hd.mapY, i, gw, fx, fy)
		}
	}
	mx, _ := gocv.NewMatFromBytes(hd.h, hd.w, gocv.MatTypeCV32F, f32bytes(hd.fullX))
	my, _ := gocv.NewMatFromBytes(hd.h, hd.w, gocv.MatTypeCV32F, f32bytes(hd.fullY))
	defer mx.Close()
	defer my.Close()
	gocv.Remap(src, dst, &mx, &my, gocv.InterpolationLinear, gocv.BorderReplicate, colorBlack)
}

// lerp2 interpolates grid g (width gw) between node i and its right and
// lower neighbours.
func lerp2(g []float32, i, gw int, fx, fy float32) float32 {
	top := g[i]*(1-fx) + g[i+1]*fx
	bot := g[i+gw]*(1-fx) + g[i+gw+1]*fx
	return top*(1-fy) + bot*fy
}

const mapStep = 4
