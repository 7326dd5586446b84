package aircall

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// rateHeaders writes the X-AircallApi-* headers, Reset in milliseconds.
func rateHeaders(w http.ResponseWriter, limit, remaining int, reset time.Time) {
	w.Header().Set("X-AircallApi-Limit", strconv.Itoa(limit))
	w.Header().Set("X-AircallApi-Remaining", strconv.Itoa(remaining))
	w.Header().Set("X-AircallApi-Reset", strconv.FormatInt(reset.UnixMilli(), 10))
}

// sequence answers the i-th request with handlers[i] (the last one repeats).
func sequence(handlers ...http.HandlerFunc) http.HandlerFunc {
	var n atomic.Int64
	return func(w http.ResponseWriter, r *http.Request) {
		i := int(n.Add(1)) - 1
		handlers[min(i, len(handlers)-1)](w, r)
	}
}

func tooMany(w http.ResponseWriter, r *http.Request) {
	rateHeaders(w, 60, 0, time.Now().Add(50*time.Millisecond))
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusTooManyRequests)
	w.Write([]byte(`{"error":"Too Many Requests","troubleshoot":"Rate limit exceeded, retry after the reset"}`))
}

// hangUp closes the connection without answering, after reading the request.
func hangUp(w http.ResponseWriter, r *http.Request) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err == nil {
		conn.Close()
	}
}

func TestRetryMatrix(t *testing.T) {
	t.Parallel()
	user := `{"user":{"id":458,"name":"Jeffrey Curtis","email":"jeffrey.curtis@aircall.io","created_at":"2020-02-18T20:52:22.000Z"}}`
	get := func(c *Client) error { _, _, err := c.Users.Get(context.Background(), 458); return err }
	create := func(c *Client) error {
		_, _, err := c.Users.Create(context.Background(), &UserCreateParams{Email: "jeffrey.curtis@aircall.io", FirstName: "Jeffrey", LastName: "Curtis"})
		return err
	}
	// want: the errors.Is targets; nil means success.
	runServedCases(t, []servedCase[[]error]{
		{"429 then 200 on GET", "GET /v2/users/{id}", sequence(tooMany, reply(t, 200, user)), get, 2, nil},
		{"429 then 201 on POST", "POST /v2/users", sequence(tooMany, reply(t, 201, user)), create, 2, nil},
		{"500 then 200 on GET", "GET /v2/users/{id}", sequence(reply(t, 500, `{"error":"Internal Server Error"}`), reply(t, 502, "<html>bad gateway</html>"), reply(t, 200, user)), get, 3, nil},
		{"500 on POST not retried", "POST /v2/users", reply(t, 500, `{"error":"Internal Server Error","troubleshoot":"try later"}`), create, 1, []error{ErrOutcomeUnknown}},
		{"dropped connection on POST not retried", "POST /v2/users", hangUp, create, 1, []error{ErrOutcomeUnknown}},
		{"dropped connection on GET retried", "GET /v2/users/{id}", sequence(hangUp, reply(t, 200, user)), get, 2, nil},
		{"400 not retried", "POST /v2/users", reply(t, 422, `{"error":"Unprocessable Entity","troubleshoot":"email is missing"}`), create, 1, []error{ErrValidation}},
		{"404 not retried", "GET /v2/users/{id}", reply(t, 404, `{"error":"Not found","troubleshoot":"Id does not exist"}`), get, 1, []error{ErrNotFound}},
		{"503 until retries run out", "GET /v2/users/{id}", reply(t, 503, `{"error":"Service Unavailable","troubleshoot":"maintenance"}`), get, 4, []error{}},
		{"429 until retries run out", "GET /v2/users/{id}", tooMany, get, 4, []error{ErrRateLimited}},
	}, func(t *testing.T, want []error, err error) {
		if want == nil {
			if err != nil {
				t.Fatalf("err = %v, want success", err)
			}
			return
		}
		if err == nil {
			t.Fatal("err = nil, want an error")
		}
		for _, target := range want {
			if !errors.Is(err, target) {
				t.Errorf("errors.Is(%v, %v) = false", err, target)
			}
		}
		if strings.Contains(err.Error(), "giving up") {
			t.Errorf("error is retryablehttp's, not typed: %v", err)
		}
		if errors.Is(err, ErrOutcomeUnknown) && !strings.Contains(err.Error(), "outcome unknown") {
			t.Errorf("error does not say the outcome is unknown: %v", err)
		}
	})
}

func TestRetryExhaustedKeepsServerBody(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	ts.handle("GET /v2/users/{id}", tooMany)
	_, _, err := ts.client(t).Users.Get(context.Background(), 1)
	var rl *RateLimitError
	if !errors.As(err, &rl) {
		t.Fatalf("err = %T %v, want *RateLimitError", err, err)
	}
	if rl.Title != "Too Many Requests" || rl.Rate.Limit != 60 || rl.Rate.Remaining != 0 || rl.Rate.Reset.IsZero() {
		t.Errorf("RateLimitError = %+v", rl)
	}
	var ae *APIError
	if !errors.As(err, &ae) || ae.StatusCode != 429 {
		t.Errorf("errors.As(*APIError) = %v", ae)
	}
}

func TestConnectionRefusedPostRetried(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	ts.handle("POST /v1/users/{id}/calls", reply(t, 204, ""))
	// A port with nothing listening: the first dial is refused for real.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	refused := l.Addr().String()
	l.Close()
	var dials atomic.Int64
	tr := &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		if dials.Add(1) == 1 {
			addr = refused
		}
		return (&net.Dialer{}).DialContext(ctx, network, addr)
	}}
	defer tr.CloseIdleConnections()
	c := ts.client(t, WithTransport(tr))
	if _, err := c.Users.StartCall(context.Background(), 456, &StartCallParams{NumberID: 123, To: "+18001231234"}); err != nil {
		t.Fatalf("StartCall after a refused connection: %v", err)
	}
	if d, n := dials.Load(), ts.requests.Load(); d != 2 || n != 1 {
		t.Errorf("dials = %d, requests at server = %d; want 2 and 1", d, n)
	}
}

func TestContextCancelledDuringRateLimitWait(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ts := newTestServer(t)
	ts.handle("GET /v2/users/{id}", func(w http.ResponseWriter, r *http.Request) {
		rateHeaders(w, 60, 0, time.Now().Add(time.Hour)) // the window resets in an hour
		w.WriteHeader(http.StatusTooManyRequests)
		cancel() // the caller gives up while the client waits for the reset
	})
	start := time.Now()
	_, _, err := ts.client(t).Users.Get(ctx, 1)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if d := time.Since(start); d > 30*time.Second {
		t.Errorf("returned after %v: the wait did not honour the context", d)
	}
}

func TestContextCancelledDuringBackoff(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	ts := newTestServer(t)
	ts.handle("GET /v2/users/{id}", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
		cancel()
	})
	c := ts.client(t, WithRetryPolicy(RetryPolicy{MaxRetries: 5, MinWait: time.Hour, MaxWait: time.Hour}))
	_, _, err := c.Users.Get(ctx, 1)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

func TestParseRate(t *testing.T) {
	t.Parallel()
	h := http.Header{}
	h.Set("X-AircallApi-Limit", "60")
	h.Set("X-AircallApi-Remaining", "12")
	h.Set("X-AircallApi-Reset", "1585868617")
	want := Rate{Limit: 60, Remaining: 12, Reset: time.Unix(1585868617, 0).UTC()}
	if d := diff(want, parseRate(h)); d != "" {
		t.Errorf("seconds (-want +got):\n%s", d)
	}
	h.Set("X-AircallApi-Reset", "1585868617250")
	want.Reset = time.UnixMilli(1585868617250).UTC()
	if d := diff(want, parseRate(h)); d != "" {
		t.Errorf("milliseconds (-want +got):\n%s", d)
	}
	if r := parseRate(http.Header{}); r.Known() {
		t.Errorf("no headers: %+v, want unknown", r)
	}
}

func TestResponseRate(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	reset := time.Now().Add(time.Minute).Truncate(time.Second)
	ts.handle("GET /v2/users/{id}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-AircallApi-Limit", "60")
		w.Header().Set("X-AircallApi-Remaining", "59")
		w.Header().Set("X-AircallApi-Reset", strconv.FormatInt(reset.Unix(), 10))
		w.Write([]byte(`{"user":{"id":1}}`))
	})
	c := ts.client(t)
	_, resp, err := c.Users.Get(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	want := Rate{Limit: 60, Remaining: 59, Reset: reset.UTC()}
	if d := diff(want, resp.Rate); d != "" {
		t.Errorf("Response.Rate (-want +got):\n%s", d)
	}
	if d := diff(want, c.Rate()); d != "" {
		t.Errorf("Client.Rate (-want +got):\n%s", d)
	}
}

func TestPacerWaitPastDeadlineIsNotOutcomeUnknown(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	ts.handle("POST /v1/users/{id}/calls", reply(t, 204, ""))
	c := ts.client(t, WithPacer(NewPacer(1, time.Hour))) // the next request may leave in an hour
	params := &StartCallParams{NumberID: 123, To: "+18001231234"}
	if _, err := c.Users.StartCall(context.Background(), 456, params); err != nil {
		t.Fatalf("first StartCall: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	_, err := c.Users.StartCall(ctx, 456, params)
	if n := ts.requests.Load(); n != 1 {
		t.Fatalf("server saw %d requests, want 1: the second was to be held by the pacer", n)
	}
	if errors.Is(err, ErrOutcomeUnknown) {
		t.Errorf("err = %v: the POST never left the pacer, its outcome is known", err)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want context.DeadlineExceeded", err)
	}
}
