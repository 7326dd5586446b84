package aircall

import (
	"context"
	"errors"
	"net/http"
	"testing"
)

// serveBearer is serve with a Client authenticated by an OAuth access
// token, as the integration endpoints require.
func serveBearer(t *testing.T, pattern string, status int, body string) (*testServer, *Client) {
	t.Helper()
	ts, _ := serve(t, pattern, status, body)
	return ts, ts.clientAuth(t, WithBearerToken("tok"))
}

func TestIntegrationsMe(t *testing.T) {
	t.Parallel()
	tests := []struct {
		fixture string
		want    *Integration
	}{
		{"integrations_me.json", &Integration{
			ID:           1234,
			Name:         "My app",
			Logo:         "https://cdn.aircall.io/applications/standard/staging/ico_91.svg",
			CompanyID:    1,
			Status:       "active",
			Active:       true,
			CreatedAt:    isoMillis(2020, 11, 2, 15, 38, 16),
			UpdatedAt:    isoMillis(2020, 11, 2, 15, 38, 29),
			NumberIDs:    []ID{123456},
			NumbersCount: 1,
			// The installing user carries substatus.
			User: edit(fxJohnDoe(), func(u *User) { u.Substatus = SubstatusAlwaysOpened }),
		}},
		// The installing user was deleted (user null), a custom name, a
		// string id and an undocumented key.
		{"integrations_me_disabled.json", &Integration{
			ID:         1235,
			Name:       "Helpdesk Sync",
			CustomName: "Helpdesk (EU)",
			Logo:       "https://cdn.aircall.io/applications/standard/ico_104.svg",
			CompanyID:  501,
			Status:     "inactive",
			CreatedAt:  isoMillis(2023, 1, 9, 9, 0, 0),
			UpdatedAt:  isoMillis(2024, 2, 14, 17, 45, 12),
			NumberIDs:  []ID{},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			t.Parallel()
			ts, c := serveBearer(t, "GET /v1/integrations/me", http.StatusOK, tt.fixture)
			got, _, err := c.Integrations.Me(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			r := ts.expectRequest(t, http.MethodGet, "/v1/integrations/me", "", "")
			if h := r.Header.Get("Authorization"); h != "Bearer tok" {
				t.Errorf("Authorization = %q", h)
			}
			checkDiff(t, "integration", tt.want, got)
		})
	}
}

func TestIntegrationsMeUninstalled(t *testing.T) {
	t.Parallel()
	_, c := serveBearer(t, "GET /v1/integrations/me", http.StatusNotFound, `{"error":"Not found","troubleshoot":"Integration does not exist anymore"}`)
	if _, _, err := c.Integrations.Me(context.Background()); !errors.Is(err, ErrNotFound) {
		t.Fatalf("err = %v, want ErrNotFound", err)
	}
}

func TestIntegrationsEnableDisable(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	enable := func(opts *IntegrationEnableOptions) func(*Client) (*Response, error) {
		return func(c *Client) (*Response, error) { return c.Integrations.Enable(ctx, opts) }
	}
	runNoBodyCases(t, serveBearer, []noBodyCase{
		{"re-enable", "POST /v1/integrations/enable", http.StatusNoContent, enable(nil),
			http.MethodPost, "/v1/integrations/enable", ""},
		{"re-enable, zero options", "POST /v1/integrations/enable", http.StatusNoContent, enable(&IntegrationEnableOptions{}),
			http.MethodPost, "/v1/integrations/enable", ""},
		{"first enable", "POST /v1/integrations/enable", http.StatusNoContent, enable(&IntegrationEnableOptions{Install: true}),
			http.MethodPost, "/v1/integrations/enable?install=true", ""},
		{"disable", "POST /v1/integrations/disable", http.StatusNoContent,
			func(c *Client) (*Response, error) { return c.Integrations.Disable(ctx) },
			http.MethodPost, "/v1/integrations/disable", ""},
	})
}

// TestIntegrationsForbidden: a 403 the server gives a bearer client (a
// revoked token) is an APIError matching ErrUnauthorized.
func TestIntegrationsForbidden(t *testing.T) {
	t.Parallel()
	_, c := serveBearer(t, "POST /v1/integrations/disable", http.StatusForbidden, `{"error":"Forbidden","troubleshoot":"Invalid Bearer access token"}`)
	_, err := c.Integrations.Disable(context.Background())
	var ae *APIError
	if !errors.As(err, &ae) || !errors.Is(err, ErrUnauthorized) || errors.Is(err, ErrOAuthOnly) {
		t.Fatalf("err = %v, want a 403 APIError", err)
	}
}

func TestIntegrationsBasicAuthRefusedLocally(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		call func(*Client) error
	}{
		{"Me", func(c *Client) error { _, _, err := c.Integrations.Me(context.Background()); return err }},
		{"Enable", func(c *Client) error {
			_, err := c.Integrations.Enable(context.Background(), &IntegrationEnableOptions{Install: true})
			return err
		}},
		{"Disable", func(c *Client) error { _, err := c.Integrations.Disable(context.Background()); return err }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t)
			err := tt.call(ts.client(t)) // Basic auth
			if !errors.Is(err, ErrOAuthOnly) || !errors.Is(err, ErrUnauthorized) {
				t.Fatalf("err = %v, want ErrOAuthOnly matching ErrUnauthorized", err)
			}
			ts.expectRequestCount(t, 0)
		})
	}
}
