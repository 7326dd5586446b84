package aircall

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"testing"
	"time"
)

// a2p458 is the association of the spec's examples.
var a2p458 = &A2PCampaignAssociation{
	ID:           458,
	CompanyID:    501,
	ExternalID:   "CNXIO",
	UpdateStatus: A2PPending,
	CreatedAt:    isoMillis(2020, 2, 18, 20, 52, 22),
	UpdatedAt:    isoMillis(2020, 2, 18, 20, 52, 22),
	Numbers:      []A2PNumber{"1279876456"},
}

func TestA2PEndpoints(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	get := func(id ID) func(*Client) (any, *Response, error) {
		return func(c *Client) (any, *Response, error) { return c.A2PCampaignAssociations.Get(ctx, id) }
	}
	runFamilyCalls(t, []familyCall{
		{name: "list", pattern: "GET /v1/a2p_campaign_associations", reply: "a2p_list.json",
			call: func(c *Client) (any, *Response, error) {
				return c.A2PCampaignAssociations.List(ctx, &ListOptions{PerPage: 5})
			},
			path: "/v1/a2p_campaign_associations", query: "per_page=5",
			want: []*A2PCampaignAssociation{a2p458}, meta: &Meta{Count: 1, Total: 1, CurrentPage: 1, PerPage: 20}},
		// Numbers as integers, as the spec's examples.
		{name: "get", pattern: "GET /v1/a2p_campaign_associations/{id}", reply: "a2p_get.json",
			call: get(458), path: "/v1/a2p_campaign_associations/458", want: a2p458},
		// Numbers as strings, as the spec's type; extra keys.
		{name: "get with string numbers", pattern: "GET /v1/a2p_campaign_associations/{id}", reply: "a2p_get_strings.json",
			call: get(459), path: "/v1/a2p_campaign_associations/459",
			want: &A2PCampaignAssociation{
				ID:            459,
				CompanyID:     501,
				ExternalID:    "CQ7RT2K",
				UpdateStatus:  A2PFailed,
				UpdateMessage: "Number 14155550123 is already associated to campaign CNXIO",
				CreatedAt:     isoMillis(2024, 3, 5, 10, 12, 40),
				UpdatedAt:     Timestamp{Time: time.Date(2024, 3, 5, 10, 13, 2, 517e6, time.UTC), Form: FormISOMillis},
				Numbers:       []A2PNumber{"14155550123", "14155550188"},
			}},
		// The documented type of numbers is Array<String>: sent as strings.
		{name: "create", pattern: "POST /v1/a2p_campaign_associations", status: http.StatusCreated, reply: "a2p_create.json",
			call: func(c *Client) (any, *Response, error) {
				return c.A2PCampaignAssociations.Create(ctx, &A2PCampaignAssociationCreateParams{
					ExternalCampaignID: "CNXIO",
					Numbers:            []A2PNumber{"1279876456"},
				})
			},
			path: "/v1/a2p_campaign_associations", body: `{"external_campaign_id":"CNXIO","numbers":["1279876456"]}`,
			want: a2p458},
		{name: "update", pattern: "PUT /v1/a2p_campaign_associations/{id}", reply: "a2p_update.json",
			call: func(c *Client) (any, *Response, error) {
				return c.A2PCampaignAssociations.Update(ctx, 458, &A2PCampaignAssociationUpdateParams{Numbers: []A2PNumber{"1279876456", "14155550188"}})
			},
			path: "/v1/a2p_campaign_associations/458", body: `{"numbers":["1279876456","14155550188"]}`, want: a2p458},
		{name: "delete", pattern: "DELETE /v1/a2p_campaign_associations/{id}", status: http.StatusNoContent,
			call: func(c *Client) (any, *Response, error) { return answered(c.A2PCampaignAssociations.Delete(ctx, 458)) },
			path: "/v1/a2p_campaign_associations/458"},
	})
}

func TestA2PAll(t *testing.T) {
	t.Parallel()
	ts, c := serve(t, "GET /v1/a2p_campaign_associations", http.StatusOK, "a2p_list.json")

	got := collect(t, c.A2PCampaignAssociations.All(context.Background(), nil))
	checkDiff(t, "associations", []*A2PCampaignAssociation{a2p458}, got)
	ts.expectRequest(t, http.MethodGet, "/v1/a2p_campaign_associations", "page=1&per_page=50", "")
}

func TestA2PNumberDecode(t *testing.T) {
	t.Parallel()
	var got []A2PNumber
	if err := json.Unmarshal([]byte(`[1279876456, "14155550123", 4915112345678, null]`), &got); err != nil {
		t.Fatal(err)
	}
	checkDiff(t, "numbers", []A2PNumber{"1279876456", "14155550123", "4915112345678", ""}, got)
	for _, bad := range []string{`[-1]`, `[1.5]`, `[true]`, `[{}]`} {
		if err := json.Unmarshal([]byte(bad), &got); err == nil {
			t.Errorf("%s decoded without error", bad)
		}
	}
}

func TestA2PCreateBadRequest(t *testing.T) {
	t.Parallel()
	_, c := serve(t, "POST /v1/a2p_campaign_associations", http.StatusBadRequest,
		`{"error":"Bad Request","troubleshoot":"Number 1279876456 is already associated to a campaign"}`)

	_, _, err := c.A2PCampaignAssociations.Create(context.Background(), &A2PCampaignAssociationCreateParams{ExternalCampaignID: "CNXIO", Numbers: []A2PNumber{"1279876456"}})
	var ae *APIError
	if !errors.As(err, &ae) || ae.StatusCode != http.StatusBadRequest || ae.Troubleshoot != "Number 1279876456 is already associated to a campaign" {
		t.Fatalf("err = %v", err)
	}
}

func TestA2PLocalValidation(t *testing.T) {
	t.Parallel()
	create := paramCall(func(c *Client, p *A2PCampaignAssociationCreateParams) error {
		return errOf(c.A2PCampaignAssociations.Create(context.Background(), p))
	})
	update := paramCall(func(c *Client, p *A2PCampaignAssociationUpdateParams) error {
		return errOf(c.A2PCampaignAssociations.Update(context.Background(), 458, p))
	})
	tests := []paramCase{
		{"create nil", create(nil), ""},
		{"create without campaign", create(&A2PCampaignAssociationCreateParams{Numbers: []A2PNumber{"1279876456"}}), "external_campaign_id"},
		{"create without numbers", create(&A2PCampaignAssociationCreateParams{ExternalCampaignID: "CNXIO"}), "numbers"},
		{"create with a + prefix", create(&A2PCampaignAssociationCreateParams{ExternalCampaignID: "CNXIO", Numbers: []A2PNumber{"+1279876456"}}), "numbers"},
		{"create with spaces", create(&A2PCampaignAssociationCreateParams{ExternalCampaignID: "CNXIO", Numbers: []A2PNumber{"1 279 876 456"}}), "numbers"},
		{"create with a leading 0", create(&A2PCampaignAssociationCreateParams{ExternalCampaignID: "CNXIO", Numbers: []A2PNumber{"0612345678"}}), "numbers"},
		{"update nil", update(nil), ""},
		{"update without numbers", update(&A2PCampaignAssociationUpdateParams{}), "numbers"},
		{"update with an empty number", update(&A2PCampaignAssociationUpdateParams{Numbers: []A2PNumber{""}}), "numbers"},
	}
	runParamCases(t, tests)
}
