package aircall_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	aircall "github.com/seed1279ea27/aircall-go"
)

// The examples of this file answer from a handler written for each one, a
// stand-in for api.aircall.io that answers as the API does (several print
// the request they got); those of example_services_test.go run on the fake
// Aircall (aircalltest). ExampleNewClient shows how a Client is made against the
// real API.

// exampleClient returns a Client for a stand-in of api.aircall.io served by
// h, and the func that stops it.
func exampleClient(h http.HandlerFunc) (*aircall.Client, func()) {
	srv := httptest.NewServer(h)
	c, err := aircall.NewClient(aircall.WithBasicAuth("api-id", "api-token"), aircall.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	return c, srv.Close
}

// ExampleCallsService_All lists the calls of one day. All fetches the pages
// as the loop needs them and passes the API's 10,000-call cap on its own.
func ExampleCallsService_All() {
	c, done := exampleClient(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		fmt.Printf("GET %s from=%s to=%s order=%s\n", r.URL.Path, q.Get("from"), q.Get("to"), q.Get("order"))
		io.WriteString(w, `{"meta":{"count":2,"total":2,"current_page":1,"per_page":50,"next_page_link":null},
			"calls":[
				{"id":812,"direction":"outbound","status":"done","started_at":1584998199,"answered_at":1584998205,"ended_at":1584998210,"duration":11,"cost":"2.34","user":{"id":456,"name":"John Doe"}},
				{"id":813,"direction":"inbound","status":"done","started_at":1584998300,"answered_at":"no_available_agent","ended_at":1584998322,"duration":22,"missed_call_reason":"no_available_agent","hangup_cause":"NORMAL_CLEARING"}]}`)
	})
	defer done()
	day := time.Date(2020, 3, 23, 0, 0, 0, 0, time.UTC)
	opts := &aircall.CallListOptions{TimeRange: aircall.TimeRange{From: day, To: day.Add(24 * time.Hour)}}
	for call, err := range c.Calls.All(context.Background(), opts) {
		if err != nil {
			log.Fatal(err)
		}
		agent := "nobody"
		if call.User != nil {
			agent = call.User.Name
		}
		fmt.Printf("%d %s at %s, %ds, %s", call.ID, call.Direction, call.StartedAt.Format(time.Kitchen), call.Duration, agent)
		if call.MissedCallReason != "" {
			fmt.Printf(" (missed: %s)", call.MissedCallReason)
		}
		fmt.Println()
	}
	// Output:
	// GET /v1/calls from=1584921600 to=1585008000 order=asc
	// 812 outbound at 9:16PM, 11s, John Doe
	// 813 inbound at 9:18PM, 22s, nobody (missed: no_available_agent)
}

func ExampleCallsService_Pages() {
	// Three calls, filtered by from, two a page.
	calls := []string{`{"id":1,"started_at":1584998199,"sid":"CA1"}`, `{"id":2,"started_at":1584998200,"sid":"CA2"}`,
		`{"id":3,"started_at":1584998201,"sid":"CA3"}`}
	c, done := exampleClient(func(w http.ResponseWriter, r *http.Request) {
		from, _ := strconv.Atoi(r.URL.Query().Get("from"))
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		sel := calls[max(from-1584998199, 0):]
		lo, hi := min(2*(page-1), len(sel)), min(2*page, len(sel))
		next := "null"
		if hi < len(sel) {
			next = `"https://api.aircall.io/v1/calls?page=` + strconv.Itoa(page+1) + `"`
		}
		fmt.Fprintf(w, `{"meta":{"count":%d,"total":%d,"current_page":%d,"per_page":2,"next_page_link":%s},"calls":[%s]}`,
			hi-lo, len(sel), page, next, strings.Join(sel[lo:hi], ","))
	})
	defer done()

	// Each page comes with its Meta and its Response. The first page's
	// Meta.Total is the size of the list, for a progress bar; the later
	// pages answer queries from a time cursor, and count from there.
	read, total := 0, 0
	opts := &aircall.CallListOptions{ListOptions: aircall.ListOptions{PerPage: 2}}
	for page, err := range c.Calls.Pages(context.Background(), opts) {
		if err != nil {
			log.Fatal(err)
		}
		if total == 0 {
			total = page.Meta.Total
		}
		read += len(page.Items)
		fmt.Printf("%d/%d calls\n", read, total)
		// RawItems gives each call as the API sent it, every key kept.
		raw, err := page.RawItems()
		if err != nil {
			log.Fatal(err)
		}
		for _, r := range raw {
			fmt.Println(string(r))
		}
	}
	// Output:
	// 2/3 calls
	// {"id":1,"started_at":1584998199,"sid":"CA1"}
	// {"id":2,"started_at":1584998200,"sid":"CA2"}
	// 3/3 calls
	// {"id":3,"started_at":1584998201,"sid":"CA3"}
}

// ExampleCallsService_SendInsightCard shows custom data to the agent on an
// ongoing call.
func ExampleCallsService_SendInsightCard() {
	c, done := exampleClient(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		fmt.Printf("%s %s %s\n", r.Method, r.URL.Path, body)
		w.WriteHeader(http.StatusCreated)
	})
	defer done()
	resp, err := c.Calls.SendInsightCard(context.Background(), 812, &aircall.InsightCardParams{
		Contents: []aircall.InsightCardLine{
			aircall.TitleLine("My Custom CRM", "https://my-custom-crm.com"),
			aircall.ShortTextLine("Account ID", "6789", "https://my-custom-crm.com/6789"),
			aircall.UserLine("Account Owner", 12345),
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(resp.Status)
	// Output:
	// POST /v1/calls/812/insight_cards {"contents":[{"type":"title","text":"My Custom CRM","link":"https://my-custom-crm.com"},{"type":"shortText","text":"6789","label":"Account ID","link":"https://my-custom-crm.com/6789"},{"type":"user","label":"Account Owner","user_id":12345}]}
	// 201 Created
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

func ExampleClient_Do() {
	c, done := exampleClient(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `{"call":{"id":812,"sid":"CA812","timeline":[{"type":"ringing"}]},"asked":%q}`, r.URL.RawQuery)
	})
	defer done()

	// Do reaches what the SDK does not type, with the Client's auth, pacing,
	// retries and errors. Decode into your own struct...
	var out struct {
		Call struct {
			ID       aircall.ID        `json:"id"`
			Timeline []json.RawMessage `json:"timeline"`
		} `json:"call"`
		Asked string `json:"asked"`
	}
	q := url.Values{"fetch_call_timeline": {"true"}}
	if _, err := c.Do(context.Background(), http.MethodGet, "/v1/calls/812", q, nil, &out); err != nil {
		log.Fatal(err)
	}
	fmt.Println(out.Call.ID, len(out.Call.Timeline), out.Asked)

	// ...or keep the body as the server sent it.
	var raw json.RawMessage
	if _, err := c.Do(context.Background(), http.MethodGet, "/v1/calls/812", nil, nil, &raw); err != nil {
		log.Fatal(err)
	}
	fmt.Println(string(raw))
	// Output:
	// 812 1 fetch_call_timeline=true
	// {"call":{"id":812,"sid":"CA812","timeline":[{"type":"ringing"}]},"asked":""}
}

// ExampleContactsService_Create creates a contact.
func ExampleContactsService_Create() {
	c, done := exampleClient(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/v1/contacts" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		io.WriteString(w, `{"contact":{"id":719,"direct_link":"https://api.aircall.io/v1/contacts/719",
			"first_name":"Gary","last_name":"Jennings","company_name":null,"information":"external_custom_id:87123",
			"is_shared":true,"created_at":1585083040,"updated_at":1585083040,
			"emails":[{"id":9170,"label":"Office","value":"gary.jennings@acme.com"}],
			"phone_numbers":[{"id":9171,"label":"Work","value":"+19001112222"}]}}`)
	})
	defer done()

	contact, _, err := c.Contacts.Create(context.Background(), &aircall.ContactCreateParams{
		FirstName:    "Gary",
		LastName:     "Jennings",
		Information:  "external_custom_id:87123",
		PhoneNumbers: []aircall.ContactDetailParams{{Label: "Work", Value: "+19001112222"}},
		Emails:       []aircall.ContactDetailParams{{Label: "Office", Value: "gary.jennings@acme.com"}},
	})
	if err != nil {
		// A 5xx or a dropped connection matches aircall.ErrOutcomeUnknown:
		// the contact may exist, so search before creating it again.
		log.Fatal(err)
	}
	fmt.Println(contact.ID, contact.FirstName, contact.LastName, contact.PhoneNumbers[0].Value)
	fmt.Println("created", contact.CreatedAt)
	// Output:
	// 719 Gary Jennings +19001112222
	// created 2020-03-24T20:50:40Z
}

// ExampleUsersService_GetByEmail finds a user by email address, then the
// Numbers they can start a call from: the v2 user no longer embeds them.
func ExampleUsersService_GetByEmail() {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v2/users/{id}", func(w http.ResponseWriter, r *http.Request) {
		fmt.Println("GET", r.URL.EscapedPath())
		io.WriteString(w, `{"user":{"id":456,"name":"John Doe","email":"john.doe@aircall.io","direct_link":"https://api.aircall.io/v2/users/456",
			"state":"always_opened","wrap_up_time":0,"extension":"001","availability_status":"available","available":true,
			"default_number_id":1234,"substatus":"always_opened"}}`)
	})
	mux.HandleFunc("GET /v2/users/{id}/numbers", func(w http.ResponseWriter, r *http.Request) {
		fmt.Println("GET", r.URL.Path)
		io.WriteString(w, `{"numbers":[{"id":1234,"name":"French Office","digits":"+33 1 76 11 11 11","flow_editor_enabled":true}],
			"meta":{"count":1,"total":1,"current_page":1,"per_page":50,"next_page_link":null,"previous_page_link":null}}`)
	})
	c, done := exampleClient(mux.ServeHTTP)
	defer done()
	ctx := context.Background()
	u, _, err := c.Users.GetByEmail(ctx, "john.doe@aircall.io")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(u.ID, u.Name, "extension", u.Extension, "substatus", u.Substatus)
	for n, err := range c.Users.AllNumbers(ctx, u.ID, nil) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(n.ID, n.Name, n.ID == u.DefaultNumberID)
	}
	// Output:
	// GET /v2/users/john.doe@aircall.io
	// 456 John Doe extension 001 substatus always_opened
	// GET /v2/users/456/numbers
	// 1234 French Office true
}

// ExampleWebhooksService_Update adds one event to a webhook's subscriptions
// without restating the others.
func ExampleWebhooksService_Update() {
	c, done := exampleClient(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		fmt.Println(r.Method, r.URL.Path+"?"+r.URL.RawQuery, string(body))
		io.WriteString(w, `{"webhook":{"webhook_id":"c2501111-8a69-4342-bb34-bcd6cfe564ac","url":"https://example.com/hooks","active":true,
			"token":"45XXYYZZa08","events":["call.created","call.ended"],"created_at":"2026-06-19T19:39:25.102Z"}}`)
	})
	defer done()
	wh, _, err := c.Webhooks.Update(context.Background(), "c2501111-8a69-4342-bb34-bcd6cfe564ac", &aircall.WebhookUpdateParams{
		Events:       []aircall.Event{aircall.EventCallEnded},
		EventsAction: aircall.EventsAdd,
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(wh.Events)
	// Output:
	// PUT /v1/webhooks/c2501111-8a69-4342-bb34-bcd6cfe564ac?events_action=add {"events":["call.ended"]}
	// [call.created call.ended]
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
	fmt.Println(m.ID, m.Status, m.CreatedAt.Format(time.StampMilli))
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
