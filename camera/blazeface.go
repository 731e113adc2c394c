package camera

import (
	"errors"
	"fmt"
	"image"
	"math"
	"sort"

	"gocv.io/x/gocv"
)

// BlazeFace front model geometry: a 128×128 RGB input and 896 anchors on
// two grids (16×16 cells × 2 anchors at stride 8, 8×8 cells × 6 anchors at
// stride 16). Offsets come in input pixels relative to the anchor centre.
const (
	bfInput = 128
	bfIoU   = 0.3 // overlap above which detections are blended into one
)

// The ONNX outputs, found by experiment: per-anchor logits and 16 box
// values (x, y, w, h, then six keypoint x, y) for each of the two grids.
var bfOutputs = []string{"Identity:0", "Identity_1:0", "Identity_2:0", "Identity_3:0"}

var bfGrids = [2]struct{ cells, anchors int }{{16, 2}, {8, 6}}

// Detector finds faces with BlazeFace through OpenCV DNN. It reuses its
// buffers between calls, so one Detector serves one goroutine.
type Detector struct {
	net       gocv.Net
	MinScore  float64 // detections below this confidence are dropped
	letterbox gocv.Mat
	rgb       gocv.Mat
	f32       gocv.Mat
	blob      gocv.Mat
	cands     []Face
	weights   []float64
}

// NewDetector loads the BlazeFace front ONNX model from its bytes.
func NewDetector(model []byte) (*Detector, error) {
	net, err := gocv.ReadNetFromONNXBytes(model)
	if err != nil {
		return nil, fmt.Errorf("camera: load BlazeFace model: %w", err)
	}
	if net.Empty() {
		net.Close()
		return nil, errors.New("camera: BlazeFace model is empty")
	}
	return &Detector{
		net:       net,
		MinScore:  0.6,
		letterbox: gocv.NewMatWithSize(bfInput, bfInput, gocv.MatTypeCV8UC3),
		rgb:       gocv.NewMat(),
		f32:       gocv.NewMat(),
		blob:      gocv.NewMatWithSizes([]int{1, bfInput, bfInput, 3}, gocv.MatTypeCV32F),
	}, nil
}

// Close frees the network and buffers.
func (d *Detector) Close() error {
	for _, m := range []*gocv.Mat{&d.letterbox, &d.rgb, &d.f32, &d.blob} {
		m.Close()
	}
	return d.net.Close()
}

// Detect returns the faces in a BGR frame, most confident first, appended
// to dst[:0] so a caller can reuse the slice.
//
// The first pass looks at the frame's central 4:3 part (all of a 640×480
// frame), which finds faces down to about 18 % of the frame height. Only
// when it finds none, a second pass zooms into the upper centre, where a
// person standing too far away appears, so that case gets "come closer"
// rather than "no face"; it costs a second inference on empty frames only.
func (d *Detector) Detect(frame gocv.Mat, dst []Face) ([]Face, error) {
	w, h := frame.Cols(), frame.Rows()
	if w == 0 || h == 0 {
		return dst[:0], errors.New("camera: empty frame")
	}
	d.cands = d.cands[:0]
	cw := min(w, h*4/3)
	if err := d.detectIn(frame, image.Rect((w-cw)/2, 0, (w-cw)/2+cw, h)); err != nil {
		return dst[:0], err
	}
	if len(d.cands) == 0 {
		s := h * 6 / 10
		cx, cy := w/2, h*4/10
		zoom := image.Rect(cx-s/2, max(0, cy-s/2), cx-s/2+s, max(0, cy-s/2)+s).Intersect(image.Rect(0, 0, w, h))
		if zoom.Dx() >= 16 && zoom.Dy() >= 16 {
			if err := d.detectIn(frame, zoom); err != nil {
				return dst[:0], err
			}
		}
	}
	dst = d.blend(dst[:0])
	for i := range dst {
		dst[i].Pose = estimatePose(&dst[i])
	}
	return dst, nil
}

// detectIn runs the model on one region of the frame and appends the
// candidates above MinScore, in frame pixels, to d.cands.
func (d *Detector) detectIn(frame gocv.Mat, region image.Rectangle) error {
	w, h := region.Dx(), region.Dy()
	// Letterbox: the model wants a square, and cropping would lose faces at
	// the edges, so the region is scaled into the square and padded.
	scale := float64(bfInput) / float64(max(w, h))
	sw, sh := max(1, int(math.Round(float64(w)*scale))), max(1, int(math.Round(float64(h)*scale)))
	ox, oy := (bfInput-sw)/2, (bfInput-sh)/2
	d.letterbox.SetTo(gocv.NewScalar(0, 0, 0, 0))
	src := frame.Region(region)
	roi := d.letterbox.Region(image.Rect(ox, oy, ox+sw, oy+sh))
	// Linear, not area, interpolation: area costs 0.7 ms at 640×480 on one
	// core, linear 0.1 ms, and the detector does not notice the aliasing.
	gocv.Resize(src, &roi, image.Pt(sw, sh), 0, 0, gocv.InterpolationLinear)
	roi.Close()
	src.Close()
	gocv.CvtColor(d.letterbox, &d.rgb, gocv.ColorBGRToRGB)
	d.rgb.ConvertToWithParams(&d.f32, gocv.MatTypeCV32FC3, 1/127.5, -1)
	in32, err := d.f32.DataPtrFloat32()
	if err != nil {
		return err
	}
	blob, err := d.blob.DataPtrFloat32()
	if err != nil {
		return err
	}
	copy(blob, in32) // a continuous 128×128×3 Mat is already NHWC

	d.net.SetInput(d.blob, "")
	outs := d.net.ForwardLayers(bfOutputs)
	defer func() {
		for i := range outs {
			outs[i].Close()
		}
	}()
	if len(outs) != 4 {
		return fmt.Errorf("camera: BlazeFace gave %d outputs, want 4", len(outs))
	}
	// Undo the letterbox: input pixels → frame pixels.
	x0, y0 := float64(region.Min.X), float64(region.Min.Y)
	toFrame := func(nx, ny float64) Point {
		return Point{x0 + (nx*bfInput-float64(ox))/scale, y0 + (ny*bfInput-float64(oy))/scale}
	}
	for g, grid := range bfGrids {
		scores, err1 := outs[g].DataPtrFloat32()
		boxes, err2 := outs[g+2].DataPtrFloat32()
		if err := errors.Join(err1, err2); err != nil {
			return err
		}
		n := grid.cells * grid.cells * grid.anchors
		if len(scores) < n || len(boxes) < n*16 {
			return fmt.Errorf("camera: BlazeFace output %d too short", g)
		}
		// Skip logits below the threshold before the exp: almost all are.
		minLogit := math.Log(d.MinScore / (1 - d.MinScore))
		for i := 0; i < n; i++ {
			logit := float64(scores[i])
			if logit < minLogit {
				continue
			}
			cell := i / grid.anchors
			ax := (float64(cell%grid.cells) + 0.5) / float64(grid.cells)
			ay := (float64(cell/grid.cells) + 0.5) / float64(grid.cells)
			b := boxes[i*16 : i*16+16]
			c := toFrame(ax+float64(b[0])/bfInput, ay+float64(b[1])/bfInput)
			bw, bh := float64(b[2])/scale, float64(b[3])/scale
			f := Face{Score: 1 / (1 + math.Exp(-logit))}
			f.Box = image.Rect(int(c.X-bw/2), int(c.Y-bh/2), int(c.X+bw/2), int(c.Y+bh/2))
			for k := range f.Keypoints {
				f.Keypoints[k] = toFrame(ax+float64(b[4+2*k])/bfInput, ay+float64(b[5+2*k])/bfInput)
			}
			d.cands = append(d.cands, f)
		}
	}
	return nil
}

// blend merges overlapping candidates into score-weighted means, as
// MediaPipe does: steadier boxes and keypoints than plain non-maximum
// suppression, which matters for the liveness challenge.
func (d *Detector) blend(dst []Face) []Face {
	c := d.cands
	sort.Slice(c, func(i, j int) bool { return c[i].Score > c[j].Score })
	used := d.weights[:0]
	for range c {
		used = append(used, 0)
	}
	d.weights = used
	for i := range c {
		if used[i] != 0 {
			continue
		}
		var acc [2 + 2*numKeypoints]float64 // box min/max as 4 values after the loop
		var box [4]float64
		sum := 0.0
		for j := i; j < len(c); j++ {
			if used[j] != 0 || iou(c[i].Box, c[j].Box) < bfIoU {
				continue
			}
			used[j] = 1
			s := c[j].Score
			sum += s
			r := c[j].Box
			box[0] += s * float64(r.Min.X)
			box[1] += s * float64(r.Min.Y)
			box[2] += s * float64(r.Max.X)
			box[3] += s * float64(r.Max.Y)
			for k, p := range c[j].Keypoints {
				acc[2*k] += s * p.X
				acc[2*k+1] += s * p.Y
			}
		}
		f := Face{Score: c[i].Score}
		f.Box = image.Rect(int(box[0]/sum), int(box[1]/sum), int(box[2]/sum), int(box[3]/sum))
		for k := range f.Keypoints {
			f.Keypoints[k] = Point{acc[2*k] / sum, acc[2*k+1] / sum}
		}
		dst = append(dst, f)
	}
	return dst
}

func iou(a, b image.Rectangle) float64 {
	in := a.Intersect(b)
	if in.Empty() {
		return 0
	}
	ia := float64(in.Dx() * in.Dy())
	return ia / (float64(a.Dx()*a.Dy()+b.Dx()*b.Dy()) - ia)
}
