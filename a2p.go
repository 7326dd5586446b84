package aircall

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"net/http"
	"strings"
)

// A2PCampaignAssociation associates Aircall numbers with a 10DLC campaign
// registered with TCR (The Campaign Registry), as US regulation requires.
// Changes reach the carriers asynchronously: UpdateStatus is pending after
// a Create or Update, then done or failed (with UpdateMessage).
type A2PCampaignAssociation struct {
	ID            ID              `json:"id"`
	CompanyID     ID              `json:"company_id"`
	ExternalID    string          `json:"external_id"` // the TCR campaign ID, external_campaign_id in Create
	UpdateStatus  A2PUpdateStatus `json:"update_status"`
	UpdateMessage string          `json:"update_message,omitempty"` // set when UpdateStatus is failed
	CreatedAt     Timestamp       `json:"created_at"`
	UpdatedAt     Timestamp       `json:"updated_at"`
	Numbers       []A2PNumber     `json:"numbers"`
}

// A2PUpdateStatus is the state of the background update of an
// A2PCampaignAssociation.
type A2PUpdateStatus string

// Background update states.
const (
	A2PPending A2PUpdateStatus = "pending"
	A2PDone    A2PUpdateStatus = "done"
	A2PFailed  A2PUpdateStatus = "failed"
)

// A2PNumber is a phone number in E.164 form without the "+" prefix, such as
// "12798764560". The API documents these numbers as strings but its examples
// send integers: A2PNumber decodes from either and is sent as a string, the
// documented type.
type A2PNumber string

// UnmarshalJSON accepts a JSON string or an integer.
func (n *A2PNumber) UnmarshalJSON(b []byte) error {
	s := strings.TrimSpace(string(b))
	switch {
	case s == "null":
		return nil
	case strings.HasPrefix(s, `"`):
		return json.Unmarshal(b, (*string)(n))
	case isDigits(s):
		*n = A2PNumber(s)
		return nil
	}
	return fmt.Errorf("aircall: cannot decode %s as an A2P number", truncate(s, 40))
}

// A2PCampaignAssociationCreateParams is the body of
// A2PCampaignAssociations.Create. Both fields are mandatory.
type A2PCampaignAssociationCreateParams struct {
	ExternalCampaignID string      `json:"external_campaign_id"` // the TCR campaign ID
	Numbers            []A2PNumber `json:"numbers"`
}

// A2PCampaignAssociationUpdateParams is the body of
// A2PCampaignAssociations.Update. Numbers is mandatory and replaces the
// association's numbers entirely.
type A2PCampaignAssociationUpdateParams struct {
	Numbers []A2PNumber `json:"numbers"`
}

// List returns one page of A2P campaign associations.
//
// Aircall API docs: https://developer.aircall.io/api-references/#list-a2p-campaign-associations
func (s *A2PCampaignAssociationsService) List(ctx context.Context, opts *ListOptions) ([]*A2PCampaignAssociation, *Response, error) {
	return newPager[A2PCampaignAssociation](s.client, "/v1/a2p_campaign_associations", "a2p_campaign_associations", opts).list(ctx)
}

// All iterates over every A2P campaign association.
//
// Aircall API docs: https://developer.aircall.io/api-references/#list-a2p-campaign-associations
func (s *A2PCampaignAssociationsService) All(ctx context.Context, opts *ListOptions) iter.Seq2[*A2PCampaignAssociation, error] {
	return newPager[A2PCampaignAssociation](s.client, "/v1/a2p_campaign_associations", "a2p_campaign_associations", opts).all(ctx)
}

// Pages iterates over the pages of A2P campaign associations, each with its
// Meta and Response.
//
// Aircall API docs: https://developer.aircall.io/api-references/#list-a2p-campaign-associations
func (s *A2PCampaignAssociationsService) Pages(ctx context.Context, opts *ListOptions) iter.Seq2[*Page[A2PCampaignAssociation], error] {
	return newPager[A2PCampaignAssociation](s.client, "/v1/a2p_campaign_associations", "a2p_campaign_associations", opts).pages(ctx)
}

// Get returns one A2P campaign association.
//
// Aircall API docs: https://developer.aircall.io/api-references/#retrieve-an-a2p-campaign-association
func (s *A2PCampaignAssociationsService) Get(ctx context.Context, id ID) (*A2PCampaignAssociation, *Response, error) {
	return doOne[A2PCampaignAssociation](ctx, s.client, http.MethodGet, "/v1/a2p_campaign_associations/"+id.String(), nil, nil, "a2p_campaign_association")
}

// Create associates Aircall numbers with a TCR campaign. A number belongs
// to one campaign at most: associating it twice, or a campaign twice, is
// answered 400.
//
// Aircall API docs: https://developer.aircall.io/api-references/#create-an-a2p-campaign-association
func (s *A2PCampaignAssociationsService) Create(ctx context.Context, p *A2PCampaignAssociationCreateParams) (*A2PCampaignAssociation, *Response, error) {
	const op = "A2PCampaignAssociations.Create"
	if p == nil {
		return nil, nil, paramErr(op, "", "params are required")
	}
	if blank(p.ExternalCampaignID) {
		return nil, nil, paramErr(op, "external_campaign_id", "is mandatory")
	}
	if err := checkA2PNumbers(op, p.Numbers); err != nil {
		return nil, nil, err
	}
	return doOne[A2PCampaignAssociation](ctx, s.client, http.MethodPost, "/v1/a2p_campaign_associations", nil, p, "a2p_campaign_association")
}

// Update replaces the numbers of an association: the numbers in p become
// its whole list, and numbers left out are dissociated. To add a number,
// send the current Numbers (from Get) plus the new one.
//
// Aircall API docs: https://developer.aircall.io/api-references/#update-an-a2p-campaign-association
func (s *A2PCampaignAssociationsService) Update(ctx context.Context, id ID, p *A2PCampaignAssociationUpdateParams) (*A2PCampaignAssociation, *Response, error) {
	const op = "A2PCampaignAssociations.Update"
	if p == nil {
		return nil, nil, paramErr(op, "", "params are required")
	}
	if err := checkA2PNumbers(op, p.Numbers); err != nil {
		return nil, nil, err
	}
	return doOne[A2PCampaignAssociation](ctx, s.client, http.MethodPut, "/v1/a2p_campaign_associations/"+id.String(), nil, p, "a2p_campaign_association")
}

// Delete dissociates the numbers from the campaign; the TCR campaign itself
// is not changed.
//
// Aircall API docs: https://developer.aircall.io/api-references/#delete-an-a2p-campaign-association
func (s *A2PCampaignAssociationsService) Delete(ctx context.Context, id ID) (*Response, error) {
	return s.client.doNoContent(ctx, http.MethodDelete, "/v1/a2p_campaign_associations/"+id.String(), nil, nil)
}

// checkA2PNumbers requires at least one number, each in E.164 form without
// the "+".
func checkA2PNumbers(op string, numbers []A2PNumber) error {
	if len(numbers) == 0 {
		return paramErr(op, "numbers", "is mandatory")
	}
	for _, n := range numbers {
		if !isE164("+" + string(n)) {
			return paramErr(op, "numbers", "must be E.164 numbers without the + prefix, such as 12798764560, got %q", n)
		}
	}
	return nil
}
