package liveness

import (
	"image"

	"gocv.io/x/gocv"
)

// Evidence frames go to the service as JPEGs of at most this width, well
// under the API's 200 KiB per frame at this quality.
const (
	evidenceMaxWidth = 640
	evidenceQuality  = 80
	maxEvidence      = 4 // the API takes up to 4 frames
)

// still is one kept evidence frame: the BGR pixels copied out of the
// camera's reused Mat into Go memory, encoded only when the challenge ends
// so the per-frame cost stays a copy.
type still struct {
	set  bool
	w, h int
	bgr  []byte
}

// grab copies frame (BGR, 8-bit) into s, reusing s's buffer.
func (s *still) grab(frame gocv.Mat) {
	if frame.Empty() || frame.Channels() != 3 || frame.Type() != gocv.MatTypeCV8UC3 {
		return
	}
	b, err := frame.DataPtrUint8()
	if err != nil { // a region of a larger Mat: copy it out first
		c := frame.Clone()
		defer c.Close()
		b = c.ToBytes()
	}
	s.bgr = append(s.bgr[:0], b...)
	s.w, s.h, s.set = frame.Cols(), frame.Rows(), true
}

// jpeg encodes the kept frame, scaled down to evidenceMaxWidth.
func (s *still) jpeg() ([]byte, error) {
	m, err := gocv.NewMatFromBytes(s.h, s.w, gocv.MatTypeCV8UC3, s.bgr)
	if err != nil {
		return nil, err
	}
	defer m.Close()
	if s.w > evidenceMaxWidth {
		small := gocv.NewMat()
		defer small.Close()
		h := s.h * evidenceMaxWidth / s.w
		gocv.Resize(m, &small, image.Pt(evidenceMaxWidth, h), 0, 0, gocv.InterpolationArea)
		m = small
	}
	buf, err := gocv.IMEncodeWithParams(gocv.JPEGFileExt, m, []int{gocv.IMWriteJpegQuality, evidenceQuality})
	if err != nil {
		return nil, err
	}
	defer buf.Close()
	return append([]byte(nil), buf.GetBytes()...), nil
}

// pickEvidence chooses up to maxEvidence kept frames: the start, the peak of
// each action, the end; with more than two actions the later peaks give way
// so that the start and the end are always there.
func pickEvidence(start still, peaks []still, end still) []*still {
	out := []*still{}
	add := func(s *still) {
		if s.set && len(out) < maxEvidence {
			out = append(out, s)
		}
	}
	add(&start)
	for i := range peaks {
		if len(out) < maxEvidence-1 {
			add(&peaks[i])
		}
	}
	add(&end)
	return out
}
