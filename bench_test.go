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
		limit  = 20
		window = 200 * time.Millisecond
	)
	pacingBench(b, func() *windowServer { return &windowServer{limit: limit, window: window, start: time.Now()} },
		func() *Pacer { return NewPacer(limit, window) }, 15*window, 100, "%-of-allowed")
}

// BenchmarkPacingDefaults runs a Client with the default budget
// (DefaultRateLimit a window) against a loopback server that allows 120
// requests a window and sends the X-AircallApi-* headers only on the answer
// that spends the window (as Aircall documents). The window is scaled from a
// minute to 600ms. It reports the achieved rate as a ratio of the allowed
// one, and the 429s seen after the first window.
func BenchmarkPacingDefaults(b *testing.B) {
	const window = 600 * time.Millisecond
	pacingBench(b, func() *windowServer { return atLimitServer(120, window) },
		func() *Pacer { return NewPacer(DefaultRateLimit, window) }, 8*window, 1, "ratio-of-allowed")
}

// pacingBench runs, each iteration, 8 goroutines calling Ping on one Client
// paced by a new pacer() against a loopback newServer() for d, and reports
// the answers the server let through as a share of what it allows (times
// scale, as unit) and its 429s after the first window.
func pacingBench(b *testing.B, newServer func() *windowServer, pacer func() *Pacer, d time.Duration, scale float64, unit string) {
	b.Helper()
	for b.Loop() {
		srv := newServer()
		hs := httptest.NewServer(srv)
		c, _ := NewClient(WithBasicAuth("id", "token"), WithBaseURL(hs.URL), WithPacer(pacer()))
		start := time.Now()
		hammer([]*Client{c}, 8, d)
		elapsed := time.Since(start)
		hs.Close()
		srv.mu.Lock()
		allowed := float64(srv.limit) * elapsed.Seconds() / srv.window.Seconds()
		b.ReportMetric(scale*float64(srv.ok)/allowed, unit)
		b.ReportMetric(float64(srv.overAfter), "429s-after-first-window")
		srv.mu.Unlock()
	}
}
