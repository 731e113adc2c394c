package kiosk

import (
	"testing"
	"time"
)

func TestNextDueDate(t *testing.T) {
	cst := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, ChinaTime)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	utc := func(s string) time.Time {
		v, err := time.Parse("2006-01-02 15:04", s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		name string
		at   time.Time
		want string
	}{
		{"policy example", cst("2022-11-12 09:00"), "2023-10-31"},
		{"month end into February", cst("2024-03-31 16:00"), "2025-02-28"},
		{"policy example April", cst("2023-04-15 10:00"), "2024-03-31"},
		{"into a leap February", cst("2023-03-01 08:00"), "2024-02-29"},
		{"leap day itself", cst("2024-02-29 12:00"), "2025-01-31"},
		{"January to December same year", cst("2026-01-01 00:00"), "2026-12-31"},
		{"December to November", cst("2026-12-31 23:59"), "2027-11-30"},
		{"late UTC evening is next month in China", utc("2026-10-31 23:30"), "2027-10-31"},
		{"same instant seen from UTC date", utc("2026-10-31 15:59"), "2027-09-30"},
		{"UTC midnight stays the same China month", utc("2026-11-01 00:00"), "2027-10-31"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := NextDueDate(tt.at).String(); got != tt.want {
				t.Errorf("NextDueDate(%v) = %s, want %s", tt.at, got, tt.want)
			}
		})
	}
}

func TestStateOn(t *testing.T) {
	due := Date{2027, time.February, 28}
	tests := []struct {
		today string
		want  StatusState
	}{
		{"2026-12-01", StateValid},
		{"2027-01-28", StateValid},
		{"2027-01-29", StateDueSoon}, // 30 days before the due date
		{"2027-02-28", StateDueSoon}, // the due date itself is still in time
		{"2027-03-01", StateOverdue},
	}
	for _, tt := range tests {
		today, err := ParseDate(tt.today)
		if err != nil {
			t.Fatal(err)
		}
		if got := StateOn(due, today); got != tt.want {
			t.Errorf("StateOn(%s, %s) = %s, want %s", due, tt.today, got, tt.want)
		}
	}
}

func TestParseDateRejectsImpossibleDays(t *testing.T) {
	for _, s := range []string{"2023-02-29", "2024-13-01", "2024-04-31", "20240101", "", "2024-1-1"} {
		if _, err := ParseDate(s); err == nil {
			t.Errorf("ParseDate(%q) accepted an impossible date", s)
		}
	}
	if d, err := ParseDate("2024-02-29"); err != nil || d.Chinese() != "2024年2月29日" {
		t.Errorf("ParseDate(2024-02-29) = %v, %v", d, err)
	}
}
