package aircall

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestDialerCampaignsGet(t *testing.T) {
	t.Parallel()
	get := func(c *Client) (any, *Response, error) { return c.DialerCampaigns.Get(context.Background(), 456) }
	const pattern, path = "GET /v1/users/{user_id}/dialer_campaign", "/v1/users/456/dialer_campaign"
	runFamilyCalls(t, []familyCall{
		{name: "spec example", pattern: pattern, reply: "dialer_get.json", call: get, path: path,
			want: &DialerCampaign{ID: 75555, CreatedAt: Timestamp{Time: time.Date(2020, 3, 21, 20, 20, 4, 0, time.UTC), Form: FormISOMillis}}},
		// String IDs (number_id is documented as a String), a Unix
		// created_at and an extra key.
		{name: "realistic variant", pattern: pattern, reply: "dialer_get_variant.json", call: get, path: path,
			want: &DialerCampaign{ID: 75556, NumberID: 1234, CreatedAt: Unix(1584822004)}},
		// The reference's example embeds the campaign's phone numbers.
		{name: "with phone_numbers", pattern: pattern, reply: "dialer_get_with_numbers.json", call: get, path: path,
			want: &DialerCampaign{ID: 88, NumberID: 1234, CreatedAt: fxTime("2024-05-06T07:08:09.000Z", FormISOMillis),
				PhoneNumbers: []*DialerPhoneNumber{
					{ID: 5001, Number: "+33 1 76 11 11 12", Called: true, CreatedAt: fxTime("2024-05-06T07:08:09.000Z", FormISOMillis)},
					{ID: 5002, Number: "+33 1 76 11 11 13", CreatedAt: fxTime("2024-05-06T07:08:10.000Z", FormISOMillis)},
				}}},
	})
}

func TestDialerCampaignsNoActiveCampaign(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	notFound := reply(t, 404, `{"error":"Not found","troubleshoot":"User has no active campaign"}`)
	ts.handle("GET /v1/users/{user_id}/dialer_campaign", notFound)
	ts.handle("DELETE /v1/users/{user_id}/dialer_campaign", notFound)
	ts.handle("GET /v1/users/{user_id}/dialer_campaign/phone_numbers", notFound)
	c := ts.client(t)
	ctx := context.Background()
	if got, _, err := c.DialerCampaigns.Get(ctx, 456); !errors.Is(err, ErrNotFound) || got != nil {
		t.Errorf("Get = %v, %v; want ErrNotFound", got, err)
	}
	if _, err := c.DialerCampaigns.Delete(ctx, 456); !errors.Is(err, ErrNotFound) {
		t.Errorf("Delete = %v; want ErrNotFound", err)
	}
	if got, _, err := c.DialerCampaigns.ListPhoneNumbers(ctx, 456); !errors.Is(err, ErrNotFound) || got != nil {
		t.Errorf("ListPhoneNumbers = %v, %v; want ErrNotFound", got, err)
	}
	ts.expectRequestCount(t, 3) // 404 is not retried
}

func TestDialerCampaignsCreateAndAdd(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	numbers := &DialerPhoneNumbersParams{[]string{"+19161112222", "+18001112222"}}
	const body = `{"phone_numbers":["+19161112222","+18001112222"]}`
	runFamilyCalls(t, []familyCall{
		{name: "create", pattern: "POST /v1/users/{user_id}/dialer_campaign", status: 204,
			call: func(c *Client) (any, *Response, error) { return answered(c.DialerCampaigns.Create(ctx, 456, numbers)) },
			path: "/v1/users/456/dialer_campaign", body: body},
		{name: "add phone numbers", pattern: "POST /v1/users/{user_id}/dialer_campaign/phone_numbers", status: 204,
			call: func(c *Client) (any, *Response, error) {
				return answered(c.DialerCampaigns.AddPhoneNumbers(ctx, 456, numbers))
			},
			path: "/v1/users/456/dialer_campaign/phone_numbers", body: body},
	})
}

func TestDialerCampaignsCreateRejected(t *testing.T) {
	t.Parallel()
	ts, c := serve(t, "POST /v1/users/{user_id}/dialer_campaign", 422, `{"error":"Unprocessable Entity","troubleshoot":"Must include at least one valid phone number."}`)
	_, err := c.DialerCampaigns.Create(context.Background(), 456, &DialerPhoneNumbersParams{[]string{"not a number"}})
	if !errors.Is(err, ErrValidation) || !strings.Contains(err.Error(), "at least one valid phone number") {
		t.Errorf("Create = %v, want ErrValidation with the troubleshoot text", err)
	}
	ts.expectRequestCount(t, 1)
}

func TestDialerCampaignsDelete(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	runFamilyCalls(t, []familyCall{
		{name: "campaign", pattern: "DELETE /v1/users/{user_id}/dialer_campaign", status: 204,
			call: func(c *Client) (any, *Response, error) { return answered(c.DialerCampaigns.Delete(ctx, 456)) },
			path: "/v1/users/456/dialer_campaign"},
		{name: "phone number", pattern: "DELETE /v1/users/{user_id}/dialer_campaign/phone_numbers/{id}", status: 204,
			call: func(c *Client) (any, *Response, error) {
				return answered(c.DialerCampaigns.DeletePhoneNumber(ctx, 456, 4671488))
			},
			path: "/v1/users/456/dialer_campaign/phone_numbers/4671488"},
	})
}

func TestDialerCampaignsListPhoneNumbers(t *testing.T) {
	t.Parallel()
	created := Timestamp{Time: time.Date(2020, 3, 20, 20, 42, 57, 0, time.UTC), Form: FormISOMillis}
	list := func(c *Client) (any, *Response, error) {
		got, resp, err := c.DialerCampaigns.ListPhoneNumbers(context.Background(), 456)
		if err == nil && resp.Meta != nil {
			err = fmt.Errorf("meta = %+v, want nil (not a paginated list)", resp.Meta)
		}
		return got, resp, err
	}
	const pattern, path = "GET /v1/users/{user_id}/dialer_campaign/phone_numbers", "/v1/users/456/dialer_campaign/phone_numbers"
	runFamilyCalls(t, []familyCall{
		{name: "spec example", pattern: pattern, reply: "dialer_phone_numbers.json", call: list, path: path,
			want: []*DialerPhoneNumber{
				{ID: 4671488, Number: "+18002112223", CreatedAt: created},
				{ID: 4671489, Number: "+18003112224", CreatedAt: created},
				{ID: 4671490, Number: "+18004112225", CreatedAt: created},
			}},
		// ISO without fraction, an extra key, a missing created_at.
		{name: "realistic variant", pattern: pattern, reply: "dialer_phone_numbers_variant.json", call: list, path: path,
			want: []*DialerPhoneNumber{
				{ID: 4671491, Number: "+18005112226", Called: true, CreatedAt: Timestamp{Time: created.Time, Form: FormISO}},
				{ID: 4671492, Number: "+18006112227"},
			}},
		{name: "empty campaign", pattern: pattern, reply: `{"numbers":[]}`, call: list, path: path, want: []*DialerPhoneNumber{}},
	})
}

func TestDialerCampaignsValidation(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	tests := []paramCase{
		{"create nil params", func(c *Client) error { _, err := c.DialerCampaigns.Create(ctx, 456, nil); return err }, ""},
		{"create nil numbers", func(c *Client) error {
			_, err := c.DialerCampaigns.Create(ctx, 456, &DialerPhoneNumbersParams{})
			return err
		}, "phone_numbers"},
		{"create empty numbers", func(c *Client) error {
			_, err := c.DialerCampaigns.Create(ctx, 456, &DialerPhoneNumbersParams{[]string{}})
			return err
		}, "phone_numbers"},
		{"create blank number", func(c *Client) error {
			_, err := c.DialerCampaigns.Create(ctx, 456, &DialerPhoneNumbersParams{[]string{"+19161112222", " "}})
			return err
		}, "phone_numbers[1]"},
		{"add nil numbers", func(c *Client) error {
			_, err := c.DialerCampaigns.AddPhoneNumbers(ctx, 456, &DialerPhoneNumbersParams{})
			return err
		}, "phone_numbers"},
		{"add empty number", func(c *Client) error {
			_, err := c.DialerCampaigns.AddPhoneNumbers(ctx, 456, &DialerPhoneNumbersParams{[]string{""}})
			return err
		}, "phone_numbers[0]"},
	}
	runParamCases(t, tests)
}
