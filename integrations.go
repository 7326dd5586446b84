package aircall

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
)

// Integration is the state of the OAuth app installed on a company: the
// one the access token belongs to. custom_name and number_ids are always
// sent, null and [] when empty (wire rule, wire.go). Its User carries substatus (REST).
type Integration struct {
	ID           ID        `json:"id"`
	Name         string    `json:"name"`
	CustomName   string    `json:"custom_name"`
	Logo         string    `json:"logo,omitempty"` // URL of the logo
	CompanyID    ID        `json:"company_id"`
	Status       string    `json:"status"`
	Active       bool      `json:"active"` // Status == "active"
	CreatedAt    Timestamp `json:"created_at"`
	UpdatedAt    Timestamp `json:"updated_at"`
	DeletedAt    Timestamp `json:"deleted_at"`
	NumberIDs    []ID      `json:"number_ids"`
	NumbersCount int       `json:"numbers_count"`
	// User installed the integration; nil once that user was deleted.
	User *User `json:"user"`
}

// MarshalJSON encodes i with custom_name null and number_ids [] when
// empty.
func (i Integration) MarshalJSON() ([]byte, error) {
	type integration Integration // no methods: no recursion
	return json.Marshal(struct {
		integration
		CustomName *string `json:"custom_name"`
		NumberIDs  []ID    `json:"number_ids"`
	}{integration(i), nullIfEmpty(i.CustomName), orEmpty(i.NumberIDs)})
}

// IntegrationEnableOptions are the query params of Integrations.Enable.
type IntegrationEnableOptions struct {
	// Install marks the first enable, during the install flow: Aircall then
	// sends the admin to the integration's settings page in the Dashboard
	// instead of the integration list.
	Install bool `url:"install"`
}

// oauthOnly refuses, without a request, what Aircall answers 403 to.
func (s *IntegrationsService) oauthOnly(op string) error {
	if s.client.oauth {
		return nil
	}
	return fmt.Errorf("%w (%s)", ErrOAuthOnly, op)
}

// Me returns the integration the access token belongs to. It is OAuth
// only: with Basic auth it returns ErrOAuthOnly without a request. An
// uninstalled integration is answered 404 (ErrNotFound).
func (s *IntegrationsService) Me(ctx context.Context) (*Integration, *Response, error) {
	if err := s.oauthOnly("Integrations.Me"); err != nil {
		return nil, nil, err
	}
	return doOne[Integration](ctx, s.client, http.MethodGet, "/v1/integrations/me", nil, nil, "integration")
}

// Enable enables the integration and activates its webhooks. A newly
// installed integration is enabled already; set opts.Install during the
// install flow to send the admin to its settings page. OAuth only.
func (s *IntegrationsService) Enable(ctx context.Context, opts *IntegrationEnableOptions) (*Response, error) {
	if err := s.oauthOnly("Integrations.Enable"); err != nil {
		return nil, err
	}
	return s.client.doNoContent(ctx, http.MethodPost, "/v1/integrations/enable", encodeQuery(opts), nil)
}

// Disable disables the integration and deactivates its webhooks. OAuth
// only.
func (s *IntegrationsService) Disable(ctx context.Context) (*Response, error) {
	if err := s.oauthOnly("Integrations.Disable"); err != nil {
		return nil, err
	}
	return s.client.doNoContent(ctx, http.MethodPost, "/v1/integrations/disable", nil, nil)
}
