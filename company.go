package aircall

import (
	"context"
	"net/http"
)

// Company is a brief view of the company that owns the credentials. It can
// only be changed from the Aircall Dashboard.
type Company struct {
	Name         string `json:"name"`
	UsersCount   int    `json:"users_count"`
	NumbersCount int    `json:"numbers_count"`
}

// Get returns the company's name and its numbers of Users and Numbers.
//
// Aircall API docs: https://developer.aircall.io/api-references/#retrieve-company-information
func (s *CompanyService) Get(ctx context.Context) (*Company, *Response, error) {
	return doOne[Company](ctx, s.client, http.MethodGet, "/v1/company", nil, nil, "company")
}
