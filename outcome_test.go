package aircall

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// These tests are about the transport, not an endpoint family: they call
// c.do and c.doNoContent (what every method goes through) on the tag paths.
const tagJSON = `{"tag":{"id":1,"name":"VIP","color":"#00B388","description":"Very important person"}}`

var tagBody = map[string]string{"name": "VIP", "color": "#00B388"}

func getTag(ctx context.Context, c *Client) error {
	_, _, err := c.do(ctx, http.MethodGet, "/v1/tags/1", nil, nil)
	return err
}

func putTag(ctx context.Context, c *Client) error {
	_, _, err := c.do(ctx, http.MethodPut, "/v1/tags/1", nil, tagBody)
	return err
}

func postTag(ctx context.Context, c *Client) error {
	_, _, err := c.do(ctx, http.MethodPost, "/v1/tags", nil, tagBody)
	return err
}

func deleteTag(ctx context.Context, c *Client) error {
	_, err := c.doNoContent(ctx, http.MethodDelete, "/v1/tags/1", nil, nil)
	return err
}

// cutBody answers status with headers announcing body, but sends only its
// first half before closing the connection. chunked leaves Content-Length
// out.
func cutBody(status int, body string, chunked bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if !chunked {
			w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		}
		w.WriteHeader(status)
		w.Write([]byte(body[:len(body)/2]))
		rc := http.NewResponseController(w)
		rc.Flush()
		if conn, _, err := rc.Hijack(); err == nil {
			conn.Close()
		}
	}
}

// stall answers only when the client goes away.
func stall(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }

func TestCutBody(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	get := func(c *Client) error { return getTag(ctx, c) }
	put := func(c *Client) error { return putTag(ctx, c) }
	post := func(c *Client) error { return postTag(ctx, c) }
	del := func(c *Client) error { return deleteTag(ctx, c) }
	// A POST whose idempotency key the server enforces is retried like a PUT.
	keyed := func(c *Client) error { return postTag(retrySafe(ctx), c) }
	// want: the sentinel the error matches; nil for success.
	runServedCases(t, []servedCase[error]{
		{"GET cut, retried", "GET /v1/tags/{id}", sequence(cutBody(200, tagJSON, false), reply(t, 200, tagJSON)), get, 2, nil},
		{"GET cut chunked, retried", "GET /v1/tags/{id}", sequence(cutBody(200, tagJSON, true), reply(t, 200, tagJSON)), get, 2, nil},
		{"PUT cut, retried", "PUT /v1/tags/{id}", sequence(cutBody(200, tagJSON, false), reply(t, 200, tagJSON)), put, 2, nil},
		{"GET cut on every attempt: answer lost", "GET /v1/tags/{id}", cutBody(200, tagJSON, false), get, int64(testRetry.MaxRetries) + 1, ErrAnswerLost},
		{"POST cut: applied, answer lost", "POST /v1/tags", cutBody(201, tagJSON, false), post, 1, ErrAnswerLost},
		{"POST cut chunked: applied, answer lost", "POST /v1/tags", cutBody(201, tagJSON, true), post, 1, ErrAnswerLost},
		{"POST dropped before the status: outcome unknown", "POST /v1/tags", hangUp, post, 1, ErrOutcomeUnknown},
		{"DELETE 200 with an ignored body cut", "DELETE /v1/tags/{id}", cutBody(200, `{"tag":{"id":1,"name":"VIP"}}`, false), del, 1, nil},
		{"keyed POST cut, retried", "POST /v1/tags", sequence(cutBody(201, tagJSON, false), reply(t, 201, tagJSON)), keyed, 2, nil},
		{"keyed POST 503, retried", "POST /v1/tags", sequence(reply(t, 503, `{"error":"Service Unavailable"}`), reply(t, 201, tagJSON)), keyed, 2, nil},
		{"keyed POST dropped, retried", "POST /v1/tags", sequence(hangUp, reply(t, 201, tagJSON)), keyed, 2, nil},
	}, func(t *testing.T, want, err error) {
		switch {
		case want != nil && !errors.Is(err, want):
			t.Errorf("err = %v, want %v", err, want)
		case want == ErrAnswerLost && errors.Is(err, ErrOutcomeUnknown):
			t.Errorf("err = %v: a 2xx answer says the request was applied, not that its outcome is unknown", err)
		case want == nil && err != nil:
			t.Errorf("err = %v, want success", err)
		}
	})
}

func TestContextEndsAfterRequestWritten(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		method  string
		unknown bool
	}{{http.MethodPost, true}, {http.MethodGet, false}} {
		t.Run(tt.method, func(t *testing.T) {
			t.Parallel()
			// The caller gives up once the server has the request, before
			// any answer.
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			giveUp := func(w http.ResponseWriter, r *http.Request) {
				cancel()
				stall(w, r)
			}
			ts := newTestServer(t)
			ts.handle("POST /v1/tags", giveUp)
			ts.handle("GET /v1/tags/{id}", giveUp)
			c := ts.client(t)
			var err error
			if tt.method == http.MethodPost {
				err = postTag(ctx, c)
			} else {
				err = getTag(ctx, c)
			}
			if !errors.Is(err, context.Canceled) {
				t.Errorf("err = %v, want context.Canceled", err)
			}
			if got := errors.Is(err, ErrOutcomeUnknown); got != tt.unknown {
				t.Errorf("errors.Is(%v, ErrOutcomeUnknown) = %v, want %v", err, got, tt.unknown)
			}
			ts.expectRequestCount(t, 1)
		})
	}
}

func TestPacerWaitIsNotPartOfHTTPClientTimeout(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	ts.handle("POST /v1/tags", reply(t, 201, tagJSON))
	// 4 requests per 1.2s: the 5th leaves 1.2s after the first, twice the
	// 600ms the http.Client allows each attempt.
	c := ts.client(t, WithPacer(NewPacer(4, 1200*time.Millisecond)), WithHTTPClient(&http.Client{Timeout: 600 * time.Millisecond}))
	var wg sync.WaitGroup
	for range 5 {
		wg.Go(func() {
			if err := postTag(context.Background(), c); err != nil {
				t.Errorf("Create: %v", err)
			}
		})
	}
	wg.Wait()
	ts.expectRequestCount(t, 5)
}

func TestAttemptTimeout(t *testing.T) {
	t.Parallel()
	t.Run("GET retried", func(t *testing.T) {
		t.Parallel()
		ts := newTestServer(t)
		ts.handle("GET /v1/tags/{id}", sequence(stall, reply(t, 200, tagJSON)))
		c := ts.client(t, WithAttemptTimeout(200*time.Millisecond))
		if err := getTag(context.Background(), c); err != nil {
			t.Fatalf("Get after a stalled attempt: %v", err)
		}
		ts.expectRequestCount(t, 2)
	})
	t.Run("POST outcome unknown", func(t *testing.T) {
		t.Parallel()
		ts := newTestServer(t)
		ts.handle("POST /v1/tags", stall)
		c := ts.client(t, WithAttemptTimeout(200*time.Millisecond))
		err := postTag(context.Background(), c)
		if !errors.Is(err, ErrOutcomeUnknown) || errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("err = %v, want ErrOutcomeUnknown and not the caller's deadline", err)
		}
		ts.expectRequestCount(t, 1)
	})
	t.Run("defaults", func(t *testing.T) {
		t.Parallel()
		for _, tt := range []struct {
			name string
			opts []Option
			want time.Duration
		}{
			{"none", nil, DefaultAttemptTimeout},
			{"http client timeout", []Option{WithHTTPClient(&http.Client{Timeout: time.Second})}, 0},
			{"option", []Option{WithHTTPClient(&http.Client{Timeout: time.Second}), WithAttemptTimeout(2 * time.Second)}, 2 * time.Second},
			{"off", []Option{WithAttemptTimeout(0)}, 0},
		} {
			c := testClient(t, tt.opts...)
			if c.attemptTimeout != tt.want {
				t.Errorf("%s: attempt timeout %v, want %v", tt.name, c.attemptTimeout, tt.want)
			}
		}
		if _, err := NewClient(WithBasicAuth("a", "b"), WithAttemptTimeout(-time.Second)); err == nil {
			t.Error("a negative attempt timeout was accepted")
		}
	})
}

func TestPostNeverSentIsNotOutcomeUnknown(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	ts.handle("POST /v1/tags", reply(t, 201, tagJSON))
	c := ts.client(t, WithPacer(NewPacer(1, time.Hour)))
	if err := postTag(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	// The next request waits an hour at the pacer; the caller gives up.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	err := postTag(ctx, c)
	if !errors.Is(err, context.DeadlineExceeded) || errors.Is(err, ErrOutcomeUnknown) {
		t.Errorf("err = %v, want context.DeadlineExceeded only: nothing left", err)
	}
}

func TestRetryAfter429WaitsForReset(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	var reset time.Time
	var second time.Time
	ts.handle("GET /v1/tags/{id}", sequence(
		func(w http.ResponseWriter, r *http.Request) {
			reset = time.Now().Add(300 * time.Millisecond)
			rateHeaders(w, 60, 0, reset)
			w.WriteHeader(http.StatusTooManyRequests)
		},
		func(w http.ResponseWriter, r *http.Request) {
			second = time.Now()
			w.Write([]byte(tagJSON))
		},
	))
	if err := getTag(context.Background(), ts.client(t)); err != nil {
		t.Fatal(err)
	}
	// Reset is sent in milliseconds: allow for its rounding down.
	if second.Before(reset.Truncate(time.Millisecond)) {
		t.Errorf("retry arrived %v before the server's Reset", reset.Sub(second))
	}
}

func TestBodyTooLargeNotRetried(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	big := `{"tag":{"id":1,"name":"` + strings.Repeat("x", maxBodyBytes) + `"}}`
	ts.handle("POST /v1/tags", reply(t, 201, big))
	// No attempt timeout: reading 32 MiB under -race on a loaded machine
	// can take longer than DefaultAttemptTimeout, and the limit is tested.
	err := postTag(context.Background(), ts.client(t, WithAttemptTimeout(0)))
	if !errors.Is(err, errBodyTooLarge) || !errors.Is(err, ErrAnswerLost) || errors.Is(err, ErrOutcomeUnknown) {
		t.Errorf("err = %v, want a too-large body error that is not outcome unknown (the 201 says it was applied)", err)
	}
	ts.expectRequestCount(t, 1)
}

// TestFarResetHoldsOneWindowAtMost checks that a Reset days away (a bad
// header or a clock far off) holds the retry for one window at most instead
// of stalling every request of the Pacer until then.
func TestFarResetHoldsOneWindowAtMost(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	ts.handle("GET /v1/tags/{id}", sequence(
		func(w http.ResponseWriter, r *http.Request) {
			rateHeaders(w, 60, 0, time.Now().Add(240*time.Hour))
			w.WriteHeader(http.StatusTooManyRequests)
		},
		reply(t, 200, tagJSON),
	))
	c := ts.client(t, WithPacer(NewPacer(60, 300*time.Millisecond)))
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := getTag(ctx, c); err != nil {
		t.Fatalf("a 429 with a Reset 10 days away: %v, want the retry after one window", err)
	}
}

// A POST answered 2xx whose body was cut off was applied: its error says
// so (ErrAnswerLost), not that the outcome is unknown, and it is not sent
// again.
func TestCutAnswerOfAnAppliedPost(t *testing.T) {
	t.Parallel()
	for _, chunked := range []bool{false, true} {
		ts := newTestServer(t)
		ts.handle("POST /v1/tags", cutBody(201, tagJSON, chunked))
		err := postTag(context.Background(), ts.client(t))
		if !errors.Is(err, ErrAnswerLost) || errors.Is(err, ErrOutcomeUnknown) {
			t.Errorf("chunked %v: err = %v, want ErrAnswerLost and not ErrOutcomeUnknown", chunked, err)
		}
		if err != nil && !strings.Contains(err.Error(), "applied") {
			t.Errorf("error %q does not say the request was applied", err)
		}
		ts.expectRequestCount(t, 1)
	}
}
