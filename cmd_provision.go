package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/hainan-hrss/certkiosk/kiosk"
	"github.com/hainan-hrss/certkiosk/kiosk/certapi"
	"github.com/hainan-hrss/certkiosk/kiosk/store"
)

func init() {
	register(command{name: "provision", summary: "enroll this kiosk with the certification service", run: runProvision})
}

func runProvision(args []string) int {
	fs := newFlags("provision", "--api URL --code CODE --station-code 460100-007 --station-name NAME",
		"Redeems a one-time enrollment code issued by the province, stores the kiosk's\n"+
			"credentials in <data-dir>/credentials.json (mode 0600) and checks them with a\n"+
			"heartbeat. The secret is never printed.")
	api := fs.String("api", "", "base URL of the certification API, e.g. https://cert.example.gov.cn/api/v1")
	code := fs.String("code", "", "enrollment code issued by the province (8 to 16 characters)")
	station := fs.String("station-code", "", "service station code, e.g. 460100-007")
	name := fs.String("station-name", "", "service station name, e.g. 海口市龙华区政务服务中心")
	dataDir := fs.String("data-dir", "", "kiosk data directory (default $XDG_DATA_HOME/certkiosk)")
	ca := fs.String("ca", "", "PEM bundle of trusted CAs (default: the system's)")
	pins := fs.String("pin", "", "comma-separated base64 SHA-256 SPKI pins of the service's certificates")
	hwid := fs.String("hardware-id", "", "stable id of this machine (default: derived from /etc/machine-id)")
	force := fs.Bool("force", false, "replace existing credentials")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if *api == "" || *code == "" || *station == "" || *name == "" {
		fs.Usage()
		return 2
	}
	if *dataDir == "" {
		*dataDir = store.DefaultDataDir()
	}
	path := certapi.CredentialsPath(*dataDir)
	if _, err := os.Stat(path); err == nil && !*force {
		fmt.Fprintf(os.Stderr, "certkiosk provision: %s exists; this kiosk is enrolled already (use --force to replace)\n", path)
		return 1
	}
	if *ca != "" {
		// The kiosk later starts from another directory: keep an absolute path.
		if abs, err := filepath.Abs(*ca); err == nil {
			*ca = abs
		}
	}
	if *hwid == "" {
		*hwid = hardwareID()
	}
	var pinList []string
	if *pins != "" {
		pinList = strings.Split(*pins, ",")
	}
	cfg := certapi.Config{BaseURL: *api, CABundle: *ca, PinSHA256: pinList, Logger: newLogger()}
	c, err := certapi.New(cfg)
	if err != nil {
		return fail("provision", kiosk.NewError(kiosk.ErrServiceRefused, err))
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	en, err := c.Enroll(ctx, *code, *station, *name, *hwid)
	if err != nil {
		return fail("provision", err)
	}
	creds := certapi.Credentials{KioskID: en.KioskID, Secret: en.Secret, APIBaseURL: *api,
		StationCode: *station, StationName: *name, CABundle: *ca, PinSHA256: pinList}
	if err := certapi.SaveCredentials(path, creds); err != nil {
		return fail("provision", kiosk.NewError(kiosk.ErrStorage, err))
	}
	fmt.Printf("enrolled as %s; credentials saved to %s (mode 0600)\n", en.KioskID, path)
	cfg = creds.Config()
	cfg.Logger = newLogger()
	verify, err := certapi.New(cfg)
	if err == nil {
		_, err = verify.Heartbeat(ctx, kiosk.Heartbeat{Version: version, Camera: kiosk.DeviceMissing,
			CardReader: kiosk.DeviceMissing})
	}
	if err != nil {
		return fail("provision", errors.Join(errors.New("enrolled, but the first heartbeat failed"), err))
	}
	fmt.Println("heartbeat OK: the service accepts this kiosk's signature")
	return 0
}

// hardwareID derives a stable machine id without sending /etc/machine-id
// itself, which systemd asks applications not to expose.
func hardwareID() string {
	b, err := os.ReadFile("/etc/machine-id")
	if err != nil {
		h, _ := os.Hostname()
		b = []byte(h)
	}
	sum := sha256.Sum256(append([]byte("certkiosk:"), b...))
	return "hw-" + hex.EncodeToString(sum[:8])
}
