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
	// me is Integrations.Me, by a bearer client, answered with fixture.
	me := func(fixture string, want *Integration) familyCall {
		return familyCall{name: fixture, pattern: "GET /v1/integrations/me", reply: fixture, path: "/v1/integrations/me", bearer: "tok",
			call: func(c *Client) (any, *Response, error) { return c.Integrations.Me(context.Background()) }, want: want}
	}
	runFamilyCalls(t, []familyCall{
		me("integrations_me.json", &Integration{
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
		}),
		// The installing user was deleted (user null), a custom name, a
		// string id and an undocumented key.
		me("integrations_me_disabled.json", &Integration{
			ID:         1235,
			Name:       "Helpdesk Sync",
			CustomName: "Helpdesk (EU)",
			Logo:       "https://cdn.aircall.io/applications/standard/ico_104.svg",
			CompanyID:  501,
			Status:     "inactive",
			CreatedAt:  isoMillis(2023, 1, 9, 9, 0, 0),
			UpdatedAt:  isoMillis(2024, 2, 14, 17, 45, 12),
			NumberIDs:  []ID{},
		}),
	})
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
	enable := func(opts *IntegrationEnableOptions) func(*Client) (any, *Response, error) {
		return func(c *Client) (any, *Response, error) { return answered(c.Integrations.Enable(ctx, opts)) }
	}
	runFamilyCalls(t, []familyCall{
		{name: "re-enable", pattern: "POST /v1/integrations/enable", status: http.StatusNoContent, call: enable(nil),
			path: "/v1/integrations/enable", bearer: "tok"},
		{name: "re-enable, zero options", pattern: "POST /v1/integrations/enable", status: http.StatusNoContent,
			call: enable(&IntegrationEnableOptions{}), path: "/v1/integrations/enable", bearer: "tok"},
		{name: "first enable", pattern: "POST /v1/integrations/enable", status: http.StatusNoContent,
			call: enable(&IntegrationEnableOptions{Install: true}), path: "/v1/integrations/enable", query: "install=true", bearer: "tok"},
		{name: "disable", pattern: "POST /v1/integrations/disable", status: http.StatusNoContent,
			call: func(c *Client) (any, *Response, error) { return answered(c.Integrations.Disable(ctx)) },
			path: "/v1/integrations/disable", bearer: "tok"},
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
