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

func TestA2PList(t *testing.T) {
	t.Parallel()
	ts, c := serve(t, "GET /v1/a2p_campaign_associations", http.StatusOK, "a2p_list.json")

	got, resp, err := c.A2PCampaignAssociations.List(context.Background(), &ListOptions{PerPage: 5})
	if err != nil {
		t.Fatal(err)
	}
	ts.expectRequest(t, http.MethodGet, "/v1/a2p_campaign_associations", "per_page=5", "")
	checkDiff(t, "associations", []*A2PCampaignAssociation{a2p458}, got)
	if resp.Meta == nil || resp.Meta.Total != 1 {
		t.Errorf("meta = %+v", resp.Meta)
	}
}

func TestA2PAll(t *testing.T) {
	t.Parallel()
	ts, c := serve(t, "GET /v1/a2p_campaign_associations", http.StatusOK, "a2p_list.json")

	got := collect(t, c.A2PCampaignAssociations.All(context.Background(), nil))
	checkDiff(t, "associations", []*A2PCampaignAssociation{a2p458}, got)
	ts.expectRequest(t, http.MethodGet, "/v1/a2p_campaign_associations", "page=1&per_page=50", "")
}

func TestA2PGet(t *testing.T) {
	t.Parallel()
	tests := []struct {
		fixture string
		want    *A2PCampaignAssociation
	}{
		{"a2p_get.json", a2p458}, // numbers as integers, as the spec's examples
		{"a2p_get_strings.json", &A2PCampaignAssociation{ // numbers as strings, as the spec's type; extra keys
			ID:            459,
			CompanyID:     501,
			ExternalID:    "CQ7RT2K",
			UpdateStatus:  A2PFailed,
			UpdateMessage: "Number 14155550123 is already associated to campaign CNXIO",
			CreatedAt:     isoMillis(2024, 3, 5, 10, 12, 40),
			UpdatedAt:     Timestamp{Time: time.Date(2024, 3, 5, 10, 13, 2, 517e6, time.UTC), Form: FormISOMillis},
			Numbers:       []A2PNumber{"14155550123", "14155550188"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			t.Parallel()
			ts, c := serve(t, "GET /v1/a2p_campaign_associations/{id}", http.StatusOK, tt.fixture)
			got, _, err := c.A2PCampaignAssociations.Get(context.Background(), tt.want.ID)
			if err != nil {
				t.Fatal(err)
			}
			ts.expectRequest(t, http.MethodGet, "/v1/a2p_campaign_associations/"+tt.want.ID.String(), "", "")
			checkDiff(t, "association", tt.want, got)
		})
	}
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

func TestA2PCreate(t *testing.T) {
	t.Parallel()
	ts, c := serve(t, "POST /v1/a2p_campaign_associations", http.StatusCreated, "a2p_create.json")

	got, resp, err := c.A2PCampaignAssociations.Create(context.Background(), &A2PCampaignAssociationCreateParams{
		ExternalCampaignID: "CNXIO",
		Numbers:            []A2PNumber{"1279876456"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusCreated {
		t.Errorf("status = %d", resp.StatusCode)
	}
	// The documented type of numbers is Array<String>: sent as strings.
	ts.expectRequest(t, http.MethodPost, "/v1/a2p_campaign_associations", "", `{"external_campaign_id":"CNXIO","numbers":["1279876456"]}`)
	checkDiff(t, "association", a2p458, got)
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

func TestA2PUpdate(t *testing.T) {
	t.Parallel()
	ts, c := serve(t, "PUT /v1/a2p_campaign_associations/{id}", http.StatusOK, "a2p_update.json")

	got, _, err := c.A2PCampaignAssociations.Update(context.Background(), 458, &A2PCampaignAssociationUpdateParams{Numbers: []A2PNumber{"1279876456", "14155550188"}})
	if err != nil {
		t.Fatal(err)
	}
	ts.expectRequest(t, http.MethodPut, "/v1/a2p_campaign_associations/458", "", `{"numbers":["1279876456","14155550188"]}`)
	checkDiff(t, "association", a2p458, got)
}

func TestA2PDelete(t *testing.T) {
	t.Parallel()
	ts, c := serve(t, "DELETE /v1/a2p_campaign_associations/{id}", http.StatusNoContent, "")

	resp, err := c.A2PCampaignAssociations.Delete(context.Background(), 458)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusNoContent {
		t.Errorf("status = %d", resp.StatusCode)
	}
	ts.expectRequest(t, http.MethodDelete, "/v1/a2p_campaign_associations/458", "", "")
}

func TestA2PLocalValidation(t *testing.T) {
	t.Parallel()
	create := func(p *A2PCampaignAssociationCreateParams) func(*Client) error {
		return func(c *Client) error {
			_, _, err := c.A2PCampaignAssociations.Create(context.Background(), p)
			return err
		}
	}
	update := func(p *A2PCampaignAssociationUpdateParams) func(*Client) error {
		return func(c *Client) error {
			_, _, err := c.A2PCampaignAssociations.Update(context.Background(), 458, p)
			return err
		}
	}
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
