package kiosk

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestFlowCertifiesFromIdle(t *testing.T) {
	r := newRig(t)
	var got CertRequest
	r.client.certify = func(_ context.Context, req CertRequest) (Result, error) {
		got = req
		got.Card.PhotoWLT = append([]byte(nil), req.Card.PhotoWLT...)
		return Result{Outcome: OutcomePassed, CertifiedAt: req.CapturedAt, NextDueDate: NextDueDate(req.CapturedAt), SMSSent: true}, nil
	}
	card := testCard()
	r.flow.HandleCard(CardEvent{Kind: CardPresent, Card: card})

	v := r.waitStep(t, StepCardRead)
	if v.MaskedName != "王**" || v.MaskedID != "460***********0029" || v.Mode != ModeCertify {
		t.Errorf("card read view = %+v", v)
	}
	r.waitStep(t, StepFace)
	r.waitStep(t, StepSubmitting)
	v = r.waitStep(t, StepResult)
	if v.Result.Outcome != OutcomePassed || v.Result.NextDueDate.String() != "2027-10-31" {
		t.Errorf("result = %+v", v.Result)
	}
	if got.IdempotencyKey == "" || got.Card.IDNumber != "460106195003080029" || got.AssistedBy != "" {
		t.Errorf("request = key %q id %q assisted %q", got.IdempotencyKey, got.Card.IDNumber, got.AssistedBy)
	}
	for _, p := range []Phrase{SayCardRead, SayLookAtCamera, SaySubmitting, SayPassed} {
		if !r.speaker.saidAny(p) {
			t.Errorf("never said %s", p)
		}
	}

	r.flow.Cancel() // the person taps 完成
	v = r.waitStep(t, StepIdle)
	if v.MaskedID != "" || v.Result != nil {
		t.Errorf("idle view still holds the session: %+v", v)
	}
	if card.IDNumber != "" || card.Name != "" || card.PhotoWLT != nil {
		t.Errorf("card not wiped: %+v", card)
	}
	rec := r.store.last(t)
	if rec.Outcome != "passed" || rec.MaskedID != "460***********0029" || rec.NextDueDate.String() != "2027-10-31" {
		t.Errorf("session record = %+v", rec)
	}
}

func TestFlowTellsCertifiedPersonNoNeed(t *testing.T) {
	r := newRig(t)
	due := Date{2027, time.September, 30}
	r.client.status = func(context.Context, string) (CertStatus, error) {
		return CertStatus{Pensioner: true, State: StateValid, LastCertifiedAt: testNow.AddDate(0, -1, 0),
			LastChannel: ChannelDataMatch, NextDueDate: due}, nil
	}
	r.flow.HandleCard(CardEvent{Kind: CardPresent, Card: testCard()})
	v := r.waitStep(t, StepStatus)
	if v.Status == nil || v.Status.NextDueDate != due || v.Mode != ModeCertify {
		t.Fatalf("status view = %+v", v)
	}
	if !r.speaker.saidAny(SayNoNeed) {
		t.Error("did not say the person need not certify")
	}
	r.flow.CertifyAnyway()
	r.waitStep(t, StepFace)
	r.waitStep(t, StepResult)
}

func TestFlowStatusQuery(t *testing.T) {
	r := newRig(t)
	r.flow.StartStatusQuery()
	v := r.waitStep(t, StepWaitCard)
	if v.Mode != ModeStatus || !r.speaker.saidAny(SayPlaceCard) {
		t.Fatalf("wait view = %+v", v)
	}
	r.flow.HandleCard(CardEvent{Kind: CardPresent, Card: testCard()})
	v = r.waitStep(t, StepStatus)
	if v.Mode != ModeStatus || v.Status.State != StateOverdue {
		t.Errorf("status view = %+v", v)
	}
	r.flow.Cancel()
	r.waitStep(t, StepIdle)
	if rec := r.store.last(t); rec.Outcome != "status_only" || rec.Mode != ModeStatus {
		t.Errorf("record = %+v", rec)
	}
}

func TestFlowServiceErrors(t *testing.T) {
	unreachable := NewError(ErrServiceUnreachable, errors.New("dial tcp: refused"))
	t.Run("NotAPensioner", func(t *testing.T) {
		r := newRig(t)
		r.client.status = func(context.Context, string) (CertStatus, error) {
			return CertStatus{}, NewError(ErrNotAPensioner, nil)
		}
		r.flow.HandleCard(CardEvent{Kind: CardPresent, Card: testCard()})
		if v := r.waitStep(t, StepError); CodeOf(v.Err) != ErrNotAPensioner {
			t.Errorf("err = %v", v.Err)
		}
	})
	t.Run("StatusUnreachableStillCertifies", func(t *testing.T) {
		r := newRig(t)
		r.client.status = func(context.Context, string) (CertStatus, error) { return CertStatus{}, unreachable }
		r.flow.HandleCard(CardEvent{Kind: CardPresent, Card: testCard()})
		r.waitStep(t, StepFace)
		r.waitStep(t, StepResult)
	})
	t.Run("StatusUnreachableInStatusMode", func(t *testing.T) {
		r := newRig(t)
		r.client.status = func(context.Context, string) (CertStatus, error) { return CertStatus{}, unreachable }
		r.flow.StartStatusQuery()
		r.flow.HandleCard(CardEvent{Kind: CardPresent, Card: testCard()})
		if v := r.waitStep(t, StepError); CodeOf(v.Err) != ErrServiceUnreachable {
			t.Errorf("err = %v", v.Err)
		}
	})
	t.Run("SubmitUnreachable", func(t *testing.T) {
		r := newRig(t)
		r.client.certify = func(context.Context, CertRequest) (Result, error) { return Result{}, unreachable }
		r.flow.HandleCard(CardEvent{Kind: CardPresent, Card: testCard()})
		if v := r.waitStep(t, StepError); CodeOf(v.Err) != ErrServiceUnreachable {
			t.Errorf("err = %v", v.Err)
		}
	})
	t.Run("UnexpectedErrorShowsGenericText", func(t *testing.T) {
		r := newRig(t)
		r.client.certify = func(context.Context, CertRequest) (Result, error) { return Result{}, errors.New("secret detail") }
		r.flow.HandleCard(CardEvent{Kind: CardPresent, Card: testCard()})
		v := r.waitStep(t, StepError)
		if msg, next := ScreenText(v.Err); msg == "" || next == "" || msg == "secret detail" {
			t.Errorf("screen text = %q / %q", msg, next)
		}
	})
}

func TestFlowCameraFaultThenRetry(t *testing.T) {
	r := newRig(t)
	good := r.camera.capture
	r.camera.capture = func(context.Context, CaptureOptions, func(FaceFrame)) (Capture, error) {
		return Capture{}, NewError(ErrCameraMissing, errors.New("/dev/video0: no such device"))
	}
	r.flow.HandleCard(CardEvent{Kind: CardPresent, Card: testCard()})
	if v := r.waitStep(t, StepError); CodeOf(v.Err) != ErrCameraMissing {
		t.Fatalf("err = %v", v.Err)
	}
	r.camera.capture = good
	r.flow.Retry()
	r.waitStep(t, StepFace)
	r.waitStep(t, StepResult)
}

func TestFlowRejectedThenRetry(t *testing.T) {
	r := newRig(t)
	calls := 0
	r.client.certify = func(_ context.Context, req CertRequest) (Result, error) {
		calls++
		if calls == 1 {
			return Result{Outcome: OutcomeRejected, ReasonCode: "POOR_IMAGE"}, nil
		}
		return Result{Outcome: OutcomePassed, NextDueDate: NextDueDate(req.CapturedAt)}, nil
	}
	r.flow.HandleCard(CardEvent{Kind: CardPresent, Card: testCard()})
	if v := r.waitStep(t, StepResult); v.Result.Outcome != OutcomeRejected {
		t.Fatalf("first result = %+v", v.Result)
	}
	r.flow.Retry()
	r.waitStep(t, StepFace)
	if v := r.waitStep(t, StepResult); v.Result.Outcome != OutcomePassed {
		t.Fatalf("second result = %+v", v.Result)
	}
	r.flow.Retry() // no retry after a pass
	if s := r.flow.View().Step; s != StepResult {
		t.Errorf("retry after a pass moved to %s", s)
	}
}

func TestFlowExpiredCard(t *testing.T) {
	r := newRig(t)
	c := testCard()
	c.ValidLongTerm, c.ValidTo = false, Date{2025, time.January, 10}
	r.flow.HandleCard(CardEvent{Kind: CardPresent, Card: c})
	if v := r.waitStep(t, StepError); CodeOf(v.Err) != ErrCardExpired {
		t.Errorf("err = %v", v.Err)
	}
}

func TestFlowReaderFaults(t *testing.T) {
	r := newRig(t)
	r.flow.HandleCard(CardEvent{Kind: ReaderFault, Err: NewError(ErrReaderFault, errors.New("SAM self-test failed"))})
	if v := r.waitStep(t, StepError); CodeOf(v.Err) != ErrReaderFault {
		t.Fatalf("err = %v", v.Err)
	}
	r.flow.HandleCard(CardEvent{Kind: ReaderReady})
	r.waitStep(t, StepIdle)

	r.flow.HandleCard(CardEvent{Kind: CardPresent, Err: errors.New("checksum")})
	if v := r.waitStep(t, StepError); CodeOf(v.Err) != ErrCardUnreadable {
		t.Fatalf("err = %v", v.Err)
	}
	// Placing the card again after a bad read starts over.
	r.flow.HandleCard(CardEvent{Kind: CardPresent, Card: testCard()})
	r.waitStep(t, StepResult)
}

func TestFlowIgnoresSecondCardMidSession(t *testing.T) {
	r := newRig(t)
	release := make(chan struct{})
	r.client.status = func(ctx context.Context, _ string) (CertStatus, error) {
		<-release
		return CertStatus{Pensioner: true, State: StateOverdue}, nil
	}
	r.flow.HandleCard(CardEvent{Kind: CardPresent, Card: testCard()})
	r.waitStep(t, StepCardRead)
	other := &IDCard{Name: "陈国华", IDNumber: "460105195507210038", ValidLongTerm: true}
	r.flow.HandleCard(CardEvent{Kind: CardPresent, Card: other})
	if v := r.flow.View(); v.MaskedName != "王**" {
		t.Errorf("second card replaced the first: %+v", v)
	}
	close(release)
	r.waitStep(t, StepResult)
}

func TestFlowDropsAnswersForAnEndedSession(t *testing.T) {
	r := newRig(t)
	release := make(chan struct{})
	done := make(chan struct{})
	r.client.status = func(ctx context.Context, _ string) (CertStatus, error) {
		defer close(done)
		<-release
		return CertStatus{Pensioner: true, State: StateOverdue}, nil
	}
	r.flow.HandleCard(CardEvent{Kind: CardPresent, Card: testCard()})
	r.waitStep(t, StepCardRead)
	r.flow.Cancel()
	r.waitStep(t, StepIdle)
	close(release)
	<-done
	time.Sleep(10 * time.Millisecond) // let the late answer reach the flow, if it would
	if s := r.flow.View().Step; s != StepIdle {
		t.Errorf("a late answer moved the idle flow to %s", s)
	}
}

func TestFlowAssistedEntry(t *testing.T) {
	r := newRig(t)
	var assisted string
	r.client.certify = func(_ context.Context, req CertRequest) (Result, error) {
		assisted = req.AssistedBy
		return Result{Outcome: OutcomeManualReview}, nil
	}
	r.flow.EnterCard(testCard(), "S001")
	v := r.waitStep(t, StepResult)
	if assisted != "S001" || v.AssistedBy != "S001" || v.Result.Outcome != OutcomeManualReview {
		t.Errorf("assisted = %q, view = %+v", assisted, v)
	}
	r.flow.Cancel()
	r.waitStep(t, StepIdle)
	if rec := r.store.last(t); rec.AssistedBy != "S001" || rec.Outcome != "manual_review" {
		t.Errorf("record = %+v", rec)
	}
}
