package aircallsync

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/seed1279ea27/aircall-go/aircalltest"
)

// BenchmarkSync25k syncs 25,000 calls from a fake Aircall into each
// database, unpaced (the database's own speed) and at 100 requests a second
// (50 times Aircall's budget of 120 a minute), beside an export of the same calls to JSONL (what
// `aircall export calls` writes), and reports:
//   - rows/s: calls written per second by the sync;
//   - sync/export: the sync's wall time over the export's (target <= 1.2);
//   - peak-heap-MB: the largest live heap sampled during the sync;
//   - requests and bound: the sync's GET /v1/calls requests, and
//     ceil(N/50) plus one per 10,000-item window (the boundary seconds of
//     the cursor walk).
//
// Run it with: go test -run '^$' -bench Sync25k -benchtime 3x ./aircallsync
func BenchmarkSync25k(b *testing.B) {
	const n = 25_000
	end := time.Now().Add(-time.Hour).Truncate(time.Second)
	ctx := context.Background()
	for _, rate := range []struct {
		name  string
		limit int
	}{{"unpaced", 1_000_000}, {"100rps", 100}} {
		for _, dialect := range []string{"sqlite", "postgres"} {
			b.Run(rate.name+"/"+dialect, func(b *testing.B) {
				srv, err := aircalltest.New(aircalltest.WithRateLimit(rate.limit, time.Second),
					aircalltest.WithGeneratedCalls(n, end.Add(-90*24*time.Hour), end))
				if err != nil {
					b.Fatal(err)
				}
				defer srv.Close()
				var exportTime, syncTime time.Duration
				var peak uint64
				var requests int
				for i := 0; b.Loop(); i++ {
					exportTime += exportJSONL(b, srv, filepath.Join(b.TempDir(), "calls.jsonl"))
					dsn := "sqlite:" + filepath.Join(b.TempDir(), "a.db")
					if dialect == "postgres" {
						dsn = postgresDSN(b)
					}
					st, err := OpenStore(ctx, dsn)
					if err != nil {
						b.Fatal(err)
					}
					s, err := New(client(b, srv), st, Options{Resources: []Resource{Calls}})
					if err != nil {
						b.Fatal(err)
					}
					before := srv.Stats().Routes["GET /v1/calls"].Requests
					stop := sampleHeap(&peak)
					t0 := time.Now()
					sum, err := s.Run(ctx)
					syncTime += time.Since(t0)
					stop()
					requests = srv.Stats().Routes["GET /v1/calls"].Requests - before
					st.Close()
					if err != nil {
						b.Fatal(err)
					}
					if got := sum.Resources[0].Inserted; got != n {
						b.Fatalf("%d calls inserted, want %d", got, n)
					}
				}
				b.ReportMetric(float64(n*b.N)/syncTime.Seconds(), "rows/s")
				b.ReportMetric(syncTime.Seconds()/exportTime.Seconds(), "sync/export")
				b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
				b.ReportMetric(float64(requests), "requests")
				b.ReportMetric(float64((n+49)/50+n/10_000), "bound")
			})
		}
	}
}

// exportJSONL writes every call as the API sent it, a line each, and
// returns the time it took.
func exportJSONL(b *testing.B, srv *aircalltest.Server, path string) time.Duration {
	b.Helper()
	t0 := time.Now()
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(f)
	for pg, err := range client(b, srv).Calls.Pages(context.Background(), nil) {
		if err != nil {
			b.Fatal(err)
		}
		raw, err := pg.RawItems()
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range raw {
			w.Write(r)
			w.WriteByte('\n')
		}
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	return time.Since(t0)
}

// sampleHeap records the largest HeapInuse into peak until stop is called.
func sampleHeap(peak *uint64) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			*peak = max(*peak, m.HeapInuse)
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() { close(done); wg.Wait() }
}
