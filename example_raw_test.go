package aircall_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"

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
	// A fake Aircall with three calls, filtered by from, two a page.
	calls := []string{`{"id":1,"started_at":1584998199,"sid":"CA1"}`, `{"id":2,"started_at":1584998200,"sid":"CA2"}`,
		`{"id":3,"started_at":1584998201,"sid":"CA3"}`}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
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
	}))
	defer srv.Close()
	c, _ := aircall.NewClient(aircall.WithBasicAuth("id", "token"), aircall.WithBaseURL(srv.URL))

	// Each page comes with its Meta and its Response. The first page's
	// Meta.Total is the size of the list, for a progress bar; the later
	// pages answer queries from a time cursor, and count from there.
	done, total := 0, 0
	opts := &aircall.CallListOptions{ListOptions: aircall.ListOptions{PerPage: 2}}
	for page, err := range c.Calls.Pages(context.Background(), opts) {
		if err != nil {
			log.Fatal(err)
		}
		if total == 0 {
			total = page.Meta.Total
		}
		done += len(page.Items)
		fmt.Printf("%d/%d calls\n", done, total)
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
