package aircall

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"
)

// webhook1001 is the webhook of the spec's Retrieve example.
var webhook1001 = &Webhook{
	WebhookID:  "c2501111-8a69-4342-bb34-bcd6cfe564ab",
	ID:         1001,
	DirectLink: "https://api.aircall.io/v1/webhooks/1001",
	CreatedAt:  isoMillis(2020, 4, 1, 15, 56, 18),
	URL:        "https://my-server.example.com/webhooks/calls",
	Active:     true,
	Token:      "abc123def456ghi789",
	Events:     []Event{EventCallAssigned, EventCallTransferred, EventCallRingingOnAgent},
}

// webhook26316 is the webhook of the spec's Create and Update examples, with
// the given webhook_id and url.
func webhook26316(webhookID, url string) *Webhook {
	return &Webhook{
		WebhookID:  webhookID,
		ID:         26316,
		DirectLink: "https://api.aircall.io/v1/webhooks/26316",
		CreatedAt:  isoMillis(2020, 3, 24, 19, 51, 24),
		URL:        url,
		Active:     true,
		Token:      "df76g76dpziygs567f0",
		Events:     []Event{EventContactCreated, EventContactUpdated, EventContactDeleted},
	}
}

func TestWebhooksEndpoints(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	const id, id2 = "c2501111-8a69-4342-bb34-bcd6cfe564ab", "c2501111-8a69-4342-bb34-bcd6cfe564ac"
	created := webhook26316(id, "https://my-server.example.com/webhooks/contacts")
	updated := webhook26316(id2, "https://my-new-server.example.com/webhooks/contacts")
	update := func(p *WebhookUpdateParams) func(*Client) (any, *Response, error) {
		return func(c *Client) (any, *Response, error) { return c.Webhooks.Update(ctx, id2, p) }
	}
	runFamilyCalls(t, []familyCall{
		{name: "list", pattern: "GET /v1/webhooks", reply: "webhooks_list.json",
			call: func(c *Client) (any, *Response, error) {
				return c.Webhooks.List(ctx, &WebhookListOptions{ListOptions: ListOptions{Page: 2, PerPage: 10}, Order: OrderDesc})
			},
			path: "/v1/webhooks", query: "order=desc&page=2&per_page=10",
			want: []*Webhook{webhook1001, {
				WebhookID:  id2,
				ID:         1002,
				DirectLink: "https://api.aircall.io/v1/webhooks/1002",
				CreatedAt:  isoMillis(2020, 4, 2, 9, 14, 31),
				URL:        "https://my-server.example.com/webhooks/numbers",
				Active:     true,
				Token:      "4567ghi789abc123def",
				Events:     []Event{EventNumberOpened, EventNumberClosed},
			}},
			meta: &Meta{Count: 2, Total: 2, CurrentPage: 1, PerPage: 20}},
		{name: "get", pattern: "GET /v1/webhooks/{id}", reply: "webhooks_get.json",
			call: func(c *Client) (any, *Response, error) { return c.Webhooks.Get(ctx, id) },
			path: "/v1/webhooks/" + id, want: webhook1001},
		{name: "create", pattern: "POST /v1/webhooks", status: http.StatusCreated, reply: "webhooks_create.json",
			call: func(c *Client) (any, *Response, error) {
				return c.Webhooks.Create(ctx, &WebhookCreateParams{
					CustomName: "My Custom Workflow",
					URL:        "https://my-server.example.com/webhooks/contacts",
					Events:     []Event{EventContactCreated, EventContactUpdated, EventContactDeleted},
				})
			},
			path: "/v1/webhooks",
			body: `{"custom_name":"My Custom Workflow","url":"https://my-server.example.com/webhooks/contacts","events":["contact.created","contact.updated","contact.deleted"]}`,
			want: created},
		// No events sends no events key (all events), and an answer without
		// the deprecated integer id, with extra keys, still decodes.
		{name: "create for all events, answer without integer id", pattern: "POST /v1/webhooks", status: http.StatusCreated,
			reply: "webhooks_create_no_id.json",
			call: func(c *Client) (any, *Response, error) {
				return c.Webhooks.Create(ctx, &WebhookCreateParams{URL: "https://crm.example.com/aircall/events"})
			},
			path: "/v1/webhooks", body: `{"url":"https://crm.example.com/aircall/events"}`,
			want: &Webhook{
				WebhookID:  "8f3a2c1e-5b7d-4e9f-a1c3-2d4e6f8a0b1c",
				DirectLink: "https://api.aircall.io/v1/webhooks/8f3a2c1e-5b7d-4e9f-a1c3-2d4e6f8a0b1c",
				CreatedAt:  Timestamp{Time: time.Date(2024, 6, 11, 8, 2, 45, 0, time.UTC), Form: FormISO},
				CustomName: "CRM sync",
				URL:        "https://crm.example.com/aircall/events",
				Active:     true,
				Token:      "7b1e0c9d2a4f6e8b",
				Events:     []Event{EventCallEnded, EventContactCreated},
			}},
		{name: "update with events", pattern: "PUT /v1/webhooks/{id}", reply: "webhooks_update.json",
			call: update(&WebhookUpdateParams{
				URL:    Ptr("https://my-new-server.example.com/webhooks/contacts"),
				Events: []Event{EventContactCreated, EventContactUpdated, EventContactDeleted},
			}),
			path: "/v1/webhooks/" + id2,
			body: `{"url":"https://my-new-server.example.com/webhooks/contacts","events":["contact.created","contact.updated","contact.deleted"]}`,
			want: updated},
		// With EventsAction the events are merged into (add) or removed from
		// (remove) the current list, through the events_action query param;
		// the body carries only the events to change.
		{name: "update, events action add", pattern: "PUT /v1/webhooks/{id}", reply: "webhooks_update.json",
			call: update(&WebhookUpdateParams{Events: []Event{EventCallEnded}, EventsAction: EventsAdd}),
			path: "/v1/webhooks/" + id2, query: "events_action=add", body: `{"events":["call.ended"]}`, want: updated},
		{name: "update, events action remove", pattern: "PUT /v1/webhooks/{id}", reply: "webhooks_update.json",
			call: update(&WebhookUpdateParams{Events: []Event{EventCallEnded}, EventsAction: EventsRemove}),
			path: "/v1/webhooks/" + id2, query: "events_action=remove", body: `{"events":["call.ended"]}`, want: updated},
		// AllEvents leaves the events key out, which the API documents as
		// "registered to all events".
		{name: "update to all events", pattern: "PUT /v1/webhooks/{id}", reply: "webhooks_update.json",
			call: update(&WebhookUpdateParams{Active: Ptr(true), CustomName: Ptr("Everything"), AllEvents: true}),
			path: "/v1/webhooks/" + id2, body: `{"custom_name":"Everything","active":true}`, want: updated},
		// Active false is sent, not dropped as a zero value.
		{name: "update to disable", pattern: "PUT /v1/webhooks/{id}", reply: "webhooks_update.json",
			call: update(&WebhookUpdateParams{Active: Ptr(false), Events: webhook1001.Events}),
			path: "/v1/webhooks/" + id2, body: `{"active":false,"events":["call.assigned","call.transferred","call.ringing_on_agent"]}`,
			want: updated},
		{name: "delete", pattern: "DELETE /v1/webhooks/{id}", status: http.StatusNoContent,
			call: func(c *Client) (any, *Response, error) { return answered(c.Webhooks.Delete(ctx, id)) },
			path: "/v1/webhooks/" + id},
	})
}

func TestWebhooksAll(t *testing.T) {
	t.Parallel()
	ts, c := serve(t, "GET /v1/webhooks", http.StatusOK, "webhooks_list.json")

	var ids []string
	for w, err := range c.Webhooks.All(context.Background(), &WebhookListOptions{Order: OrderAsc}) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, w.WebhookID)
	}
	checkDiff(t, "ids", []string{"c2501111-8a69-4342-bb34-bcd6cfe564ab", "c2501111-8a69-4342-bb34-bcd6cfe564ac"}, ids)
	// One page: next_page_link is null.
	ts.expectRequestCount(t, 1)
	ts.expectRequest(t, http.MethodGet, "/v1/webhooks", "order=asc&page=1&per_page=50", "")
}

func TestWebhooksIDIsPathEscaped(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	var gotID string
	ts.handle("DELETE /v1/webhooks/{id}", func(w http.ResponseWriter, r *http.Request) {
		gotID = r.PathValue("id")
		w.WriteHeader(http.StatusNoContent)
	})
	c := ts.client(t)

	if _, err := c.Webhooks.Delete(context.Background(), "a/b?c"); err != nil {
		t.Fatal(err)
	}
	if gotID != "a/b?c" {
		t.Errorf("server saw id %q, want %q in one segment", gotID, "a/b?c")
	}
	if q := ts.last(t).Query; q != "" {
		t.Errorf("query = %q, want none", q)
	}
}

func TestWebhooksGetNotFound(t *testing.T) {
	t.Parallel()
	_, c := serve(t, "GET /v1/webhooks/{id}", http.StatusNotFound, `{"error":"Not found","troubleshoot":"Id does not exist"}`)

	_, resp, err := c.Webhooks.Get(context.Background(), "c2501111-0000-0000-0000-000000000000")
	if !errors.Is(err, ErrNotFound) {
		t.Fatalf("err = %v, want ErrNotFound", err)
	}
	if resp == nil || resp.StatusCode != http.StatusNotFound {
		t.Errorf("resp = %v", resp)
	}
}

func TestWebhooksCreateServerRefuses(t *testing.T) {
	t.Parallel()
	ts, c := serve(t, "POST /v1/webhooks", http.StatusBadRequest, `{"error":"Bad request","troubleshoot":"Company reached their maximum Webhooks count (100)"}`)

	_, _, err := c.Webhooks.Create(context.Background(), &WebhookCreateParams{URL: "https://example.com/hook"})
	var ae *APIError
	if !errors.As(err, &ae) || !errors.Is(err, ErrValidation) || ae.Troubleshoot != "Company reached their maximum Webhooks count (100)" {
		t.Fatalf("err = %v, want a 400 APIError with the troubleshoot", err)
	}
	// A POST 400 is not retried.
	ts.expectRequestCount(t, 1)
}

func TestWebhooksLocalValidation(t *testing.T) {
	t.Parallel()
	const id = "c2501111-8a69-4342-bb34-bcd6cfe564ab"
	create := paramCall(func(c *Client, p *WebhookCreateParams) error {
		return errOf(c.Webhooks.Create(context.Background(), p))
	})
	update := paramCall(func(c *Client, p *WebhookUpdateParams) error {
		return errOf(c.Webhooks.Update(context.Background(), id, p))
	})
	tests := []paramCase{
		{"update without events", update(&WebhookUpdateParams{Active: Ptr(true)}), "events"},
		{"update with an empty events list", update(&WebhookUpdateParams{Events: []Event{}}), "events"},
		{"update with events and AllEvents", update(&WebhookUpdateParams{Events: []Event{EventCallEnded}, AllEvents: true}), "events"},
		{"update with an unknown event", update(&WebhookUpdateParams{Events: []Event{EventCallEnded, "call.exploded"}}), "events"},
		{"update with a bad url", update(&WebhookUpdateParams{URL: Ptr("not a url"), AllEvents: true}), "url"},
		{"events_action without events", update(&WebhookUpdateParams{EventsAction: EventsAdd, Active: Ptr(true)}), "events"},
		{"events_action with AllEvents only", update(&WebhookUpdateParams{EventsAction: EventsRemove, AllEvents: true}), "events"},
		{"unknown events_action", update(&WebhookUpdateParams{EventsAction: "replace", Events: []Event{EventCallEnded}}), "events_action"},
		{"update nil params", update(nil), ""},
		{"update empty id", func(c *Client) error {
			return errOf(c.Webhooks.Update(context.Background(), "", &WebhookUpdateParams{AllEvents: true}))
		}, "webhook_id"},
		{"get empty id", func(c *Client) error { return errOf(c.Webhooks.Get(context.Background(), " ")) }, "webhook_id"},
		{"delete empty id", func(c *Client) error {
			_, err := c.Webhooks.Delete(context.Background(), "")
			return err
		}, "webhook_id"},
		{"create without url", create(&WebhookCreateParams{Events: []Event{EventCallEnded}}), "url"},
		{"create with a relative url", create(&WebhookCreateParams{URL: "/webhooks/calls"}), "url"},
		{"create with plain http off loopback", create(&WebhookCreateParams{URL: "http://my-server.example.com/hook"}), "url"},
		{"create with an ftp url", create(&WebhookCreateParams{URL: "ftp://my-server.example.com/hook"}), "url"},
		{"create with an unknown event", create(&WebhookCreateParams{URL: "https://example.com/h", Events: []Event{"call.Ended"}}), "events"},
		{"create nil params", create(nil), ""},
	}
	runParamCases(t, tests)
}

func TestWebhooksCreateLoopbackHTTPAllowed(t *testing.T) {
	t.Parallel()
	_, c := serve(t, "POST /v1/webhooks", http.StatusCreated, "webhooks_create_no_id.json")

	if _, _, err := c.Webhooks.Create(context.Background(), &WebhookCreateParams{URL: "http://127.0.0.1:8080/hook"}); err != nil {
		t.Fatalf("a loopback receiver must be accepted: %v", err)
	}
}
