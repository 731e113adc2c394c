package camera

import (
	"image"
	"image/color"
	"testing"

	"gocv.io/x/gocv"
)

// TestPreviewMirrorsAndReuses: the preview is the frame mirrored, scaled to
// at most 640 wide, in the same image every call, with faces mapped onto it.
func TestPreviewMirrorsAndReuses(t *testing.T) {
	frame := gocv.NewMatWithSize(720, 1280, gocv.MatTypeCV8UC3)
	defer frame.Close()
	frame.SetTo(gocv.NewScalar(255, 0, 0, 0)) // blue (BGR)
	left := frame.Region(image.Rect(0, 0, 320, 720))
	left.SetTo(gocv.NewScalar(0, 0, 255, 0)) // red on the camera's left
	left.Close()
	p := newPreviewer(640)
	defer p.close()
	img := p.render(frame)
	if img.Bounds() != image.Rect(0, 0, 640, 360) {
		t.Fatalf("preview %v", img.Bounds())
	}
	if got := img.RGBAAt(630, 100); got != (color.RGBA{255, 0, 0, 255}) {
		t.Fatalf("preview's right edge is %v, want the camera's red left", got)
	}
	if got := img.RGBAAt(10, 100); got != (color.RGBA{0, 0, 255, 255}) {
		t.Fatalf("preview's left edge is %v, want blue", got)
	}
	if again := p.render(frame); again != img {
		t.Fatal("preview image not reused")
	}
	f := Face{Box: image.Rect(100, 200, 300, 400), Pose: Pose{Roll: 10}}
	f.Keypoints[RightEye] = Point{150, 250}
	m := p.face(f)
	if m.Box != image.Rect(490, 100, 590, 200) || m.Keypoints[RightEye].Image() != image.Pt(565, 125) || m.Pose.Roll != -10 {
		t.Fatalf("mirrored face %v %v %v", m.Box, m.Keypoints[RightEye], m.Pose)
	}
}
