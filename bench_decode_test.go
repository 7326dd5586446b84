package aircall

import (
	"context"
	stdjson "encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/seed1279ea27/aircall-go/internal/benchcpu"
)

// callsPage builds a realistic 50-call page from the calls_get.json fixture.
func callsPage(tb testing.TB) []byte {
	raw, err := os.ReadFile("testdata/calls_get.json")
	if err != nil {
		tb.Fatal(err)
	}
	var env struct {
		Call map[string]any `json:"call"`
	}
	if err := stdjson.Unmarshal(raw, &env); err != nil {
		tb.Fatal(err)
	}
	calls := make([]map[string]any, 50)
	for i := range calls {
		c := make(map[string]any, len(env.Call))
		for k, v := range env.Call {
			c[k] = v
		}
		c["id"] = 812 + i
		c["started_at"] = 1584998199 + i
		calls[i] = c
	}
	b, _ := stdjson.Marshal(map[string]any{
		"meta":  map[string]any{"count": 50, "total": 2234, "current_page": 1, "per_page": 50, "next_page_link": "https://api.aircall.io/v1/calls?page=2&per_page=50", "previous_page_link": nil},
		"calls": calls,
	})
	return b
}

// pageServer serves the 50-call page with a budget that never runs out.
func pageServer(tb testing.TB, page []byte) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-AircallApi-Limit", "1000000000")
		w.Header().Set("X-AircallApi-Remaining", "999999999")
		w.Header().Set("X-AircallApi-Reset", strconv.FormatInt(time.Now().Add(time.Hour).Unix(), 10))
		w.Write(page)
	}))
	tb.Cleanup(srv.Close)
	return srv
}

// listPage returns one Calls.List of the page through the SDK.
func listPage(tb testing.TB, url string) func() {
	c, err := NewClient(WithBasicAuth("id", "token"), WithBaseURL(url), WithPacer(NewPacer(0, time.Minute)))
	if err != nil {
		tb.Fatal(err)
	}
	opts := &CallListOptions{ListOptions: ListOptions{PerPage: 50}}
	return func() {
		calls, _, err := c.Calls.List(context.Background(), opts)
		if err != nil || len(calls) != 50 {
			tb.Fatal(len(calls), err)
		}
	}
}

// rawPage returns one fetch of the page with raw net/http and
// encoding/json into the same structs: the code a user would write.
func rawPage(tb testing.TB, url string) func() {
	hc := &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
	return func() {
		req, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, url+"/v1/calls?per_page=50", nil)
		req.SetBasicAuth("id", "token")
		resp, err := hc.Do(req)
		if err != nil {
			tb.Fatal(err)
		}
		data, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		var out struct {
			Calls []*Call `json:"calls"`
			Meta  Meta    `json:"meta"`
		}
		if err := stdjson.Unmarshal(data, &out); err != nil || len(out.Calls) != 50 {
			tb.Fatal(err)
		}
	}
}

// BenchmarkCallsListPage compares fetching and decoding one 50-call page
// through the SDK (Calls.List) with raw net/http + encoding/json into the
// same structs, over loopback. The target is sdk at most 0.75x raw, in
// cpu-ns/op (the server's CPU counts in both).
func BenchmarkCallsListPage(b *testing.B) {
	page := callsPage(b)
	srv := pageServer(b, page)
	b.Run("sdk", func(b *testing.B) {
		f := listPage(b, srv.URL)
		b.ReportAllocs()
		b.SetBytes(int64(len(page)))
		benchcpu.Loop(b, f)
	})
	b.Run("raw", func(b *testing.B) {
		f := rawPage(b, srv.URL)
		b.ReportAllocs()
		b.SetBytes(int64(len(page)))
		benchcpu.Loop(b, f)
	})
}

// BenchmarkCallsListPageVsRaw runs BenchmarkCallsListPage's sdk and raw in
// alternating blocks, so that both see the same machine load, and reports
// raw/sdk: the floor (DESIGN.md) is 1/0.75 = 1.33. Run it with the
// webhook package's BenchmarkParseDispatchVsMapAny in one go test run:
//
//	go test -run '^$' -bench 'CallsListPageVsRaw|ParseDispatchVsMapAny' -count 5 . ./webhook
func BenchmarkCallsListPageVsRaw(b *testing.B) {
	srv := pageServer(b, callsPage(b))
	benchcpu.Compare(b, "sdk", listPage(b, srv.URL), "raw", rawPage(b, srv.URL), 4)
}

// BenchmarkDecodeCallsPage is the decoding alone of the same page: the
// SDK's decodeKey, and encoding/json into the same structs.
func BenchmarkDecodeCallsPage(b *testing.B) {
	page := callsPage(b)
	b.Run("sdk", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(page)))
		benchcpu.Loop(b, func() {
			var calls []*Call
			if found, _, err := decodeKey(page, "calls", &calls, new(Meta)); !found || err != nil || len(calls) != 50 {
				b.Fatal(found, err)
			}
		})
	})
	b.Run("encoding-json", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(page)))
		benchcpu.Loop(b, func() {
			var out struct {
				Calls []*Call `json:"calls"`
				Meta  Meta    `json:"meta"`
			}
			if err := stdjson.Unmarshal(page, &out); err != nil || len(out.Calls) != 50 {
				b.Fatal(err)
			}
		})
	})
}
