package aircall

import (
	"encoding/json"
	"iter"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Helpers shared by the tests of the API families (calls, contacts, tags,
// users, teams, numbers, messages, webhooks, a2p).

// familyCall is one call of a family's method against a per-test server
// that answers it: the route served, the call, the request the call must
// send and what it must return.
type familyCall struct {
	name    string
	pattern string // the route served, as endpoints.tsv writes it; the call must send its method
	status  int    // the status served, which the Response must carry; 0 means 200
	reply   string // the body served: a fixture name (.json) or literal JSON; "" for none
	call    func(*Client) (any, *Response, error)
	path    string // the path the request must have
	query   string // the raw query the request must have
	body    string // the JSON body the request must carry, with Content-Type application/json; "" for none
	want    any    // what the call must return: nil for a call that returns only a Response
	meta    *Meta  // for a page of a list, the meta it must decode; nil for no meta check
	opts    cmp.Options
	bearer  string // an OAuth access token the client authenticates with instead of Basic auth, which the request must carry; "" for Basic
}

// check serves fc.reply with fc.status on fc.pattern, makes the call, and
// checks the Response's status, the request sent and what was decoded.
func (fc familyCall) check(t *testing.T) {
	t.Helper()
	status := fc.status
	if status == 0 {
		status = http.StatusOK
	}
	ts, c := serve(t, fc.pattern, status, fc.reply)
	if fc.bearer != "" {
		c = ts.clientAuth(t, WithBearerToken(fc.bearer))
	}
	got, resp, err := fc.call(c)
	if err != nil {
		t.Fatalf("%s: %v", fc.name, err)
	}
	if resp == nil || resp.StatusCode != status {
		t.Errorf("%s: Response = %+v, want status %d", fc.name, resp, status)
	}
	method, _, _ := strings.Cut(fc.pattern, " ")
	r := ts.expectRequest(t, method, fc.path, fc.query, fc.body)
	if ct := r.Header.Get("Content-Type"); fc.body != "" && ct != "application/json" {
		t.Errorf("%s: Content-Type = %q, want application/json", fc.name, ct)
	}
	if h := r.Header.Get("Authorization"); fc.bearer != "" && h != "Bearer "+fc.bearer {
		t.Errorf("%s: Authorization = %q, want the bearer token", fc.name, h)
	}
	checkDiff(t, fc.name, fc.want, got, fc.opts...)
	if fc.meta != nil && resp != nil {
		checkDiff(t, fc.name+" meta", fc.meta, resp.Meta)
	}
}

// answered adapts a method that returns only a Response to a familyCall's
// call: return answered(c.Tags.Delete(ctx, 681)).
func answered(resp *Response, err error) (any, *Response, error) { return nil, resp, err }

// collectFirst ranges over seq until it has yielded n items, failing the
// test on an error, and returns them: the loop breaks after the n-th.
func collectFirst[T any](t *testing.T, seq iter.Seq2[T, error], n int) []T {
	t.Helper()
	var got []T
	for v, err := range seq {
		if err != nil {
			t.Fatalf("after %d items: %v", len(got), err)
		}
		if got = append(got, v); len(got) == n {
			break
		}
	}
	return got
}

// paramCall turns f, a call of a method with its params, into a maker of
// paramCase calls, one per params value.
func paramCall[P any](f func(c *Client, p P) error) func(P) func(*Client) error {
	return func(p P) func(*Client) error {
		return func(c *Client) error { return f(c, p) }
	}
}

// errOf is the error of a method's three results, for a call that only
// its error is asked of: return errOf(c.Tags.Get(ctx, 1)).
func errOf[T any](_ T, _ *Response, err error) error { return err }

// bodyCase is a JSON body and the value it must decode into.
type bodyCase[T any] struct {
	name, body string
	want       T
}

// runBodyCases decodes each case's body into a T with encoding/json, as a
// parallel subtest, and compares the result with the case's want.
func runBodyCases[T any](t *testing.T, cases []bodyCase[T]) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var got T
			if err := json.Unmarshal([]byte(tc.body), &got); err != nil {
				t.Fatal(err)
			}
			checkDiff(t, "decoded", tc.want, got)
		})
	}
}

// runFamilyCalls checks each call as a parallel subtest named after it,
// comparing what it returns with opts added to the call's own.
func runFamilyCalls(t *testing.T, calls []familyCall, opts ...cmp.Option) {
	t.Helper()
	for _, fc := range calls {
		t.Run(fc.name, func(t *testing.T) {
			t.Parallel()
			fc.opts = append(slices.Clip(fc.opts), opts...)
			fc.check(t)
		})
	}
}

// servePages returns a test server that answers pattern with pages[n-1]
// for the request of page n (page 1 when the query has none), through
// reply, and a client for it.
func servePages(t *testing.T, pattern string, pages ...string) (*testServer, *Client) {
	t.Helper()
	ts := newTestServer(t)
	handlers := make([]http.HandlerFunc, len(pages))
	for i, p := range pages {
		handlers[i] = reply(t, http.StatusOK, p)
	}
	ts.handle(pattern, func(w http.ResponseWriter, r *http.Request) {
		page := r.URL.Query().Get("page")
		if page == "" {
			page = "1"
		}
		n, err := strconv.Atoi(page)
		if err != nil || n < 1 || n > len(handlers) {
			http.Error(w, `{"error":"Bad Request","troubleshoot":"no such page"}`, http.StatusBadRequest)
			return
		}
		handlers[n-1](w, r)
	})
	return ts, ts.client(t)
}

// rawQueries returns the raw query of every request ts received, in order.
func (ts *testServer) rawQueries() []string {
	var out []string
	for _, r := range ts.all() {
		out = append(out, r.Query)
	}
	return out
}

// fxNumberUK2026 is number 2345 as calls and users sent it in recorded 2026
// traffic: closed, with flow_editor_enabled and its own messages; the
// priority differs from one answer to the other.
func fxNumberUK2026(priority int) *Number {
	return &Number{
		ID: 2345, DirectLink: "https://api.aircall.io/v1/numbers/2345", Name: "UK office",
		Digits: "+44 20 0000 0000", CreatedAt: fxTime("2020-01-04T19:28:58.000Z", FormISOMillis),
		Country: "GB", TimeZone: "Europe/London", AvailabilityStatus: NumberClosed, Priority: Ptr(priority),
		FlowEditorEnabled: Ptr(false),
		Messages: &Messages{Waiting: "https://example.com/uk_waiting.mp3",
			UnansweredCall: "https://example.com/uk_unanswered.mp3", RingingTone: "https://example.com/uk_ring.mp3"},
	}
}
