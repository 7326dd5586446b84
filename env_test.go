package aircall

import (
	"context"
	"encoding/base64"
	"net/http"
	"strings"
	"testing"
)

// setAircallEnv sets the four variables WithEnv reads ("" unsets in effect).
func setAircallEnv(t *testing.T, id, token, access, base string) {
	t.Setenv(EnvAPIID, id)
	t.Setenv(EnvAPIToken, token)
	t.Setenv(EnvAccessToken, access)
	t.Setenv(EnvBaseURL, base)
}

func TestWithEnvAuthenticates(t *testing.T) {
	for _, tc := range []struct {
		name, id, token, access, wantAuth string
	}{
		{"api key", "4f8c1a2b", "s3cr3t-token", "", "Basic " + base64.StdEncoding.EncodeToString([]byte("4f8c1a2b:s3cr3t-token"))},
		{"api key with spaces around", " 4f8c1a2b ", "s3cr3t-token\n", "", "Basic " + base64.StdEncoding.EncodeToString([]byte("4f8c1a2b:s3cr3t-token"))},
		{"access token", "", "", "oauth-access-token", "Bearer oauth-access-token"},
		{"access token, api key vars blank", " ", "", "oauth-access-token", "Bearer oauth-access-token"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ts := newTestServer(t)
			ts.handle("GET /v1/ping", reply(t, http.StatusOK, `{"ping":"pong"}`))
			setAircallEnv(t, tc.id, tc.token, tc.access, ts.URL)
			c, err := NewClient(WithEnv(), WithPacer(NewPacer(0, 0)))
			if err != nil {
				t.Fatal(err)
			}
			if c.BaseURL() != ts.URL {
				t.Errorf("BaseURL = %q, want %q from %s", c.BaseURL(), ts.URL, EnvBaseURL)
			}
			if _, err := c.Ping(context.Background()); err != nil {
				t.Fatal(err)
			}
			if got := ts.last(t).Header.Get("Authorization"); got != tc.wantAuth {
				t.Errorf("Authorization = %q, want %q", got, tc.wantAuth)
			}
		})
	}
}

func TestWithEnvDefaultBaseURL(t *testing.T) {
	setAircallEnv(t, "id-1234", "token-1234", "", "")
	c, err := NewClient(WithEnv())
	if err != nil {
		t.Fatal(err)
	}
	if c.BaseURL() != DefaultBaseURL {
		t.Errorf("BaseURL = %q, want %q", c.BaseURL(), DefaultBaseURL)
	}
}

func TestWithEnvFailsClearly(t *testing.T) {
	const id, token, access = "id-7e1f9a", "token-c0ffee", "access-b4d5e6"
	for _, tc := range []struct {
		name                    string
		id, token, access, base string
		mention                 []string // in the error
	}{
		{"nothing set", "", "", "", "", []string{EnvAPIID, EnvAPIToken, EnvAccessToken}},
		{"only spaces", "  ", "\t", " ", "", []string{EnvAPIID, EnvAPIToken, EnvAccessToken}},
		{"id without token", id, "", "", "", []string{EnvAPIToken}},
		{"token without id", "", token, "", "", []string{EnvAPIID}},
		{"api key and access token", id, token, access, "", []string{EnvAccessToken, EnvAPIID}},
		{"base URL with credentials", id, token, "", "https://" + id + ":" + token + "@api.aircall.io", []string{EnvBaseURL}},
		{"base URL that does not parse", id, token, "", "https://" + token + "@api.aircall.io:bad", []string{EnvBaseURL}},
		{"plain http base URL", id, token, "", "http://api.aircall.io", []string{EnvBaseURL, "https"}},
		{"another auth option too", id, token, "", "", []string{"more than one auth option"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			setAircallEnv(t, tc.id, tc.token, tc.access, tc.base)
			opts := []Option{WithEnv()}
			if tc.name == "another auth option too" {
				opts = append(opts, WithBearerToken(access))
			}
			c, err := NewClient(opts...)
			if err == nil || c != nil {
				t.Fatalf("NewClient = %v, %v; want an error", c, err)
			}
			for _, m := range tc.mention {
				if !strings.Contains(err.Error(), m) {
					t.Errorf("error %q does not mention %s", err, m)
				}
			}
			for _, secret := range []string{id, token, access} {
				if strings.Contains(err.Error(), secret) {
					t.Errorf("error %q shows a credential", err)
				}
			}
		})
	}
}
