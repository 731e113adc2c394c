package kiosk

import (
	"fmt"
	"strconv"
	"time"
)

// Config is the kiosk's local configuration, set by technicians with
// `certkiosk config set KEY VALUE` and kept in the store's settings. The
// service credentials live apart, in a file only the kiosk user can read.
type Config struct {
	ReaderPort   string        // serial port of the card reader; empty probes for it
	ReaderBaud   int           // 115200 unless the reader was set otherwise
	CameraSource string        // V4L2 index ("0"), device path, or a video file
	Volume       float64       // 0–1 loudness of the spoken prompts
	FaceTimeout  time.Duration // how long a face capture may take
}

// DefaultConfig is what a freshly installed kiosk uses.
func DefaultConfig() Config {
	return Config{ReaderBaud: 115200, CameraSource: "0", Volume: 0.8, FaceTimeout: 60 * time.Second}
}

// configKeys are the settings a technician may set, each with its parser.
var configKeys = map[string]func(c *Config, v string) error{
	"reader.port": func(c *Config, v string) error { c.ReaderPort = v; return nil },
	"reader.baud": func(c *Config, v string) error {
		n, err := strconv.Atoi(v)
		switch {
		case err != nil:
			return fmt.Errorf("reader.baud %q is not a number", v)
		case n != 9600 && n != 19200 && n != 38400 && n != 57600 && n != 115200:
			return fmt.Errorf("reader.baud %d: readers use 9600, 19200, 38400, 57600 or 115200", n)
		}
		c.ReaderBaud = n
		return nil
	},
	"camera.source": func(c *Config, v string) error { c.CameraSource = v; return nil },
	"audio.volume": func(c *Config, v string) error {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || f < 0 || f > 1 {
			return fmt.Errorf("audio.volume %q: want a number from 0 to 1", v)
		}
		c.Volume = f
		return nil
	},
	"face.timeout": func(c *Config, v string) error {
		d, err := time.ParseDuration(v)
		if err != nil || d < 10*time.Second || d > 5*time.Minute {
			return fmt.Errorf("face.timeout %q: want a duration from 10s to 5m", v)
		}
		c.FaceTimeout = d
		return nil
	},
}

// ConfigKeys lists the settable keys.
func ConfigKeys() []string {
	return []string{"reader.port", "reader.baud", "camera.source", "audio.volume", "face.timeout"}
}

// Set applies one KEY=VALUE setting, rejecting unknown keys and bad values.
func (c *Config) Set(key, value string) error {
	set, ok := configKeys[key]
	if !ok {
		return fmt.Errorf("unknown setting %q", key)
	}
	return set(c, value)
}
