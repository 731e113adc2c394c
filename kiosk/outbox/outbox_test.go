package outbox

import (
	"bytes"
	"context"
	"slices"
	"testing"
	"time"

	"github.com/hainan-hrss/certkiosk/kiosk"
	"github.com/hainan-hrss/certkiosk/kiosk/certapi"
	"github.com/hainan-hrss/certkiosk/kiosk/fixture"
)

func TestCertify(t *testing.T) {
	ctx := context.Background()
	t.Run("DeliveredIsErased", func(t *testing.T) {
		e := newEnv(t)
		req := request(t, fixture.NeverCertified, testNow)
		var depthDuringCall int
		e.client.set(func(r kiosk.CertRequest) (kiosk.Result, error) {
			// The request must be committed before the service is asked.
			depthDuringCall = mustStats(t, e.ob).Depth
			return passed(r), nil
		})
		res, err := e.ob.Certify(ctx, req)
		if err != nil || res.Outcome != kiosk.OutcomePassed || res.CertificationID == "" {
			t.Fatalf("Certify = %+v, %v", res, err)
		}
		if depthDuringCall != 1 {
			t.Errorf("queue depth while the service was asked = %d, want 1", depthDuringCall)
		}
		if st := mustStats(t, e.ob); st.Depth != 0 || st.Rejections != 0 {
			t.Errorf("after delivery: %+v", st)
		}
	})
	t.Run("UnreachableIsQueued", func(t *testing.T) {
		e := newEnv(t)
		e.client.set(unreachable)
		req := request(t, fixture.DueSoon, testNow.Add(-time.Minute))
		face, id, name := bytes.Clone(req.Face.JPEG[200:264]), req.Card.IDNumber, req.Card.Name
		res, err := e.ob.Certify(ctx, req)
		want := kiosk.Result{Outcome: kiosk.OutcomeQueued, CertifiedAt: req.CapturedAt,
			NextDueDate: kiosk.NextDueDate(req.CapturedAt)}
		if err != nil || res != want {
			t.Fatalf("Certify = %+v, %v; want %+v", res, err, want)
		}
		st := mustStats(t, e.ob)
		if st.Depth != 1 || st.OldestAge != time.Minute {
			t.Errorf("stats = %+v, want depth 1, oldest 1m", st)
		}
		disk := fileBytes(t, e.dir)
		for what, b := range map[string][]byte{"ID number": []byte(id), "name": []byte(name), "face JPEG": face} {
			if bytes.Contains(disk, b) {
				t.Errorf("the database on disk holds the %s in clear", what)
			}
		}
		if !bytes.Contains(disk, []byte(kiosk.MaskID(id))) {
			t.Error("the masked ID is not stored: staff could not tell whose request it is")
		}
	})
	t.Run("FinalRefusalGoesToStaffList", func(t *testing.T) {
		e := newEnv(t)
		e.client.set(func(kiosk.CertRequest) (kiosk.Result, error) {
			return kiosk.Result{}, kiosk.Errorf(kiosk.ErrNotAPensioner, "HTTP 404 NOT_A_PENSIONER")
		})
		req := request(t, fixture.NotPensioner, testNow)
		_, err := e.ob.Certify(ctx, req)
		if kiosk.CodeOf(err) != kiosk.ErrNotAPensioner {
			t.Fatalf("err = %v, want not_a_pensioner", err)
		}
		rej, rerr := e.ob.Rejections(ctx, 10)
		if rerr != nil || len(rej) != 1 {
			t.Fatalf("rejections = %+v, %v", rej, rerr)
		}
		r := rej[0]
		if r.Key != req.IdempotencyKey || r.MaskedID != kiosk.MaskID(req.Card.IDNumber) ||
			r.Code != string(kiosk.ErrNotAPensioner) || r.Attempts != 1 || !r.CapturedAt.Equal(req.CapturedAt) {
			t.Errorf("rejection = %+v", r)
		}
		if st := mustStats(t, e.ob); st.Depth != 0 || st.Rejections != 1 {
			t.Errorf("stats = %+v", st)
		}
	})
	t.Run("BadAnswerIsKeptNotDropped", func(t *testing.T) {
		e := newEnv(t)
		e.client.set(func(kiosk.CertRequest) (kiosk.Result, error) {
			return kiosk.Result{}, kiosk.Errorf(kiosk.ErrBadAnswer, "result: missing")
		})
		res, err := e.ob.Certify(ctx, request(t, fixture.DueSoon, testNow))
		if err != nil || res.Outcome != kiosk.OutcomeQueued || mustStats(t, e.ob).Depth != 1 {
			t.Errorf("Certify = %+v, %v; the service may have certified it, so keep it", res, err)
		}
	})
	t.Run("NonceReusedIsKept", func(t *testing.T) {
		// The transport resent a signed attempt the service had already seen:
		// the first copy may have certified it, so it is not a refusal.
		e := newEnv(t)
		e.client.set(func(kiosk.CertRequest) (kiosk.Result, error) {
			return kiosk.Result{}, kiosk.NewError(kiosk.ErrServiceRefused,
				&certapi.APIError{Status: 409, Code: certapi.CodeNonceReused})
		})
		res, err := e.ob.Certify(ctx, request(t, fixture.DueSoon, testNow))
		if err != nil || res.Outcome != kiosk.OutcomeQueued || mustStats(t, e.ob).Rejections != 0 {
			t.Errorf("Certify = %+v, %v", res, err)
		}
	})
	t.Run("CancelledByTheFlowStillQueued", func(t *testing.T) {
		e := newEnv(t)
		cctx, cancel := context.WithCancel(ctx)
		e.client.set(func(kiosk.CertRequest) (kiosk.Result, error) {
			cancel() // the person walked away mid-request
			return kiosk.Result{}, kiosk.NewError(kiosk.ErrServiceUnreachable, context.Canceled)
		})
		if res, err := e.ob.Certify(cctx, request(t, fixture.DueSoon, testNow)); err != nil || res.Outcome != kiosk.OutcomeQueued {
			t.Errorf("Certify = %+v, %v", res, err)
		}
		if st := mustStats(t, e.ob); st.Depth != 1 {
			t.Errorf("depth = %d after a cancelled call, want 1", st.Depth)
		}
	})
	t.Run("ErrNoKey", func(t *testing.T) {
		e := newEnv(t)
		if _, err := e.ob.Certify(ctx, kiosk.CertRequest{}); kiosk.CodeOf(err) != kiosk.ErrInternal {
			t.Errorf("a request without Idempotency-Key: %v", err)
		}
		if len(e.client.sent()) != 0 {
			t.Error("sent a request without a key")
		}
	})
}

func TestUploaderDrainsInOrderWithTheSameKeys(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	e.client.set(unreachable)
	var queuedKeys []string
	for i := range 5 {
		req := request(t, fixture.DueSoon, testNow.Add(time.Duration(i)*time.Second))
		queuedKeys = append(queuedKeys, req.IdempotencyKey)
		if res, err := e.ob.Certify(ctx, req); err != nil || res.Outcome != kiosk.OutcomeQueued {
			t.Fatalf("Certify %d = %+v, %v", i, res, err)
		}
	}
	// A restart: a new process finds the queue as the old one left it.
	e.db.Close()
	e.open(t)
	e.clock.Advance(time.Minute) // past the backoff of the failed first tries
	e.client.set(nil)
	before := len(e.client.sent())
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan error)
	go func() { done <- e.ob.Run(runCtx) }()
	deadline := time.Now().Add(10 * time.Second)
	for mustStats(t, e.ob).Depth > 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	stop()
	<-done
	if got := e.client.sent()[before:]; !slices.Equal(got, queuedKeys) {
		t.Errorf("uploaded keys = %v, want the queued keys oldest first %v", got, queuedKeys)
	}
	if st := mustStats(t, e.ob); st.Depth != 0 {
		t.Errorf("depth after the uploader ran = %d", st.Depth)
	}
}

func TestExpiresAfterTheWindow(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	e.client.set(unreachable)
	req := request(t, fixture.DueSoon, testNow)
	e.ob.Certify(ctx, req)
	e.clock.Advance(71 * time.Hour)
	if s, err := e.ob.Drain(ctx); err != nil || s.Kept != 1 {
		t.Fatalf("drain inside the window = %+v, %v; want kept", s, err)
	}
	e.clock.Advance(2 * time.Hour)
	if s, err := e.ob.Drain(ctx); err != nil || s.Rejected != 1 {
		t.Fatalf("drain after the window = %+v, %v; want it moved to the staff list", s, err)
	}
	rej, _ := e.ob.Rejections(ctx, 10)
	if len(rej) != 1 || rej[0].Code != "expired" || rej[0].Attempts != 3 {
		t.Errorf("rejections = %+v", rej)
	}
	if st := mustStats(t, e.ob); st.Depth != 0 {
		t.Errorf("depth = %d", st.Depth)
	}
	// The staff list keeps it 90 days, then lets it go.
	e.clock.Advance(89 * 24 * time.Hour)
	e.ob.Drain(ctx)
	if st := mustStats(t, e.ob); st.Rejections != 1 {
		t.Errorf("after 89 days: %d rejections, want 1", st.Rejections)
	}
	e.clock.Advance(2 * 24 * time.Hour)
	e.ob.Drain(ctx)
	if st := mustStats(t, e.ob); st.Rejections != 0 {
		t.Errorf("after 91 days: %d rejections, want 0", st.Rejections)
	}
}

func TestAlreadyCertifiedAnswerAfterTheWindowIsDelivered(t *testing.T) {
	// An earlier attempt reached the service but its answer was lost; after
	// 72 h the same key still gets the stored answer, not an expiry.
	ctx := context.Background()
	e := newEnv(t)
	e.client.set(unreachable)
	e.ob.Certify(ctx, request(t, fixture.DueSoon, testNow))
	e.clock.Advance(80 * time.Hour)
	e.client.set(nil)
	if s, err := e.ob.Drain(ctx); err != nil || s.Delivered != 1 {
		t.Errorf("drain = %+v, %v", s, err)
	}
}

func TestHeartbeatReportsQueueDepth(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	e.client.set(unreachable)
	for range 3 {
		e.ob.Certify(ctx, request(t, fixture.DueSoon, testNow))
	}
	if _, err := e.ob.Heartbeat(ctx, kiosk.Heartbeat{Version: "x"}); err != nil {
		t.Fatal(err)
	}
	if hb := e.client.hb; len(hb) != 1 || hb[0].QueueDepth != 3 || hb[0].Version != "x" {
		t.Errorf("heartbeat sent = %+v", hb)
	}
	// The heartbeat got through: the backed-off rows are due now, and the
	// uploader was woken.
	select {
	case <-e.ob.wake:
	default:
		t.Error("the uploader was not woken")
	}
	e.client.set(nil)
	if s, err := e.ob.pass(ctx, false); err != nil || s.Delivered != 3 {
		t.Errorf("pass after the heartbeat = %+v, %v; want all 3 due at once", s, err)
	}
}

// TestDeliveredRequestsLeaveNoTrace checks the erase policy on the files:
// once delivered, not even the sealed bytes of a request remain in the
// database or its WAL (secure_delete, then the WAL truncated).
func TestDeliveredRequestsLeaveNoTrace(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	e.client.set(unreachable)
	e.ob.Certify(ctx, request(t, fixture.DueSoon, testNow))
	var sealed []byte
	e.db.SQL().QueryRow(`SELECT sealed FROM outbox`).Scan(&sealed)
	sample := bytes.Clone(sealed[len(sealed)/2 : len(sealed)/2+64])
	if !bytes.Contains(fileBytes(t, e.dir), sample) {
		t.Fatal("the sample is not on disk before delivery: the test would prove nothing")
	}
	e.client.set(nil)
	e.clock.Advance(time.Minute)
	if s, err := e.ob.Drain(ctx); err != nil || s.Delivered != 1 {
		t.Fatalf("drain = %+v, %v", s, err)
	}
	if bytes.Contains(fileBytes(t, e.dir), sample) {
		t.Error("the delivered request's sealed bytes are still on disk")
	}
}
