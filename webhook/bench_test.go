package webhook

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	aircall "github.com/seed1279ea27/aircall-go"

	"github.com/seed1279ea27/aircall-go/internal/benchcpu"
)

// BenchmarkParseCallEnded decodes and verifies a typical call.ended body
// (user, number, contact, comment, tag, team).
func BenchmarkParseCallEnded(b *testing.B) {
	benchcpu.Loop(b, parseOnly(b, benchBody(b, "call_ended.json")))
}

// benchBody returns the fixture name, counted as b's bytes per operation,
// with b's allocations reported.
func benchBody(b *testing.B, name string) []byte {
	body := fixture(b, name)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	return body
}

// parseOnly returns the work of Parse (decode and verify) of body.
func parseOnly(b *testing.B, body []byte) func() {
	v := Tokens(testToken)
	return func() {
		if _, err := Parse(body, v); err != nil {
			b.Fatal(err)
		}
	}
}

// parseDispatch returns the work of a receiver without HTTP: Parse of a
// call.ended body plus the dispatch to a typed handler.
func parseDispatch(b *testing.B, body []byte) func() {
	v := Tokens(testToken)
	h := newTestHandler(b)
	var n int
	h.OnCall(aircall.EventCallEnded, func(_ context.Context, ev *CallEvent) error { n += ev.Call.Duration; return nil })
	ctx := context.Background()
	return func() {
		ev, err := Parse(body, v)
		if err != nil {
			b.Fatal(err)
		}
		if err := h.Dispatch(ctx, ev); err != nil {
			b.Fatal(err)
		}
	}
}

// mapAny returns the decoding of body into map[string]any with
// encoding/json: the least a generic receiver does.
func mapAny(b *testing.B, body []byte) func() {
	return func() {
		var m map[string]any
		if err := json.Unmarshal(body, &m); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseDispatch is Parse plus the dispatch to a typed handler.
func BenchmarkParseDispatch(b *testing.B) {
	benchcpu.Loop(b, parseDispatch(b, benchBody(b, "call_ended.json")))
}

// BenchmarkServeHTTP is the full ServeHTTP of a call.ended event: body
// read, Parse, dedupe, dispatch and answer.
func BenchmarkServeHTTP(b *testing.B) {
	body := benchBody(b, "call_ended.json")
	h := newTestHandler(b, WithDeduper(alwaysNew{}))
	h.OnCall(aircall.EventCallEnded, func(context.Context, *CallEvent) error { return nil })
	rd := bytes.NewReader(body)
	req := httptest.NewRequest(http.MethodPost, "/", rd)
	w := &discardWriter{h: http.Header{}}
	for b.Loop() {
		rd.Reset(body)
		w.status = 0
		h.ServeHTTP(w, req)
		if w.status != http.StatusOK {
			b.Fatalf("status %d", w.status)
		}
	}
}

// BenchmarkBaselineMapAny decodes the same body into map[string]any. The
// floor (DESIGN.md) is BenchmarkParseDispatch at least 2x faster, in
// cpu-ns/op.
func BenchmarkBaselineMapAny(b *testing.B) {
	benchcpu.Loop(b, mapAny(b, benchBody(b, "call_ended.json")))
}

// BenchmarkParseDispatchVsMapAny runs BenchmarkParseDispatch's work and
// BenchmarkBaselineMapAny's in alternating blocks, so that both see the
// same machine load, and reports map-any/parse-dispatch: the floor is 2.
// Run it with BenchmarkCallsListPageVsRaw in one go test run:
//
//	go test -run '^$' -bench 'CallsListPageVsRaw|ParseDispatchVsMapAny' -count 5 . ./webhook
func BenchmarkParseDispatchVsMapAny(b *testing.B) {
	body := fixture(b, "call_ended.json")
	benchcpu.Compare(b, "parse-dispatch", parseDispatch(b, body), "map-any", mapAny(b, body), 20)
}

// alwaysNew is a Deduper that never sees duplicates, so that the benchmark
// exercises the dedupe path without its map.
type alwaysNew struct{}

func (alwaysNew) Claim(context.Context, string) (bool, error) { return true, nil }
func (alwaysNew) Release(context.Context, string, bool) error { return nil }

// discardWriter is a minimal http.ResponseWriter.
type discardWriter struct {
	h      http.Header
	status int
}

func (w *discardWriter) Header() http.Header { return w.h }
func (w *discardWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return len(p), nil
}
func (w *discardWriter) WriteHeader(s int) { w.status = s }

// BenchmarkParse2026 decodes and verifies bodies of the newer events,
// whose types decode tolerantly and keep Raw, beside the same bodies
// decoded into map[string]any with encoding/json (compare the two in one
// run).
func BenchmarkParse2026(b *testing.B) {
	for _, name := range []string{"message_sent.json", "transcription_created.json", "summary_created.json"} {
		for _, w := range []struct {
			sub  string
			work func(*testing.B, []byte) func()
		}{{name, parseOnly}, {name + "/map", mapAny}} {
			b.Run(w.sub, func(b *testing.B) {
				do := w.work(b, benchBody(b, name))
				for b.Loop() {
					do()
				}
			})
		}
	}
}
