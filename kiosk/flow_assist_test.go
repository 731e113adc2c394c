package kiosk

import (
	"errors"
	"testing"
)

func TestFlowSpeaksTheErrorsOwnPhrase(t *testing.T) {
	r := newRig(t)
	r.flow.HandleCard(CardEvent{Kind: ReaderFault, Err: NewError(ErrReaderFault, errors.New("SAM self-test failed"))})
	r.waitStep(t, StepError)
	if !r.speaker.saidAny(Phrase("error.reader_fault")) {
		t.Errorf("said %v, want error.reader_fault", r.speaker.said)
	}
}

func TestFlowRecordsTheSignedInAssistant(t *testing.T) {
	r := newRig(t)
	r.flow.SetAssistant("1001")
	r.flow.HandleCard(CardEvent{Kind: CardPresent, Card: testCard()})
	if v := r.waitStep(t, StepCardRead); v.AssistedBy != "1001" {
		t.Fatalf("card placed in assisted mode: AssistedBy = %q", v.AssistedBy)
	}
	r.waitStep(t, StepResult)
	r.flow.Cancel()
	r.waitStep(t, StepIdle)
	// Keypad entry names the staff member explicitly; signing out ends it.
	r.flow.SetAssistant("")
	r.flow.HandleCard(CardEvent{Kind: CardPresent, Card: testCard()})
	if v := r.waitStep(t, StepCardRead); v.AssistedBy != "" {
		t.Fatalf("after sign-out: AssistedBy = %q", v.AssistedBy)
	}
	r.waitStep(t, StepResult)
	r.store.mu.Lock()
	defer r.store.mu.Unlock()
	if len(r.store.records) < 1 || r.store.records[0].AssistedBy != "1001" {
		t.Fatalf("session records: %+v", r.store.records)
	}
}
