//go:build matprofile

package liveness

import (
	"runtime"
	"testing"
	"time"

	"gocv.io/x/gocv"

	"github.com/hainan-hrss/certkiosk/camera/livefixture"
)

// TestNoMatLeaks runs challenges to their end without Close (as the
// camera's capture loop does), one closed mid-way, and a Watch, over
// hundreds of frames, then checks every Mat made was freed. Run it with
//
//	go test -tags matprofile -run TestNoMatLeaks ./camera/liveness
func TestNoMatLeaks(t *testing.T) {
	frames := record(t, "astronaut", livefixture.Performance("leak", []string{TurnLeft, Blink}, 1))
	before := gocv.MatProfile.Count()
	n := 0
	// Keep every challenge reachable until the count, so that only their
	// own freeing counts, not the finalizer's safety net.
	var keep []*Challenge
	for round := 0; round < 3; round++ {
		c, _ := New([]string{TurnLeft, Blink})
		keep = append(keep, c)
		for i := range frames {
			p := c.Observe(frames[i].at, &frames[i].a, frames[i].gray)
			n++
			if p.Done {
				break
			}
		}
		if r := c.Result(); !r.Passed {
			t.Fatalf("round %d: challenge failed: %v", round, c.Reasons())
		}
	}
	c, _ := New([]string{Nod, Blink})
	for i := range frames[:30] {
		c.Observe(frames[i].at+time.Duration(i), &frames[i].a, frames[i].gray)
		n++
	}
	c.Close()
	w := NewWatch()
	for i := range frames {
		w.Observe(frames[i].at, &frames[i].a, frames[i].gray)
		n++
	}
	w.Close()
	if after := gocv.MatProfile.Count(); after != before {
		t.Errorf("%d Mats leaked over %d frames", after-before, n)
	}
	runtime.KeepAlive(keep)
	runtime.KeepAlive(c)
}
