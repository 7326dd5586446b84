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

func TestWebhooksList(t *testing.T) {
	t.Parallel()
	ts, c := serve(t, "GET /v1/webhooks", http.StatusOK, "webhooks_list.json")

	got, resp, err := c.Webhooks.List(context.Background(), &WebhookListOptions{ListOptions: ListOptions{Page: 2, PerPage: 10}, Order: OrderDesc})
	if err != nil {
		t.Fatal(err)
	}
	ts.expectRequest(t, http.MethodGet, "/v1/webhooks", "order=desc&page=2&per_page=10", "")
	want := []*Webhook{webhook1001, {
		WebhookID:  "c2501111-8a69-4342-bb34-bcd6cfe564ac",
		ID:         1002,
		DirectLink: "https://api.aircall.io/v1/webhooks/1002",
		CreatedAt:  isoMillis(2020, 4, 2, 9, 14, 31),
		URL:        "https://my-server.example.com/webhooks/numbers",
		Active:     true,
		Token:      "4567ghi789abc123def",
		Events:     []Event{EventNumberOpened, EventNumberClosed},
	}}
	checkDiff(t, "webhooks", want, got)
	checkDiff(t, "meta", &Meta{Count: 2, Total: 2, CurrentPage: 1, PerPage: 20}, resp.Meta)
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
	if n := ts.requests.Load(); n != 1 {
		t.Errorf("requests = %d, want 1 (next_page_link is null)", n)
	}
	ts.expectRequest(t, http.MethodGet, "/v1/webhooks", "order=asc&page=1&per_page=50", "")
}

func TestWebhooksGet(t *testing.T) {
	t.Parallel()
	ts, c := serve(t, "GET /v1/webhooks/{id}", http.StatusOK, "webhooks_get.json")

	got, _, err := c.Webhooks.Get(context.Background(), "c2501111-8a69-4342-bb34-bcd6cfe564ab")
	if err != nil {
		t.Fatal(err)
	}
	ts.expectRequest(t, http.MethodGet, "/v1/webhooks/c2501111-8a69-4342-bb34-bcd6cfe564ab", "", "")
	checkDiff(t, "webhook", webhook1001, got)
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

func TestWebhooksCreate(t *testing.T) {
	t.Parallel()
	ts, c := serve(t, "POST /v1/webhooks", http.StatusCreated, "webhooks_create.json")

	got, resp, err := c.Webhooks.Create(context.Background(), &WebhookCreateParams{
		CustomName: "My Custom Workflow",
		URL:        "https://my-server.example.com/webhooks/contacts",
		Events:     []Event{EventContactCreated, EventContactUpdated, EventContactDeleted},
	})
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusCreated {
		t.Errorf("status = %d", resp.StatusCode)
	}
	ts.expectRequest(t, http.MethodPost, "/v1/webhooks", "",
		`{"custom_name":"My Custom Workflow","url":"https://my-server.example.com/webhooks/contacts","events":["contact.created","contact.updated","contact.deleted"]}`)
	checkDiff(t, "webhook", webhook26316("c2501111-8a69-4342-bb34-bcd6cfe564ab", "https://my-server.example.com/webhooks/contacts"), got)
}

// TestWebhooksCreateAllEventsNoIntegerID: no events sends no events key (all
// events), and an answer without the deprecated integer id, with extra keys,
// still decodes.
func TestWebhooksCreateAllEventsNoIntegerID(t *testing.T) {
	t.Parallel()
	ts, c := serve(t, "POST /v1/webhooks", http.StatusCreated, "webhooks_create_no_id.json")

	got, _, err := c.Webhooks.Create(context.Background(), &WebhookCreateParams{URL: "https://crm.example.com/aircall/events"})
	if err != nil {
		t.Fatal(err)
	}
	ts.expectRequest(t, http.MethodPost, "/v1/webhooks", "", `{"url":"https://crm.example.com/aircall/events"}`)
	want := &Webhook{
		WebhookID:  "8f3a2c1e-5b7d-4e9f-a1c3-2d4e6f8a0b1c",
		DirectLink: "https://api.aircall.io/v1/webhooks/8f3a2c1e-5b7d-4e9f-a1c3-2d4e6f8a0b1c",
		CreatedAt:  Timestamp{Time: time.Date(2024, 6, 11, 8, 2, 45, 0, time.UTC), Form: FormISO},
		CustomName: "CRM sync",
		URL:        "https://crm.example.com/aircall/events",
		Active:     true,
		Token:      "7b1e0c9d2a4f6e8b",
		Events:     []Event{EventCallEnded, EventContactCreated},
	}
	checkDiff(t, "webhook", want, got)
}

func TestWebhooksCreateServerRefuses(t *testing.T) {
	t.Parallel()
	ts, c := serve(t, "POST /v1/webhooks", http.StatusBadRequest, `{"error":"Bad request","troubleshoot":"Company reached their maximum Webhooks count (100)"}`)

	_, _, err := c.Webhooks.Create(context.Background(), &WebhookCreateParams{URL: "https://example.com/hook"})
	var ae *APIError
	if !errors.As(err, &ae) || !errors.Is(err, ErrValidation) || ae.Troubleshoot != "Company reached their maximum Webhooks count (100)" {
		t.Fatalf("err = %v, want a 400 APIError with the troubleshoot", err)
	}
	if n := ts.requests.Load(); n != 1 {
		t.Errorf("requests = %d, want 1 (a POST 400 is not retried)", n)
	}
}

func TestWebhooksUpdateWithEvents(t *testing.T) {
	t.Parallel()
	ts, c := serve(t, "PUT /v1/webhooks/{id}", http.StatusOK, "webhooks_update.json")

	got, _, err := c.Webhooks.Update(context.Background(), "c2501111-8a69-4342-bb34-bcd6cfe564ac", &WebhookUpdateParams{
		URL:    Ptr("https://my-new-server.example.com/webhooks/contacts"),
		Events: []Event{EventContactCreated, EventContactUpdated, EventContactDeleted},
	})
	if err != nil {
		t.Fatal(err)
	}
	ts.expectRequest(t, http.MethodPut, "/v1/webhooks/c2501111-8a69-4342-bb34-bcd6cfe564ac", "",
		`{"url":"https://my-new-server.example.com/webhooks/contacts","events":["contact.created","contact.updated","contact.deleted"]}`)
	checkDiff(t, "webhook", webhook26316("c2501111-8a69-4342-bb34-bcd6cfe564ac", "https://my-new-server.example.com/webhooks/contacts"), got)
}

// TestWebhooksUpdateEventsAction: with EventsAction the events are merged
// into (add) or removed from (remove) the current list, through the
// events_action query param; the body carries only the events to change.
func TestWebhooksUpdateEventsAction(t *testing.T) {
	t.Parallel()
	for _, action := range []EventsAction{EventsAdd, EventsRemove} {
		t.Run(string(action), func(t *testing.T) {
			t.Parallel()
			ts, c := serve(t, "PUT /v1/webhooks/{id}", http.StatusOK, "webhooks_update.json")
			_, _, err := c.Webhooks.Update(context.Background(), "c2501111-8a69-4342-bb34-bcd6cfe564ac", &WebhookUpdateParams{
				Events:       []Event{EventCallEnded},
				EventsAction: action,
			})
			if err != nil {
				t.Fatal(err)
			}
			ts.expectRequest(t, http.MethodPut, "/v1/webhooks/c2501111-8a69-4342-bb34-bcd6cfe564ac", "events_action="+string(action), `{"events":["call.ended"]}`)
		})
	}
}

// TestWebhooksUpdateAllEvents: AllEvents leaves the events key out, which
// the API documents as "registered to all events".
func TestWebhooksUpdateAllEvents(t *testing.T) {
	t.Parallel()
	ts, c := serve(t, "PUT /v1/webhooks/{id}", http.StatusOK, "webhooks_update.json")

	_, _, err := c.Webhooks.Update(context.Background(), "c2501111-8a69-4342-bb34-bcd6cfe564ac", &WebhookUpdateParams{
		Active:     Ptr(true),
		CustomName: Ptr("Everything"),
		AllEvents:  true,
	})
	if err != nil {
		t.Fatal(err)
	}
	// No events key.
	ts.expectRequest(t, http.MethodPut, "/v1/webhooks/c2501111-8a69-4342-bb34-bcd6cfe564ac", "", `{"custom_name":"Everything","active":true}`)
}

// TestWebhooksUpdateDisable: Active false is sent, not dropped as a zero
// value.
func TestWebhooksUpdateDisable(t *testing.T) {
	t.Parallel()
	ts, c := serve(t, "PUT /v1/webhooks/{id}", http.StatusOK, "webhooks_update.json")

	_, _, err := c.Webhooks.Update(context.Background(), "c2501111-8a69-4342-bb34-bcd6cfe564ac", &WebhookUpdateParams{
		Active: Ptr(false),
		Events: webhook1001.Events,
	})
	if err != nil {
		t.Fatal(err)
	}
	ts.expectRequest(t, http.MethodPut, "/v1/webhooks/c2501111-8a69-4342-bb34-bcd6cfe564ac", "",
		`{"active":false,"events":["call.assigned","call.transferred","call.ringing_on_agent"]}`)
}

func TestWebhooksDelete(t *testing.T) {
	t.Parallel()
	ts, c := serve(t, "DELETE /v1/webhooks/{id}", http.StatusNoContent, "")

	resp, err := c.Webhooks.Delete(context.Background(), "c2501111-8a69-4342-bb34-bcd6cfe564ab")
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusNoContent {
		t.Errorf("status = %d", resp.StatusCode)
	}
	ts.expectRequest(t, http.MethodDelete, "/v1/webhooks/c2501111-8a69-4342-bb34-bcd6cfe564ab", "", "")
}

func TestWebhooksLocalValidation(t *testing.T) {
	t.Parallel()
	const id = "c2501111-8a69-4342-bb34-bcd6cfe564ab"
	tests := []paramCase{
		{"update without events", func(c *Client) error {
			_, _, err := c.Webhooks.Update(context.Background(), id, &WebhookUpdateParams{Active: Ptr(true)})
			return err
		}, "events"},
		{"update with an empty events list", func(c *Client) error {
			_, _, err := c.Webhooks.Update(context.Background(), id, &WebhookUpdateParams{Events: []Event{}})
			return err
		}, "events"},
		{"update with events and AllEvents", func(c *Client) error {
			_, _, err := c.Webhooks.Update(context.Background(), id, &WebhookUpdateParams{Events: []Event{EventCallEnded}, AllEvents: true})
			return err
		}, "events"},
		{"update with an unknown event", func(c *Client) error {
			_, _, err := c.Webhooks.Update(context.Background(), id, &WebhookUpdateParams{Events: []Event{EventCallEnded, "call.exploded"}})
			return err
		}, "events"},
		{"update with a bad url", func(c *Client) error {
			_, _, err := c.Webhooks.Update(context.Background(), id, &WebhookUpdateParams{URL: Ptr("not a url"), AllEvents: true})
			return err
		}, "url"},
		{"events_action without events", func(c *Client) error {
			_, _, err := c.Webhooks.Update(context.Background(), id, &WebhookUpdateParams{EventsAction: EventsAdd, Active: Ptr(true)})
			return err
		}, "events"},
		{"events_action with AllEvents only", func(c *Client) error {
			_, _, err := c.Webhooks.Update(context.Background(), id, &WebhookUpdateParams{EventsAction: EventsRemove, AllEvents: true})
			return err
		}, "events"},
		{"unknown events_action", func(c *Client) error {
			_, _, err := c.Webhooks.Update(context.Background(), id, &WebhookUpdateParams{EventsAction: "replace", Events: []Event{EventCallEnded}})
			return err
		}, "events_action"},
		{"update nil params", func(c *Client) error {
			_, _, err := c.Webhooks.Update(context.Background(), id, nil)
			return err
		}, ""},
		{"update empty id", func(c *Client) error {
			_, _, err := c.Webhooks.Update(context.Background(), "", &WebhookUpdateParams{AllEvents: true})
			return err
		}, "webhook_id"},
		{"get empty id", func(c *Client) error {
			_, _, err := c.Webhooks.Get(context.Background(), " ")
			return err
		}, "webhook_id"},
		{"delete empty id", func(c *Client) error {
			_, err := c.Webhooks.Delete(context.Background(), "")
			return err
		}, "webhook_id"},
		{"create without url", func(c *Client) error {
			_, _, err := c.Webhooks.Create(context.Background(), &WebhookCreateParams{Events: []Event{EventCallEnded}})
			return err
		}, "url"},
		{"create with a relative url", func(c *Client) error {
			_, _, err := c.Webhooks.Create(context.Background(), &WebhookCreateParams{URL: "/webhooks/calls"})
			return err
		}, "url"},
		{"create with plain http off loopback", func(c *Client) error {
			_, _, err := c.Webhooks.Create(context.Background(), &WebhookCreateParams{URL: "http://my-server.example.com/hook"})
			return err
		}, "url"},
		{"create with an ftp url", func(c *Client) error {
			_, _, err := c.Webhooks.Create(context.Background(), &WebhookCreateParams{URL: "ftp://my-server.example.com/hook"})
			return err
		}, "url"},
		{"create with an unknown event", func(c *Client) error {
			_, _, err := c.Webhooks.Create(context.Background(), &WebhookCreateParams{URL: "https://example.com/h", Events: []Event{"call.Ended"}})
			return err
		}, "events"},
		{"create nil params", func(c *Client) error {
			_, _, err := c.Webhooks.Create(context.Background(), nil)
			return err
		}, ""},
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
