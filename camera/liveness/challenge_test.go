package liveness

import (
	"slices"
	"testing"
	"time"

	"gocv.io/x/gocv"

	"github.com/hainan-hrss/certkiosk/camera"
	"github.com/hainan-hrss/certkiosk/camera/livefixture"
)

// runChallenge feeds recorded frames to a challenge, looping them (an
// attacker keeps waving the photo) until the challenge ends or a minute
// has passed, and returns the last progress.
func runChallenge(t *testing.T, actions []string, frames []recFrame, loop bool) (Progress, *Challenge) {
	t.Helper()
	c, err := New(actions)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	step := frames[1].at - frames[0].at
	span := frames[len(frames)-1].at + step
	var p Progress
	for off := time.Duration(0); off < time.Minute; off += span {
		for i := range frames {
			f := &frames[i]
			// Grey frames carry no colour evidence; the file camera test
			// checks the evidence frames.
			p = c.observe(off+f.at, &f.a, f.gray, f.gray)
			if p.Done {
				return p, c
			}
		}
		if !loop {
			break
		}
	}
	return p, c
}

// TestPhotoAttackFailsAnyOrder plays the same hand-held photo attack (shift,
// scale, roll, tilts and light at once) against every ordered pair of
// actions, including the pairs Draw never makes: each must fail, retry
// included.
func TestPhotoAttackFailsAnyOrder(t *testing.T) {
	if testing.Short() {
		t.Skip("renders and analyses a fixture")
	}
	var attack livefixture.Script
	for _, s := range livefixture.Attacks() {
		if s.Name == "photo_handheld" {
			attack = s
		}
	}
	for _, photo := range []string{"astronaut", "messi"} {
		frames := record(t, photo, attack)
		for _, a := range Actions {
			for _, b := range Actions {
				if a == b {
					continue
				}
				p, c := runChallenge(t, []string{a, b}, frames, true)
				if !p.Done || p.Passed || c.Result().Passed {
					t.Errorf("%s %s,%s: photo attack passed or never ended: %+v", photo, a, b, p)
				}
				if p.Attempt != 2 || len(c.Reasons()) != 2 {
					t.Errorf("%s %s,%s: want two failed attempts, got attempt %d reasons %v", photo, a, b, p.Attempt, c.Reasons())
				}
			}
		}
	}
}

// TestLiveChallengePasses plays a live-like head doing what it is asked,
// and one that first turns the wrong way and passes on the retry.
func TestLiveChallengePasses(t *testing.T) {
	if testing.Short() {
		t.Skip("renders and analyses fixtures")
	}
	cases := []struct {
		name      string
		asked     []string
		performed []string
		attempt   int
		reasons   []string
	}{
		{"turn_left+blink", []string{TurnLeft, Blink}, []string{TurnLeft, Blink}, 1, nil},
		{"nod+turn_right", []string{Nod, TurnRight}, []string{Nod, TurnRight}, 1, nil},
		{"wrong_then_retry", []string{TurnLeft, Nod}, []string{TurnRight, TurnLeft, Nod}, 2, []string{ReasonWrong}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			frames := record(t, "astronaut", livefixture.Performance(tc.name, tc.performed, 1))
			p, c := runChallenge(t, tc.asked, frames, false)
			if !p.Done || !p.Passed {
				t.Fatalf("live head failed: %+v", p)
			}
			if p.Attempt != tc.attempt || !slices.Equal(c.Reasons(), tc.reasons) {
				t.Errorf("attempt %d reasons %v, want %d %v", p.Attempt, c.Reasons(), tc.attempt, tc.reasons)
			}
			if r := c.Result(); !r.Passed || !slices.Equal(r.Challenge, tc.asked) {
				t.Errorf("result %+v", r)
			}
		})
	}
}

// TestChallengeTimeouts: nobody in front of the camera fails both attempts
// for want of a steady start; a live head that holds still and does
// nothing fails both on the action's time limit.
func TestChallengeTimeouts(t *testing.T) {
	c, err := New([]string{Blink, Nod})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	empty := gocv.NewMat()
	defer empty.Close()
	var p Progress
	for i := 0; i < 30*15 && !p.Done; i++ {
		p = c.Observe(time.Duration(i)*time.Second/15, &camera.Analysis{Width: 640, Height: 480}, empty)
	}
	if !p.Done || p.Passed || !slices.Equal(c.Reasons(), []string{ReasonNotSteady, ReasonNotSteady}) {
		t.Errorf("empty view: %+v reasons %v", p, c.Reasons())
	}
	if r := c.Result(); r.Passed || len(r.Frames) != 0 {
		t.Errorf("empty view result: passed %v, %d frames", r.Passed, len(r.Frames))
	}
	if testing.Short() {
		return
	}
	var still livefixture.Script
	for _, s := range livefixture.Lives() {
		if s.Name == "live_still" {
			still = s
		}
	}
	p, c2 := runChallenge(t, []string{TurnLeft, Nod}, record(t, "astronaut", still), true)
	if !p.Done || p.Passed || !slices.Equal(c2.Reasons(), []string{ReasonTimeout, ReasonTimeout}) {
		t.Errorf("still head: %+v reasons %v", p, c2.Reasons())
	}
}
