package liveness

import (
	"syscall"
	"testing"
	"time"

	"gocv.io/x/gocv"

	"github.com/hainan-hrss/certkiosk/camera"
	"github.com/hainan-hrss/certkiosk/camera/livefixture"
)

// benchFrames records a live-like head doing a turn, a nod and a blink at
// 640×480, with colour frames for the evidence copies.
func benchFrames(b *testing.B) ([]recFrame, []gocv.Mat) {
	frames := record(b, "astronaut", livefixture.Performance("bench", []string{TurnLeft, Nod, Blink}, 1))
	bgr := make([]gocv.Mat, len(frames))
	for i := range frames {
		bgr[i] = gocv.NewMat()
		gocv.CvtColor(frames[i].gray, &bgr[i], gocv.ColorGrayToBGR)
	}
	return frames, bgr
}

// BenchmarkChallengeStep is the liveness challenge's extra cost per
// analysed frame (the camera's analysis is done beforehand): track, face
// chip, parallax tracking, action machines and evidence copies. A new
// challenge starts whenever one ends.
func BenchmarkChallengeStep(b *testing.B) {
	frames, bgr := benchFrames(b)
	defer closeAll(bgr)
	c, _ := New([]string{TurnLeft, Nod})
	b.ResetTimer()
	t0 := cpuTime()
	for i := 0; i < b.N; i++ {
		j := i % len(frames)
		if j == 0 || c.stage == stDone {
			c.Close()
			c, _ = New([]string{TurnLeft, Nod})
		}
		f := camera.Frame{At: frames[j].at, Image: bgr[j], Gray: frames[j].gray, Analysis: &frames[j].a}
		c.Step(&f)
	}
	b.StopTimer()
	reportCPU(b, t0)
	c.Close()
}

// BenchmarkWatch is liveness-eval's cost per frame: every action at once.
func BenchmarkWatch(b *testing.B) {
	frames, bgr := benchFrames(b)
	defer closeAll(bgr)
	w := NewWatch()
	b.ResetTimer()
	t0 := cpuTime()
	for i := 0; i < b.N; i++ {
		j := i % len(frames)
		if j == 0 {
			w.Close()
			w = NewWatch()
		}
		w.Observe(frames[j].at, &frames[j].a, frames[j].gray)
	}
	b.StopTimer()
	reportCPU(b, t0)
	w.Close()
}

// BenchmarkResult is the one-off cost at the end of a challenge: encoding
// the four evidence JPEGs.
func BenchmarkResult(b *testing.B) {
	_, bgr := benchFrames(b)
	defer closeAll(bgr)
	c, _ := New([]string{TurnLeft, Nod})
	defer c.Close()
	c.start.grab(bgr[0])
	c.peaks[0].grab(bgr[20])
	c.peaks[1].grab(bgr[40])
	c.end.grab(bgr[60])
	b.ResetTimer()
	t0 := cpuTime()
	for i := 0; i < b.N; i++ {
		c.result = nil
		if r := c.Result(); len(r.Frames) != 4 {
			b.Fatal(len(r.Frames))
		}
	}
	reportCPU(b, t0)
}

// cpuTime is the process's user+system CPU time. The machine is shared, so
// wall time per op includes waiting for a core; CPU time is the cost.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU adds a cpu-ms/op metric from start.
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(cpuTime()-start)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
}

func closeAll(ms []gocv.Mat) {
	for i := range ms {
		ms[i].Close()
	}
}

// BenchmarkParallax is the texture tracking alone, with the homography fit
// on every frame (the worst case: frames inside a turn or nod) and without
// (frames at rest, where the challenge skips the fit).
func BenchmarkParallax(b *testing.B) {
	frames, bgr := benchFrames(b)
	closeAll(bgr)
	for _, fit := range []bool{true, false} {
		name := "fit"
		if !fit {
			name = "track-only"
		}
		b.Run(name, func(b *testing.B) {
			p := newParallax()
			defer p.close()
			f0, _ := frames[0].a.Main()
			b.ResetTimer()
			t0 := cpuTime()
			for i := 0; i < b.N; i++ {
				j := i % len(frames)
				if j == 0 {
					p.start(frames[0].gray, f0)
					continue
				}
				p.track(frames[j].gray, fit)
			}
			reportCPU(b, t0)
		})
	}
}
