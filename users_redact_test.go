package aircall

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestGetByEmailRedactsTheAddress checks issue 18 (b) on Users.GetByEmail,
// whose address is in the URL path: its errors (a 404, a 5xx after the
// retries, a transport error, an answer without a user), their APIError.URL,
// and every line the Client logs (debug and warnings, retries and dropped
// values included) show the path with the address REDACTED, while the
// request sent carries it.
func TestGetByEmailRedactsTheAddress(t *testing.T) {
	t.Parallel()
	for _, email := range []string{"nadia+support@aircall.io", "a/b?c@aircall.io", "50%#off@aircall.io"} {
		t.Run(email, func(t *testing.T) {
			t.Parallel()
			var buf bytes.Buffer
			logger := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
			ts := newTestServer(t)
			var got []string // the addresses the server received
			status := http.StatusNotFound
			body := `{"error":"Not found","troubleshoot":"Check the user exists"}`
			ts.handle("GET /v2/users/{id}", func(w http.ResponseWriter, r *http.Request) {
				got = append(got, r.PathValue("id"))
				reply(t, status, body)(w, r)
			})
			c := ts.client(t, WithLogger(logger))
			ctx := context.Background()
			wantURL := ts.URL + "/v2/users/REDACTED"
			var errs []error

			_, _, err := c.Users.GetByEmail(ctx, email)
			var ae *APIError
			if !errors.As(err, &ae) || ae.StatusCode != http.StatusNotFound || ae.URL != wantURL {
				t.Errorf("404: error %v, want an *APIError of URL %s", err, wantURL)
			}
			errs = append(errs, err)

			status = http.StatusServiceUnavailable // retried, then given up
			_, _, err = c.Users.GetByEmail(ctx, email)
			if !errors.As(err, &ae) || ae.StatusCode != http.StatusServiceUnavailable || ae.URL != wantURL {
				t.Errorf("503: error %v, want an *APIError of URL %s", err, wantURL)
			}
			errs = append(errs, err)

			status, body = http.StatusOK, `{"users":[]}`
			_, _, err = c.Users.GetByEmail(ctx, email)
			if err == nil || !strings.Contains(err.Error(), "/v2/users/REDACTED") {
				t.Errorf("200 without a user: error %v, want one naming /v2/users/REDACTED", err)
			}
			errs = append(errs, err)

			body = `{"user":{"id":"x459","email":"` + email + `"}}` // an odd id: a warning with the path
			if _, resp, err := c.Users.GetByEmail(ctx, email); err != nil || len(resp.Dropped) != 1 {
				t.Errorf("200 with an odd id: error %v, Dropped %v; want one dropped value", err, resp.Dropped)
			}
			if !strings.Contains(buf.String(), `"path":"/v2/users/REDACTED","json_path":"/user/id"`) {
				t.Errorf("no warning for the odd id with the path REDACTED in:\n%s", buf.String())
			}

			// A transport error: nothing listens any more.
			down := newTestServer(t)
			down.Close()
			_, _, err = down.client(t, WithLogger(logger), WithRetryPolicy(RetryPolicy{})).Users.GetByEmail(ctx, email)
			if err == nil || !strings.Contains(err.Error(), down.URL+"/v2/users/REDACTED") {
				t.Errorf("transport error %v, want one naming %s/v2/users/REDACTED", err, down.URL)
			}
			errs = append(errs, err)

			if len(got) != 1+1+testRetry.MaxRetries+1+1 {
				t.Errorf("the server got %d requests: %q", len(got), got)
			}
			for _, g := range got {
				if g != email {
					t.Errorf("the server got %q, want %q", g, email)
				}
			}
			forms := []string{email, url.PathEscape(email), strings.SplitN(email, "@", 2)[0] + "@"}
			for _, err := range errs {
				for _, f := range forms {
					if err != nil && strings.Contains(err.Error(), f) {
						t.Errorf("error %q shows %q", err, f)
					}
				}
			}
			logged := buf.String()
			if !strings.Contains(logged, "/v2/users/REDACTED") {
				t.Errorf("no log line names /v2/users/REDACTED:\n%s", logged)
			}
			for _, f := range forms {
				if strings.Contains(logged, f) {
					t.Errorf("the log shows %q:\n%s", f, logged)
				}
			}
		})
	}
}
