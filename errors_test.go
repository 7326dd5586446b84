package aircall

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
)

func TestAPIErrorBodies(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		status int
		body   string
		want   APIError // Body, Method and URL are checked apart
		text   []string // substrings of Error()
	}{
		{
			name: "error and troubleshoot", status: 404,
			body: `{"error":"Not found","troubleshoot":"Id does not exist"}`,
			want: APIError{StatusCode: 404, Title: "Not found", Troubleshoot: "Id does not exist"},
			text: []string{"404", "Not found", "Id does not exist"},
		},
		{
			name: "long shape, errors as string", status: 400,
			body: `{"error":"Bad Request","data":null,"message":"Invalid parameters","errors":"to is not a valid phone number","troubleshoot":"Check the to param","success":false}`,
			want: APIError{StatusCode: 400, Title: "Bad Request", Message: "Invalid parameters", Errors: "to is not a valid phone number", Troubleshoot: "Check the to param"},
			text: []string{"Invalid parameters", "to is not a valid phone number"},
		},
		{
			name: "long shape, errors as object", status: 422,
			body: `{"error":"Unprocessable Entity","data":{},"message":"Validation failed","errors":{"email":["has already been taken"]},"troubleshoot":"","success":false}`,
			want: APIError{StatusCode: 422, Title: "Unprocessable Entity", Message: "Validation failed", Errors: map[string]any{"email": []any{"has already been taken"}}},
			text: []string{"has already been taken"},
		},
		{
			name: "HTML from a proxy", status: 502,
			body: "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>",
			want: APIError{StatusCode: 502},
			text: []string{"502", "non-JSON body", "Bad Gateway"},
		},
		{
			name: "empty body", status: 403,
			want: APIError{StatusCode: 403},
			text: []string{"403 Forbidden"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t)
			ts.handle("GET /v1/teams/{id}", reply(t, tt.status, tt.body))
			_, _, err := ts.client(t, WithRetryPolicy(RetryPolicy{})).Teams.Get(context.Background(), 678)
			var ae *APIError
			if !errors.As(err, &ae) {
				t.Fatalf("err = %T %v, want *APIError", err, err)
			}
			if ae.Method != "GET" || !strings.HasSuffix(ae.URL, "/v1/teams/678") || string(ae.Body) != tt.body {
				t.Errorf("Method %q URL %q Body %q", ae.Method, ae.URL, ae.Body)
			}
			got := *ae
			got.Method, got.URL, got.Body = "", "", nil
			if d := diff(tt.want, got); d != "" {
				t.Errorf("APIError (-want +got):\n%s", d)
			}
			for _, s := range tt.text {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("Error() = %q, want it to contain %q", err.Error(), s)
				}
			}
			if strings.Contains(err.Error(), "api-token") {
				t.Errorf("Error() leaks the api_token: %q", err.Error())
			}
		})
	}
}

func TestSentinels(t *testing.T) {
	t.Parallel()
	all := []error{ErrNotFound, ErrUnauthorized, ErrRateLimited, ErrValidation, ErrConflict, ErrNotAvailable}
	tests := []struct {
		status int
		want   error
	}{
		{400, ErrValidation}, {401, ErrUnauthorized}, {403, ErrUnauthorized}, {404, ErrNotFound},
		{405, ErrNotAvailable}, {409, ErrConflict}, {422, ErrValidation}, {429, ErrRateLimited}, {418, nil},
	}
	for _, tt := range tests {
		ts := newTestServer(t)
		ts.handle("POST /v1/users/{id}/dial", reply(t, tt.status, `{"error":"x","troubleshoot":"y"}`))
		_, err := ts.client(t, WithRetryPolicy(RetryPolicy{})).Users.Dial(context.Background(), 456, "+18001231234")
		if err == nil {
			t.Fatalf("%d: no error", tt.status)
		}
		for _, s := range all {
			if got := errors.Is(err, s); got != (s == tt.want) {
				t.Errorf("%d: errors.Is(err, %v) = %v", tt.status, s, got)
			}
		}
	}
}

func TestLocalValidationSendsNothing(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	long := strings.Repeat("é", MaxTeamNameLength+1)
	runParamCases(t, []paramCase{
		{"create without email", func(c *Client) error {
			_, _, err := c.Users.Create(ctx, &UserCreateParams{FirstName: "a", LastName: "b"})
			return err
		}, "email"},
		{"create without last name", func(c *Client) error {
			_, _, err := c.Users.Create(ctx, &UserCreateParams{Email: "a@b.c", FirstName: "a", LastName: " "})
			return err
		}, "last_name"},
		{"create nil", func(c *Client) error { _, _, err := c.Users.Create(ctx, nil); return err }, ""},
		{"update blank first name", func(c *Client) error {
			_, _, err := c.Users.Update(ctx, 1, &UserUpdateParams{FirstName: Ptr("")})
			return err
		}, "first_name"},
		{"start call without number", func(c *Client) error {
			_, err := c.Users.StartCall(ctx, 1, &StartCallParams{To: "+18001231234"})
			return err
		}, "number_id"},
		{"start call to non-E.164", func(c *Client) error {
			_, err := c.Users.StartCall(ctx, 1, &StartCallParams{NumberID: 1, To: "+1 800-123-1234"})
			return err
		}, "to"},
		{"dial without plus", func(c *Client) error { _, err := c.Users.Dial(ctx, 1, "18001231234"); return err }, "to"},
		{"team without name", func(c *Client) error { _, _, err := c.Teams.Create(ctx, &TeamCreateParams{}); return err }, "name"},
		{"team name of 65 characters", func(c *Client) error { _, _, err := c.Teams.Create(ctx, &TeamCreateParams{Name: long}); return err }, "name"},
	})
	// 64 characters, counted in runes, is allowed.
	ts := newTestServer(t)
	c := ts.client(t)
	ts.handle("POST /v1/teams", reply(t, http.StatusCreated, `{"team":{"id":1,"name":"x","users":[]}}`))
	if _, _, err := c.Teams.Create(ctx, &TeamCreateParams{Name: strings.Repeat("é", MaxTeamNameLength)}); err != nil {
		t.Errorf("64-character name refused: %v", err)
	}
}
