package main

import (
	"bytes"
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/seed1279ea27/aircall-go/aircalltest"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestQuickstartOnTheFakeServer(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute) // a hang guard: exporting 25,000 calls under -race on a loaded machine can take over a minute
	defer cancel()
	var out bytes.Buffer
	if err := run(ctx, &out, env(nil)); err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	text := out.String()
	for _, want := range []string{
		"ping: ok",
		"John Doe", "French Office",
		"contact created: #",
		"webhook registered: ",
		"events received (6):",
		"AI summary of call #",
		"message sent: ",
		"(25000 generated, 3 of the demo company, 1 simulated above)",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
	order := []string{"call.created", "call.ringing_on_agent", "call.answered", "call.hungup", "call.ended", "call.comm_assets_generated"}
	last := -1
	for _, ev := range order {
		i := strings.Index(text, "  "+ev+" ")
		if i <= last {
			t.Errorf("event %s missing or out of order:\n%s", ev, text)
		}
		last = i
	}
	sim := regexp.MustCompile(`simulated an inbound call: #(\d+) `).FindStringSubmatch(text)
	if sim == nil || !strings.Contains(text, "AI summary of call #"+sim[1]+": ") {
		t.Errorf("the AI summary is not read for the simulated call:\n%s", text)
	}
	m := regexp.MustCompile(`export: (\d+) calls with Calls.All in (\d+) requests`).FindStringSubmatch(text)
	if m == nil {
		t.Fatalf("no export line:\n%s", text)
	}
	calls, _ := strconv.Atoi(m[1])
	requests, _ := strconv.Atoi(m[2])
	// 25,000 generated calls, 3 demo calls and the simulated one.
	if calls != generatedCalls+demoCalls+1 {
		t.Errorf("exported %d calls, want %d", calls, generatedCalls+demoCalls+1)
	}
	// The cursor walk starts every page after the first at the last second it
	// yielded: the generated calls hold one call in most seconds, so a page
	// re-reads one call and brings 49 new ones (two seconds holding two calls
	// at a page's end are allowed for).
	if limit := 1 + (calls-50+48)/49 + 2; requests > limit {
		t.Errorf("%d requests, want at most %d", requests, limit)
	}
	if strings.Contains(text, "refused 0 for rate limit") == false {
		t.Errorf("the tour met the rate limit:\n%s", text)
	}
}

func TestQuickstartReadOnly(t *testing.T) {
	t.Parallel()
	srv, err := aircalltest.New(aircalltest.WithDemoData(), aircalltest.WithRateLimit(10_000, time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	if _, err := srv.SimulateInboundCall(); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	err = run(context.Background(), &out, env(map[string]string{
		"AIRCALL_API_ID": srv.APIID(), "AIRCALL_API_TOKEN": srv.APIToken(), "AIRCALL_BASE_URL": srv.URL(),
	}))
	if err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	text := out.String()
	for _, want := range []string{"read-only, against " + srv.URL(), "ping: ok", "users (4):", "numbers (2):", "calls in the last 7 days: 4", "requests used: 4"} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
	// Read-only: nothing was written.
	for route, st := range srv.Stats().Routes {
		if !strings.HasPrefix(route, "GET ") {
			t.Errorf("read-only run sent %s (%d times)", route, st.Requests)
		}
	}
}

func TestQuickstartHalfConfigured(t *testing.T) {
	t.Parallel()
	err := run(context.Background(), &bytes.Buffer{}, env(map[string]string{"AIRCALL_API_ID": "x"}))
	if err == nil || !strings.Contains(err.Error(), "both") {
		t.Errorf("run with only AIRCALL_API_ID: %v", err)
	}
}
