package app

import (
	"math"
	"time"

	"github.com/hainan-hrss/certkiosk/kiosk"
)

// warnAt is how many seconds before a timeout the kiosk says so aloud.
const warnAt = 10

// Tick refreshes the countdown of the screen on show, says when a timeout
// is near, and ends idle staff screens; call it on the UI thread about once
// a second.
func (ui *UI) Tick() {
	if ui.shown == nil {
		return
	}
	if ui.staffView != nil || ui.staffID != "" {
		if ui.staffTick() {
			return
		}
	}
	label := ""
	v := ui.view
	// Submitting's deadline leads to an error screen, not to Idle: the
	// calm waiting screen shows no countdown.
	if !v.Deadline.IsZero() && v.Step != kiosk.StepSubmitting {
		left := secondsLeft(v.Deadline.Sub(ui.now()))
		label = T("countdown", left)
		if left <= warnAt && left > 0 && !ui.warned.Equal(v.Deadline) {
			ui.warned = v.Deadline
			ui.say(phraseTimeoutSoon)
		}
		if v.Step == kiosk.StepFace {
			ui.Face.tick(left)
		}
	}
	setText(ui.shown.page().countdown, label, Look.OnPrimary)
	assisted := ""
	if ui.staffID != "" {
		assisted = T("staff.assisting", ui.staffID)
	}
	setText(ui.shown.page().assisted, assisted, Look.OnPrimary)
	if ui.current == kiosk.StepSubmitting && ui.staffView == nil {
		ui.Submitting.tick()
	}
}

func secondsLeft(d time.Duration) int {
	return max(int(math.Ceil(d.Seconds())), 0)
}

// Phrases the UI speaks itself (clips in assets/audio).
const (
	phraseSlow        kiosk.Phrase = "slow"
	phraseTimeoutSoon kiosk.Phrase = "timeout_soon"
	phraseStaffMode   kiosk.Phrase = "staff_mode"
)
