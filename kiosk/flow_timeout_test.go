package kiosk

import (
	"context"
	"testing"
	"time"
)

// blockForever makes a fake call that waits for its context, so the flow
// stays in the step that made it.
func blockStatus(ctx context.Context, _ string) (CertStatus, error) {
	<-ctx.Done()
	return CertStatus{}, ctx.Err()
}

func TestFlowTimeoutsReturnToIdle(t *testing.T) {
	to := DefaultTimeouts()
	tests := []struct {
		name  string
		step  Step
		limit time.Duration
		setup func(r *rig)
	}{
		{"WaitCard", StepWaitCard, to.WaitCard, func(r *rig) { r.flow.StartCertify() }},
		{"CardRead", StepCardRead, to.CardRead, func(r *rig) {
			r.client.status = blockStatus
			r.flow.HandleCard(CardEvent{Kind: CardPresent, Card: testCard()})
		}},
		{"Status", StepStatus, to.Status, func(r *rig) {
			r.flow.StartStatusQuery()
			r.flow.HandleCard(CardEvent{Kind: CardPresent, Card: testCard()})
		}},
		{"Face", StepFace, to.Face, func(r *rig) {
			r.camera.capture = func(ctx context.Context, _ CaptureOptions, _ func(FaceFrame)) (Capture, error) {
				<-ctx.Done()
				return Capture{}, ctx.Err()
			}
			r.flow.HandleCard(CardEvent{Kind: CardPresent, Card: testCard()})
		}},
		{"Result", StepResult, to.Result, func(r *rig) {
			r.flow.HandleCard(CardEvent{Kind: CardPresent, Card: testCard()})
		}},
		{"Error", StepError, to.Error, func(r *rig) {
			r.flow.HandleCard(CardEvent{Kind: ReaderFault})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRig(t)
			tt.setup(r)
			v := r.waitStep(t, tt.step)
			if got := v.Deadline.Sub(r.clock.Now()); got != tt.limit {
				t.Errorf("deadline in %v, want %v", got, tt.limit)
			}
			// A tap just before the deadline restarts the timer.
			r.clock.Advance(tt.limit - time.Second)
			r.flow.Touch()
			r.clock.Advance(2 * time.Second)
			r.flow.Tick()
			if s := r.flow.View().Step; s != tt.step {
				t.Fatalf("tap did not extend the timer: at %s", s)
			}
			r.clock.Advance(tt.limit)
			r.flow.Tick()
			v = r.waitStep(t, StepIdle)
			if v.MaskedID != "" || v.Status != nil || v.Result != nil || v.Err != nil {
				t.Errorf("idle after timeout still holds data: %+v", v)
			}
		})
	}
}

func TestFlowTimeoutRecordsSession(t *testing.T) {
	r := newRig(t)
	r.flow.StartStatusQuery()
	r.flow.HandleCard(CardEvent{Kind: CardPresent, Card: testCard()})
	r.waitStep(t, StepStatus)
	r.clock.Advance(DefaultTimeouts().Status + time.Second)
	r.flow.Tick()
	r.waitStep(t, StepIdle)
	if rec := r.store.last(t); rec.Outcome != "status_only" || rec.EndedAt.Sub(rec.StartedAt) <= DefaultTimeouts().Status {
		t.Errorf("record = %+v", rec)
	}
}

func TestFlowSubmitTimeoutIsAnError(t *testing.T) {
	r := newRig(t)
	r.client.certify = func(ctx context.Context, _ CertRequest) (Result, error) {
		<-ctx.Done()
		return Result{}, ctx.Err()
	}
	r.flow.HandleCard(CardEvent{Kind: CardPresent, Card: testCard()})
	r.waitStep(t, StepSubmitting)
	r.clock.Advance(DefaultTimeouts().Submitting)
	r.flow.Tick()
	if v := r.waitStep(t, StepError); CodeOf(v.Err) != ErrServiceUnreachable {
		t.Errorf("err = %v", v.Err)
	}
}

func TestIdleHasNoTimeout(t *testing.T) {
	r := newRig(t)
	r.clock.Advance(24 * time.Hour)
	r.flow.Tick()
	if v := r.flow.View(); v.Step != StepIdle || !v.Deadline.IsZero() {
		t.Errorf("idle view = %+v", v)
	}
}
