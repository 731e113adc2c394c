package kiosk

import (
	"testing"
	"time"
)

func TestConfigSet(t *testing.T) {
	c := DefaultConfig()
	good := map[string]string{"reader.port": "/dev/ttyUSB0", "reader.baud": "57600",
		"camera.source": "/dev/video2", "audio.volume": "0.5", "face.timeout": "90s"}
	for _, k := range ConfigKeys() {
		if err := c.Set(k, good[k]); err != nil {
			t.Errorf("Set(%s, %s): %v", k, good[k], err)
		}
	}
	want := Config{ReaderPort: "/dev/ttyUSB0", ReaderBaud: 57600, CameraSource: "/dev/video2",
		Volume: 0.5, FaceTimeout: 90 * time.Second}
	if c != want {
		t.Errorf("config = %+v, want %+v", c, want)
	}
	for k, v := range map[string]string{"reader.baud": "12345", "audio.volume": "2",
		"face.timeout": "1s", "no.such": "x", "reader.baud ": "9600"} {
		if err := c.Set(k, v); err == nil {
			t.Errorf("Set(%q, %q) accepted", k, v)
		}
	}
	if c != want {
		t.Error("a rejected setting changed the config")
	}
}
