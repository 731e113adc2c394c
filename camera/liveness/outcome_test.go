package liveness

import (
	"testing"

	"github.com/hainan-hrss/certkiosk/camera/livefixture"
)

// TestFixtureOutcomes runs every fixture through a Watch (all actions at
// once): photo attacks and a live head holding still must show no action
// at all; live-like heads must show exactly the actions they perform.
func TestFixtureOutcomes(t *testing.T) {
	if testing.Short() {
		t.Skip("renders and analyses every fixture")
	}
	for _, photo := range []string{"astronaut", "messi"} {
		for _, s := range allScripts() {
			t.Run(photo+"/"+s.Name, func(t *testing.T) {
				r := watch(record(t, photo, s))
				t.Log(describe(r))
				switch {
				case s.Refuse:
					if len(r.Actions) > 0 || r.Live {
						t.Errorf("a flat or still face passed: %s", describe(r))
					}
				case s.Expect != nil:
					got := []string{}
					for _, e := range r.Actions {
						got = append(got, e.Action)
					}
					if !equal(got, s.Expect) || !r.Live && hasSolid(s.Expect) {
						t.Errorf("saw %v, want %v: %s", got, s.Expect, describe(r))
					}
				}
			})
		}
	}
}

func hasSolid(actions []string) bool {
	for _, a := range actions {
		if a != Blink {
			return true
		}
	}
	return false
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

var _ = livefixture.Photos
