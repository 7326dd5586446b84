package aircall_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"time"

	aircall "github.com/seed1279ea27/aircall-go"
)

// exampleClient returns a Client for a stand-in of api.aircall.io.
func exampleClient(h http.HandlerFunc) (*aircall.Client, func()) {
	srv := httptest.NewServer(h)
	c, err := aircall.NewClient(aircall.WithBasicAuth("api-id", "api-token"), aircall.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	return c, srv.Close
}

// ExampleCallsService_Summary reads the AI summary of a call, and tells a
// call whose summary is not ready (or an account without the add-on) apart
// from other errors.
func ExampleCallsService_Summary() {
	c, done := exampleClient(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/v1/calls/812/summary" {
			io.WriteString(w, `{"summary":{"id":5520,"call_id":812,"created_at":"2026-03-03T09:41:12.000Z","content":"The customer asked about a delayed order; the agent promised a refund by Friday."}}`)
			return
		}
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, `{"error":"Not Found","troubleshoot":"No summary for this call yet"}`)
	})
	defer done()

	for _, id := range []aircall.ID{812, 813} {
		s, _, err := c.Calls.Summary(context.Background(), id)
		switch {
		case errors.Is(err, aircall.ErrInsightUnavailable):
			fmt.Printf("call %d: no summary yet, wait for summary.created\n", id)
		case err != nil:
			log.Fatal(err)
		default:
			fmt.Printf("call %d: %s\n", s.CallID, s.Content)
		}
	}
	// Output:
	// call 812: The customer asked about a delayed order; the agent promised a refund by Friday.
	// call 813: no summary yet, wait for summary.created
}

// ExampleMessagesService_SendInConversation sends an SMS that agents see
// in their Aircall inbox.
func ExampleMessagesService_SendInConversation() {
	c, done := exampleClient(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		fmt.Printf("%s %s %s\n", r.Method, r.URL.Path, body)
		io.WriteString(w, `{"id":"SM123","status":"pending","direction":"outbound","created_at":1722317361216,"body":"Hi, following up on your call."}`)
	})
	defer done()

	m, _, err := c.Messages.SendInConversation(context.Background(), 123, &aircall.MessageParams{
		To:   "+13000000001",
		Body: "Hi, following up on your call.",
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(m.ID, m.Status, m.CreatedAt.Time.Format(time.StampMilli))
	// Output:
	// POST /v1/numbers/123/messages/native/send {"to":"+13000000001","body":"Hi, following up on your call."}
	// SM123 pending Jul 30 05:29:21.216
}

// ExampleAnalyticsService_WaitForExport exports last week's call history
// and waits for the file.
func ExampleAnalyticsService_WaitForExport() {
	var polls atomic.Int32
	c, done := exampleClient(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == http.MethodPost:
			io.WriteString(w, `{"exportID":"9d3f2a1e","createdAt":"2026-05-20T09:35:12.000Z","status":"PENDING"}`)
		case polls.Add(1) == 1:
			io.WriteString(w, `{"exportID":"9d3f2a1e","status":"PENDING"}`)
		default:
			io.WriteString(w, `{"exportID":"9d3f2a1e","status":"COMPLETED","format":"CSV","downloadUrl":"https://example.com/x.csv"}`)
		}
	})
	defer done()

	ctx := context.Background()
	exp, _, err := c.Analytics.CreateExport(ctx, &aircall.ExportParams{
		ReportName: aircall.ReportCallsHistory,
		Filter:     aircall.ReportFilter{DateFilter: aircall.DateFilter{Relative: aircall.DateLastWeek}, Timezone: "Europe/Paris"},
	})
	if err != nil {
		log.Fatal(err)
	}
	// In real use, poll about once a minute (interval 0).
	exp, _, err = c.Analytics.WaitForExport(ctx, exp.ExportID, time.Millisecond)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(exp.Status, exp.DownloadURL)
	// Output:
	// COMPLETED https://example.com/x.csv
}

// ExampleAIVoiceAgentsService_StartOutboundCall asks an AI voice agent to
// call a customer. The idempotency key makes the request safe to retry.
func ExampleAIVoiceAgentsService_StartOutboundCall() {
	c, done := exampleClient(func(w http.ResponseWriter, r *http.Request) {
		fmt.Println(r.Method, r.URL.Path)
		w.WriteHeader(http.StatusAccepted)
		io.WriteString(w, `{"id":"01ARZ3NDEKTSV4RRFFQ69G5FAV","idempotency_key":"appt-reminder-cust-12345","status":"PENDING","virtual_agent_id":"agent-abc123"}`)
	})
	defer done()

	call, _, err := c.AIVoiceAgents.StartOutboundCall(context.Background(), "agent-abc123", &aircall.OutboundAgentCallParams{
		ContactPhone:   "+15551234567",
		IdempotencyKey: "appt-reminder-cust-12345",
		Context:        map[string]any{"first_name": "Jane"},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(call.ID, call.Status)
	// Output:
	// POST /v1/outbound-calls/agents/agent-abc123
	// 01ARZ3NDEKTSV4RRFFQ69G5FAV PENDING
}
