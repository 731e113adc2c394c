package kiosk

import "time"

// DueSoonDays is how close to the due date a status turns "due soon".
const DueSoonDays = 30

// NextDueDate applies the province's deferred-certification rule
// (递延式认证): the next certification is due by the last day of the month
// 11 months after the month of the latest certification, counted in China
// time. Certified 2022-11-12 → due 2023-10-31.
func NextDueDate(certifiedAt time.Time) Date {
	c := DateOf(certifiedAt)
	// Day 0 of month m+12 is the last day of month m+11; time.Date
	// normalises the month overflow and the short months for us.
	last := time.Date(c.Year, c.Month+12, 0, 0, 0, 0, 0, ChinaTime)
	return DateOf(last)
}

// StatusState is where a person stands in their certification cycle.
type StatusState string

// The states of the API's status query.
const (
	StateValid     StatusState = "valid"
	StateDueSoon   StatusState = "due_soon"
	StateOverdue   StatusState = "overdue"
	StateSuspended StatusState = "suspended"
)

// StateOn says where a person with the given due date stands on day today:
// overdue the day after the due date, due soon within DueSoonDays of it.
// Suspension is the service's decision and is not derived here.
func StateOn(due, today Date) StatusState {
	switch {
	case due.Before(today):
		return StateOverdue
	case due.Before(today.AddDays(DueSoonDays + 1)):
		return StateDueSoon
	default:
		return StateValid
	}
}
