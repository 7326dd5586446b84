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
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute) // 19s alone under -race; the full -race suite on 2 loaded cores took over 50s
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
	m := regexp.MustCompile(`export: (\d+) calls with Calls.All in (\d+) requests`).FindStringSubmatch(text)
	if m == nil {
		t.Fatalf("no export line:\n%s", text)
	}
	calls, _ := strconv.Atoi(m[1])
	requests, _ := strconv.Atoi(m[2])
	// 25,000 generated calls, 3 demo calls and the simulated one.
	if calls != generatedCalls+4 {
		t.Errorf("exported %d calls, want %d", calls, generatedCalls+4)
	}
	if limit := (calls+49)/50 + (calls+9999)/10000 + 1; requests > limit {
		t.Errorf("%d requests, want at most %d", requests, limit)
	}
	if strings.Contains(text, "refused 0 for rate limit") == false {
		t.Errorf("the tour met the rate limit:\n%s", text)
	}
}

func TestQuickstartReadOnly(t *testing.T) {
	t.Parallel()
	srv := aircalltest.NewServer(aircalltest.WithDemoData(), aircalltest.WithRateLimit(10_000, time.Minute))
	defer srv.Close()
	if _, err := srv.SimulateInboundCall(); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	err := run(context.Background(), &out, env(map[string]string{
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
