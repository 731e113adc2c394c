package certapi_test

import (
	"context"
	"fmt"

	"github.com/hainan-hrss/certkiosk/kiosk/certapi"
	"github.com/hainan-hrss/certkiosk/kiosk/certsim"
)

// Enroll a kiosk with the simulator, then ask where a pensioner stands. A
// real kiosk loads its credentials with LoadCredentials instead.
func Example() {
	sim, _ := certsim.New(certsim.Options{Logger: quiet}) // in-memory state
	defer sim.Close()
	base, _ := sim.Start("127.0.0.1:0")
	code, _ := sim.IssueEnrollmentCode()

	ctx := context.Background()
	enroller, _ := certapi.New(certapi.Config{BaseURL: base, Logger: quiet})
	en, err := enroller.Enroll(ctx, code, "460100-007", "海口市龙华区政务服务中心", "hw-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	client, _ := certapi.New(certapi.Config{BaseURL: base, KioskID: en.KioskID, Secret: en.Secret, Logger: quiet})
	st, err := client.Status(ctx, "460105195507210038") // 陈国华, certified two months ago
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(en.KioskID, st.MaskedName, st.MaskedID, st.State, st.LastChannel)
	// Output: K460100007-01 陈** 460***********0038 valid kiosk
}
