package aircall

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"iter"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jarcoal/httpmock"
	"github.com/seed1279ea27/aircall-go/internal/endpointcov"
)

// served records every endpoint (method + path pattern) that a test server
// answered, for TestMain's coverage check against the endpoint tables.
var served endpointcov.Set

func TestMain(m *testing.M) { endpointcov.Main(m, &served, "never served by a test") }

// testServer is a per-test loopback API. Routes use http.ServeMux patterns
// with the parameter names of endpoints.tsv: "GET /v1/users/{id}".
type testServer struct {
	*httptest.Server
	mux      *http.ServeMux
	requests atomic.Int64
	mu       sync.Mutex
	log      []recorded
}

// recorded is one request a testServer received.
type recorded struct {
	Method, Path, Query string
	Header              http.Header
	Body                string
}

func newTestServer(t *testing.T) *testServer {
	t.Helper()
	ts := &testServer{mux: http.NewServeMux()}
	ts.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ts.requests.Add(1)
		body, _ := io.ReadAll(r.Body)
		ts.mu.Lock()
		ts.log = append(ts.log, recorded{r.Method, r.URL.Path, r.URL.RawQuery, r.Header.Clone(), string(body)})
		ts.mu.Unlock()
		r.Body = io.NopCloser(strings.NewReader(string(body)))
		ts.mux.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	return ts
}

// handle routes pattern ("METHOD /path/{param}") to h and counts the
// endpoint as covered when it is served.
func (ts *testServer) handle(pattern string, h http.HandlerFunc) {
	ts.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		served.Add(pattern)
		h(w, r)
	})
}

// last returns the last request received.
func (ts *testServer) last(t *testing.T) recorded {
	t.Helper()
	ts.mu.Lock()
	defer ts.mu.Unlock()
	if len(ts.log) == 0 {
		t.Fatal("no request reached the server")
	}
	return ts.log[len(ts.log)-1]
}

// all returns every request received, in order.
func (ts *testServer) all() []recorded {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return append([]recorded(nil), ts.log...)
}

// testRetry keeps retries fast in tests.
var testRetry = RetryPolicy{MaxRetries: 3, MinWait: time.Millisecond, MaxWait: 5 * time.Millisecond}

// testClient returns a Client with Basic auth, fast retries and no request
// spacing; opts are applied after those defaults.
func testClient(t *testing.T, opts ...Option) *Client {
	t.Helper()
	return testClientAuth(t, WithBasicAuth("api-id", "api-token"), opts...)
}

// testClientAuth returns a Client authenticated by auth alone, with fast
// retries and no request spacing; opts are applied after those defaults.
func testClientAuth(t *testing.T, auth Option, opts ...Option) *Client {
	t.Helper()
	all := append([]Option{
		auth,
		WithRetryPolicy(testRetry),
		WithPacer(NewPacer(0, time.Second)), // no spacing; short margins
	}, opts...)
	c, err := NewClient(all...)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	return c
}

// client returns a testClient for ts; opts are applied after the defaults.
func (ts *testServer) client(t *testing.T, opts ...Option) *Client {
	t.Helper()
	return testClient(t, append([]Option{WithBaseURL(ts.URL)}, opts...)...)
}

// clientAuth returns a testClientAuth for ts, authenticated by auth alone;
// opts are applied after the defaults.
func (ts *testServer) clientAuth(t *testing.T, auth Option, opts ...Option) *Client {
	t.Helper()
	return testClientAuth(t, auth, append([]Option{WithBaseURL(ts.URL)}, opts...)...)
}

// reply writes status and body (a fixture name under testdata/ when it ends
// in .json, or literal JSON otherwise).
func reply(t *testing.T, status int, body string) http.HandlerFunc {
	t.Helper()
	if strings.HasSuffix(body, ".json") {
		body = string(fixture(t, body))
	}
	return func(w http.ResponseWriter, r *http.Request) {
		if body != "" {
			w.Header().Set("Content-Type", "application/json")
		}
		w.WriteHeader(status)
		io.WriteString(w, body)
	}
}

// fixture reads testdata/name and checks that it is valid JSON.
func fixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatalf("fixture: %v", err)
	}
	if strings.HasSuffix(name, ".json") && !json.Valid(b) {
		t.Fatalf("fixture %s is not valid JSON", name)
	}
	return b
}

// mustJSON compacts a JSON string for comparison with a request body.
func mustJSON(t *testing.T, s string) string {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("mustJSON(%q): %v", s, err)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// sameJSON reports whether two JSON documents are equal as values.
func sameJSON(t *testing.T, got, want string) bool {
	t.Helper()
	if got == "" || want == "" {
		return got == want
	}
	return mustJSON(t, got) == mustJSON(t, want)
}

// diff is cmp.Diff; extra options may follow.
func diff(want, got any, opts ...cmp.Option) string { return cmp.Diff(want, got, opts...) }

// checkDiff reports what differs between want and got, labelled with what.
func checkDiff(t *testing.T, what string, want, got any, opts ...cmp.Option) {
	t.Helper()
	if d := cmp.Diff(want, got, opts...); d != "" {
		t.Errorf("%s (-want +got):\n%s", what, d)
	}
}

// timeEqual compares time.Time values as instants, whatever their location.
var timeEqual = cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) })

// mockClient returns a Client whose base transport is a per-test httpmock
// MockTransport (never the global one), with fast retries and no spacing.
func mockClient(t *testing.T, opts ...Option) (*Client, *httpmock.MockTransport) {
	t.Helper()
	mt := httpmock.NewMockTransport()
	return testClient(t, append([]Option{WithTransport(mt)}, opts...)...), mt
}

// jsonMarshal is json.Marshal, named apart for test servers.
func jsonMarshal(v any) ([]byte, error) { return json.Marshal(v) }

// expectParamError fails t unless err is a *ParamError on field ("" for a
// nil params struct) that matches ErrValidation.
func expectParamError(t *testing.T, err error, field string) {
	t.Helper()
	var pe *ParamError
	if !errors.As(err, &pe) || !errors.Is(err, ErrValidation) {
		t.Fatalf("err = %v, want a *ParamError matching ErrValidation", err)
	}
	if pe.Field != field {
		t.Errorf("field = %q, want %q (%v)", pe.Field, field, err)
	}
}

// expectNoRequests fails t if any request reached ts.
func (ts *testServer) expectNoRequests(t *testing.T) {
	t.Helper()
	if n := ts.requests.Load(); n != 0 {
		t.Errorf("requests = %d, want 0: invalid params must not be sent", n)
	}
}

// expectRequestCount fails t unless ts received want requests.
func (ts *testServer) expectRequestCount(t *testing.T, want int64) {
	t.Helper()
	if n := ts.requests.Load(); n != want {
		t.Errorf("server saw %d request(s), want %d", n, want)
	}
}

// redirectAway returns a handler that redirects with status to a loopback
// server of its own (on another port: another host), and a check that err
// is the *APIError of that redirect and that the target was never reached.
func redirectAway(t *testing.T, status int) (http.HandlerFunc, func(*testing.T, error)) {
	t.Helper()
	var reached atomic.Int64
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reached.Add(1)
		if r.Header.Get("Authorization") != "" {
			t.Errorf("credentials sent to the redirect target")
		}
	}))
	t.Cleanup(target.Close)
	redirect := func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, target.URL+"/steal", status) }
	return redirect, func(t *testing.T, err error) {
		t.Helper()
		var ae *APIError
		if !errors.As(err, &ae) || ae.StatusCode != status {
			t.Fatalf("err = %v, want an APIError %d for the redirect", err, status)
		}
		if n := reached.Load(); n != 0 {
			t.Errorf("redirect followed to its target %d time(s)", n)
		}
	}
}

// servedCase is a call made against a test server that answers pattern
// with handler, the requests that server must see, and what the call's
// error must be (checked by the test's own function).
type servedCase[W any] struct {
	name     string
	pattern  string
	handler  http.HandlerFunc
	call     func(*Client) error
	requests int64
	want     W
}

// runServedCases runs each case as a parallel subtest against its own test
// server, checks the requests it saw, and hands the call's error to check.
func runServedCases[W any](t *testing.T, tests []servedCase[W], check func(t *testing.T, want W, err error)) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t)
			ts.handle(tt.pattern, tt.handler)
			err := tt.call(ts.client(t))
			ts.expectRequestCount(t, tt.requests)
			check(t, tt.want, err)
		})
	}
}

// paramCase is a call that local validation refuses on field.
type paramCase struct {
	name  string
	call  func(*Client) error
	field string
}

// runParamCases runs each case as a parallel subtest against its own test
// server: the call must fail with a *ParamError on the case's field and
// send nothing.
func runParamCases(t *testing.T, tests []paramCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t)
			expectParamError(t, tt.call(ts.client(t)), tt.field)
			ts.expectNoRequests(t)
		})
	}
}

// serve returns a test server that answers pattern with reply(t, status,
// body), and a client for it.
func serve(t *testing.T, pattern string, status int, body string) (*testServer, *Client) {
	t.Helper()
	ts := newTestServer(t)
	ts.handle(pattern, reply(t, status, body))
	return ts, ts.client(t)
}

// expectRequest fails t unless the last request ts received was method path
// with the raw query and a body equal as JSON to body ("" for no body), and
// returns that request for further checks.
func (ts *testServer) expectRequest(t *testing.T, method, path, query, body string) recorded {
	t.Helper()
	r := ts.last(t)
	if r.Method != method || r.Path != path || r.Query != query {
		t.Errorf("request = %s %s?%s\n     want %s %s?%s", r.Method, r.Path, r.Query, method, path, query)
	}
	if !sameJSON(t, r.Body, body) {
		t.Errorf("body = %s\nwant %s", r.Body, body)
	}
	return r
}

// collect ranges over seq, failing the test on an error, and returns what
// it yielded.
func collect[T any](t *testing.T, seq iter.Seq2[T, error]) []T {
	t.Helper()
	var got []T
	for v, err := range seq {
		if err != nil {
			t.Fatalf("after %d items: %v", len(got), err)
		}
		got = append(got, v)
	}
	return got
}

// testLoggerBuffer logs everything to a buffer (for requests made in the
// test's goroutine).
func testLoggerBuffer() (*slog.Logger, *bytes.Buffer) {
	var b bytes.Buffer
	return slog.New(slog.NewTextHandler(&b, &slog.HandlerOptions{Level: slog.LevelDebug})), &b
}

func mustParseURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
