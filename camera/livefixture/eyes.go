package livefixture

import (
	"image"
	"math"

	"gocv.io/x/gocv"

	"github.com/hainan-hrss/certkiosk/camera"
)

func pt(x, y int) image.Point { return image.Pt(x, y) }

// CloseEyes paints the eye openings of face f in img (BGR, in place) shut
// by closure (0 open … 1 shut). The synthetic edit: each eye opening is an
// ellipse 0.54E wide and 0.26E tall (E the eye distance) around the eye
// keypoint; an upper lid comes down over it, coloured column by column
// with the skin just above the opening (averaged over 0.06E of rows) and
// darkened slightly towards its edge, and a dark lash line 0.03E thick
// runs along the lid's edge. It looks like a lid only from a distance;
// it has no crease, no lashes and no bulge of the eyeball.
func CloseEyes(img *gocv.Mat, f camera.Face, closure float64) {
	if closure <= 0 {
		return
	}
	closure = math.Min(closure, 1)
	px, err := img.DataPtrUint8()
	if err != nil || img.Channels() != 3 {
		return
	}
	w, h := img.Cols(), img.Rows()
	e := f.EyeDistance()
	for _, k := range []camera.Keypoint{camera.RightEye, camera.LeftEye} {
		c := f.Keypoints[k]
		closeEye(px, w, h, c.X, c.Y, 0.27*e, 0.13*e, e, closure)
	}
}

func closeEye(px []byte, w, h int, ex, ey, hw, hh, e, closure float64) {
	lash := math.Max(1, 0.03*e)
	band := math.Max(2, 0.06*e)
	x0, x1 := int(ex-hw), int(ex+hw)
	// Skin colour of each column just above the opening, then smoothed
	// across columns so the lid shows no streaks of brow or lashes.
	skin := make([][3]float64, x1-x0+1)
	for x := x0; x <= x1; x++ {
		dx := (float64(x) - ex) / hw
		top := ey - hh*math.Sqrt(math.Max(0, 1-dx*dx))
		n := 0.0
		for y := int(top - band); y < int(top); y++ {
			if x < 0 || x >= w || y < 0 || y >= h {
				continue
			}
			for ch := 0; ch < 3; ch++ {
				skin[x-x0][ch] += float64(px[(y*w+x)*3+ch])
			}
			n++
		}
		for ch := 0; ch < 3 && n > 0; ch++ {
			skin[x-x0][ch] /= n
		}
	}
	r := max(1, int(0.08*e))
	smooth := make([][3]float64, len(skin))
	for i := range skin {
		n := 0.0
		for j := max(0, i-r); j <= min(len(skin)-1, i+r); j++ {
			if skin[j] != [3]float64{} {
				for ch := 0; ch < 3; ch++ {
					smooth[i][ch] += skin[j][ch]
				}
				n++
			}
		}
		for ch := 0; ch < 3 && n > 0; ch++ {
			smooth[i][ch] /= n
		}
	}
	for x := x0; x <= x1; x++ {
		if x < 0 || x >= w {
			continue
		}
		dx := (float64(x) - ex) / hw
		if math.Abs(dx) >= 1 || smooth[x-x0] == [3]float64{} {
			continue
		}
		half := hh * math.Sqrt(1-dx*dx)
		top, bot := ey-half, ey+half
		edge := top + (bot-top)*closure
		// Soften the lid's sides so no hard vertical edge appears.
		side := math.Min(1, (1-math.Abs(dx))/0.3)
		for y := int(top); y <= int(math.Ceil(edge+lash)); y++ {
			if y < 0 || y >= h {
				continue
			}
			fy := float64(y)
			// The lid darkens a little towards its edge, as it curves away
			// from the light; the lash line is darker still.
			shade := 1 - 0.15*(fy-top)/math.Max(1, bot-top)
			a := side
			if fy > edge {
				a *= math.Max(0, 1-(fy-edge)/lash)
				shade = 0.5
			} else if fy > edge-lash {
				shade = 0.5
			}
			for ch := 0; ch < 3; ch++ {
				i := (y*w+x)*3 + ch
				v := smooth[x-x0][ch] * shade
				px[i] = sat(float64(px[i])*(1-a) + v*a)
			}
		}
	}
}
