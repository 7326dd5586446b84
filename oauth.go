package aircall

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"golang.org/x/oauth2"
)

// Aircall's OAuth endpoints.
const (
	// DefaultAuthURL is the Dashboard page where an admin authorizes an app.
	DefaultAuthURL = "https://dashboard.aircall.io/oauth/authorize"
	// DefaultTokenURL is the API endpoint that turns a code into a token.
	DefaultTokenURL = DefaultBaseURL + "/v1/oauth/token"
)

// OAuthConfig runs the install flow of a marketplace app:
//
//  1. Aircall opens the app's install_uri; the app stores a state from
//     NewOAuthState (in the session) and redirects the admin to
//     AuthCodeURL(state).
//  2. The admin authorizes; Aircall loads RedirectURL with code and state.
//  3. The app checks state and calls Exchange(ctx, code) for an access
//     token, which it stores: Aircall tokens do not expire.
//  4. The app calls the API with NewClient(WithBearerToken(tok.AccessToken))
//     or WithTokenSource(oauth2.StaticTokenSource(tok)).
//
// String and GoString hide ClientSecret, so a config can be logged.
type OAuthConfig struct {
	ClientID     string // from Aircall, mandatory
	ClientSecret string // from Aircall, mandatory for Exchange
	// RedirectURL is the app's redirect_uri, as registered with Aircall:
	// an https URL (plain http is accepted on loopback hosts only).
	RedirectURL string
	// AuthURL defaults to DefaultAuthURL.
	AuthURL string
	// TokenURL defaults to DefaultTokenURL. It must be https, except on
	// loopback hosts (tests, package aircalltest).
	TokenURL string
	// HTTPClient sends the Exchange request; nil means a client with a
	// 30-second timeout. Redirects are never followed, whatever the
	// client's CheckRedirect, so the secret cannot be sent elsewhere.
	HTTPClient *http.Client
}

// String describes c without its ClientSecret.
func (c OAuthConfig) String() string {
	return fmt.Sprintf("aircall.OAuthConfig{ClientID:%q ClientSecret:[redacted] RedirectURL:%q}", c.ClientID, c.RedirectURL)
}

// GoString is String, so that %#v hides the ClientSecret too.
func (c OAuthConfig) GoString() string { return c.String() }

// NewOAuthState returns an unguessable state for AuthCodeURL: 256 random
// bits from crypto/rand, base64url-encoded without padding (43
// characters). Keep it in the admin's session and compare it with the state
// Aircall sends back to RedirectURL, to refuse forged callbacks (CSRF).
func NewOAuthState() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (it aborts the program instead)
	return base64.RawURLEncoding.EncodeToString(b)
}

// AuthCodeURL returns the Dashboard URL to send the admin to, with
// client_id, redirect_uri, response_type=code, scope=public_api and state.
// The state is mandatory here (the API makes it optional): use
// NewOAuthState.
func (c *OAuthConfig) AuthCodeURL(state string) (string, error) {
	const op = "OAuthConfig.AuthCodeURL"
	if c == nil {
		return "", paramErr(op, "", "nil config")
	}
	if err := c.check(op, false); err != nil {
		return "", err
	}
	if blank(state) {
		return "", paramErr(op, "state", "is mandatory: make one with NewOAuthState and check it in the callback")
	}
	u, err := c.endpoint(op, "AuthURL", c.AuthURL, DefaultAuthURL)
	if err != nil {
		return "", err
	}
	q := u.Query()
	q.Set("client_id", c.ClientID)
	q.Set("redirect_uri", c.RedirectURL)
	q.Set("response_type", "code")
	q.Set("scope", "public_api")
	q.Set("state", state)
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// tokenRequest is the body of POST /v1/oauth/token.
type tokenRequest struct {
	ClientID     string `json:"client_id"`
	ClientSecret string `json:"client_secret"`
	Code         string `json:"code"`
	RedirectURI  string `json:"redirect_uri"`
	GrantType    string `json:"grant_type"`
}

// Exchange turns the code Aircall sent to RedirectURL into an access token
// with POST /v1/oauth/token. The token has no expiry (Aircall tokens do
// not expire); Extra("created_at") holds its creation time in Unix seconds
// (a float64, as encoding/json decodes numbers).
//
// A code is valid once, for 10 minutes, so Exchange sends exactly one
// request and never retries: not on a 5xx, not on a dropped connection,
// not even when the connection could not be made. When the request was
// never sent (the connection could not be made, ctx ended first) the code
// was not spent and the error does not match ErrOutcomeUnknown, so the
// caller may call Exchange again. After a 5xx, a connection lost or a body
// cut mid-way, or ctx ending once the request was written, it matches
// ErrOutcomeUnknown (and ctx.Err() in the last case): the flow should
// restart at AuthCodeURL.
//
// A non-2xx answer is an *APIError. No error holds the client secret or
// the code, even if the server echoes them.
func (c *OAuthConfig) Exchange(ctx context.Context, code string) (*oauth2.Token, error) {
	const op = "OAuthConfig.Exchange"
	switch {
	case ctx == nil:
		return nil, errors.New("aircall: nil context")
	case c == nil:
		return nil, paramErr(op, "", "nil config")
	}
	if err := c.check(op, true); err != nil {
		return nil, err
	}
	if blank(code) {
		return nil, paramErr(op, "code", "is mandatory")
	}
	u, err := c.endpoint(op, "TokenURL", c.TokenURL, DefaultTokenURL)
	if err != nil {
		return nil, err
	}
	if u.User != nil {
		return nil, paramErr(op, "TokenURL", "must not hold credentials")
	}
	body, err := json.Marshal(tokenRequest{c.ClientID, c.ClientSecret, code, c.RedirectURL, "authorization_code"})
	if err != nil {
		return nil, fmt.Errorf("aircall: %s: encoding body: %w", op, err)
	}
	shown := u.Redacted()
	hc := &http.Client{Timeout: 30 * time.Second}
	if c.HTTPClient != nil {
		*hc = *c.HTTPClient
	}
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	ex := roundTrip(ctx, hc, func(ctx context.Context) (*http.Request, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, u.String(), bytes.NewReader(body))
		if err != nil {
			return nil, err
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "application/json")
		req.Header.Set("User-Agent", defaultUserAgent)
		return req, nil
	}, maxErrorBytes, false, 0)
	if ex.err != nil {
		err := ex.err
		if ctxErr := ctx.Err(); ctxErr != nil {
			err = ctxErr
		}
		if ex.sent {
			return nil, fmt.Errorf("aircall: %s: POST %s: %w: %w", op, shown, ErrOutcomeUnknown, err)
		}
		return nil, fmt.Errorf("aircall: %s: POST %s: %w", op, shown, err)
	}
	if ex.resp.StatusCode < 200 || ex.resp.StatusCode > 299 {
		return nil, newAPIError(ex.resp, http.MethodPost, shown, redact(ex.data, c.ClientSecret, code))
	}
	data := ex.data
	var raw map[string]any
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("aircall: %s: POST %s: decoding the token: %w", op, shown, err)
	}
	access, _ := raw["access_token"].(string)
	if access == "" {
		return nil, fmt.Errorf("aircall: %s: POST %s: answer has no access_token", op, shown)
	}
	tokenType, _ := raw["token_type"].(string)
	if tokenType == "" {
		tokenType = "Bearer"
	}
	tok := &oauth2.Token{AccessToken: access, TokenType: tokenType}
	return tok.WithExtra(raw), nil
}

// check validates the fields every step needs; withSecret adds
// ClientSecret.
func (c *OAuthConfig) check(op string, withSecret bool) error {
	switch {
	case blank(c.ClientID):
		return paramErr(op, "client_id", "is mandatory")
	case withSecret && blank(c.ClientSecret):
		return paramErr(op, "client_secret", "is mandatory")
	case blank(c.RedirectURL):
		return paramErr(op, "redirect_uri", "is mandatory")
	}
	if err := checkHTTPS(c.RedirectURL); err != nil {
		return paramErr(op, "redirect_uri", "%v", err)
	}
	return nil
}

// endpoint parses raw (or def when raw is empty) and checks that it is
// https, or http on loopback.
func (c *OAuthConfig) endpoint(op, field, raw, def string) (*url.URL, error) {
	if raw == "" {
		raw = def
	}
	if err := checkHTTPS(raw); err != nil {
		return nil, paramErr(op, field, "%v", err)
	}
	return url.Parse(raw)
}

// redact replaces every occurrence of the secrets in b, raw or
// JSON-escaped or URL-encoded, with [redacted].
func redact(b []byte, secrets ...string) []byte {
	for _, s := range secrets {
		if s == "" {
			continue
		}
		quoted, _ := json.Marshal(s)
		forms := []string{s, string(quoted[1 : len(quoted)-1]), url.QueryEscape(s), url.PathEscape(s)}
		for _, f := range forms {
			b = bytes.ReplaceAll(b, []byte(f), []byte("[redacted]"))
		}
	}
	return b
}
