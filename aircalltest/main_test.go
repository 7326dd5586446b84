package aircalltest

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	aircall "github.com/seed1279ea27/aircall-go"
	"github.com/seed1279ea27/aircall-go/internal/endpointcov"
)

// served collects the endpoints every test server answered with a 2xx, for
// TestMain's coverage check against the endpoint tables.
var served endpointcov.Set

func TestMain(m *testing.M) { endpointcov.Main(m, &served, "never answered 2xx to a test") }

// newServer starts a Server for one test and records what it served. Its
// rate limit is generous unless opts set one.
func newServer(t *testing.T, opts ...Option) *Server {
	t.Helper()
	s, err := New(append([]Option{WithRateLimit(1_000_000, time.Minute)}, opts...)...)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(func() {
		for _, e := range s.Served() {
			served.Add(e)
		}
		s.Close()
	})
	return s
}

// start starts a Server for one test like newServer and returns it with its
// SDK client and a context bounded by the test.
func start(t *testing.T, opts ...Option) (*Server, *aircall.Client, context.Context) {
	t.Helper()
	s := newServer(t, opts...)
	return s, client(t, s), ctxT(t)
}

// client returns the Server's SDK client, failing the test on error.
func client(t *testing.T, s *Server, opts ...aircall.Option) *aircall.Client {
	t.Helper()
	c, err := s.Client(opts...)
	if err != nil {
		t.Fatalf("Client: %v", err)
	}
	return c
}

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute) // a hang guard: -race on a loaded machine is slow
	t.Cleanup(cancel)
	return ctx
}

// raw sends one request with Basic auth (or with the header auth when not
// empty) and returns the status, the body and the headers.
func raw(t *testing.T, s *Server, method, path, body, auth string) (int, string, http.Header) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, s.URL()+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if auth == "" {
		req.SetBasicAuth(s.APIID(), s.APIToken())
	} else if auth != "none" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := testHTTP.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header
}

// jsonEq compares two JSON documents as values.
func jsonEq(t *testing.T, got, want string) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal([]byte(got), &g); err != nil {
		t.Fatalf("got is not JSON: %v: %s", err, got)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("want is not JSON: %v: %s", err, want)
	}
	if d := cmp.Diff(w, g); d != "" {
		t.Errorf("JSON mismatch (-want +got):\n%s", d)
	}
}

// diff is cmp.Diff.
func diff(want, got any, opts ...cmp.Option) string { return cmp.Diff(want, got, opts...) }

// wantEqual reports (t.Errorf) the differences of got from want, named what.
func wantEqual(t *testing.T, what string, want, got any, opts ...cmp.Option) {
	t.Helper()
	if d := diff(want, got, opts...); d != "" {
		t.Errorf("%s (-want +got):\n%s", what, d)
	}
}

func TestServerImplementsEveryEndpoint(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	for i, want := range []int{71, 31} {
		rows, err := endpointcov.Rows(endpointcov.Tables[i])
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != want {
			t.Errorf("%s has %d rows, want %d", endpointcov.Tables[i], len(rows), want)
		}
	}
	rows, err := endpointcov.All()
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(rows)
	if d := diff(rows, s.endpoints()); d != "" {
		t.Errorf("endpoints (-endpoint tables +server):\n%s", d)
	}
}

// testHTTP sends the tests' raw requests on a transport of the package's
// own: httptest's Close closes http.DefaultTransport's idle connections,
// which breaks a request that another test sends on it at that moment.
var testHTTP = &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
