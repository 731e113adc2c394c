package outbox_test

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/hainan-hrss/certkiosk/kiosk"
	"github.com/hainan-hrss/certkiosk/kiosk/audit"
	"github.com/hainan-hrss/certkiosk/kiosk/fixture"
	"github.com/hainan-hrss/certkiosk/kiosk/outbox"
	"github.com/hainan-hrss/certkiosk/kiosk/store"
)

// offline is a service that cannot be reached, as on a station whose cable
// came loose; the kiosk's real client is certapi.New(creds.Config()).
type offline struct{}

func (offline) Certify(context.Context, kiosk.CertRequest) (kiosk.Result, error) {
	return kiosk.Result{}, kiosk.Errorf(kiosk.ErrServiceUnreachable, "network is unreachable")
}
func (offline) Status(context.Context, string) (kiosk.CertStatus, error) {
	return kiosk.CertStatus{}, kiosk.Errorf(kiosk.ErrServiceUnreachable, "network is unreachable")
}
func (offline) Heartbeat(context.Context, kiosk.Heartbeat) (kiosk.HeartbeatReply, error) {
	return kiosk.HeartbeatReply{}, kiosk.Errorf(kiosk.ErrServiceUnreachable, "network is unreachable")
}

// Example wires the queue and the audit trail as the kiosk does, and
// certifies while the service is unreachable.
func Example() {
	dir, _ := os.MkdirTemp("", "kiosk-example-")
	defer os.RemoveAll(dir)
	db, err := store.Open(store.PathIn(dir))
	if err != nil {
		panic(err)
	}
	defer db.Close()
	key, err := outbox.LoadKey(outbox.KeyPath(dir), true) // storage.key, mode 0600
	if err != nil {
		panic(err)
	}
	trail, _ := audit.Open(db, key, audit.Options{})
	client, _ := outbox.New(offline{}, db, outbox.Options{Key: key, Audit: trail})
	sessions := audit.NewStore(db, trail) // the flow's kiosk.Store
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	go client.Run(ctx) // the uploader

	p, _ := fixture.ByScenario(fixture.DueSoon)
	captured := time.Date(2026, 11, 28, 10, 0, 0, 0, kiosk.ChinaTime)
	res, err := client.Certify(ctx, kiosk.CertRequest{IdempotencyKey: "6f1c1d2e-8a4b-4c1e-9d2f-3a4b5c6d7e8f",
		CapturedAt: captured, Card: p.Card, Face: kiosk.FaceImage{JPEG: []byte{0xff, 0xd8}}})
	fmt.Println(res.Outcome, res.NextDueDate, err)
	sessions.RecordSession(ctx, kiosk.SessionRecord{StartedAt: captured, EndedAt: captured,
		Mode: kiosk.ModeCertify, MaskedID: p.Card.MaskedID(), Outcome: string(res.Outcome)})
	st, _ := client.Stats(ctx)
	fmt.Println("waiting:", st.Depth)
	rep, _ := trail.Verify(ctx)
	fmt.Println("audit records:", rep.Records, "ok:", rep.OK())
	// Output:
	// queued 2027-10-31 <nil>
	// waiting: 1
	// audit records: 2 ok: true
}
