package aircall_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"time"

	aircall "github.com/seed1279ea27/aircall-go"
)

// ExampleCallsService_All lists the calls of one day. All fetches the pages
// as the loop needs them and passes the API's 10,000-call cap on its own.
func ExampleCallsService_All() {
	// A stand-in for api.aircall.io.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		fmt.Printf("GET %s from=%s to=%s order=%s\n", r.URL.Path, q.Get("from"), q.Get("to"), q.Get("order"))
		io.WriteString(w, `{"meta":{"count":2,"total":2,"current_page":1,"per_page":50,"next_page_link":null},
			"calls":[
				{"id":812,"direction":"outbound","status":"done","started_at":1584998199,"answered_at":1584998205,"ended_at":1584998210,"duration":11,"cost":"2.34","user":{"id":456,"name":"John Doe"}},
				{"id":813,"direction":"inbound","status":"done","started_at":1584998300,"answered_at":"no_available_agent","ended_at":1584998322,"duration":22,"missed_call_reason":"no_available_agent","hangup_cause":"NORMAL_CLEARING"}]}`)
	}))
	defer srv.Close()

	c, err := aircall.NewClient(aircall.WithBasicAuth("api-id", "api-token"), aircall.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
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

// ExampleCallsService_SendInsightCard shows custom data to the agent on an
// ongoing call.
func ExampleCallsService_SendInsightCard() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		fmt.Printf("%s %s %s\n", r.Method, r.URL.Path, body)
		w.WriteHeader(http.StatusCreated)
	}))
	defer srv.Close()

	c, err := aircall.NewClient(aircall.WithBasicAuth("api-id", "api-token"), aircall.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
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
