package aircall

import (
	"context"
	"errors"
	"fmt"
	"testing"
)

// companyGet is the call the Company tests make.
func companyGet(c *Client) (any, *Response, error) { return c.Company.Get(context.Background()) }

func TestCompanyGet(t *testing.T) {
	t.Parallel()
	runFamilyCalls(t, []familyCall{
		{name: "spec example", pattern: "GET /v1/company", reply: "company_get.json", call: companyGet, path: "/v1/company",
			want: &Company{Name: "Acme Inc.", UsersCount: 146, NumbersCount: 28}},
		// numbers_count missing, undocumented keys present.
		{name: "realistic variant", pattern: "GET /v1/company", reply: "company_get_variant.json", call: companyGet, path: "/v1/company",
			want: &Company{Name: "Acme Inc.", UsersCount: 3}},
	})
}

func TestCompanyGetErrors(t *testing.T) {
	t.Parallel()
	// The call must return no company with its error.
	get := func(c *Client) error {
		got, _, err := c.Company.Get(context.Background())
		if got != nil {
			return fmt.Errorf("got %+v with err %v, want no company", got, err)
		}
		return err
	}
	// want: a sentinel the error must match; nil: any error.
	runServedCases(t, []servedCase[error]{
		{"forbidden", "GET /v1/company", reply(t, 403, `{"error":"Forbidden","troubleshoot":"Invalid Bearer access token"}`), get, 1, ErrUnauthorized},
		{"no company key", "GET /v1/company", reply(t, 200, `{"name":"Acme Inc."}`), get, 1, nil},
		{"not JSON", "GET /v1/company", reply(t, 200, `<html></html>`), get, 1, nil},
	}, func(t *testing.T, want, err error) {
		if err == nil || (want != nil && !errors.Is(err, want)) {
			t.Errorf("err = %v, want an error matching %v", err, want)
		}
	})
}
