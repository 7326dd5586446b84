package aircall

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"golang.org/x/oauth2"
)

const (
	testClientSecret = "s3cr3t-Cl1ent+Secret/value"
	testCode         = "tmp-auth-code-7f3a9c"
)

// oauthConfig is a complete config whose token endpoint is ts.
func oauthConfig(ts *testServer) *OAuthConfig {
	return &OAuthConfig{
		ClientID:     "my-client-id",
		ClientSecret: testClientSecret,
		RedirectURL:  "https://app.example.com/aircall/callback",
		TokenURL:     ts.URL + "/v1/oauth/token",
	}
}

// exchangeWith asks a test server of its own, whose token endpoint answers
// with h, for a token, and returns the server with what Exchange returned.
func exchangeWith(t *testing.T, ctx context.Context, h http.HandlerFunc) (*testServer, *oauth2.Token, error) {
	t.Helper()
	ts := newTestServer(t)
	ts.handle("POST /v1/oauth/token", h)
	tok, err := oauthConfig(ts).Exchange(ctx, testCode)
	return ts, tok, err
}

func TestOAuthAuthCodeURL(t *testing.T) {
	t.Parallel()
	cfg := &OAuthConfig{ClientID: "my-client-id", RedirectURL: "https://app.example.com/aircall/callback?tenant=7"}
	raw, err := cfg.AuthCodeURL("st-123")
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	if got := u.Scheme + "://" + u.Host + u.Path; got != "https://dashboard.aircall.io/oauth/authorize" {
		t.Errorf("endpoint = %q", got)
	}
	want := url.Values{
		"client_id":     {"my-client-id"},
		"redirect_uri":  {"https://app.example.com/aircall/callback?tenant=7"},
		"response_type": {"code"},
		"scope":         {"public_api"},
		"state":         {"st-123"},
	}
	checkDiff(t, "query", want, u.Query())
}

func TestOAuthAuthCodeURLCustomEndpoint(t *testing.T) {
	t.Parallel()
	cfg := &OAuthConfig{ClientID: "id", RedirectURL: "http://localhost:8080/cb", AuthURL: "http://127.0.0.1:9999/oauth/authorize?locale=fr"}
	raw, err := cfg.AuthCodeURL("s")
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(raw)
	if u.Host != "127.0.0.1:9999" || u.Query().Get("locale") != "fr" || u.Query().Get("redirect_uri") != "http://localhost:8080/cb" {
		t.Errorf("url = %s", raw)
	}
}

func TestOAuthAuthCodeURLValidation(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		cfg   *OAuthConfig
		state string
		field string
	}{
		{"nil config", nil, "s", ""},
		{"no client_id", &OAuthConfig{RedirectURL: "https://a.example/cb"}, "s", "client_id"},
		{"no redirect_uri", &OAuthConfig{ClientID: "id"}, "s", "redirect_uri"},
		{"relative redirect_uri", &OAuthConfig{ClientID: "id", RedirectURL: "/cb"}, "s", "redirect_uri"},
		{"http redirect_uri off loopback", &OAuthConfig{ClientID: "id", RedirectURL: "http://app.example.com/cb"}, "s", "redirect_uri"},
		{"no state", &OAuthConfig{ClientID: "id", RedirectURL: "https://a.example/cb"}, " ", "state"},
		{"http auth URL off loopback", &OAuthConfig{ClientID: "id", RedirectURL: "https://a.example/cb", AuthURL: "http://dashboard.aircall.io/oauth/authorize"}, "s", "AuthURL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			raw, err := tt.cfg.AuthCodeURL(tt.state)
			if raw != "" {
				t.Errorf("AuthCodeURL = %q, want no URL", raw)
			}
			expectParamError(t, err, tt.field)
		})
	}
}

func TestOAuthExchange(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	ts.handle("POST /v1/oauth/token", reply(t, http.StatusOK, "oauth_token.json"))
	ts.handle("GET /v1/ping", reply(t, http.StatusOK, `{"ping":"pong"}`))

	tok, err := oauthConfig(ts).Exchange(context.Background(), testCode)
	if err != nil {
		t.Fatal(err)
	}
	wantBody := `{"client_id":"my-client-id","client_secret":"` + testClientSecret + `","code":"` + testCode +
		`","redirect_uri":"https://app.example.com/aircall/callback","grant_type":"authorization_code"}`
	r := ts.expectRequest(t, http.MethodPost, "/v1/oauth/token", "", wantBody)
	if ct := r.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q", ct)
	}
	if a := r.Header.Get("Authorization"); a != "" {
		t.Errorf("Authorization = %q, want none (the credentials go in the body)", a)
	}
	if tok.AccessToken != "2d492d492d492d492d492d492d492d" || tok.TokenType != "Bearer" {
		t.Errorf("token = %q %q", tok.AccessToken, tok.TokenType)
	}
	if !tok.Expiry.IsZero() || tok.RefreshToken != "" || !tok.Valid() {
		t.Errorf("token expiry = %v, refresh = %q, valid = %v; want a token that never expires", tok.Expiry, tok.RefreshToken, tok.Valid())
	}
	if got := tok.Extra("created_at"); got != float64(1585868617) {
		t.Errorf(`Extra("created_at") = %v (%T)`, got, got)
	}

	// The token authenticates a Client.
	if _, err := ts.clientAuth(t, WithTokenSource(oauth2.StaticTokenSource(tok))).Ping(context.Background()); err != nil {
		t.Fatal(err)
	}
	if a := ts.last(t).Header.Get("Authorization"); a != "Bearer 2d492d492d492d492d492d492d492d" {
		t.Errorf("Authorization = %q", a)
	}
}

func TestOAuthExchangeAnswers(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		body     string
		wantType string
		wantErr  string
	}{
		{"no token_type", `{"access_token":"abc","created_at":1585868617}`, "Bearer", ""},
		{"extra keys", `{"access_token":"abc","token_type":"bearer","created_at":"1585868617","scope":"public_api"}`, "bearer", ""},
		{"no access_token", `{"token_type":"Bearer"}`, "", "no access_token"},
		{"not JSON", `<html>ok</html>`, "", "decoding the token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, tok, err := exchangeWith(t, context.Background(), reply(t, http.StatusOK, tt.body))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tok.AccessToken != "abc" || tok.TokenType != tt.wantType {
				t.Errorf("token = %q %q", tok.AccessToken, tok.TokenType)
			}
		})
	}
}

// TestOAuthExchangeSingleAttempt: the code is single use, so a 5xx is not
// retried; the error says the outcome is unknown.
func TestOAuthExchangeSingleAttempt(t *testing.T) {
	t.Parallel()
	for _, status := range []int{http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusTooManyRequests} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			t.Parallel()
			ts, _, err := exchangeWith(t, context.Background(), reply(t, status, `{"error":"Internal error"}`))
			var ae *APIError
			if !errors.As(err, &ae) || ae.StatusCode != status {
				t.Fatalf("err = %v, want an APIError %d", err, status)
			}
			ts.expectRequestCount(t, 1)
			if status >= 500 && !errors.Is(err, ErrOutcomeUnknown) {
				t.Errorf("err = %v, want ErrOutcomeUnknown", err)
			}
		})
	}
}

func TestOAuthExchangeErrorsHideSecrets(t *testing.T) {
	t.Parallel()
	echo := func(status int, contentType, format string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			var in tokenRequest
			_ = json.NewDecoder(r.Body).Decode(&in)
			w.Header().Set("Content-Type", contentType)
			w.WriteHeader(status)
			fmt.Fprintf(w, format, in.ClientSecret, in.Code)
		}
	}
	tests := []struct {
		name    string
		handler http.HandlerFunc
		is      error
	}{
		{"400 JSON echo", echo(http.StatusBadRequest, "application/json",
			`{"error":"invalid_client: %s","message":"code %s is invalid","troubleshoot":"check","errors":{"code":["is invalid"]}}`), ErrValidation},
		{"401 errors string", echo(http.StatusUnauthorized, "application/json", `{"error":"Unauthorized","errors":"secret %s / code %s rejected"}`), ErrUnauthorized},
		{"502 HTML echo", echo(http.StatusBadGateway, "text/html", `<html><body>upstream said: %s %s</body></html>`), ErrOutcomeUnknown},
		{"400 JSON-escaped echo", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusBadRequest)
			b, _ := json.Marshal(map[string]string{"error": "bad secret " + testClientSecret + " and code " + testCode})
			w.Write(b)
		}, ErrValidation},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, _, err := exchangeWith(t, context.Background(), tt.handler)
			if !errors.Is(err, tt.is) {
				t.Fatalf("err = %v, want %v", err, tt.is)
			}
			assertNoSecrets(t, err)
			var ae *APIError
			if errors.As(err, &ae) && (strings.Contains(string(ae.Body), testClientSecret) || strings.Contains(string(ae.Body), testCode)) {
				t.Errorf("APIError.Body holds a secret: %s", ae.Body)
			}
		})
	}
}

func assertNoSecrets(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		t.Fatal("no error")
	}
	for _, s := range []string{testClientSecret, testCode, url.QueryEscape(testClientSecret)} {
		if strings.Contains(err.Error(), s) {
			t.Errorf("error holds %q: %v", s, err)
		}
	}
}

// TestOAuthExchangeConnectionRefused: nothing reached the server, so the
// code is not spent: the error does not match ErrOutcomeUnknown.
func TestOAuthExchangeConnectionRefused(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.NotFoundHandler())
	addr := srv.URL
	srv.Close()
	cfg := &OAuthConfig{ClientID: "id", ClientSecret: testClientSecret, RedirectURL: "https://a.example/cb", TokenURL: addr + "/v1/oauth/token"}
	_, err := cfg.Exchange(context.Background(), testCode)
	if err == nil || errors.Is(err, ErrOutcomeUnknown) {
		t.Fatalf("err = %v, want a connection error that is not ErrOutcomeUnknown", err)
	}
	assertNoSecrets(t, err)
}

// TestOAuthExchangeRedirectNotFollowed: the secret is never re-sent to
// the target of a redirect.
func TestOAuthExchangeRedirectNotFollowed(t *testing.T) {
	t.Parallel()
	redirect, expectNotFollowed := redirectAway(t, http.StatusTemporaryRedirect)
	ts := newTestServer(t)
	ts.handle("POST /v1/oauth/token", redirect)
	cfg := oauthConfig(ts)
	// A client of this test's own (httptest's Close closes http.DefaultTransport's
	// idle connections under other tests), with the default CheckRedirect, which
	// would follow a 307 with the body.
	cfg.HTTPClient = &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
	_, err := cfg.Exchange(context.Background(), testCode)
	expectNotFollowed(t, err)
}

func TestOAuthExchangeUsesHTTPClient(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	ts.handle("POST /v1/oauth/token", reply(t, http.StatusOK, "oauth_token.json"))
	// The token endpoint answers only through the HTTPClient's transport.
	mt := httpmock.NewMockTransport()
	cfg := oauthConfig(ts)
	mt.RegisterResponder(http.MethodPost, cfg.TokenURL, httpmock.NewBytesResponder(http.StatusOK, fixture(t, "oauth_token.json")))
	cfg.HTTPClient = &http.Client{Transport: mt}
	if _, err := cfg.Exchange(context.Background(), testCode); err != nil {
		t.Fatal(err)
	}
	if n := mt.GetTotalCallCount(); n != 1 {
		t.Errorf("HTTPClient transport used %d times, want 1", n)
	}
	ts.expectRequestCount(t, 0)
}

func TestOAuthExchangeValidation(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		edit  func(*OAuthConfig)
		code  string
		field string
	}{
		{"no client_id", func(c *OAuthConfig) { c.ClientID = "" }, testCode, "client_id"},
		{"no client_secret", func(c *OAuthConfig) { c.ClientSecret = " " }, testCode, "client_secret"},
		{"no redirect_uri", func(c *OAuthConfig) { c.RedirectURL = "" }, testCode, "redirect_uri"},
		{"bad redirect_uri", func(c *OAuthConfig) { c.RedirectURL = "app.example.com/cb" }, testCode, "redirect_uri"},
		{"no code", func(c *OAuthConfig) {}, "", "code"},
		{"http token URL off loopback", func(c *OAuthConfig) { c.TokenURL = "http://api.aircall.io/v1/oauth/token" }, testCode, "TokenURL"},
		{"credentials in token URL", func(c *OAuthConfig) {
			c.TokenURL = strings.Replace(c.TokenURL, "http://", "http://user:pw@", 1)
		}, testCode, "TokenURL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t)
			cfg := oauthConfig(ts)
			tt.edit(cfg)
			tok, err := cfg.Exchange(context.Background(), tt.code)
			if tok != nil {
				t.Errorf("Exchange = %v, want no token", tok)
			}
			expectParamError(t, err, tt.field)
			assertNoSecrets(t, err)
			ts.expectNoRequests(t)
		})
	}
}

func TestOAuthConfigStringHidesSecret(t *testing.T) {
	t.Parallel()
	cfg := OAuthConfig{ClientID: "id", ClientSecret: testClientSecret, RedirectURL: "https://a.example/cb"}
	for _, s := range []string{fmt.Sprint(cfg), fmt.Sprintf("%+v", cfg), fmt.Sprintf("%#v", cfg), fmt.Sprintf("%v", &cfg)} {
		if strings.Contains(s, testClientSecret) || !strings.Contains(s, `"id"`) {
			t.Errorf("formatted config = %s", s)
		}
	}
}

func TestNewOAuthState(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for range 1000 {
		s := NewOAuthState()
		b, err := base64.RawURLEncoding.DecodeString(s)
		if err != nil || len(b) < 16 {
			t.Fatalf("state %q: %d bytes, %v; want base64url of at least 128 bits", s, len(b), err)
		}
		if seen[s] {
			t.Fatalf("state %q repeated", s)
		}
		seen[s] = true
	}
}

func TestOAuthExchangeOutcome(t *testing.T) {
	t.Parallel()
	token := string(fixture(t, "oauth_token.json"))
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name     string
		handler  http.HandlerFunc
		ctx      func() (context.Context, context.CancelFunc)
		requests int64
		unknown  bool  // matches ErrOutcomeUnknown
		ctxErr   error // also matches this context error
	}{
		{"ctx deadline passes after the request was written", stall,
			func() (context.Context, context.CancelFunc) {
				return context.WithTimeout(context.Background(), 300*time.Millisecond)
			}, 1, true, context.DeadlineExceeded},
		{"body cut mid-way", cutBody(200, token, false),
			func() (context.Context, context.CancelFunc) { return context.Background(), func() {} }, 1, true, nil},
		{"ctx ended before sending", reply(t, 200, token),
			func() (context.Context, context.CancelFunc) { return cancelled, func() {} }, 0, false, context.Canceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := tt.ctx()
			defer cancel()
			ts, tok, err := exchangeWith(t, ctx, tt.handler)
			if tok != nil || err == nil {
				t.Fatalf("Exchange = %v, %v; want an error", tok, err)
			}
			if got := errors.Is(err, ErrOutcomeUnknown); got != tt.unknown {
				t.Errorf("errors.Is(%v, ErrOutcomeUnknown) = %v, want %v", err, got, tt.unknown)
			}
			if tt.ctxErr != nil && !errors.Is(err, tt.ctxErr) {
				t.Errorf("err = %v, want it to match %v", err, tt.ctxErr)
			}
			ts.expectRequestCount(t, tt.requests)
			assertNoSecrets(t, err)
		})
	}
}

// failingSource is a TokenSource that cannot give a token (its token
// endpoint is down).
type failingSource struct{}

func (failingSource) Token() (*oauth2.Token, error) {
	return nil, errors.New("token endpoint unreachable")
}

// A POST whose token could not be obtained never left the process: it is
// not "outcome unknown", and the server saw nothing.
func TestTokenSourceFailureIsNotOutcomeUnknown(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	ts.handle("POST /v1/contacts", reply(t, http.StatusCreated, `{"contact":{"id":1}}`))
	c := ts.clientAuth(t, WithTokenSource(failingSource{}), WithRetryPolicy(RetryPolicy{}))
	_, err := c.Do(context.Background(), http.MethodPost, "/v1/contacts", nil, map[string]string{"first_name": "A"}, nil)
	if err == nil {
		t.Fatal("no error")
	}
	if errors.Is(err, ErrOutcomeUnknown) {
		t.Errorf("err = %v: matches ErrOutcomeUnknown, but the request was never sent", err)
	}
	ts.expectRequestCount(t, 0)
}
