package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	aircall "github.com/seed1279ea27/aircall-go"
	"github.com/seed1279ea27/aircall-go/aircalltest"
)

// TestMain runs the command itself when the test binary is started with
// runMainEnv set: the tests exec the binary as aircall-fake, main included.
func TestMain(m *testing.M) {
	if os.Getenv(runMainEnv) == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

const runMainEnv = "AIRCALL_FAKE_RUN_MAIN"

func TestRunServesUntilCancelled(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var out aircalltest.LogBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-calls", "100", "-api-id", "id", "-api-token", "tok"}, &out, func(srv *aircalltest.Server) {
			req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL()+"/v1/calls?per_page=1", nil)
			req.SetBasicAuth("id", "tok")
			resp, err := (&http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}).Do(req)
			if err != nil {
				t.Errorf("GET /v1/calls: %v", err)
			} else {
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 || !strings.Contains(string(b), `"total":103`) {
					t.Errorf("GET /v1/calls: %d %s", resp.StatusCode, b)
				}
			}
			cancel()
		})
	}()
	if err := <-done; err != nil {
		t.Fatalf("run: %v", err)
	}
	for _, want := range []string{"listening on http://127.0.0.1:", "api_id:    id", "api_token: tok", "curl -u id:tok", "AIRCALL_API_ID=id", "stopping"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

func TestRunRefusesNonLoopback(t *testing.T) {
	t.Parallel()
	var out aircalltest.LogBuffer
	err := run(context.Background(), []string{"-addr", "0.0.0.0:0"}, &out, nil)
	if err == nil || !strings.Contains(err.Error(), "loopback") {
		t.Errorf("run -addr 0.0.0.0:0: %v, want a loopback error", err)
	}
	if err := run(context.Background(), []string{"extra"}, &out, nil); err == nil {
		t.Error("run accepted a stray argument")
	}
}

func TestRunHelpAndUsage(t *testing.T) {
	t.Parallel()
	var out aircalltest.LogBuffer
	if err := run(context.Background(), []string{"-h"}, &out, nil); !errors.Is(err, flag.ErrHelp) {
		t.Errorf("run -h: %v, want flag.ErrHelp (exit 0)", err)
	}
	for _, flag := range []string{"-calls", "-ai-delay", "-no-ai-add-on", "-no-analytics-plus", "-export-polls", "-export-failure", "-agent-escalation"} {
		if !strings.Contains(out.String(), flag) {
			t.Errorf("-h output lacks %s:\n%s", flag, out.String())
		}
	}
	if err := run(context.Background(), []string{"-no-such-flag"}, &out, nil); !errors.Is(err, errUsage) {
		t.Errorf("run -no-such-flag: %v, want a usage error (exit 2)", err)
	}
}

// serve runs the command with args, on a random loopback port with the
// credentials id:tok, and returns its Server, an SDK client configured
// from what the command printed, and its output. The command stops at the
// end of the test.
func serve(t *testing.T, args ...string) (*aircalltest.Server, *aircall.Client, context.Context, *aircalltest.LogBuffer) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	out := &aircalltest.LogBuffer{}
	ready, done := make(chan *aircalltest.Server, 1), make(chan error, 1)
	args = append([]string{"-addr", "127.0.0.1:0", "-api-id", "id", "-api-token", "tok"}, args...)
	go func() { done <- run(ctx, args, out, func(s *aircalltest.Server) { ready <- s }) }()
	var srv *aircalltest.Server
	select {
	case srv = <-ready:
	case err := <-done:
		cancel()
		t.Fatalf("run %q: %v\n%s", args, err, out.String())
	}
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("run %q: %v", args, err)
		}
	})
	_, url, ok := strings.Cut(out.String(), "AIRCALL_BASE_URL=")
	if !ok {
		t.Fatalf("no AIRCALL_BASE_URL in the output:\n%s", out.String())
	}
	c, err := aircall.NewClient(aircall.WithBaseURL(strings.TrimSpace(strings.SplitN(url, "\n", 2)[0])), aircall.WithBasicAuth("id", "tok"))
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	return srv, c, ctx, out
}

func exportParams() *aircall.ExportParams {
	return &aircall.ExportParams{ReportName: "CALLS_HISTORY", Filter: aircall.ReportFilter{
		DateFilter: aircall.DateFilter{Relative: "LAST_WEEK"}, Timezone: "Europe/Paris"}}
}

// exportStatuses creates an analytics export on c and returns the status
// each of n GETs of it answers.
func exportStatuses(t *testing.T, ctx context.Context, c *aircall.Client, n int) []aircall.ExportStatus {
	t.Helper()
	exp, _, err := c.Analytics.CreateExport(ctx, exportParams())
	if err != nil {
		t.Fatal(err)
	}
	var got []aircall.ExportStatus
	for range n {
		e, _, err := c.Analytics.GetExport(ctx, exp.ExportID)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, e.Status)
	}
	return got
}

// TestRunAIFlags: -no-ai-add-on makes the demo call's summary answer 403
// (ErrInsightUnavailable), where the default answers it; -ai-delay sets
// when a simulated call's results appear.
func TestRunAIFlags(t *testing.T) {
	t.Parallel()
	t.Run("default", func(t *testing.T) {
		t.Parallel()
		_, c, ctx, out := serve(t)
		sm, _, err := c.Calls.Summary(ctx, 812)
		if err != nil || sm.CallID != 812 || sm.Content == "" {
			t.Errorf("Summary(812) = %+v, %v: want the demo call's summary", sm, err)
		}
		if !strings.Contains(out.String(), "AI and Transcription on, Analytics+ on") {
			t.Errorf("output does not tell the add-ons:\n%s", out.String())
		}
	})
	t.Run("-no-ai-add-on", func(t *testing.T) {
		t.Parallel()
		_, c, ctx, out := serve(t, "-no-ai-add-on", "-calls", "20")
		_, resp, err := c.Calls.Summary(ctx, 812)
		if !errors.Is(err, aircall.ErrInsightUnavailable) || resp == nil || resp.StatusCode != http.StatusForbidden {
			t.Errorf("Summary(812) with -no-ai-add-on: %v, want ErrInsightUnavailable (403)", err)
		}
		if !strings.Contains(out.String(), "AI and Transcription off") {
			t.Errorf("output does not tell the add-on is off:\n%s", out.String())
		}
	})
	t.Run("-ai-delay", func(t *testing.T) {
		t.Parallel()
		for _, tc := range []struct {
			delay string
			ready bool
		}{{"0s", true}, {"1h", false}} {
			srv, c, ctx, _ := serve(t, "-ai-delay", tc.delay)
			call, err := srv.SimulateInboundCall(aircalltest.AnsweredBy(aircalltest.DemoUserJohn))
			if err != nil {
				t.Fatal(err)
			}
			_, _, err = c.Calls.Summary(ctx, call.ID)
			if got := err == nil; got != tc.ready || !tc.ready && !errors.Is(err, aircall.ErrInsightUnavailable) {
				t.Errorf("-ai-delay %s: Summary right after the call: %v, want available %v", tc.delay, err, tc.ready)
			}
		}
	})
}

// TestRunExportFlags: -export-polls 2 keeps an export PENDING for two
// GETs; -export-failure ends it FAILED with the message; with
// -no-analytics-plus, exports answer 403.
func TestRunExportFlags(t *testing.T) {
	t.Parallel()
	t.Run("-export-polls", func(t *testing.T) {
		t.Parallel()
		_, c, ctx, _ := serve(t, "-export-polls", "2")
		if got, want := exportStatuses(t, ctx, c, 3), []aircall.ExportStatus{aircall.ExportPending, aircall.ExportPending, aircall.ExportCompleted}; !slices.Equal(got, want) {
			t.Errorf("GETs answered %v, want %v", got, want)
		}
	})
	t.Run("-export-failure", func(t *testing.T) {
		t.Parallel()
		_, c, ctx, _ := serve(t, "-export-polls", "0", "-export-failure", "report too large")
		exp, _, err := c.Analytics.CreateExport(ctx, exportParams())
		if err != nil {
			t.Fatal(err)
		}
		e, _, err := c.Analytics.WaitForExport(ctx, exp.ExportID, time.Millisecond)
		if !errors.Is(err, aircall.ErrExportFailed) || e == nil || e.Status != aircall.ExportFailed || e.ErrorMessage != "report too large" {
			t.Errorf("WaitForExport = %+v, %v: want FAILED with the message", e, err)
		}
	})
	t.Run("-no-analytics-plus", func(t *testing.T) {
		t.Parallel()
		_, c, ctx, out := serve(t, "-no-analytics-plus")
		if _, _, err := c.Analytics.CreateExport(ctx, exportParams()); !errors.Is(err, aircall.ErrAnalyticsPlusRequired) {
			t.Errorf("CreateExport with -no-analytics-plus: %v, want ErrAnalyticsPlusRequired", err)
		}
		if !strings.Contains(out.String(), "Analytics+ off") {
			t.Errorf("output does not tell Analytics+ is off:\n%s", out.String())
		}
	})
}

// TestRunAgentEscalation: with -agent-escalation an outbound AI voice agent
// call sends ai_voice_agent.escalated and ends "escalated"; without it,
// the agent handles the call to its end.
func TestRunAgentEscalation(t *testing.T) {
	t.Parallel()
	for _, escalates := range []bool{false, true} {
		args := []string{"-ai-delay", "0"}
		if escalates {
			args = append(args, "-agent-escalation")
		}
		srv, c, ctx, _ := serve(t, args...)
		var mu sync.Mutex
		var got []string
		rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			var ev struct {
				Event string
				Data  struct {
					CallEndReason string `json:"call_end_reason"`
				}
			}
			if err := json.NewDecoder(r.Body).Decode(&ev); err != nil {
				t.Errorf("webhook body: %v", err)
			}
			mu.Lock()
			got = append(got, strings.TrimSpace(ev.Event+" "+ev.Data.CallEndReason))
			mu.Unlock()
		}))
		t.Cleanup(rcv.Close)
		if _, _, err := c.Webhooks.Create(ctx, &aircall.WebhookCreateParams{URL: rcv.URL,
			Events: []aircall.Event{aircall.EventAIVoiceAgentEscalated, aircall.EventAIVoiceAgentEnded}}); err != nil {
			t.Fatal(err)
		}
		if _, _, err := c.AIVoiceAgents.StartOutboundCall(ctx, "agent-abc123", &aircall.OutboundAgentCallParams{ContactPhone: "+15551234567", IdempotencyKey: "k1"}); err != nil {
			t.Fatal(err)
		}
		if err := srv.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		want := []string{"ai_voice_agent.ended answered"}
		if escalates {
			want = []string{"ai_voice_agent.escalated", "ai_voice_agent.ended escalated"}
		}
		mu.Lock()
		if !slices.Equal(got, want) {
			t.Errorf("-agent-escalation %v: events %q, want %q", escalates, got, want)
		}
		mu.Unlock()
	}
}

// TestRunRefusesBadValues: the options' checks hold for the flags too. The
// context is done from the start: a run that accepts its flags returns at
// once, without error.
func TestRunRefusesBadValues(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, tc := range []struct {
		args []string
		ok   bool
	}{
		{[]string{"-ai-delay", "0s", "-export-polls", "0", "-export-failure", "boom"}, true},
		{[]string{"-ai-delay", "-1s"}, false},
		{[]string{"-export-polls", "-1"}, false},
		{[]string{"-ai-delay", "soon"}, false},
	} {
		var out aircalltest.LogBuffer
		if err := run(ctx, append([]string{"-addr", "127.0.0.1:0", "-demo=false"}, tc.args...), &out, nil); (err == nil) != tc.ok {
			t.Errorf("run %q: %v, want accepted %v", tc.args, err, tc.ok)
		}
	}
}

// TestBinary execs the command (this test binary running main) with
// -no-ai-add-on and -export-polls 2, checks through the SDK what they
// change, then interrupts it: it stops and exits 0. -h exits 0 and a bad
// flag 2, as main documents.
func TestBinary(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	command := func(args ...string) *exec.Cmd {
		cmd := exec.CommandContext(ctx, os.Args[0], args...)
		cmd.Env = append(os.Environ(), runMainEnv+"=1")
		return cmd
	}
	cmd := command("-addr", "127.0.0.1:0", "-api-id", "id", "-api-token", "tok", "-no-ai-add-on", "-export-polls", "2")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(stdout)
	var out []string
	var base string
	for base == "" && sc.Scan() {
		out = append(out, sc.Text())
		if _, u, ok := strings.Cut(sc.Text(), "AIRCALL_BASE_URL="); ok {
			base = u
		}
	}
	if base == "" {
		_ = cmd.Process.Kill()
		t.Fatalf("the command printed no AIRCALL_BASE_URL:\n%s", strings.Join(out, "\n"))
	}
	c, err := aircall.NewClient(aircall.WithBaseURL(base), aircall.WithBasicAuth("id", "tok"))
	if err != nil {
		t.Fatal(err)
	}
	if _, resp, err := c.Calls.Summary(ctx, 812); !errors.Is(err, aircall.ErrInsightUnavailable) || resp == nil || resp.StatusCode != http.StatusForbidden {
		t.Errorf("Summary(812) with -no-ai-add-on: %v, want ErrInsightUnavailable (403)", err)
	}
	if got, want := exportStatuses(t, ctx, c, 3), []aircall.ExportStatus{aircall.ExportPending, aircall.ExportPending, aircall.ExportCompleted}; !slices.Equal(got, want) {
		t.Errorf("-export-polls 2: GETs answered %v, want %v", got, want)
	}

	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	for sc.Scan() {
		out = append(out, sc.Text())
	}
	if err := cmd.Wait(); err != nil {
		t.Errorf("after an interrupt: %v, want exit 0", err)
	}
	if out[len(out)-1] != "stopping" {
		t.Errorf("output does not end with stopping:\n%s", strings.Join(out, "\n"))
	}

	for _, tc := range []struct {
		arg  string
		code int
	}{{"-h", 0}, {"-no-such-flag", 2}, {"-export-polls=-1", 1}} {
		err := command("-addr", "127.0.0.1:0", tc.arg).Run()
		code := 0
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		if code != tc.code {
			t.Errorf("aircall-fake %s: exit %d, want %d", tc.arg, code, tc.code)
		}
	}
}
