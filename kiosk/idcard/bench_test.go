package idcard_test

import (
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"testing"
	"time"

	"github.com/hainan-hrss/certkiosk/kiosk"
	"github.com/hainan-hrss/certkiosk/kiosk/fixture"
	"github.com/hainan-hrss/certkiosk/kiosk/idcard"
)

// readExchange is the bytes of one read on the wire: find card (10 + 15),
// select (10 + 19), read text and photo (10 + 1295).
const readExchange = 10 + 15 + 10 + 19 + 10 + 1295

// BenchmarkCardPlacedToParsed times a card from the moment it is placed on
// the simulated reader to the parsed card arriving on the event channel,
// over a real pty at 115200 baud. Cards land at a random moment of the
// poll cycle, so the wait for the next find-card is counted as a person
// would feel it. It reports the mean against the wire time of the frames
// exchanged, which no driver can beat.
func BenchmarkCardPlacedToParsed(b *testing.B) {
	for _, poll := range []time.Duration{idcard.DefaultPoll, 50 * time.Millisecond, 100 * time.Millisecond} {
		b.Run(fmt.Sprintf("poll=%v", poll), func(b *testing.B) {
			const baud = 115200
			sim := startSim(b, baud)
			events := runReader(b, idcard.Config{Port: sim.Path(), Baud: baud, Poll: poll, RemoveAfter: 1, Logger: benchLogger()})
			card := person(b, fixture.NeverCertified).Card
			var total, worst time.Duration
			var wireBytes int
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				time.Sleep(rand.N(poll)) // land anywhere in the poll cycle
				sim.ResetStats()
				start := time.Now()
				sim.Place(card)
				ev := next(b, events, 5*time.Second)
				took := time.Since(start)
				if ev.Kind != kiosk.CardPresent || ev.Card == nil {
					b.Fatalf("got %s", describe(ev))
				}
				st := sim.Stats()
				total += took
				worst = max(worst, took)
				wireBytes += st.BytesIn + st.BytesOut
				sim.Remove()
				if ev := next(b, events, 5*time.Second); ev.Kind != kiosk.CardRemoved {
					b.Fatalf("got %s", describe(ev))
				}
			}
			b.StopTimer()
			mean := total / time.Duration(b.N)
			wire := idcard.WireTime(readExchange, baud)
			b.ReportMetric(float64(mean.Microseconds())/1000, "ms/card")
			b.ReportMetric(float64(worst.Microseconds())/1000, "worst-ms")
			b.ReportMetric(float64(wire.Microseconds())/1000, "wire-ms")
			b.ReportMetric(float64(mean)/float64(wire), "x-wire")
			b.ReportMetric(float64(wireBytes)/float64(b.N), "line-bytes/card")
		})
	}
}

// benchLogger shows the reader's retries while benchmarking (errors carry
// no card data).
func benchLogger() *slog.Logger { return slog.New(slog.NewTextHandler(os.Stderr, nil)) }
