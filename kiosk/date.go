package kiosk

import (
	"fmt"
	"time"
)

// ChinaTime is China Standard Time (UTC+8, no daylight saving). Every date in
// the province's API means a day in this zone.
var ChinaTime = time.FixedZone("CST", 8*60*60)

// Date is a calendar day without a time or zone, as the API's YYYY-MM-DD
// fields. The zero Date means "no date".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the day t falls on in China time.
func DateOf(t time.Time) Date {
	y, m, d := t.In(ChinaTime).Date()
	return Date{y, m, d}
}

// ParseDate parses YYYY-MM-DD and rejects impossible days such as 2023-02-29.
func ParseDate(s string) (Date, error) {
	t, err := time.ParseInLocation(time.DateOnly, s, ChinaTime)
	if err != nil {
		return Date{}, fmt.Errorf("date %q: want YYYY-MM-DD", s)
	}
	return DateOf(t), nil
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// String formats d as YYYY-MM-DD, or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// Chinese formats d as the screen and SMS write it: 2027年10月31日.
func (d Date) Chinese() string {
	return fmt.Sprintf("%d年%d月%d日", d.Year, d.Month, d.Day)
}

// Start is the first instant of d in China time.
func (d Date) Start() time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, ChinaTime)
}

// Before reports whether d is an earlier day than e.
func (d Date) Before(e Date) bool { return d.Start().Before(e.Start()) }

// AddDays returns the day n days after d (n may be negative).
func (d Date) AddDays(n int) Date { return DateOf(d.Start().AddDate(0, 0, n)) }

// MarshalText writes YYYY-MM-DD, so a Date is a JSON string.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads YYYY-MM-DD; an empty string is the zero Date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}
