package aircall

import (
	"context"
	"net/http"
	"strconv"
)

// DialerCampaign is a user's active Power Dialer campaign: a list of phone
// numbers the user calls one after the other. A user has at most one.
type DialerCampaign struct {
	ID ID `json:"id"`
	// NumberID is the Number the campaign calls from, when it is set.
	NumberID  ID        `json:"number_id,omitempty"`
	CreatedAt Timestamp `json:"created_at"`
	// PhoneNumbers are the campaign's numbers, when the answer embeds them
	// (REST: the reference's example of GET /v1/users/:id/dialer_campaign);
	// DialerCampaigns.ListPhoneNumbers returns them otherwise.
	PhoneNumbers []*DialerPhoneNumber `json:"phone_numbers,omitempty"`
}

// DialerPhoneNumber is one phone number of a DialerCampaign.
type DialerPhoneNumber struct {
	ID        ID        `json:"id"`
	Number    string    `json:"number"`
	Called    bool      `json:"called"` // the user called it already
	CreatedAt Timestamp `json:"created_at"`
}

// dialerPath is /v1/users/:user_id/dialer_campaign.
func dialerPath(userID ID) string { return "/v1/users/" + userID.String() + "/dialer_campaign" }

// DialerPhoneNumbersParams is the body of DialerCampaigns.Create and
// DialerCampaigns.AddPhoneNumbers.
type DialerPhoneNumbersParams struct {
	// PhoneNumbers to call, such as "+19161112222"; at least one.
	PhoneNumbers []string `json:"phone_numbers"`
}

// checkDialerNumbers requires params with at least one phone number, none
// blank.
func checkDialerNumbers(op string, p *DialerPhoneNumbersParams) error {
	if p == nil {
		return paramErr(op, "", "params are required")
	}
	numbers := p.PhoneNumbers
	if len(numbers) == 0 {
		return paramErr(op, "phone_numbers", "is mandatory: give at least one phone number")
	}
	for i, n := range numbers {
		if blank(n) {
			return paramErr(op, "phone_numbers["+strconv.Itoa(i)+"]", "is empty")
		}
	}
	return nil
}

// Get returns the user's active campaign. Without one the API answers 404,
// which matches ErrNotFound.
//
// Aircall API docs: https://developer.aircall.io/api-references/#retrieve-a-dialer-campaign
func (s *DialerCampaignsService) Get(ctx context.Context, userID ID) (*DialerCampaign, *Response, error) {
	return doOne[DialerCampaign](ctx, s.client, http.MethodGet, dialerPath(userID), nil, nil, "")
}

// Create starts an active campaign for the user with the phone numbers of p
// (at least one valid phone number). A user can have only one active
// campaign.
//
// Aircall API docs: https://developer.aircall.io/api-references/#create-a-dialer-campaign
func (s *DialerCampaignsService) Create(ctx context.Context, userID ID, p *DialerPhoneNumbersParams) (*Response, error) {
	if err := checkDialerNumbers("DialerCampaigns.Create", p); err != nil {
		return nil, err
	}
	return s.client.doNoContent(ctx, http.MethodPost, dialerPath(userID), nil, p)
}

// Delete deletes the user's active campaign and its phone numbers. Without
// one the API answers 404, which matches ErrNotFound.
//
// Aircall API docs: https://developer.aircall.io/api-references/#delete-a-dialer-campaign
func (s *DialerCampaignsService) Delete(ctx context.Context, userID ID) (*Response, error) {
	return s.client.doNoContent(ctx, http.MethodDelete, dialerPath(userID), nil, nil)
}

// ListPhoneNumbers returns the phone numbers of the user's active campaign.
// The list is not paginated.
//
// Aircall API docs: https://developer.aircall.io/api-references/#retrieve-phone-numbers
func (s *DialerCampaignsService) ListPhoneNumbers(ctx context.Context, userID ID) ([]*DialerPhoneNumber, *Response, error) {
	nums, resp, err := doOne[[]*DialerPhoneNumber](ctx, s.client, http.MethodGet, dialerPath(userID)+"/phone_numbers", nil, nil, "numbers")
	if err != nil {
		return nil, resp, err
	}
	return *nums, resp, nil
}

// AddPhoneNumbers appends the phone numbers of p (at least one) to the
// user's active campaign; they show up in the Phone app.
//
// Aircall API docs: https://developer.aircall.io/api-references/#add-phone-numbers
func (s *DialerCampaignsService) AddPhoneNumbers(ctx context.Context, userID ID, p *DialerPhoneNumbersParams) (*Response, error) {
	if err := checkDialerNumbers("DialerCampaigns.AddPhoneNumbers", p); err != nil {
		return nil, err
	}
	return s.client.doNoContent(ctx, http.MethodPost, dialerPath(userID)+"/phone_numbers", nil, p)
}

// DeletePhoneNumber removes one phone number, by its ID, from the user's
// active campaign.
//
// Aircall API docs: https://developer.aircall.io/api-references/#delete-a-phone-number
func (s *DialerCampaignsService) DeletePhoneNumber(ctx context.Context, userID, phoneNumberID ID) (*Response, error) {
	return s.client.doNoContent(ctx, http.MethodDelete, dialerPath(userID)+"/phone_numbers/"+phoneNumberID.String(), nil, nil)
}
