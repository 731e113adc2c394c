package outbox

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/hainan-hrss/certkiosk/kiosk"
	"github.com/hainan-hrss/certkiosk/kiosk/audit"
	"github.com/hainan-hrss/certkiosk/kiosk/fixture"
)

// TestQueueEventsAreAudited wires the real audit trail in and checks that
// a request's life (queued, then delivered; or refused) is on the chain,
// with masked IDs only, and that the chain verifies.
func TestQueueEventsAreAudited(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	trail, err := audit.Open(e.db, e.key, audit.Options{Now: e.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	e.ob.audit = trail
	e.client.set(unreachable)
	req := request(t, fixture.DueSoon, testNow)
	e.ob.Certify(ctx, req)
	e.client.set(nil)
	e.clock.Advance(time.Minute)
	e.ob.Drain(ctx)
	e.client.set(func(kiosk.CertRequest) (kiosk.Result, error) {
		return kiosk.Result{}, kiosk.Errorf(kiosk.ErrServiceRefused, "HTTP 422 CAPTURE_TOO_OLD")
	})
	e.ob.Certify(ctx, request(t, fixture.NeverCertified, testNow))

	recs, err := trail.Recent(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	var events []string
	for _, r := range slices.Backward(recs) {
		events = append(events, r.Result)
		if r.Kind != audit.KindQueue || r.MaskedID == "" || r.MaskedID != kiosk.MaskID(r.MaskedID) {
			t.Errorf("record %+v", r)
		}
	}
	if want := []string{"queued", "delivered", "queued", "rejected"}; !slices.Equal(events, want) {
		t.Errorf("events = %v, want %v", events, want)
	}
	if rep, err := trail.Verify(ctx); err != nil || !rep.OK() {
		t.Errorf("verify = %+v, %v", rep, err)
	}
}

func TestWithoutKeyIsReadOnly(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	e.client.set(unreachable)
	e.ob.Certify(ctx, request(t, fixture.DueSoon, testNow))
	ro, err := New(e.client, e.db, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if st := mustStats(t, ro); st.Depth != 1 {
		t.Errorf("read-only stats = %+v", st)
	}
	if _, err := ro.Certify(ctx, request(t, fixture.DueSoon, testNow)); kiosk.CodeOf(err) != kiosk.ErrStorage {
		t.Errorf("read-only Certify: %v", err)
	}
	if _, err := ro.Drain(ctx); kiosk.CodeOf(err) != kiosk.ErrStorage {
		t.Errorf("read-only Drain: %v", err)
	}
	var hold string
	e.db.SQL().QueryRow(`SELECT hold_reason FROM outbox`).Scan(&hold)
	if hold != "" {
		t.Errorf("a keyless outbox marked the row %q", hold)
	}
}
