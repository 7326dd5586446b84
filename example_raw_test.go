package aircall_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"

	"github.com/seed1279ea27/aircall-go"
)

func ExampleClient_Do() {
	// A stand-in for api.aircall.io; in production, leave out WithBaseURL.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `{"call":{"id":812,"sid":"CA812","timeline":[{"type":"ringing"}]},"asked":%q}`, r.URL.RawQuery)
	}))
	defer srv.Close()
	c, err := aircall.NewClient(aircall.WithBasicAuth("YOUR_API_ID", "YOUR_API_TOKEN"), aircall.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}

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

func ExampleCallsService_Pages() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("page") == "2" {
			fmt.Fprint(w, `{"meta":{"count":1,"total":3,"current_page":2,"per_page":2,"next_page_link":null},
				"calls":[{"id":3,"started_at":1584998200,"sid":"CA3"}]}`)
			return
		}
		fmt.Fprint(w, `{"meta":{"count":2,"total":3,"current_page":1,"per_page":2,"next_page_link":"https://api.aircall.io/v1/calls?page=2"},
			"calls":[{"id":1,"started_at":1584998199,"sid":"CA1"},{"id":2,"started_at":1584998199,"sid":"CA2"}]}`)
	}))
	defer srv.Close()
	c, _ := aircall.NewClient(aircall.WithBasicAuth("id", "token"), aircall.WithBaseURL(srv.URL))

	// Each page comes with its Meta (for a progress bar) and its Response.
	done := 0
	opts := &aircall.CallListOptions{ListOptions: aircall.ListOptions{PerPage: 2}}
	for page, err := range c.Calls.Pages(context.Background(), opts) {
		if err != nil {
			log.Fatal(err)
		}
		done += len(page.Items)
		fmt.Printf("%d/%d calls\n", done, page.Meta.Total)
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
	// {"id":2,"started_at":1584998199,"sid":"CA2"}
	// 3/3 calls
	// {"id":3,"started_at":1584998200,"sid":"CA3"}
}
