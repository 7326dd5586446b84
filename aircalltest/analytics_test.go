package aircalltest

import (
	"errors"
	"strings"
	"testing"
	"time"

	aircall "github.com/seed1279ea27/aircall-go"
)

func exportParams() *aircall.ExportParams {
	return &aircall.ExportParams{ReportName: "CALLS_HISTORY",
		Filter: aircall.ReportFilter{DateFilter: aircall.DateFilter{AbsoluteRange: &aircall.DateRange{FromDate: "2026-05-01", ToDate: "2026-05-15"}},
			Timezone: "Europe/Paris", TeamIDs: []aircall.ID{DemoTeamSales}},
		Options:       &aircall.ReportOptions{DateBreakdown: "DAILY"},
		ExportOptions: &aircall.ExportOptions{Format: "CSV", ExportName: "calls-history-may-2026"}}
}

// TestAnalyticsExportRoundTrip: an export stays PENDING for the configured
// polls, then WaitForExport returns it COMPLETED with a download URL valid
// an hour, and analytics.report_created is sent.
func TestAnalyticsExportRoundTrip(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 5, 20, 9, 35, 12, 0, time.UTC)
	s, c, ctx := start(t, WithExportPolls(2), WithClock(func() time.Time { return now }))
	rcv, token := subscribe(t, s, aircall.EventAnalyticsReportCreated, aircall.EventAnalyticsReportFailed)
	exp, _, err := c.Analytics.CreateExport(ctx, exportParams())
	must(t, err)
	if exp.ExportID == "" || exp.Status != aircall.ExportPending || !exp.CreatedAt.Time.Equal(now) || exp.DownloadURL != "" {
		t.Fatalf("CreateExport = %+v", exp)
	}
	again, _, err := c.Analytics.GetExport(ctx, exp.ExportID)
	must(t, err)
	if again.Status != aircall.ExportPending {
		t.Errorf("first GetExport: %s, want PENDING", again.Status)
	}
	done, _, err := c.Analytics.WaitForExport(ctx, exp.ExportID, time.Millisecond)
	must(t, err)
	if done.Status != aircall.ExportCompleted || done.ExportName != "calls-history-may-2026" || done.Format != "CSV" ||
		!strings.Contains(done.DownloadURL, "X-Amz-Signature=") || !done.DownloadURLExpiresAt.Time.Equal(now.Add(time.Hour)) {
		t.Errorf("WaitForExport = %+v", done)
	}
	if st := s.Stats().Routes["GET /v1/analytics/report/export/:id"]; st.Requests != 3 {
		t.Errorf("%d GETs, want 3 (PENDING twice, then COMPLETED)", st.Requests)
	}
	evs := parsed(t, s, rcv, token)
	wantEqual(t, "events", []aircall.Event{aircall.EventAnalyticsReportCreated}, eventNames(evs))
	if len(evs) == 1 {
		if e := evs[0].AnalyticsExport(); e == nil || e.ExportID != exp.ExportID || e.Status != aircall.ExportCompleted {
			t.Errorf("analytics.report_created = %+v", e)
		}
	}
	if _, _, err := c.Analytics.GetExport(ctx, "no-such-export"); !errors.Is(err, aircall.ErrNotFound) {
		t.Errorf("unknown export: %v, want ErrNotFound", err)
	}
}

func TestAnalyticsExportFailedAndForbidden(t *testing.T) {
	t.Parallel()
	t.Run("failed", func(t *testing.T) {
		t.Parallel()
		s, c, ctx := start(t, WithExportPolls(0), WithExportFailure("Report generation failed: too many rows"))
		rcv, token := subscribe(t, s, aircall.EventAnalyticsReportFailed)
		exp, _, err := c.Analytics.CreateExport(ctx, exportParams())
		must(t, err)
		got, _, err := c.Analytics.WaitForExport(ctx, exp.ExportID, time.Millisecond)
		if !errors.Is(err, aircall.ErrExportFailed) || got == nil || got.ErrorMessage != "Report generation failed: too many rows" {
			t.Errorf("WaitForExport: %+v, %v, want ErrExportFailed", got, err)
		}
		wantEqual(t, "events", []aircall.Event{aircall.EventAnalyticsReportFailed}, eventNames(parsed(t, s, rcv, token)))
	})
	t.Run("no Analytics+", func(t *testing.T) {
		t.Parallel()
		_, c, ctx := start(t, WithoutAnalyticsPlus())
		if _, _, err := c.Analytics.CreateExport(ctx, exportParams()); !errors.Is(err, aircall.ErrAnalyticsPlusRequired) {
			t.Errorf("CreateExport: %v, want ErrAnalyticsPlusRequired", err)
		}
		if _, _, err := c.Analytics.GetExport(ctx, "x"); !errors.Is(err, aircall.ErrAnalyticsPlusRequired) {
			t.Errorf("GetExport: %v, want ErrAnalyticsPlusRequired", err)
		}
	})
	t.Run("validation", func(t *testing.T) {
		t.Parallel()
		s := newServer(t)
		for _, body := range []string{
			`{}`,
			`{"input":{"reportName":"NOPE","filter":{"timezone":"Europe/Paris","dateFilter":{"relative":"TODAY"}}}}`,
			`{"input":{"reportName":"CALLS_HISTORY","filter":{"dateFilter":{"relative":"TODAY"}}}}`,
			`{"input":{"reportName":"CALLS_HISTORY","filter":{"timezone":"Mars/Olympus","dateFilter":{"relative":"TODAY"}}}}`,
			`{"input":{"reportName":"CALLS_HISTORY","filter":{"timezone":"UTC","dateFilter":{"relative":"TODAY","absoluteRange":{"fromDate":"2026-05-01","toDate":"2026-05-02"}}}}}`,
			`{"input":{"reportName":"CALLS_HISTORY","filter":{"timezone":"UTC","dateFilter":{"absoluteRange":{"fromDate":"2026-05-03","toDate":"2026-05-02"}}}}}`,
		} {
			if status, b := wireDo(t, s, "POST /v1/analytics/report/export "+body, "", nil); status != 400 || !strings.Contains(b, `"troubleshoot":"BAD_REQUEST"`) {
				t.Errorf("%s: %d %s, want the 400", body, status, b)
			}
		}
	})
}

// TestAIVoiceAgentOutboundCall: 202 with the queued request; a reused
// idempotency_key answers 409; after a 5xx the SDK retries the POST and
// the call is queued once.
func TestAIVoiceAgentOutboundCall(t *testing.T) {
	t.Parallel()
	const route = "POST /v1/outbound-calls/agents/:agent_id"
	s, c, ctx := start(t, WithDemoData(), WithFault(Fault{Method: "POST", Path: "/v1/outbound-calls/agents/:agent_id", Status: 503, Times: 1}))
	rcv, token := subscribe(t, s, aircall.EventAIVoiceAgentStarted, aircall.EventAIVoiceAgentEnded, aircall.EventAIVoiceAgentSummary)
	p := &aircall.OutboundAgentCallParams{ContactPhone: "+15551234567", IdempotencyKey: "appt-reminder-2026-03-15-cust-12345",
		Context: map[string]any{"first_name": "Jane"}, ExpirationSeconds: 3600}
	got, resp, err := c.AIVoiceAgents.StartOutboundCall(ctx, "agent-abc123", p)
	must(t, err)
	if resp.StatusCode != 202 || len(got.ID) != 26 || got.Status != "PENDING" || got.VirtualAgentID != "agent-abc123" || got.IdempotencyKey != p.IdempotencyKey {
		t.Errorf("StartOutboundCall = %d %+v", resp.StatusCode, got)
	}
	if rs := s.Stats().Routes[route]; rs.Requests != 2 || rs.Successes != 1 {
		t.Errorf("route stats %+v, want the 503 then the 202", rs)
	}
	if _, _, err := c.AIVoiceAgents.StartOutboundCall(ctx, "agent-abc123", p); !errors.Is(err, aircall.ErrConflict) {
		t.Errorf("reused key: %v, want ErrConflict (409)", err)
	}
	// The agent places the call once: three events, a call in the history.
	evs := parsed(t, s, rcv, token)
	wantEqual(t, "events", []aircall.Event{aircall.EventAIVoiceAgentStarted, aircall.EventAIVoiceAgentEnded, aircall.EventAIVoiceAgentSummary}, eventNames(evs))
	if len(evs) == 3 {
		ended := evs[1].AIVoiceAgent()
		if ended == nil || ended.AgentID != "agent-abc123" || ended.CallEndReason != "answered" || ended.ExternalCallerNumber != p.ContactPhone || ended.EndedAt.IsZero() {
			t.Fatalf("ai_voice_agent.ended = %+v", ended)
		}
		call, _, err := c.Calls.Get(ctx, ended.CallID, nil)
		must(t, err)
		if call.Direction != aircall.CallOutbound || call.RawDigits != p.ContactPhone || call.Number == nil || call.Number.ID != ended.NumberID {
			t.Errorf("the agent's call = %+v", call)
		}
		if sm := evs[2].AIVoiceAgent(); sm == nil || len(sm.ExtractedData) == 0 {
			t.Errorf("ai_voice_agent.summary = %+v", sm)
		}
	}
	for _, body := range []string{
		`{"contact_phone":"5551234567","idempotency_key":"k1"}`,
		`{"contact_phone":"+15551234567"}`,
		`{"contact_phone":"+15551234567","idempotency_key":"k2","expiration_seconds":30}`,
	} {
		if status, b := wireDo(t, s, "POST /v1/outbound-calls/agents/agent-abc123 "+body, "", nil); status != 400 {
			t.Errorf("%s: %d %s, want 400", body, status, b)
		}
	}
}
