package kiosk

import (
	"context"
	"errors"
)

// HandleCard feeds one event from the card reader into the flow.
func (f *Flow) HandleCard(ev CardEvent) {
	f.mu.Lock()
	defer f.mu.Unlock()
	switch ev.Kind {
	case CardPresent:
		if f.step != StepIdle && f.step != StepWaitCard && !f.isReaderErrorLocked() {
			return // a session is under way; a second card waits its turn
		}
		if ev.Err != nil || ev.Card == nil {
			f.failLocked(orError(ev.Err, ErrCardUnreadable))
			return
		}
		f.beginLocked(ev.Card, "")
	case ReaderFault:
		if f.step == StepIdle || f.step == StepWaitCard {
			f.failLocked(orError(ev.Err, ErrReaderFault))
		}
	case ReaderReady:
		if f.isReaderErrorLocked() {
			f.resetLocked("recovered")
		}
	case CardRemoved:
		// Removing the card after it was read is normal; nothing to do.
	}
}

// EnterCard starts a session from card data entered by staff (when the card
// will not read); staffID is recorded as assisted_by.
func (f *Flow) EnterCard(card *IDCard, staffID string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.resetLocked("")
	f.beginLocked(card, staffID)
}

// SetAssistant records that the signed-in staff member staffID helps the
// people served from now on: every session started (by card or keypad) is
// recorded as assisted_by staffID. "" ends assisted mode.
func (f *Flow) SetAssistant(staffID string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.assistant = staffID
}

func (f *Flow) isReaderErrorLocked() bool {
	if f.step != StepError {
		return false
	}
	c := CodeOf(f.err)
	return c == ErrReaderFault || c == ErrReaderMissing || c == ErrCardUnreadable
}

// beginLocked starts a session for a card that was read.
func (f *Flow) beginLocked(card *IDCard, staffID string) {
	if f.step == StepIdle || f.step == StepError {
		f.mode = ModeCertify // placing a card on the idle screen means "certify"
	}
	if staffID == "" {
		staffID = f.assistant
	}
	f.card, f.assistedBy = card, staffID
	f.started = f.deps.Clock.Now()
	f.status, f.result, f.err = nil, nil, nil
	if f.mode == ModeCertify && card.ExpiredOn(DateOf(f.started)) {
		f.failLocked(NewError(ErrCardExpired, nil))
		return
	}
	ctx := f.stepContextLocked()
	f.enterLocked(StepCardRead, SayCardRead)
	go f.queryStatus(ctx, f.session, card.IDNumber)
}

// StartCertify is the idle screen's 资格认证 button: ask for the card.
func (f *Flow) StartCertify() { f.choose(ModeCertify) }

// StartStatusQuery is the idle screen's 查询认证状态 button: ask for the card.
func (f *Flow) StartStatusQuery() { f.choose(ModeStatus) }

func (f *Flow) choose(m Mode) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.step != StepIdle && f.step != StepWaitCard {
		return
	}
	f.mode = m
	f.enterLocked(StepWaitCard, SayPlaceCard)
}

// CertifyAnyway continues from the status screen to the face capture, for a
// person who need not certify but wants to.
func (f *Flow) CertifyAnyway() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.step != StepStatus || f.card == nil {
		return
	}
	f.mode = ModeCertify
	f.startFaceLocked()
}

// Retry captures the face again after a rejection or a camera problem,
// keeping the card that was read.
func (f *Flow) Retry() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if (f.step != StepResult && f.step != StepError) || f.card == nil {
		return
	}
	if f.step == StepResult && f.result.Outcome != OutcomeRejected {
		return
	}
	f.result, f.err = nil, nil
	f.startFaceLocked()
}

// Cancel ends the session and returns to Idle, wiping the person's data.
func (f *Flow) Cancel() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.step != StepIdle {
		f.resetLocked("cancelled")
	}
}

// Touch restarts the current step's timer: the person is still there.
func (f *Flow) Touch() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if d := f.timeouts.of(f.step); d > 0 {
		f.deadline = f.deps.Clock.Now().Add(d)
		f.emitLocked()
	}
}

// Tick checks the current step's timer; the app calls it about once a second.
func (f *Flow) Tick() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.deadline.IsZero() || f.deps.Clock.Now().Before(f.deadline) {
		return
	}
	if f.step == StepSubmitting {
		f.failLocked(Errorf(ErrServiceUnreachable, "no answer within %v", f.timeouts.Submitting))
		return
	}
	f.resetLocked("timeout")
}

// SetNotice shows a station notice from the service on the idle screen.
func (f *Flow) SetNotice(text string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.notice != text {
		f.notice = text
		f.emitLocked()
	}
}

// failLocked shows an error screen.
func (f *Flow) failLocked(err error) {
	f.err = err
	if f.cancel != nil {
		f.cancel()
	}
	f.enterLocked(StepError, ErrorPhrase(CodeOf(err)))
}

// resetLocked records the session, wipes the person's data and goes Idle.
// how ("timeout", "cancelled", …) is recorded when the session had no result.
func (f *Flow) resetLocked(how string) {
	if f.cancel != nil {
		f.cancel()
		f.cancel = nil
	}
	if f.card != nil {
		f.recordLocked(how)
		f.card.Wipe()
	}
	f.session++
	f.card, f.status, f.result, f.err, f.assistedBy = nil, nil, nil, nil, ""
	f.mode = ModeCertify
	f.enterLocked(StepIdle, "")
}

func (f *Flow) recordLocked(how string) {
	rec := SessionRecord{
		StartedAt: f.started, EndedAt: f.deps.Clock.Now(), Mode: f.mode,
		MaskedID: f.card.MaskedID(), Outcome: how, AssistedBy: f.assistedBy,
	}
	switch {
	case f.result != nil:
		rec.Outcome, rec.ReasonCode, rec.NextDueDate = string(f.result.Outcome), f.result.ReasonCode, f.result.NextDueDate
	case f.err != nil:
		rec.Outcome = string(CodeOf(f.err))
	case f.status != nil && f.step == StepStatus:
		rec.Outcome, rec.NextDueDate = "status_only", f.status.NextDueDate
	}
	if err := f.deps.Store.RecordSession(context.Background(), rec); err != nil {
		f.deps.Log.Error("recording session failed", "err", err)
	}
}

func orError(err error, code ErrorCode) error {
	var e *Error
	if errors.As(err, &e) {
		return err
	}
	return NewError(code, err)
}
