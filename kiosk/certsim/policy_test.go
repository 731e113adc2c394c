package certsim

import (
	"testing"
	"time"

	"github.com/hainan-hrss/certkiosk/kiosk"
)

func d(s string) kiosk.Date {
	v, err := kiosk.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return v
}

func TestStandingOn(t *testing.T) {
	at := func(s string) time.Time { return d(s).Start().Add(10 * time.Hour) }
	tests := []struct {
		last, today string
		grace       int
		state       kiosk.StatusState
		due         string
	}{
		{"2022-11-12", "2023-06-01", 0, kiosk.StateValid, "2023-10-31"},
		{"2024-03-31", "2025-01-28", 0, kiosk.StateValid, "2025-02-28"},     // 31 days before
		{"2024-03-31", "2025-01-29", 0, kiosk.StateDueSoon, "2025-02-28"},   // 30 days before
		{"2023-03-31", "2024-02-29", 0, kiosk.StateDueSoon, "2024-02-29"},   // leap year, on the day
		{"2023-03-31", "2024-03-01", 0, kiosk.StateSuspended, "2024-02-29"}, // one day over
		{"2024-02-29", "2024-12-01", 0, kiosk.StateValid, "2025-01-31"},
		{"2023-04-15", "2024-04-01", 5, kiosk.StateOverdue, "2024-03-31"}, // within a grace
		{"2023-04-15", "2024-04-06", 5, kiosk.StateSuspended, "2024-03-31"},
		{"2025-12-31", "2026-01-01", 0, kiosk.StateValid, "2026-11-30"}, // China-time year end
	}
	for _, tt := range tests {
		got := standingOn(at(tt.last), d(tt.today), tt.grace)
		if got.State != tt.state || got.Due != d(tt.due) || got.Suspended != (tt.state == kiosk.StateSuspended) {
			t.Errorf("last %s, today %s, grace %d: %+v; want %s due %s", tt.last, tt.today, tt.grace, got, tt.state, tt.due)
		}
	}
	if got := standingOn(time.Time{}, d("2026-01-01"), 0); got.State != kiosk.StateDueSoon || !got.Due.IsZero() || got.Suspended {
		t.Errorf("never certified: %+v", got)
	}
	// A pass at 23:30 UTC on 2024-03-31 is 2024-04-01 in China: due a month later.
	if got := standingOn(time.Date(2024, 3, 31, 23, 30, 0, 0, time.UTC), d("2024-05-01"), 0); got.Due != d("2025-03-31") {
		t.Errorf("UTC evening pass: due %v", got.Due)
	}
}

func TestSMSRule(t *testing.T) {
	at := func(s string) time.Time { return d(s).Start().Add(9 * time.Hour) }
	tests := []struct {
		previous, this string
		sms            bool
	}{
		{"", "2024-08-15", true},
		{"2024-02-15", "2024-08-15", false}, // exactly six months
		{"2024-02-14", "2024-08-15", true},  // six months and a day
		{"2024-02-29", "2024-08-31", false}, // Aug 31 − 6 months = Feb 29 (leap)
		{"2024-02-28", "2024-08-31", true},
		{"2023-02-28", "2023-08-31", false}, // Feb 28 in a common year
		{"2023-02-27", "2023-08-31", true},
		{"2023-07-15", "2024-01-15", false}, // across the year
		{"2023-07-14", "2024-01-15", true},
	}
	for _, tt := range tests {
		var prev time.Time
		if tt.previous != "" {
			prev = at(tt.previous)
		}
		if got := smsDue(prev, at(tt.this)); got != tt.sms {
			t.Errorf("previous %q, this %s: sms %v, want %v", tt.previous, tt.this, got, tt.sms)
		}
	}
}

func TestSMSText(t *testing.T) {
	got := SMSText("王秀英", time.Date(2026, 3, 5, 10, 0, 0, 0, kiosk.ChinaTime), d("2027-02-28"))
	const want = "【海南社保医保】王秀英参保人，您于2026年03月05日已完成领取社保待遇资格认证，请于2027年02月底前完成下一周期认证"
	if got != want {
		t.Fatalf("SMS\n%s\nwant\n%s", got, want)
	}
}
