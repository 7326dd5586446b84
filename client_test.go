package aircall

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"
)

func TestAuthHeaders(t *testing.T) {
	t.Parallel()
	basic := "Basic " + base64.StdEncoding.EncodeToString([]byte("my-id:my-token"))
	tests := []struct {
		name string
		opt  Option
		want string
	}{
		{"basic", WithBasicAuth("my-id", "my-token"), basic},
		{"bearer", WithBearerToken("2d492d492d"), "Bearer 2d492d492d"},
		{"token source", WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "ts-token"})), "Bearer ts-token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t)
			ts.handle("GET /v1/ping", reply(t, 200, `{"ping":"pong"}`))
			if _, err := ts.clientAuth(t, tt.opt).Ping(context.Background()); err != nil {
				t.Fatalf("Ping: %v", err)
			}
			if got := ts.last(t).Header.Get("Authorization"); got != tt.want {
				t.Errorf("Authorization = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestNewClientOptionErrors(t *testing.T) {
	t.Parallel()
	basic := WithBasicAuth("id", "secret-token")
	tests := []struct {
		name string
		opts []Option
		want string
	}{
		{"no auth", nil, "no credentials"},
		{"two auths", []Option{basic, WithBearerToken("tok")}, "more than one auth"},
		{"empty basic", []Option{WithBasicAuth("", "x")}, "must not be empty"},
		{"empty bearer", []Option{WithBearerToken("")}, "empty access token"},
		{"nil token source", []Option{WithTokenSource(nil)}, "nil token source"},
		{"http base", []Option{basic, WithBaseURL("http://api.example.com")}, "must use https"},
		{"relative base", []Option{basic, WithBaseURL("/v1")}, "not an absolute URL"},
		{"userinfo base", []Option{basic, WithBaseURL("https://id:pw@api.aircall.io")}, "credentials in the URL"},
		{"empty UA", []Option{basic, WithUserAgent(" ")}, "empty user agent"},
		{"bad rate", []Option{basic, WithRateLimit(0)}, "not positive"},
		{"bad retry", []Option{basic, WithRetryPolicy(RetryPolicy{MaxRetries: -1})}, "invalid policy"},
		{"nil logger", []Option{basic, WithLogger(nil)}, "nil logger"},
		{"nil http client", []Option{basic, WithHTTPClient(nil)}, "nil client"},
		{"nil transport", []Option{basic, WithTransport(nil)}, "nil transport"},
		{"nil pacer", []Option{basic, WithPacer(nil)}, "nil pacer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := NewClient(tt.opts...)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("NewClient() = %v, %v; want error containing %q", c, err, tt.want)
			}
			if strings.Contains(err.Error(), "secret-token") || strings.Contains(err.Error(), "pw@") {
				t.Errorf("error leaks a credential: %v", err)
			}
		})
	}
}

func TestBaseURLLoopbackAllowed(t *testing.T) {
	t.Parallel()
	for _, u := range []string{"http://127.0.0.1:8080", "http://localhost:1", "http://[::1]:9", "https://api.aircall.io", "https://proxy.example.com/aircall/"} {
		if _, err := NewClient(WithBasicAuth("a", "b"), WithBaseURL(u)); err != nil {
			t.Errorf("WithBaseURL(%q): %v", u, err)
		}
	}
}

func TestDefaultUserAgentAndHeaders(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	ts.handle("POST /v1/users/{id}/dial", reply(t, 204, ""))
	c := ts.client(t)
	if _, err := c.Users.Dial(context.Background(), 1, "+18001231234"); err != nil {
		t.Fatal(err)
	}
	r := ts.last(t)
	if ua := r.Header.Get("User-Agent"); !strings.HasPrefix(ua, "aircall-go/"+Version) {
		t.Errorf("User-Agent = %q, want it to name the SDK and its version", ua)
	}
	if ct := r.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q, want application/json", ct)
	}

	c2 := ts.client(t, WithUserAgent("my-app/2.0"))
	if _, err := c2.Users.Dial(context.Background(), 1, "+18001231234"); err != nil {
		t.Fatal(err)
	}
	if ua := ts.last(t).Header.Get("User-Agent"); ua != "my-app/2.0" {
		t.Errorf("User-Agent = %q, want my-app/2.0", ua)
	}
}

func TestBaseURLWithPathPrefix(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	ts.mux.HandleFunc("GET /proxy/v1/ping", reply(t, 200, `{"ping":"pong"}`))
	c := ts.client(t, WithBaseURL(ts.URL+"/proxy/"))
	if _, err := c.Ping(context.Background()); err != nil {
		t.Fatalf("Ping through a path prefix: %v", err)
	}
}

func TestPingUnexpectedAnswer(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	ts.handle("GET /v1/ping", reply(t, 200, `{"resource":"Aircall Documentation"}`))
	if _, err := ts.client(t).Ping(context.Background()); err == nil {
		t.Fatal("Ping accepted an answer without pong")
	}
}

func TestRedirectToOtherHostNotFollowed(t *testing.T) {
	t.Parallel()
	redirect, expectNotFollowed := redirectAway(t, http.StatusFound)
	ts := newTestServer(t)
	ts.mux.HandleFunc("GET /v1/tags/{id}", redirect)
	expectNotFollowed(t, getTag(context.Background(), ts.client(t)))
}

func TestNilContext(t *testing.T) {
	t.Parallel()
	c, _ := mockClient(t)
	//lint:ignore SA1012 a nil context must give an error, not a panic
	if _, _, err := c.Users.Get(nil, 1); err == nil { //nolint:staticcheck
		t.Fatal("nil context accepted")
	}
}

func TestLoggerNeverSeesCredentials(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	for _, auth := range []Option{WithBasicAuth("my-api-id", "s3cr3t-api-token"), WithBearerToken("s3cr3t-access-token")} {
		buf.Reset()
		ts := newTestServer(t)
		ts.handle("GET /v1/tags/{id}", sequence(
			reply(t, 503, `{"error":"Service Unavailable"}`),
			hangUp,
			reply(t, 200, tagJSON),
		))
		ts.handle("POST /v1/tags", reply(t, 500, `{"error":"Internal Server Error"}`))
		c := ts.clientAuth(t, auth, WithLogger(logger))
		if err := getTag(context.Background(), c); err != nil {
			t.Fatal(err)
		}
		err := postTag(context.Background(), c)
		if err == nil {
			t.Fatal("want an error from the 500")
		}
		out := buf.String() + err.Error()
		if !strings.Contains(out, "retrying request") {
			t.Errorf("the logger saw no retry: %q", out)
		}
		basic := base64.StdEncoding.EncodeToString([]byte("my-api-id:s3cr3t-api-token"))
		for _, secret := range []string{"s3cr3t", basic, "Authorization"} {
			if strings.Contains(out, secret) {
				t.Errorf("log or error contains %q:\n%s", secret, out)
			}
		}
	}
}

func TestLogLines(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	ts := newTestServer(t)
	reset := time.Now().Add(time.Minute)
	ts.handle("GET /v1/tags/{id}", sequence(
		reply(t, 503, `{"error":"Service Unavailable"}`),
		func(w http.ResponseWriter, r *http.Request) {
			rateHeaders(w, 120, 41, reset)
			w.Write([]byte(tagJSON))
		},
	))
	ts.handle("GET /v1/ping", sequence(tooMany, reply(t, 200, `{"ping":"pong"}`)))
	ts.handle("POST /v1/tags", reply(t, 500, `{"error":"Internal Server Error"}`))
	c := ts.clientAuth(t, WithBasicAuth("my-api-id", "s3cr3t-api-token"), WithLogger(logger))
	ctx := context.Background()
	if err := getTag(ctx, c); err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.do(ctx, http.MethodGet, "/v1/ping", url.Values{"token": {"s3cr3t-query"}}, nil); err != nil {
		t.Fatal(err)
	}
	if err := postTag(ctx, c); !errors.Is(err, ErrOutcomeUnknown) {
		t.Fatalf("err = %v, want ErrOutcomeUnknown", err)
	}

	type line map[string]any
	var lines []line
	for _, raw := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		var l line
		if err := json.Unmarshal([]byte(raw), &l); err != nil {
			t.Fatalf("log line %q: %v", raw, err)
		}
		lines = append(lines, l)
	}
	count := func(level, msg string, match func(line) bool) int {
		n := 0
		for _, l := range lines {
			if l["level"] == level && l["msg"] == msg && match(l) {
				n++
			}
		}
		return n
	}
	any := func(line) bool { return true }
	// One debug line per attempt: 2 GET tag, 2 pings, 1 POST.
	if n := count("DEBUG", "aircall: request", func(l line) bool {
		for _, k := range []string{"method", "path", "attempt", "status", "duration", "pacer_wait"} {
			if _, ok := l[k]; !ok {
				return false
			}
		}
		return true
	}); n != 5 {
		t.Errorf("%d complete attempt lines, want 5:\n%s", n, buf.String())
	}
	if n := count("DEBUG", "aircall: request", func(l line) bool {
		return l["path"] == "/v1/tags/1" && l["status"] == 200.0 && l["attempt"] == 2.0 && l["remaining"] == 41.0
	}); n != 1 {
		t.Errorf("no attempt line with status 200, attempt 2 and remaining 41:\n%s", buf.String())
	}
	if n := count("WARN", "aircall: retrying request", func(l line) bool { return l["status"] == 503.0 }); n != 1 {
		t.Errorf("%d retry warnings for the 503, want 1", n)
	}
	if n := count("WARN", "aircall: rate limited", any); n != 1 {
		t.Errorf("%d 429 warnings, want 1", n)
	}
	if n := count("WARN", "aircall: outcome unknown", func(l line) bool { return l["method"] == "POST" }); n != 1 {
		t.Errorf("%d outcome-unknown warnings for the POST, want 1", n)
	}
	basic := base64.StdEncoding.EncodeToString([]byte("my-api-id:s3cr3t-api-token"))
	for _, bad := range []string{"s3cr3t", basic, "Authorization", "performing request", "giving up", "[DEBUG]", `"timeout"`} {
		if strings.Contains(buf.String(), bad) {
			t.Errorf("the log holds %q:\n%s", bad, buf.String())
		}
	}
}

// WithBaseURL never echoes a URL it cannot parse: its userinfo may be a
// credential (issue 9, finding 5).
func TestWithBaseURLUnparsableHidesUserinfo(t *testing.T) {
	t.Parallel()
	for _, raw := range []string{"https://my-id:s3cr3tT0ken@api.aircall.io:bad", "my-id:s3cr3tT0ken@api.aircall.io"} {
		_, err := NewClient(WithBasicAuth("a", "b"), WithBaseURL(raw))
		if err == nil {
			t.Fatalf("WithBaseURL(%q): no error", raw)
		}
		if strings.Contains(err.Error(), "s3cr3tT0ken") {
			t.Errorf("WithBaseURL error leaks the credential: %v", err)
		}
	}
}
