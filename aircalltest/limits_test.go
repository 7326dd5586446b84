package aircalltest

import (
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	aircall "github.com/seed1279ea27/aircall-go"
)

func TestRateLimitHeadersAnd429(t *testing.T) {
	t.Parallel()
	clock := newFakeClock(time.Date(2024, 3, 1, 10, 0, 30, 0, time.UTC))
	s := newServer(t, WithRateLimit(3, time.Minute), WithClock(clock.Now))
	reset := strconv.FormatInt(time.Date(2024, 3, 1, 10, 1, 0, 0, time.UTC).Unix(), 10)

	type hdr struct{ Status, Limit, Remaining, Reset string }
	get := func() hdr {
		status, _, h := raw(t, s, "GET", "/v1/ping", "", "")
		return hdr{strconv.Itoa(status), h.Get("X-AircallApi-Limit"), h.Get("X-AircallApi-Remaining"), h.Get("X-AircallApi-Reset")}
	}
	var got []hdr
	for range 4 {
		got = append(got, get())
	}
	want := []hdr{{"200", "3", "2", reset}, {"200", "3", "1", reset}, {"200", "3", "0", reset}, {"429", "3", "0", reset}}
	wantEqual(t, "headers", want, got)
	status, body, _ := raw(t, s, "GET", "/v1/users", "", "")
	if status != http.StatusTooManyRequests {
		t.Fatalf("status %d, want 429", status)
	}
	var eb struct{ Error, Troubleshoot string }
	mustJSON(t, body, &eb)
	if eb.Error != "Too Many Requests" || eb.Troubleshoot == "" {
		t.Errorf("429 body = %s", body)
	}
	clock.Advance(30 * time.Second) // the next window
	next := strconv.FormatInt(time.Date(2024, 3, 1, 10, 2, 0, 0, time.UTC).Unix(), 10)
	wantEqual(t, "next window", hdr{"200", "3", "2", next}, get())
	if st := s.Stats(); st.RateLimited != 2 {
		t.Errorf("RateLimited = %d, want 2", st.RateLimited)
	}
	// The gateway's refusals (unknown route, no or wrong credentials)
	// carry no rate headers and do not spend the budget.
	for _, req := range []struct{ path, auth string }{{"/v1/ping", "none"}, {"/v1/ping", "Basic bm9wZTpub3Bl"}, {"/v1/nothing", ""}} {
		_, _, h := raw(t, s, "GET", req.path, "", req.auth)
		if h.Get("X-AircallApi-Limit") != "" || h.Get("X-AircallApi-Remaining") != "" || h.Get("X-AircallApi-Reset") != "" {
			t.Errorf("%s %q: rate headers on a gateway refusal: %v", req.path, req.auth, h)
		}
	}
	wantEqual(t, "after refusals", hdr{"200", "3", "1", next}, get())
}

func TestRateLimitResetMillis(t *testing.T) {
	t.Parallel()
	clock := newFakeClock(time.Date(2024, 3, 1, 10, 0, 0, 100e6, time.UTC))
	s := newServer(t, WithRateLimit(5, 250*time.Millisecond), WithResetMillis(), WithClock(clock.Now))
	_, _, h := raw(t, s, "GET", "/v1/ping", "", "")
	want := strconv.FormatInt(time.Date(2024, 3, 1, 10, 0, 0, 250e6, time.UTC).UnixMilli(), 10)
	if got := h.Get("X-AircallApi-Reset"); got != want {
		t.Errorf("Reset = %s, want %s (milliseconds)", got, want)
	}
}

func TestSDKMeetsTheRateLimit(t *testing.T) {
	t.Parallel()
	s := newServer(t, WithRateLimit(2, time.Minute))
	ctx := ctxT(t)
	// Another client of the company spends the budget...
	other := client(t, s, aircall.WithPacer(aircall.NewPacer(0, time.Minute)))
	for range 2 {
		if _, err := other.Ping(ctx); err != nil {
			t.Fatal(err)
		}
	}
	// ...so a client that does not know it, without retries, meets the 429.
	c := client(t, s, aircall.WithPacer(aircall.NewPacer(0, time.Minute)), aircall.WithRetryPolicy(aircall.RetryPolicy{}))
	_, err := c.Ping(ctx)
	var rl *aircall.RateLimitError
	if !errors.As(err, &rl) || !errors.Is(err, aircall.ErrRateLimited) {
		t.Fatalf("third ping: %v, want a RateLimitError", err)
	}
	if rl.Rate.Limit != 2 || rl.Rate.Remaining != 0 || rl.Rate.Reset.IsZero() {
		t.Errorf("rate = %+v", rl.Rate)
	}
}

func TestClientPacesAtTheServerBudget(t *testing.T) {
	t.Parallel()
	_, c, ctx := start(t, WithRateLimit(4, 100*time.Millisecond), WithResetMillis())
	for i := range 10 {
		if _, err := c.Ping(ctx); err != nil {
			t.Fatalf("ping %d: %v", i, err)
		}
	}
	if r := c.Rate(); r.Limit != 4 {
		t.Errorf("client rate = %+v, want the server's limit", r)
	}
}

func TestAuth(t *testing.T) {
	t.Parallel()
	s := newServer(t, WithCredentials("my-id", "my-token"))
	token := s.NewBearerToken()
	basic := func(id, tok string) string {
		return "Basic " + base64.StdEncoding.EncodeToString([]byte(id+":"+tok))
	}
	// Refusals come from the gateway, before the application: {"message"}.
	forbidden := `{"message":"Forbidden"}`
	for _, tc := range []struct {
		name, auth string
		status     int
		body       string
	}{
		{"basic", basic("my-id", "my-token"), 200, `{"ping":"pong"}`},
		{"bearer", "Bearer " + token, 200, `{"ping":"pong"}`},
		{"no credentials", "none", 401, `{"message":"Unauthorized"}`},
		{"wrong token", basic("my-id", "other"), 403, forbidden},
		{"wrong id", basic("other", "my-token"), 403, forbidden},
		{"unknown bearer", "Bearer nope", 403, forbidden},
		{"empty bearer", "Bearer ", 403, forbidden},
		{"other scheme", "Token my-token", 403, forbidden},
	} {
		status, body, _ := raw(t, s, "GET", "/v1/ping", "", tc.auth)
		if status != tc.status {
			t.Errorf("%s: status %d, want %d", tc.name, status, tc.status)
			continue
		}
		jsonEq(t, body, tc.body)
	}
	if s.APIID() != "my-id" || s.APIToken() != "my-token" {
		t.Error("credentials not kept")
	}
	s.RevokeBearerToken(token)
	if status, _, _ := raw(t, s, "GET", "/v1/ping", "", "Bearer "+token); status != 403 {
		t.Errorf("revoked token: status %d", status)
	}
	// Integrations refuse Basic auth like the real API.
	for _, ep := range []struct{ method, path string }{{"GET", "/v1/integrations/me"}, {"POST", "/v1/integrations/enable"}, {"POST", "/v1/integrations/disable"}} {
		status, body, _ := raw(t, s, ep.method, ep.path, "", basic("my-id", "my-token"))
		if status != 403 {
			t.Errorf("%s %s with Basic: status %d, want 403", ep.method, ep.path, status)
			continue
		}
		jsonEq(t, body, `{"error":"Forbidden","troubleshoot":"Cannot be used with API KEY (Oauth only)"}`)
	}
	// The SDK reports wrong credentials as ErrUnauthorized.
	bad, err := aircall.NewClient(aircall.WithBaseURL(s.URL()), aircall.WithBasicAuth("my-id", "wrong"))
	must(t, err)
	if _, err := bad.Ping(ctxT(t)); !errors.Is(err, aircall.ErrUnauthorized) {
		t.Errorf("Ping with a wrong token: %v, want ErrUnauthorized", err)
	}
	if got := s.Stats().Unauthorized; got < 7 {
		t.Errorf("Unauthorized = %d", got)
	}
}

func TestOAuthTokenErrors(t *testing.T) {
	t.Parallel()
	s := newServer(t, WithOAuthClient("cid", "csecret"))
	code := s.NewOAuthCode("https://app.example.com/callback")
	body := func(id, secret, code, redirect, grant string) string {
		return fmt.Sprintf(`{"client_id":%q,"client_secret":%q,"code":%q,"redirect_uri":%q,"grant_type":%q}`, id, secret, code, redirect, grant)
	}
	for _, tc := range []struct {
		name, body string
		status     int
		errCode    string
	}{
		{"missing field", `{"client_id":"cid"}`, 400, "invalid_request"},
		{"grant type", body("cid", "csecret", code, "https://app.example.com/callback", "password"), 400, "unsupported_grant_type"},
		{"wrong secret", body("cid", "nope", code, "https://app.example.com/callback", "authorization_code"), 401, "invalid_client"},
		{"unknown code", body("cid", "csecret", "nope", "https://app.example.com/callback", "authorization_code"), 400, "invalid_grant"},
		{"other redirect", body("cid", "csecret", code, "https://evil.example.com/", "authorization_code"), 400, "invalid_grant"},
		{"valid", body("cid", "csecret", code, "https://app.example.com/callback", "authorization_code"), 200, ""},
		{"replayed", body("cid", "csecret", code, "https://app.example.com/callback", "authorization_code"), 400, "invalid_grant"},
	} {
		status, got, _ := raw(t, s, "POST", "/v1/oauth/token", tc.body, "none")
		if status != tc.status {
			t.Errorf("%s: status %d, want %d: %s", tc.name, status, tc.status, got)
			continue
		}
		var m map[string]any
		mustJSON(t, got, &m)
		if tc.errCode != "" && m["error"] != tc.errCode {
			t.Errorf("%s: error %v, want %s", tc.name, m["error"], tc.errCode)
		}
		if tc.status == 200 {
			if m["token_type"] != "Bearer" || m["access_token"] == "" || m["created_at"] == nil {
				t.Errorf("token answer = %v", m)
			}
			if st, _, _ := raw(t, s, "GET", "/v1/ping", "", "Bearer "+m["access_token"].(string)); st != 200 {
				t.Errorf("new token refused: %d", st)
			}
		}
	}
}

func TestFaults(t *testing.T) {
	t.Parallel()
	ctx := ctxT(t)

	t.Run("5xx on GET is retried", func(t *testing.T) {
		t.Parallel()
		s := newServer(t, WithDemoData(), WithFault(Fault{Method: "GET", Path: "/v2/users/:id", Status: 503, Times: 2}))
		u, _, err := client(t, s).Users.Get(ctx, DemoUserJohn)
		if err != nil || u.ID != DemoUserJohn {
			t.Fatalf("Get = %v, %v", u, err)
		}
		if rs := s.Stats().Routes["GET /v2/users/:id"]; rs.Requests != 3 || rs.Successes != 1 {
			t.Errorf("route stats = %+v, want 2 faults then a success", rs)
		}
	})
	t.Run("5xx on POST is not retried", func(t *testing.T) {
		t.Parallel()
		s := newServer(t, WithFault(Fault{Method: "POST", Path: "/v1/contacts", Status: 500, Times: 1}))
		_, _, err := client(t, s).Contacts.Create(ctx, &aircall.ContactCreateParams{PhoneNumbers: []aircall.ContactDetailParams{{Label: "Work", Value: "+33612345678"}}})
		if !errors.Is(err, aircall.ErrOutcomeUnknown) {
			t.Errorf("Create under a 500: %v, want ErrOutcomeUnknown", err)
		}
		if n := s.Stats().Routes["POST /v1/contacts"].Requests; n != 1 {
			t.Errorf("%d requests, want 1 (no retry)", n)
		}
	})
	t.Run("dropped connection on GET is retried", func(t *testing.T) {
		t.Parallel()
		s := newServer(t, WithFault(Fault{Path: "/v1/ping", Drop: true, Times: 1}))
		if _, err := client(t, s).Ping(ctx); err != nil {
			t.Errorf("Ping after a drop: %v", err)
		}
	})
	t.Run("delay", func(t *testing.T) {
		t.Parallel()
		s := newServer(t)
		must(t, s.InjectFault(Fault{Method: "GET", Path: "/v1/company", Delay: 30 * time.Millisecond}))
		start := time.Now()
		if _, _, err := client(t, s).Company.Get(ctx); err != nil {
			t.Fatal(err)
		}
		if time.Since(start) < 30*time.Millisecond {
			t.Error("the delay was not applied")
		}
		s.ClearFaults()
	})
	t.Run("invalid faults", func(t *testing.T) {
		t.Parallel()
		for _, f := range []Fault{{}, {Status: 200}, {Status: 500, Times: -1}, {Status: 500, Path: "/v1/[calls"}} {
			if _, err := New(WithFault(f)); err == nil {
				t.Errorf("WithFault(%+v) accepted", f)
			}
		}
	})
}

// TestInvalidOptions: New refuses each invalid option; the numeric ones
// (keyed by their error) name the option and the value, and accept their
// boundary.
func TestInvalidOptions(t *testing.T) {
	t.Parallel()
	for name, o := range map[string]Option{
		"aircalltest: WithRateLimit: 0 per 1m0s is not a positive budget": WithRateLimit(0, time.Minute),
		"aircalltest: WithRateLimit: 10 per 0s is not a positive budget":  WithRateLimit(10, 0),
		"aircalltest: WithListCap: 0 is not positive":                     WithListCap(0),
		"aircalltest: WithClock: nil clock":                               WithClock(nil),
		"aircalltest: WithCredentials: empty api_id or api_token":         WithCredentials("", "x"),
		"aircalltest: WithOAuthClient: empty client_id or client_secret":  WithOAuthClient("x", ""),
		"generated": WithGeneratedCalls(10, time.Unix(10, 0), time.Unix(5, 0)),
		"aircalltest: WithWebhookFailureLimit: -2 is not positive": WithWebhookFailureLimit(-2),
		"aircalltest: WithWebhookTimeout: 0s is not positive":      WithWebhookTimeout(0),
		"aircalltest: WithAIDelay: -1s is negative":                WithAIDelay(-time.Second),
		"aircalltest: WithExportPolls: -1 is negative":             WithExportPolls(-1),
		"aircalltest: WithExportFailure: empty message":            WithExportFailure(""),
		"public addr": WithAddr("0.0.0.0:0"),
		"bad addr":    WithAddr("nope"),
		"aircalltest: WithListener: nil listener": WithListener(nil),
	} {
		_, err := New(o)
		if err == nil || (strings.HasPrefix(name, "aircalltest: ") && err.Error() != name) {
			t.Errorf("%s: New answered %v", name, err)
		}
	}
	c := defaultConfig()
	for _, o := range []Option{WithListCap(1), WithWebhookFailureLimit(1), WithWebhookTimeout(time.Nanosecond), WithAIDelay(0), WithExportPolls(0)} {
		if err := o(&c); err != nil {
			t.Errorf("a boundary value refused: %v", err)
		}
	}
	got := []any{c.listCap, c.hookFailLimit, c.hookTimeout, c.aiDelay, c.exportPolls}
	if d := cmp.Diff([]any{1, 1, time.Nanosecond, time.Duration(0), 0}, got); d != "" {
		t.Errorf("the boundary values set (-want +got):\n%s", d)
	}
}
