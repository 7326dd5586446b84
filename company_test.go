package aircall

import (
	"context"
	"testing"
)

// companyGet is the call the Company tests make.
func companyGet(c *Client) (*Company, *Response, error) { return c.Company.Get(context.Background()) }

func TestCompanyGet(t *testing.T) {
	t.Parallel()
	runFixtureCases(t, "GET /v1/company", "/v1/company", companyGet, []fixtureCase[*Company]{
		{"spec example", "company_get.json", &Company{Name: "Acme Inc.", UsersCount: 146, NumbersCount: 28}},
		// numbers_count missing, undocumented keys present.
		{"realistic variant", "company_get_variant.json", &Company{Name: "Acme Inc.", UsersCount: 3}},
	})
}

func TestCompanyGetErrors(t *testing.T) {
	t.Parallel()
	runErrorCases(t, "GET /v1/company", companyGet, []errorCase{
		{"forbidden", 403, `{"error":"Forbidden","troubleshoot":"Invalid Bearer access token"}`, ErrUnauthorized},
		{"no company key", 200, `{"name":"Acme Inc."}`, nil},
		{"not JSON", 200, `<html></html>`, nil},
	})
}
