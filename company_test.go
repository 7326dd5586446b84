package aircall

import (
	"context"
	"errors"
	"testing"
)

func TestCompanyGet(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		fixture string
		want    *Company
	}{
		{"spec example", "company_get.json", &Company{Name: "Acme Inc.", UsersCount: 146, NumbersCount: 28}},
		// numbers_count missing, undocumented keys present.
		{"realistic variant", "company_get_variant.json", &Company{Name: "Acme Inc.", UsersCount: 3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ts, c := serve(t, "GET /v1/company", 200, tt.fixture)
			got, resp, err := c.Company.Get(context.Background())
			if err != nil {
				t.Fatalf("Get: %v", err)
			}
			ts.expectRequest(t, "GET", "/v1/company", "", "")
			if resp.StatusCode != 200 {
				t.Errorf("status = %d", resp.StatusCode)
			}
			checkDiff(t, "company", tt.want, got)
		})
	}
}

func TestCompanyGetErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		status int
		body   string
		want   error
	}{
		{"forbidden", 403, `{"error":"Forbidden","troubleshoot":"Invalid Bearer access token"}`, ErrUnauthorized},
		{"no company key", 200, `{"name":"Acme Inc."}`, nil},
		{"not JSON", 200, `<html></html>`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, c := serve(t, "GET /v1/company", tt.status, tt.body)
			got, _, err := c.Company.Get(context.Background())
			if err == nil || got != nil {
				t.Fatalf("Get = %v, %v; want an error", got, err)
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
		})
	}
}
