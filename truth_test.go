package aircall

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

// 405 matches ErrNotAvailable only on the endpoints that document it as a
// state error: StartCall and Dial (the user is not available),
// PauseRecording and ResumeRecording (recording is disabled on the number).
// A 405 elsewhere, such as a wrong method sent through Client.Do, is a
// plain *APIError.
func TestNotAvailableOnlyWhereDocumented(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	const unavailable = `{"error":"Method Not Allowed","troubleshoot":"The user is currently unavailable","success":false}`
	tests := []struct {
		name, pattern string
		call          func(*Client) error
		want          bool
	}{
		{"StartCall", "POST /v1/users/{id}/calls", func(c *Client) error {
			_, err := c.Users.StartCall(ctx, 456, &StartCallParams{NumberID: 1234, To: "+18001231234"})
			return err
		}, true},
		{"Dial", "POST /v1/users/{id}/dial", func(c *Client) error { _, err := c.Users.Dial(ctx, 456, "+18001231234"); return err }, true},
		{"PauseRecording", "POST /v1/calls/{id}/pause_recording", func(c *Client) error { _, err := c.Calls.PauseRecording(ctx, 812); return err }, true},
		{"ResumeRecording", "POST /v1/calls/{id}/resume_recording", func(c *Client) error { _, err := c.Calls.ResumeRecording(ctx, 812); return err }, true},
		{"wrong method through Do", "PATCH /v1/contacts/{id}", func(c *Client) error {
			_, err := c.Do(ctx, "PATCH", "/v1/contacts/710", nil, map[string]string{"first_name": "x"}, nil)
			return err
		}, false},
		{"405 on a typed method that does not document it", "DELETE /v1/tags/{id}", func(c *Client) error { _, err := c.Tags.Delete(ctx, 1); return err }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, c := serve(t, tt.pattern, 405, unavailable)
			err := tt.call(c)
			if got := errors.Is(err, ErrNotAvailable); got != tt.want {
				t.Errorf("errors.Is(%v, ErrNotAvailable) = %v, want %v", err, got, tt.want)
			}
			var ae *APIError
			if !errors.As(err, &ae) || ae.StatusCode != 405 || ae.Troubleshoot != "The user is currently unavailable" {
				t.Errorf("errors.As *APIError: %+v", ae)
			}
			if errors.Is(err, ErrNotFound) || errors.Is(err, ErrValidation) {
				t.Errorf("%v matches another sentinel", err)
			}
		})
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

// Query values leave error strings and log lines: the keys stay, with the
// values of paging and ordering params; every other value (an email, a
// phone number) reads REDACTED.
func TestQueryValuesRedacted(t *testing.T) {
	t.Parallel()
	const email, phone = "vicente.abad@lerox.example", "+34664673697"
	for _, status := range []int{404, 500} {
		ts := newTestServer(t)
		ts.handle("GET /v1/contacts/search", reply(t, status, `{"error":"x"}`))
		logger, logs := testLoggerBuffer()
		c := ts.client(t, WithLogger(logger), WithRetryPolicy(RetryPolicy{MaxRetries: 1}))
		_, _, err := c.Contacts.Search(context.Background(), &ContactSearchOptions{Email: email, PhoneNumber: phone, ContactListOptions: ContactListOptions{ListOptions: ListOptions{PerPage: 50}}})
		if err == nil {
			t.Fatal("no error")
		}
		var ae *APIError
		for what, s := range map[string]string{"error": err.Error(), "logs": logs.String()} {
			if strings.Contains(s, "lerox") || strings.Contains(s, "34664673697") || strings.Contains(s, "664673697") {
				t.Errorf("%d: %s keep a query value: %s", status, what, s)
			}
		}
		if !errors.As(err, &ae) || !strings.Contains(ae.URL, "email=REDACTED") || !strings.Contains(ae.URL, "phone_number=REDACTED") || !strings.Contains(ae.URL, "per_page=50") {
			t.Errorf("%d: APIError.URL = %q, want the keys with email=REDACTED, phone_number=REDACTED, per_page=50", status, ae.URL)
		}
		if r := ts.last(t); !strings.Contains(r.Query, "lerox") {
			t.Errorf("the request itself must carry the value: %q", r.Query)
		}
	}
}

func TestShownURL(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ in, want string }{
		{"https://api.aircall.io/v1/calls/search?from=1585000000&order=desc&page=2&per_page=50&phone_number=%2B33612345678&tags%5B%5D=7",
			"https://api.aircall.io/v1/calls/search?from=1585000000&order=desc&page=2&per_page=50&phone_number=REDACTED&tags%5B%5D=REDACTED"},
		{"https://api.aircall.io/v1/contacts?fetch_contact=true&search=bob", "https://api.aircall.io/v1/contacts?fetch_contact=true&search=REDACTED"},
		{"https://api.aircall.io/v1/ping", "https://api.aircall.io/v1/ping"},
		{"https://api.aircall.io/v1/x?flag&email=", "https://api.aircall.io/v1/x?flag&email="},
		{"https://u:secret@api.aircall.io/v1/x?api_token=abc", "https://u:xxxxx@api.aircall.io/v1/x?api_token=REDACTED"},
	} {
		u := mustParseURL(t, tt.in)
		if got := shownURL(u, ""); got != tt.want {
			t.Errorf("shownURL(%s)\n = %s\nwant %s", tt.in, got, tt.want)
		}
		if u.String() != mustParseURL(t, tt.in).String() {
			t.Errorf("shownURL changed its argument: %s", u)
		}
	}
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

// A 429 that survives the retries says when to try again only when the
// answer said it: from X-AircallApi-Reset, else from Retry-After in
// seconds or as an HTTP date. A bare 429 (a proxy's) says it did not say,
// instead of "retry after 0s".
func TestRateLimitErrorSaysWhatTheAnswerSaid(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		header func(now time.Time) http.Header
		want   time.Duration // 0: not said
		text   string
	}{
		{"bare", func(time.Time) http.Header { return http.Header{} }, 0, "(the answer did not say when to retry)"},
		{"seconds", func(time.Time) http.Header { return http.Header{"Retry-After": {"30"}} }, 30 * time.Second, "(retry after 30s)"},
		{"date", func(now time.Time) http.Header {
			return http.Header{"Retry-After": {now.Add(2 * time.Minute).UTC().Format(http.TimeFormat)}}
		}, 2 * time.Minute, "(retry after"},
		{"reset", func(now time.Time) http.Header {
			return http.Header{"X-Aircallapi-Reset": {strconv.FormatInt(now.Add(45*time.Second).Unix(), 10)}}
		}, 45 * time.Second, "(retry after"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			resp := &http.Response{StatusCode: http.StatusTooManyRequests, Status: "429 Too Many Requests", Header: tt.header(time.Now())}
			var rl *RateLimitError
			if !errors.As(newAPIError(resp, "GET", "https://api.aircall.io/v1/calls", nil), &rl) {
				t.Fatal("a 429 is not a *RateLimitError")
			}
			if d := rl.RetryAfter - tt.want; d < -2*time.Second || d > 0 && tt.want == 0 || d > time.Second {
				t.Errorf("RetryAfter = %s, want about %s", rl.RetryAfter, tt.want)
			}
			if !strings.Contains(rl.Error(), tt.text) || strings.Contains(rl.Error(), "retry after 0s") {
				t.Errorf("Error() = %q, want it to contain %q", rl.Error(), tt.text)
			}
		})
	}
}
