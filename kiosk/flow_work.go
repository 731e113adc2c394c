package kiosk

import (
	"context"
	"errors"
)

// The flow's background work: each runs on its own goroutine with the
// step's context and reports back with the session number it belongs to,
// so an answer that arrives after the person left is dropped.

func (f *Flow) queryStatus(ctx context.Context, session int, idNumber string) {
	st, err := f.deps.Client.Status(ctx, idNumber)
	f.mu.Lock()
	defer f.mu.Unlock()
	if session != f.session || f.step != StepCardRead {
		return
	}
	if err != nil {
		switch {
		case CodeOf(err) == ErrNotAPensioner:
			f.failLocked(err)
		case f.mode == ModeCertify && CodeOf(err) == ErrServiceUnreachable:
			// The status is only advice: certify anyway, the submission
			// has its own way to cope with the network.
			f.deps.Log.Warn("status query failed, certifying without it", "err", err)
			f.startFaceLocked()
		default:
			f.failLocked(err)
		}
		return
	}
	f.status = &st
	if f.mode == ModeStatus {
		f.enterLocked(StepStatus, SayStatusShown)
		return
	}
	if !st.NeedsCertification() {
		f.enterLocked(StepStatus, SayNoNeed)
		return
	}
	f.startFaceLocked()
}

func (f *Flow) startFaceLocked() {
	ctx := f.stepContextLocked()
	var challenge []string
	if f.deps.Challenge != nil {
		challenge = f.deps.Challenge()
	}
	f.enterLocked(StepFace, SayLookAtCamera)
	opts := CaptureOptions{Timeout: f.timeouts.Face, Challenge: challenge}
	go f.captureFace(ctx, f.session, opts)
}

func (f *Flow) captureFace(ctx context.Context, session int, opts CaptureOptions) {
	capture, err := f.deps.Camera.CaptureFace(ctx, opts, func(fr FaceFrame) {
		f.mu.Lock()
		fn, current := f.onFrame, session == f.session && f.step == StepFace
		f.mu.Unlock()
		if current && fn != nil {
			fn(fr)
		}
	})
	f.mu.Lock()
	defer f.mu.Unlock()
	if session != f.session || f.step != StepFace {
		return
	}
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return
		}
		f.failLocked(orError(err, ErrCameraFault))
		return
	}
	req := CertRequest{
		IdempotencyKey: f.deps.NewKey(),
		CapturedAt:     capture.CapturedAt,
		Card:           *f.card,
		Face:           capture.Face,
		Liveness:       capture.Liveness,
		AssistedBy:     f.assistedBy,
	}
	ctx = f.stepContextLocked()
	f.enterLocked(StepSubmitting, SaySubmitting)
	go f.submit(ctx, f.session, req)
}

func (f *Flow) submit(ctx context.Context, session int, req CertRequest) {
	res, err := f.deps.Client.Certify(ctx, req)
	clear(req.Face.JPEG)
	for _, fr := range req.Liveness.Frames {
		clear(fr)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if session != f.session || f.step != StepSubmitting {
		return
	}
	if err != nil {
		f.failLocked(orError(err, ErrServiceUnreachable))
		return
	}
	f.result = &res
	say := map[Outcome]Phrase{
		OutcomePassed: SayPassed, OutcomeRejected: SayRejected,
		OutcomeManualReview: SayManualReview, OutcomeQueued: SayQueued,
	}[res.Outcome]
	f.enterLocked(StepResult, say)
}
