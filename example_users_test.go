package aircall_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"

	aircall "github.com/seed1279ea27/aircall-go"
)

// ExampleUsersService_GetByEmail finds a user by email address, then the
// Numbers they can start a call from: the v2 user no longer embeds them.
func ExampleUsersService_GetByEmail() {
	// A stand-in for api.aircall.io.
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
	srv := httptest.NewServer(mux)
	defer srv.Close()

	c, err := aircall.NewClient(aircall.WithBasicAuth("api-id", "api-token"), aircall.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
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
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		fmt.Println(r.Method, r.URL.Path+"?"+r.URL.RawQuery, string(body))
		io.WriteString(w, `{"webhook":{"webhook_id":"c2501111-8a69-4342-bb34-bcd6cfe564ac","url":"https://example.com/hooks","active":true,
			"token":"45XXYYZZa08","events":["call.created","call.ended"],"created_at":"2026-06-19T19:39:25.102Z"}}`)
	}))
	defer srv.Close()
	c, err := aircall.NewClient(aircall.WithBasicAuth("api-id", "api-token"), aircall.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
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
