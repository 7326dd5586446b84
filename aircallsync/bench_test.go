package aircallsync

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"syscall"
	"testing"
	"time"

	aircall "github.com/seed1279ea27/aircall-go"
	"github.com/seed1279ea27/aircall-go/aircallsync/pgtest"
	"github.com/seed1279ea27/aircall-go/aircalltest"
)

// BenchmarkSync25k syncs 25,000 calls from a fake Aircall into each
// database, unpaced (the database's own speed), at 400 requests a second
// (200 times Aircall's budget of 120 a minute, 20,000 calls a second) and
// at 100, beside an export of the same calls to JSONL (what
// `aircall export calls` writes), and reports:
//   - rows/s: calls written per second by the sync;
//   - sync/export: the sync's wall time over the export's (target <= 1.2);
//   - peak-heap-MB: the largest live heap sampled during the sync;
//   - requests and bound: the sync's GET /v1/calls requests, and
//     ceil(N/50) plus one per 10,000-item window (the boundary seconds of
//     the cursor walk); export-requests, the export's;
//   - sync-s and export-s: the wall times, in seconds per run (the sync's
//     with the store's Close, which ends its writes);
//   - sync-cpu-s and export-cpu-s: the CPU time of this process (the fake,
//     the client and, for the sync, the writer and the SQLite engine);
//   - pg-cpu-s: the CPU time of the Postgres server during the sync.
//
// On 2 cores, the shares of CPU time tell what bounds an unpaced sync.
//
// Run it with: go test -run '^$' -bench Sync25k -benchtime 3x ./aircallsync
func BenchmarkSync25k(b *testing.B) {
	const n = 25_000
	end := time.Now().Add(-time.Hour).Truncate(time.Second)
	ctx := context.Background()
	for _, rate := range []struct {
		name  string
		limit int
	}{{"unpaced", 1_000_000}, {"400rps", 400}, {"100rps", 100}} {
		for _, dialect := range benchDialects {
			b.Run(rate.name+"/"+dialect, func(b *testing.B) {
				srv, err := aircalltest.New(aircalltest.WithRateLimit(rate.limit, time.Second),
					aircalltest.WithGeneratedCalls(n, end.Add(-90*24*time.Hour), end))
				if err != nil {
					b.Fatal(err)
				}
				defer srv.Close()
				var exportTime, syncTime, exportCPU, syncCPU, pgCPU time.Duration
				var peak uint64
				var requests, exportRequests int
				for i := 0; b.Loop(); i++ {
					cpu0, before := processCPU(), srv.Stats().Routes["GET /v1/calls"].Requests
					exportTime += exportJSONL(b, srv, filepath.Join(b.TempDir(), "calls.jsonl"))
					exportCPU += processCPU() - cpu0
					exportRequests = srv.Stats().Routes["GET /v1/calls"].Requests - before
					st := benchStore(b, dialect)
					s, err := New(client(b, srv), st, Options{Resources: []Resource{Calls}})
					if err != nil {
						b.Fatal(err)
					}
					before = srv.Stats().Routes["GET /v1/calls"].Requests
					stop := sampleHeap(&peak)
					cpu0, pg0, t0 := processCPU(), pgtest.CPU(), time.Now()
					sum, err := s.Run(ctx)
					if cerr := st.Close(); err == nil {
						err = cerr
					}
					syncTime += time.Since(t0)
					syncCPU += processCPU() - cpu0
					pgCPU += pgtest.CPU() - pg0
					stop()
					requests = srv.Stats().Routes["GET /v1/calls"].Requests - before
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
				b.ReportMetric(float64(exportRequests), "export-requests")
				b.ReportMetric(float64((n+49)/50+n/10_000), "bound")
				runs := float64(b.N)
				b.ReportMetric(syncTime.Seconds()/runs, "sync-s")
				b.ReportMetric(exportTime.Seconds()/runs, "export-s")
				b.ReportMetric(syncCPU.Seconds()/runs, "sync-cpu-s")
				b.ReportMetric(exportCPU.Seconds()/runs, "export-cpu-s")
				if dialect != "sqlite" {
					b.ReportMetric(pgCPU.Seconds()/runs, "pg-cpu-s")
				}
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

// benchDialects are the databases the benchmarks write to: SQLite,
// Postgres with fsync off (as the tests run it: the CPU's cost alone), and
// Postgres with fsync on (as in production: commits wait for the disk).
var benchDialects = []string{"sqlite", "postgres", "postgres-durable"}

// benchStore opens an empty store of one of benchDialects.
func benchStore(b *testing.B, dialect string) Store {
	b.Helper()
	dsn := "sqlite:" + filepath.Join(b.TempDir(), "a.db")
	switch dialect {
	case "postgres":
		dsn = postgresDSN(b)
	case "postgres-durable":
		dsn = pgtest.DurableDSN(b)
	}
	st, err := OpenStore(context.Background(), dsn)
	if err != nil {
		b.Fatal(err)
	}
	return st
}

// processCPU is the CPU time this process has used so far, user and
// system.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
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

// BenchmarkApplyPage writes 25,000 calls, fetched from the fake
// beforehand, a page of 50 at a time with its state, into each database,
// then closes it: the writer's own cost, without the API's. A page's SQL
// arguments are prepared untimed (prepare-cpu-s: the CPU time of that, in
// this process), then written (writer-cpu-s: the CPU time of this process
// for the writes and Close, the driver's and, for SQLite, its engine's;
// pg-cpu-s: the Postgres server's). Times are in seconds per 25,000 rows.
func BenchmarkApplyPage(b *testing.B) {
	const n = 25_000
	end := time.Now().Add(-time.Hour).Truncate(time.Second)
	srv, err := aircalltest.New(aircalltest.WithRateLimit(1_000_000, time.Second),
		aircalltest.WithGeneratedCalls(n, end.Add(-90*24*time.Hour), end))
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	var pages [][]Row
	for pg, err := range client(b, srv).Calls.Pages(context.Background(), nil) {
		if err != nil {
			b.Fatal(err)
		}
		rows, err := pageRows(pg, callID, callValues, observedAt(pg.Response, time.Now()))
		if err != nil {
			b.Fatal(err)
		}
		pages = append(pages, rows)
	}
	ctx := context.Background()
	for _, dialect := range benchDialects {
		b.Run(dialect, func(b *testing.B) {
			var took, cpu, pgCPU, prepCPU time.Duration
			for b.Loop() {
				b.StopTimer()
				st := benchStore(b, dialect)
				p := st.(pagePreparer)
				cpu0 := processCPU()
				ws := make([]*pageWrite, len(pages))
				for i, rows := range pages {
					var err error
					if ws[i], err = p.preparePage(Calls, rows, time.Now()); err != nil {
						b.Fatal(err)
					}
				}
				prepCPU += processCPU() - cpu0
				b.StartTimer()
				cpu0, pg0, t0 := processCPU(), pgtest.CPU(), time.Now()
				var state State
				for i, w := range ws {
					state.WalkFrom = pages[i][len(pages[i])-1].Values[0].(aircall.Timestamp).Time
					if _, err := p.writePage(ctx, Calls, w, state); err != nil {
						b.Fatal(err)
					}
				}
				if err := st.Close(); err != nil {
					b.Fatal(err)
				}
				took += time.Since(t0)
				cpu += processCPU() - cpu0
				pgCPU += pgtest.CPU() - pg0
			}
			runs := float64(b.N)
			b.ReportMetric(float64(n)*runs/took.Seconds(), "rows/s")
			b.ReportMetric(cpu.Seconds()/runs, "writer-cpu-s")
			b.ReportMetric(prepCPU.Seconds()/runs, "prepare-cpu-s")
			if dialect != "sqlite" {
				b.ReportMetric(pgCPU.Seconds()/runs, "pg-cpu-s")
			}
		})
	}
}
