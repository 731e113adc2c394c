package camera

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/hainan-hrss/certkiosk/kiosk"
)

func TestParseSource(t *testing.T) {
	dir := t.TempDir()
	video := filepath.Join(dir, "clip.avi")
	if err := os.WriteFile(video, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		in   string
		want Source
	}{
		{"demo", NewDemoSource()},
		{"0", &Device{Index: 0}},
		{"2", &Device{Index: 2}},
		{"/dev/video1", &Device{Path: "/dev/video1"}},
		{dir, &ImageSequence{Pattern: dir, Loop: true}},
		{filepath.Join(dir, "*.png"), &ImageSequence{Pattern: filepath.Join(dir, "*.png"), Loop: true}},
		{"face.jpg", &ImageSequence{Pattern: "face.jpg", Loop: true}},
		{video, &VideoFile{Path: video, Loop: true}},
	} {
		got, err := ParseSource(tc.in, true)
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("ParseSource(%q) = %#v, %v; want %#v", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []string{"", "-1", filepath.Join(dir, "missing.mp4")} {
		if _, err := ParseSource(bad, true); err == nil {
			t.Errorf("ParseSource(%q) accepted", bad)
		}
	}
}

// TestMissingWebcam: a kiosk started without its webcam opens fine, reports
// the camera missing, and a capture fails with camera_missing naming the
// device rather than hanging.
func TestMissingWebcam(t *testing.T) {
	cam, err := Open("/dev/video-certkiosk-test", WithRecovery(200*time.Millisecond, 300*time.Millisecond), WithLogger(quiet))
	if err != nil {
		t.Fatal(err)
	}
	defer cam.Close()
	_, err = cam.CaptureFace(context.Background(), kiosk.CaptureOptions{}, nil)
	var ke *kiosk.Error
	if !asKiosk(err, &ke) || ke.Code != kiosk.ErrCameraMissing || ke.Device != "/dev/video-certkiosk-test" {
		t.Fatalf("err %v, want camera_missing on the device", err)
	}
	if st := cam.Status(); st != kiosk.DeviceMissing {
		t.Fatalf("status %v", st)
	}
	msg, _ := kiosk.ScreenText(err)
	if msg == "" {
		t.Fatal("no screen text")
	}
}
