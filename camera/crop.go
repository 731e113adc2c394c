package camera

import (
	"errors"
	"fmt"
	"image"
	"math"

	"gocv.io/x/gocv"
)

// Portrait output: the API's 480×640, with a size goal well under its
// 200 KiB limit.
const (
	PortraitWidth  = 480
	PortraitHeight = 640
	TargetBytes    = 60 * 1000  // aim: ≤ 60 KB …
	MinQuality     = 80         // … at JPEG quality ≥ 80
	MaxBytes       = 200 * 1024 // the API refuses larger faces
)

// PortraitRect is the portrait (3:4) crop around face f in a w×h frame: the
// face box is 45 % of the crop's height, a little above its middle, so hair
// and chin fit. The crop stays inside the frame, shrinking if it must.
func PortraitRect(f Face, w, h int) image.Rectangle {
	ch := float64(f.Box.Dy()) / 0.45
	ch = math.Min(ch, float64(h))
	cw := ch * 3 / 4
	if cw > float64(w) {
		cw, ch = float64(w), float64(w)*4/3
	}
	cx := float64(f.Box.Min.X+f.Box.Max.X) / 2
	cy := float64(f.Box.Min.Y+f.Box.Max.Y)/2 - 0.05*ch
	x0 := clamp(cx-cw/2, 0, float64(w)-cw)
	y0 := clamp(cy-ch/2, 0, float64(h)-ch)
	return image.Rect(int(x0), int(y0), int(x0+cw), int(y0+ch))
}

// PortraitJPEG crops face f from a BGR frame, scales it to 480×640 and
// encodes it at the highest quality from 92 down to MinQuality that fits
// TargetBytes; a very detailed face that does not fit at MinQuality goes
// lower, down to 50, only as far as needed to stay under MaxBytes.
func PortraitJPEG(frame gocv.Mat, f Face) (jpeg []byte, quality int, err error) {
	r := PortraitRect(f, frame.Cols(), frame.Rows())
	if r.Dx() < 8 || r.Dy() < 8 {
		return nil, 0, errors.New("camera: face too small to crop")
	}
	crop := frame.Region(r)
	defer crop.Close()
	out := gocv.NewMat()
	defer out.Close()
	interp := gocv.InterpolationArea // downscaling: area keeps detail honest
	if r.Dy() < PortraitHeight {
		interp = gocv.InterpolationCubic
	}
	gocv.Resize(crop, &out, image.Pt(PortraitWidth, PortraitHeight), 0, 0, interp)
	return encodeWithin(out, 92, MinQuality, TargetBytes)
}

// encodeWithin encodes img as JPEG at the highest quality from hi down to
// lo (steps of 4) whose size is at most target; failing that, it keeps
// stepping down to 50 until the result is at most MaxBytes.
func encodeWithin(img gocv.Mat, hi, lo, target int) ([]byte, int, error) {
	for q := hi; q >= 50; q -= 4 {
		limit := target
		if q < lo {
			limit = MaxBytes
		}
		buf, err := gocv.IMEncodeWithParams(gocv.JPEGFileExt, img, []int{gocv.IMWriteJpegQuality, q})
		if err != nil {
			return nil, 0, fmt.Errorf("camera: encode JPEG: %w", err)
		}
		b := buf.GetBytes()
		if len(b) <= limit || q-4 < 50 {
			out := append([]byte(nil), b...)
			buf.Close()
			if len(out) > MaxBytes {
				return nil, 0, fmt.Errorf("camera: JPEG of %d bytes over the API's limit", len(out))
			}
			return out, q, nil
		}
		buf.Close()
	}
	return nil, 0, errors.New("camera: unreachable")
}

// EncodeJPEG encodes a BGR frame or region as JPEG at quality q: for
// liveness evidence frames.
func EncodeJPEG(img gocv.Mat, q int) ([]byte, error) {
	buf, err := gocv.IMEncodeWithParams(gocv.JPEGFileExt, img, []int{gocv.IMWriteJpegQuality, q})
	if err != nil {
		return nil, fmt.Errorf("camera: encode JPEG: %w", err)
	}
	defer buf.Close()
	return append([]byte(nil), buf.GetBytes()...), nil
}
