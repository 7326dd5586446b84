package aircall

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"
)

// callsHistoryMay is the addendum's export request.
func callsHistoryMay() *ExportParams {
	return &ExportParams{
		ReportName: ReportCallsHistory,
		Filter: ReportFilter{
			DateFilter: DateFilter{AbsoluteRange: &DateRange{FromDate: "2026-05-01", ToDate: "2026-05-15"}},
			Timezone:   "Europe/Paris",
			TeamIDs:    []ID{4242},
		},
		Options:       &ReportOptions{DateBreakdown: "DAILY"},
		ExportOptions: &ExportOptions{Format: "CSV"},
	}
}

const exportID = "9d3f2a1e-2b6c-4f0a-9c3e-1a2b3c4d5e6f"

func completedExport() *AnalyticsExport {
	return &AnalyticsExport{
		ExportID: exportID, CreatedAt: instant("2026-05-20T09:35:12Z"), Status: ExportCompleted, Format: "CSV",
		ExportName:           "calls-history-may-2026",
		DownloadURL:          "https://aircall-analytics-exports.s3.amazonaws.com/x.csv?X-Amz-Signature=abc",
		DownloadURLExpiresAt: instant("2026-05-20T10:35:12Z"),
	}
}

func TestAnalyticsCreateExport(t *testing.T) {
	t.Parallel()
	familyCall{name: "create export", pattern: "POST /v1/analytics/report/export", reply: "analytics_export_create.json",
		call: func(c *Client) (any, *Response, error) {
			return c.Analytics.CreateExport(context.Background(), callsHistoryMay())
		},
		path: "/v1/analytics/report/export",
		body: `{"input":{"reportName":"CALLS_HISTORY","filter":{"dateFilter":{"absoluteRange":{"fromDate":"2026-05-01","toDate":"2026-05-15"}},"timezone":"Europe/Paris","teamIDs":[4242]},"options":{"dateBreakdown":"DAILY"},"exportOptions":{"format":"CSV"}}}`,
		want: &AnalyticsExport{ExportID: exportID, CreatedAt: instant("2026-05-20T09:35:12Z"), Status: ExportPending},
		opts: newAPIOpts}.check(t)

	// A relative window and optional filters, camelCase on the wire.
	ts, c := serve(t, "POST /v1/analytics/report/export", 201, "analytics_export_create.json")
	_, _, err := c.Analytics.CreateExport(context.Background(), &ExportParams{
		ReportName: ReportUserStatusHistory,
		Filter: ReportFilter{DateFilter: DateFilter{Relative: DateLastWeek}, Timezone: "UTC", UserIDs: []ID{456},
			WithVoicemail: Ptr(false), VirtualVoiceAgentIDs: []string{"agent-abc123"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	ts.expectRequest(t, http.MethodPost, "/v1/analytics/report/export", "",
		`{"input":{"reportName":"USER_STATUS_HISTORY","filter":{"dateFilter":{"relative":"LAST_WEEK"},"timezone":"UTC","userIDs":[456],"virtualVoiceAgentIDs":["agent-abc123"],"withVoicemail":false}}}`)
}

func TestAnalyticsGetExport(t *testing.T) {
	t.Parallel()
	familyCall{name: "get export", pattern: "GET /v1/analytics/report/export/{id}", reply: "analytics_export_completed.json",
		call: func(c *Client) (any, *Response, error) { return c.Analytics.GetExport(context.Background(), exportID) },
		path: "/v1/analytics/report/export/" + exportID, want: completedExport(), opts: newAPIOpts}.check(t)
}

func TestAnalyticsPlusRequired(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, body string
		plus       bool
	}{
		{"application 403", `{"error":"Forbidden","troubleshoot":"Analytics+ is required"}`, true},
		{"edge 403: a wrong credential", `{"message":"Forbidden"}`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, c := serve(t, "GET /v1/analytics/report/export/{id}", 403, tc.body)
			_, _, err := c.Analytics.GetExport(context.Background(), exportID)
			var ae *APIError
			if errors.Is(err, ErrAnalyticsPlusRequired) != tc.plus || !errors.Is(err, ErrUnauthorized) || !errors.As(err, &ae) || ae.StatusCode != 403 {
				t.Errorf("err = %v: ErrAnalyticsPlusRequired %v, want %v, and an APIError 403", err, errors.Is(err, ErrAnalyticsPlusRequired), tc.plus)
			}
			_, c = serve(t, "POST /v1/analytics/report/export", 403, tc.body)
			_, _, err = c.Analytics.CreateExport(context.Background(), callsHistoryMay())
			if errors.Is(err, ErrAnalyticsPlusRequired) != tc.plus {
				t.Errorf("CreateExport err = %v", err)
			}
		})
	}
}

func TestAnalyticsValidation(t *testing.T) {
	t.Parallel()
	create := func(f func(*ExportParams)) func(*Client) error {
		return func(c *Client) error {
			p := callsHistoryMay()
			f(p)
			_, _, err := c.Analytics.CreateExport(context.Background(), p)
			return err
		}
	}
	runParamCases(t, []paramCase{
		{"nil", func(c *Client) error { _, _, err := c.Analytics.CreateExport(context.Background(), nil); return err }, ""},
		{"no report name", create(func(p *ExportParams) { p.ReportName = "" }), "input.reportName"},
		{"no timezone", create(func(p *ExportParams) { p.Filter.Timezone = "" }), "input.filter.timezone"},
		{"both date filters", create(func(p *ExportParams) { p.Filter.DateFilter.Relative = DateToday }), "input.filter.dateFilter"},
		{"no date filter", create(func(p *ExportParams) { p.Filter.DateFilter = DateFilter{} }), "input.filter.dateFilter"},
		{"bad from date", create(func(p *ExportParams) { p.Filter.DateFilter.AbsoluteRange.FromDate = "01/05/2026" }), "input.filter.dateFilter.absoluteRange.fromDate"},
		{"bad to date", create(func(p *ExportParams) { p.Filter.DateFilter.AbsoluteRange.ToDate = "2026-05-32" }), "input.filter.dateFilter.absoluteRange.toDate"},
		{"range reversed", create(func(p *ExportParams) { p.Filter.DateFilter.AbsoluteRange.ToDate = "2026-04-30" }), "input.filter.dateFilter.absoluteRange"},
		{"get without id", func(c *Client) error { _, _, err := c.Analytics.GetExport(context.Background(), ""); return err }, "id"},
		{"wait negative interval", func(c *Client) error {
			_, _, err := c.Analytics.WaitForExport(context.Background(), exportID, -time.Second)
			return err
		}, "interval"},
	})
}

// exportServer answers GET export with the bodies in order, the last one
// repeated; its request count is the number of polls.
func exportServer(t *testing.T, bodies ...string) *testServer {
	t.Helper()
	replies := make([]http.HandlerFunc, len(bodies))
	for i, body := range bodies {
		replies[i] = reply(t, 200, body)
	}
	ts := newTestServer(t)
	ts.handle("GET /v1/analytics/report/export/{id}", sequence(replies...))
	return ts
}

const pendingBody = `{"exportID":"9d3f2a1e-2b6c-4f0a-9c3e-1a2b3c4d5e6f","createdAt":"2026-05-20T09:35:12.000Z","status":"PENDING"}`

func TestAnalyticsWaitForExport(t *testing.T) {
	t.Parallel()
	ts := exportServer(t, pendingBody, pendingBody, "analytics_export_completed.json")
	got, _, err := ts.client(t).Analytics.WaitForExport(context.Background(), exportID, time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	checkDiff(t, "export", completedExport(), got, newAPIOpts)
	ts.expectRequestCount(t, 3) // polls
}

func TestAnalyticsWaitForExportFailed(t *testing.T) {
	t.Parallel()
	ts := exportServer(t, pendingBody, "analytics_export_failed.json")
	got, _, err := ts.client(t).Analytics.WaitForExport(context.Background(), exportID, time.Millisecond)
	if !errors.Is(err, ErrExportFailed) {
		t.Fatalf("err = %v, want ErrExportFailed", err)
	}
	if got == nil || got.Status != ExportFailed || got.ErrorMessage != "Report generation failed: too many rows" {
		t.Errorf("export = %+v", got)
	}
}

// TestAnalyticsWaitForExportHonoursContext checks that the wait ends with
// ctx, and that the default interval is not a tight loop.
func TestAnalyticsWaitForExportHonoursContext(t *testing.T) {
	t.Parallel()
	ts := exportServer(t, pendingBody)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second) // far below the 1-minute interval, far above one poll on a loaded machine
	defer cancel()
	got, _, err := ts.client(t).Analytics.WaitForExport(ctx, exportID, 0)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want the context's deadline", err)
	}
	if got == nil || got.Status != ExportPending {
		t.Errorf("export = %+v, want the last PENDING answer", got)
	}
	ts.expectRequestCount(t, 1) // polls within the first (default) interval
}
