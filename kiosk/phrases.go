package kiosk

// Phrases the kiosk speaks, one per screen or situation. The app maps each to
// a pre-generated audio clip and to its on-screen text.
const (
	SayWelcome      Phrase = "welcome"        // idle: place your card to certify
	SayPlaceCard    Phrase = "place_card"     // please place your ID card on the reader
	SayCardRead     Phrase = "card_read"      // card read, please wait
	SayNoNeed       Phrase = "no_need"        // you are certified for this cycle
	SayStatusShown  Phrase = "status_shown"   // here is your status
	SayLookAtCamera Phrase = "look_at_camera" // please face the screen
	SaySubmitting   Phrase = "submitting"     // submitting, please wait
	SayPassed       Phrase = "passed"         // certification passed
	SayRejected     Phrase = "rejected"       // certification failed
	SayManualReview Phrase = "manual_review"  // staff will review
	SayQueued       Phrase = "queued"         // received, will be sent
	SayError        Phrase = "error"          // something went wrong, ask staff
	SayGoodbye      Phrase = "goodbye"        // please take your card
)

// ErrorPhrase is what the kiosk says on the error screen for code: the
// code's own message and next step, so a person who cannot read the screen
// still hears what to do.
func ErrorPhrase(code ErrorCode) Phrase { return Phrase("error." + string(code)) }
