package liveness

import (
	"image"
	"math"
	"slices"
	"unsafe"

	"gocv.io/x/gocv"

	"github.com/hainan-hrss/certkiosk/camera"
)

// Parallax is the second 3-D cue, measured on the image itself rather than
// on the detector's keypoints. The detector is a neural network that has
// learnt what faces look like: shown a photo tilted sideways it places the
// nose where a turned head's nose would be, so its keypoints alone can be
// fooled. Texture points cannot: every point of a flat picture moves by
// one homography (a plane seen through a pinhole), whatever the hand does,
// while the points of a turning head (nose tip, cheeks, eye sockets at
// different depths) cannot all be explained by one.
//
// So corners found on the face at the start are followed from frame to
// frame (pyramidal Lucas-Kanade on the face region only), a homography is
// fitted robustly from their start to their current positions, and the
// parallax is how far the points stray from it, in eye distances.
type parallax struct {
	roi     image.Rectangle // the region followed, fixed from the start
	scale   float64         // working scale of the region (≤ 1)
	hasPrev bool            // hpPrev holds the previous frame's region
	closed  bool
	ref     []gocv.Point2f // positions at the start, of the points still followed
	cur     []gocv.Point2f // their positions in the previous frame
	eye     float64        // eye distance at the start
	res     []float64
	// OpenCV buffers, reused.
	corners, next, status, errs, mask gocv.Mat
	blur, hpPrev, hpCur, small        gocv.Mat
}

// Tracking settings: enough corners to fit and test a homography, spaced
// so they cover the face rather than crowd the eyes.
const (
	pxMinPoints = 12
	pxLost      = 0.4 // eye distances from the fitted motion: a lost point
)

// Tracker settings, chosen on the fixtures for the widest gap between the
// photo attacks' largest parallax and the live heads' smallest (0.061 vs
// 0.140 eye distances) at a per-frame cost inside the budget; smaller
// windows or fewer pyramid levels lost points on fast-moving photos and
// made them look solid. Variables, so an exploration test can vary them.
var (
	pxMaxCorners = 50
	pxWindow     = 13
	pxLevels     = 3
	pxEyeWork    = 64.0
	pxPercentile = 0.75
)

func newParallax() *parallax {
	return &parallax{corners: gocv.NewMat(), next: gocv.NewMat(),
		status: gocv.NewMat(), errs: gocv.NewMat(), mask: gocv.NewMat(),
		blur: gocv.NewMat(), hpPrev: gocv.NewMat(), hpCur: gocv.NewMat(), small: gocv.NewMat()}
}

func (p *parallax) close() {
	if p.closed {
		return
	}
	p.closed = true
	for _, m := range []*gocv.Mat{&p.corners, &p.next, &p.status, &p.errs, &p.mask,
		&p.blur, &p.hpPrev, &p.hpCur, &p.small} {
		m.Close()
	}
}

// faceROI is the region followed: the face box grown by half its size on
// every side, clipped. A head turning or nodding stays inside it; a photo
// waved further loses its points, and with them any claim to be 3-D.
func faceROI(f camera.Face, w, h int) image.Rectangle {
	b := f.Box
	dx, dy := b.Dx()/2, b.Dy()/2
	return image.Rect(b.Min.X-dx, b.Min.Y-dy, b.Max.X+dx, b.Max.Y+dy).Intersect(image.Rect(0, 0, w, h))
}

// start picks the corners of face f in gray as the reference.
func (p *parallax) start(gray gocv.Mat, f camera.Face) {
	p.ref, p.cur = p.ref[:0], p.cur[:0]
	p.eye = f.EyeDistance()
	b := f.Box.Intersect(image.Rect(0, 0, gray.Cols(), gray.Rows()))
	if b.Dx() < 16 || b.Dy() < 16 {
		return
	}
	roi := gray.Region(b)
	gocv.GoodFeaturesToTrack(roi, &p.corners, pxMaxCorners, 0.01, math.Max(3, p.eye/8))
	roi.Close()
	pts, err := p.corners.DataPtrFloat32()
	if err != nil {
		return
	}
	for i := 0; i+1 < len(pts); i += 2 {
		q := gocv.Point2f{X: pts[i] + float32(b.Min.X), Y: pts[i+1] + float32(b.Min.Y)}
		p.ref = append(p.ref, q)
		p.cur = append(p.cur, q)
	}
	p.roi = faceROI(f, gray.Cols(), gray.Rows())
	// Work with the eyes pxEyeWork pixels apart: plenty of texture for
	// Lucas-Kanade, and a near face costs no more than a far one.
	p.scale = math.Min(1, pxEyeWork/p.eye)
	p.prepare(gray, &p.hpPrev)
	p.hasPrev = true
}

// prepare cuts the region out of gray at the working scale and high-passes it.
func (p *parallax) prepare(gray gocv.Mat, dst *gocv.Mat) {
	roi := gray.Region(p.roi)
	defer roi.Close()
	if p.scale >= 1 {
		p.highPass(roi, dst)
		return
	}
	sz := image.Pt(max(1, int(float64(p.roi.Dx())*p.scale)), max(1, int(float64(p.roi.Dy())*p.scale)))
	gocv.Resize(roi, &p.small, sz, 0, 0, gocv.InterpolationLinear)
	p.highPass(p.small, dst)
}

// track follows the points into gray and returns the motion, the points'
// median move since the previous frame in eye distances; and, when fit is
// set, the parallax: the 75th percentile of the points' distance from the
// best homography, in eye distances (the fit is the costly part, so it is
// done only while the keypoints say an action may be under way). ok is
// false when too few points are left.
func (p *parallax) track(gray gocv.Mat, fit bool) (px, motion float64, ok bool) {
	if !p.hasPrev || len(p.cur) < pxMinPoints || p.roi.Empty() {
		return 0, 0, false
	}
	off := gocv.Point2f{X: float32(p.roi.Min.X), Y: float32(p.roi.Min.Y)}
	sc := float32(p.scale)
	in := make([]float32, 0, 2*len(p.cur))
	for _, q := range p.cur {
		in = append(in, (q.X-off.X)*sc, (q.Y-off.Y)*sc)
	}
	inMat, _ := gocv.NewMatFromBytes(len(p.cur), 1, gocv.MatTypeCV32FC2, f32bytes(in))
	defer inMat.Close()
	p.prepare(gray, &p.hpCur)
	gocv.CalcOpticalFlowPyrLKWithParams(p.hpPrev, p.hpCur, inMat, p.next, &p.status, &p.errs,
		image.Pt(pxWindow, pxWindow), pxLevels,
		gocv.NewTermCriteria(gocv.Count+gocv.EPS, 10, 0.05), 0, 1e-4)
	p.hpPrev, p.hpCur = p.hpCur, p.hpPrev
	out, err1 := p.next.DataPtrFloat32()
	st, err2 := p.status.DataPtrUint8()
	if err1 != nil || err2 != nil || len(st) < len(p.cur) {
		p.cur = p.cur[:0]
		return 0, 0, false
	}
	n := 0
	p.res = p.res[:0]
	for i := range p.cur {
		if st[i] == 0 {
			continue
		}
		q := gocv.Point2f{X: out[2*i]/sc + off.X, Y: out[2*i+1]/sc + off.Y}
		p.res = append(p.res, math.Hypot(float64(q.X-p.cur[i].X), float64(q.Y-p.cur[i].Y)))
		p.ref[n], p.cur[n] = p.ref[i], q
		n++
	}
	p.ref, p.cur = p.ref[:n], p.cur[:n]
	if n < pxMinPoints {
		return 0, 0, false
	}
	slices.Sort(p.res)
	motion = p.res[n/2] / p.eye
	if !fit {
		return 0, motion, true
	}
	px, ok = p.residual()
	return px, motion, ok
}

// highPass removes the smooth part of the light (src minus its blur, around
// 128), so that a photo tilted towards a lamp or a screen's brightness
// changing does not drag the points: Lucas-Kanade assumes constant
// brightness, and lighting was the one attack that fooled it unfiltered.
func (p *parallax) highPass(src gocv.Mat, dst *gocv.Mat) {
	k := int(p.eye*p.scale) | 1
	gocv.BoxFilter(src, &p.blur, -1, image.Pt(k, k))
	gocv.AddWeighted(src, 1, p.blur, -1, 128, dst)
}

// residual fits the homography ref → cur and measures the points' spread
// around it.
func (p *parallax) residual() (float64, bool) {
	src := toMat(p.ref)
	dst := toMat(p.cur)
	defer src.Close()
	defer dst.Close()
	// RANSAC with a tight threshold finds the best plane through the
	// points; a flat picture's points all lie on it.
	hm := gocv.FindHomography(src, &dst, gocv.HomograpyMethodRANSAC, math.Max(1, 0.02*p.eye), &p.mask, 100, 0.98)
	defer hm.Close()
	if hm.Empty() {
		return 0, false
	}
	hv := [9]float64{}
	for i := range hv {
		hv[i] = hm.GetDoubleAt(i/3, i%3)
	}
	p.res = p.res[:0]
	n := 0
	for i, q := range p.ref {
		x, y := float64(q.X), float64(q.Y)
		d := hv[6]*x + hv[7]*y + hv[8]
		if math.Abs(d) < 1e-9 {
			return 0, false
		}
		ex := (hv[0]*x+hv[1]*y+hv[2])/d - float64(p.cur[i].X)
		ey := (hv[3]*x+hv[4]*y+hv[5])/d - float64(p.cur[i].Y)
		r := math.Hypot(ex, ey) / p.eye
		// No part of a head strays this far from the plane's motion in a
		// turn or a nod: the point slid off its feature. Drop it for good,
		// or a few such slips would make a waved photo look solid.
		if r > pxLost {
			continue
		}
		p.res = append(p.res, r)
		p.ref[n], p.cur[n] = p.ref[i], p.cur[i]
		n++
	}
	p.ref, p.cur = p.ref[:n], p.cur[:n]
	if n < pxMinPoints {
		return 0, false
	}
	slices.Sort(p.res)
	return p.res[int(float64(len(p.res)-1)*pxPercentile)], true
}

func toMat(pts []gocv.Point2f) gocv.Mat {
	m, _ := gocv.NewMatFromBytes(len(pts), 1, gocv.MatTypeCV32FC2,
		unsafe.Slice((*byte)(unsafe.Pointer(&pts[0])), len(pts)*8))
	return m
}

func f32bytes(v []float32) []byte {
	return unsafe.Slice((*byte)(unsafe.Pointer(&v[0])), len(v)*4)
}
