package camera

import (
	"image"

	"gocv.io/x/gocv"
)

// previewer turns camera frames into the mirrored RGBA preview, reusing
// its Mats and its image between frames. Mirrored, because people expect
// the screen to behave like a mirror when they move.
type previewer struct {
	maxWidth int
	small    gocv.Mat
	rgba     gocv.Mat
	img      *image.RGBA
	scale    float64 // preview pixels per frame pixel
}

func newPreviewer(maxWidth int) *previewer {
	return &previewer{maxWidth: maxWidth, small: gocv.NewMat(), rgba: gocv.NewMat()}
}

func (p *previewer) close() {
	p.small.Close()
	p.rgba.Close()
}

// render returns the preview of frame. The image is the same one every
// call, overwritten.
func (p *previewer) render(frame gocv.Mat) *image.RGBA {
	w, h := frame.Cols(), frame.Rows()
	p.scale = 1
	src := frame
	if w > p.maxWidth {
		// Downscale first: flipping and converting a quarter of the pixels.
		p.scale = float64(p.maxWidth) / float64(w)
		gocv.Resize(frame, &p.small, image.Pt(p.maxWidth, int(float64(h)*p.scale+0.5)), 0, 0, gocv.InterpolationLinear)
		src = p.small
	}
	gocv.CvtColor(src, &p.rgba, gocv.ColorBGRToRGBA)
	gocv.Flip(p.rgba, &p.rgba, 1)
	pw, ph := p.rgba.Cols(), p.rgba.Rows()
	if p.img == nil || p.img.Rect.Dx() != pw || p.img.Rect.Dy() != ph {
		p.img = image.NewRGBA(image.Rect(0, 0, pw, ph))
	}
	if data, err := p.rgba.DataPtrUint8(); err == nil {
		copy(p.img.Pix, data)
	}
	return p.img
}

// face maps a face to the preview's mirrored pixels. Keypoint indexes stay
// the person's own (RightEye is still the right eye, now on the image's
// right); yaw keeps its meaning, roll changes sign with the mirror.
func (p *previewer) face(f Face) Face {
	w := float64(p.img.Rect.Dx())
	r := f.Box
	out := f
	out.Box = image.Rect(int(w-float64(r.Max.X)*p.scale), int(float64(r.Min.Y)*p.scale),
		int(w-float64(r.Min.X)*p.scale), int(float64(r.Max.Y)*p.scale))
	for i, k := range f.Keypoints {
		out.Keypoints[i] = Point{w - k.X*p.scale, k.Y * p.scale}
	}
	out.Pose.Roll = -f.Pose.Roll
	return out
}
