package aircall

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// BenchmarkAllLiveHeap ranges over 100,000 calls (the cursor walk, one
// call a second) and reports the largest live heap seen, sampled after
// a GC every 5,000 items, above the heap before ranging, beside the size of
// one decoded page. Every reading follows two GCs (the second one frees what
// the first one's finalizers and sweeps left), and what a reading must not
// count (the template page) is allocated before the baseline and kept alive
// past the last reading.
func BenchmarkAllLiveHeap(b *testing.B) {
	const n = 100_000
	tmpl := string(callsPage(b))
	// Serve calls generated on the fly from one fixture call: call i has id
	// i+1 and started at t0+i; from is inclusive.
	const t0 = 1_700_000_000
	raw, _ := os.ReadFile("testdata/calls_get.json")
	var env struct {
		Call json.RawMessage `json:"call"`
	}
	json.Unmarshal(raw, &env)
	var compact bytes.Buffer
	json.Compact(&compact, env.Call)
	one := compact.String()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		page, _ := strconv.Atoi(q.Get("page"))
		per, _ := strconv.Atoi(q.Get("per_page"))
		from, _ := strconv.Atoi(q.Get("from"))
		start := max(from-t0, 0) + (page-1)*per
		if page > 200 {
			w.WriteHeader(400)
			return
		}
		var sb strings.Builder
		sb.WriteString(`{"calls":[`)
		count := 0
		for i := start; i < min(start+per, n); i++ {
			if count > 0 {
				sb.WriteByte(',')
			}
			s := strings.Replace(one, `"id":812`, `"id":`+strconv.Itoa(i+1), 1)
			s = strings.Replace(s, `"started_at":1584998199`, `"started_at":`+strconv.Itoa(t0+i), 1)
			sb.WriteString(s)
			count++
		}
		next := "null"
		if start+per < n {
			next = `"x"`
		}
		fmt.Fprintf(&sb, `],"meta":{"count":%d,"current_page":%d,"per_page":%d,"next_page_link":%s}}`, count, page, per, next)
		w.Write([]byte(sb.String()))
	}))
	defer srv.Close()
	c, _ := NewClient(WithBasicAuth("id", "token"), WithBaseURL(srv.URL), WithPacer(NewPacer(0, time.Minute)))
	b.ReportAllocs()
	for b.Loop() {
		var peak uint64
		base := liveHeap()
		got := 0
		for call, err := range c.Calls.All(context.Background(), nil) {
			if err != nil {
				b.Fatal(err)
			}
			_ = call
			if got++; got%5000 == 0 {
				peak = max(peak, liveHeap())
			}
		}
		if got != n {
			b.Fatalf("got %d calls, want %d", got, n)
		}
		b.ReportMetric((float64(peak)-float64(base))/1024, "peak-live-above-start-KiB")
	}
	// One decoded page, for scale: the template's bytes exist before the
	// baseline and live past the second reading, so only the page counts.
	page := []byte(tmpl)
	before := liveHeap()
	var out struct {
		Calls []*Call `json:"calls"`
	}
	json.Unmarshal(page, &out)
	after := liveHeap()
	b.ReportMetric((float64(after)-float64(before))/1024, "page-KiB")
	runtime.KeepAlive(out)
	runtime.KeepAlive(page)
}

// liveHeap returns the bytes of live heap objects after two GCs.
func liveHeap() uint64 {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// BenchmarkPacingThroughput runs 8 goroutines on one Client against a
// loopback server that allows limit requests per fixed window and reports
// the sustained rate as a percentage of what the server allows, and the 429s
// seen after the first window (the target is none).
func BenchmarkPacingThroughput(b *testing.B) {
	const (
		limit   = 20
		window  = 200 * time.Millisecond
		windows = 15
	)
	for b.Loop() {
		srv := &windowServer{limit: limit, window: window, start: time.Now()}
		hs := httptest.NewServer(srv)
		c, _ := NewClient(WithBasicAuth("id", "token"), WithBaseURL(hs.URL), WithPacer(NewPacer(limit, window)))
		ctx, cancel := context.WithTimeout(context.Background(), windows*window)
		start := time.Now()
		var wg sync.WaitGroup
		for range 8 {
			wg.Go(func() {
				for ctx.Err() == nil {
					c.Ping(ctx)
				}
			})
		}
		wg.Wait()
		elapsed := time.Since(start)
		cancel()
		hs.Close()
		srv.mu.Lock()
		allowed := float64(limit) * elapsed.Seconds() / window.Seconds()
		b.ReportMetric(100*float64(srv.ok)/allowed, "%-of-allowed")
		b.ReportMetric(float64(srv.overAfter), "429s-after-first-window")
		srv.mu.Unlock()
	}
}

// BenchmarkPacingDefaults runs a Client with the default budget
// (DefaultRateLimit a window) against a loopback server that allows 120
// requests a window and sends the X-AircallApi-* headers only on the answer
// that spends the window (as Aircall documents). The window is scaled from a
// minute to 600ms. It reports the achieved rate as a ratio of the allowed
// one, and the 429s seen after the first window.
func BenchmarkPacingDefaults(b *testing.B) {
	const (
		limit   = 120
		window  = 600 * time.Millisecond
		windows = 8
	)
	for b.Loop() {
		srv := &windowServer{limit: limit, window: window, start: time.Now(), headersAtLimit: true}
		hs := httptest.NewServer(srv)
		c, _ := NewClient(WithBasicAuth("id", "token"), WithBaseURL(hs.URL), WithPacer(NewPacer(DefaultRateLimit, window)))
		start := time.Now()
		hammer([]*Client{c}, 8, windows*window)
		elapsed := time.Since(start)
		hs.Close()
		srv.mu.Lock()
		allowed := float64(limit) * elapsed.Seconds() / window.Seconds()
		b.ReportMetric(float64(srv.ok)/allowed, "ratio-of-allowed")
		b.ReportMetric(float64(srv.overAfter), "429s-after-first-window")
		srv.mu.Unlock()
	}
}
