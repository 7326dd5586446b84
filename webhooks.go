package aircall

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"net/url"
)

// Webhook is a registration of a URL that Aircall POSTs events to. Address it
// by WebhookID; the integer ID is deprecated. Encoding follows the wire rule
// (wire.go): events is always sent ([] when empty); id and custom_name are
// left out when empty, as the create answer leaves them out.
type Webhook struct {
	// WebhookID is the webhook's UUID, the identifier to use with Get,
	// Update and Delete.
	WebhookID string `json:"webhook_id"`
	// ID is the deprecated integer identifier. Create and Update answers may
	// omit it; it is then 0.
	ID         ID        `json:"id,omitempty"`
	DirectLink string    `json:"direct_link,omitempty"`
	CreatedAt  Timestamp `json:"created_at"`
	CustomName string    `json:"custom_name,omitempty"`
	URL        string    `json:"url"`
	// Active reports whether events are sent. Aircall deactivates a webhook
	// whose URL keeps failing; Update with Active set re-activates it.
	Active bool `json:"active"`
	// Token is sent in every event body; it identifies the Aircall account
	// (see package webhook).
	Token  string  `json:"token"`
	Events []Event `json:"events"`
}

// MaxWebhooks is the number of webhooks a company can have.
const MaxWebhooks = 100

// MarshalJSON encodes w with events [] when empty (the API always sends
// the list; wire rule, wire.go).
func (w Webhook) MarshalJSON() ([]byte, error) {
	type webhook Webhook // no methods: no recursion
	return json.Marshal(struct {
		webhook
		Events []Event `json:"events"`
	}{webhook(w), orEmpty(w.Events)})
}

// WebhookListOptions orders Webhooks.List and Webhooks.All by creation date.
type WebhookListOptions struct {
	ListOptions
	Order Order `url:"order,omitempty"`
}

// WebhookCreateParams is the body of Webhooks.Create. URL is mandatory.
type WebhookCreateParams struct {
	// URL receives the events: an absolute https URL (plain http is
	// accepted on loopback hosts only, for test servers).
	URL        string `json:"url"`
	CustomName string `json:"custom_name,omitempty"` // Aircall's default is "Webhook"
	// Events to subscribe to; empty subscribes to every event.
	Events []Event `json:"events,omitempty"`
}

// WebhookUpdateParams is the body of Webhooks.Update; nil fields are not
// sent.
//
// The API resets a webhook's events to all events when the events field is
// left out, so the events must be stated on every update: set Events to the
// events wanted (pass the Events of Webhooks.Get to keep them), or set
// AllEvents to subscribe to every event. Update refuses params with neither,
// and with both.
type WebhookUpdateParams struct {
	URL        *string `json:"url,omitempty"`
	CustomName *string `json:"custom_name,omitempty"`
	// Active re-activates (true) or disables (false) the webhook.
	Active *bool   `json:"active,omitempty"`
	Events []Event `json:"events,omitempty"`
	// AllEvents subscribes the webhook to every event, present and future.
	// The SDK then leaves the events field out, which the API documents as
	// "all events"; it does not send today's list of Events().
	AllEvents bool `json:"-"`
	// EventsAction, when set, merges Events into the webhook's current
	// events (EventsAdd) or takes them out (EventsRemove) instead of
	// replacing the list; it is sent as the events_action query param and
	// needs at least one event.
	EventsAction EventsAction `json:"-"`
}

// EventsAction is how Webhooks.Update applies its Events to the webhook's
// current ones.
type EventsAction string

// Events actions of Webhooks.Update. The zero EventsAction replaces the
// list.
const (
	EventsAdd    EventsAction = "add"
	EventsRemove EventsAction = "remove"
)

// List returns one page of webhooks. With Basic auth these are the
// webhooks created in the Dashboard or with Basic auth; with OAuth, only
// those linked to the access token.
//
// Aircall API docs: https://developer.aircall.io/api-references/#list-all-webhooks
func (s *WebhooksService) List(ctx context.Context, opts *WebhookListOptions) ([]*Webhook, *Response, error) {
	return newPager[Webhook](s.client, "/v1/webhooks", "webhooks", opts).list(ctx)
}

// All iterates over every webhook.
// It pages by offset: Aircall cannot filter webhooks by time, so the walk
// cannot use a time cursor as Calls.All does. A webhook created or deleted
// during the walk moves the later ones by one place: a webhook may then be
// yielded twice (after a creation before the page being read) or not at
// all (after a deletion of one already read). Dedupe by ID, or walk again,
// when that matters.
//
// Aircall API docs: https://developer.aircall.io/api-references/#list-all-webhooks
func (s *WebhooksService) All(ctx context.Context, opts *WebhookListOptions) iter.Seq2[*Webhook, error] {
	return newPager[Webhook](s.client, "/v1/webhooks", "webhooks", opts).all(ctx)
}

// Pages iterates over the pages of webhooks, each with its Meta and
// Response.
// Like All, it pages by offset: a change to the webhooks during the walk can
// repeat or skip one.
//
// Aircall API docs: https://developer.aircall.io/api-references/#list-all-webhooks
func (s *WebhooksService) Pages(ctx context.Context, opts *WebhookListOptions) iter.Seq2[*Page[Webhook], error] {
	return newPager[Webhook](s.client, "/v1/webhooks", "webhooks", opts).pages(ctx)
}

// Get returns the webhook whose webhook_id (UUID) is id.
//
// Aircall API docs: https://developer.aircall.io/api-references/#retrieve-a-webhook
func (s *WebhooksService) Get(ctx context.Context, id string) (*Webhook, *Response, error) {
	path, err := webhookPath("Webhooks.Get", id)
	if err != nil {
		return nil, nil, err
	}
	return doOne[Webhook](ctx, s.client, http.MethodGet, path, nil, nil, "webhook")
}

// Create registers a webhook; Aircall starts sending events at once. A
// company has at most MaxWebhooks webhooks.
//
// Aircall API docs: https://developer.aircall.io/api-references/#create-a-webhook
func (s *WebhooksService) Create(ctx context.Context, p *WebhookCreateParams) (*Webhook, *Response, error) {
	const op = "Webhooks.Create"
	if p == nil {
		return nil, nil, paramErr(op, "", "params are required")
	}
	if err := checkWebhookURL(op, p.URL); err != nil {
		return nil, nil, err
	}
	if err := checkEvents(op, p.Events); err != nil {
		return nil, nil, err
	}
	return doOne[Webhook](ctx, s.client, http.MethodPost, "/v1/webhooks", nil, p, "webhook")
}

// Update changes the webhook whose webhook_id is id.
//
// The API resets a webhook to every event when an update leaves events out,
// so Update never sends one without them: it refuses, before sending, params
// that set neither Events nor AllEvents. Set Events to replace the list
// (Webhooks.Get gives the current one), Events with EventsAction to add or
// remove only those, or AllEvents to subscribe to every event on purpose.
//
// Aircall API docs: https://developer.aircall.io/api-references/#update-a-webhook
func (s *WebhooksService) Update(ctx context.Context, id string, p *WebhookUpdateParams) (*Webhook, *Response, error) {
	const op = "Webhooks.Update"
	path, err := webhookPath(op, id)
	if err != nil {
		return nil, nil, err
	}
	switch {
	case p == nil:
		return nil, nil, paramErr(op, "", "params are required")
	case len(p.Events) == 0 && !p.AllEvents:
		return nil, nil, paramErr(op, "events", "must be stated: the API resets a webhook to all events when they are left out; set Events (the current ones come from Webhooks.Get), Events with EventsAction, or AllEvents")
	case len(p.Events) > 0 && p.AllEvents:
		return nil, nil, paramErr(op, "events", "must be empty when AllEvents is set")
	case p.EventsAction != "" && p.EventsAction != EventsAdd && p.EventsAction != EventsRemove:
		return nil, nil, paramErr(op, "events_action", "must be add or remove, got %q", p.EventsAction)
	case p.EventsAction != "" && len(p.Events) == 0:
		return nil, nil, paramErr(op, "events", "must hold the events to %s", p.EventsAction)
	}
	if p.URL != nil {
		if err := checkWebhookURL(op, *p.URL); err != nil {
			return nil, nil, err
		}
	}
	if err := checkEvents(op, p.Events); err != nil {
		return nil, nil, err
	}
	var query url.Values
	if p.EventsAction != "" {
		query = url.Values{"events_action": {string(p.EventsAction)}}
	}
	return doOne[Webhook](ctx, s.client, http.MethodPut, path, query, p, "webhook")
}

// Delete deletes the webhook whose webhook_id is id; Aircall stops sending
// its events.
//
// Aircall API docs: https://developer.aircall.io/api-references/#delete-a-webhook
func (s *WebhooksService) Delete(ctx context.Context, id string) (*Response, error) {
	path, err := webhookPath("Webhooks.Delete", id)
	if err != nil {
		return nil, err
	}
	return s.client.doNoContent(ctx, http.MethodDelete, path, nil, nil)
}

// webhookPath is the path of one webhook, its id escaped.
func webhookPath(op, id string) (string, error) {
	if blank(id) {
		return "", paramErr(op, "webhook_id", "is mandatory")
	}
	return "/v1/webhooks/" + url.PathEscape(id), nil
}

// checkWebhookURL requires an absolute https URL (http on loopback only).
func checkWebhookURL(op, raw string) error {
	if blank(raw) {
		return paramErr(op, "url", "is mandatory")
	}
	if err := checkHTTPS(raw); err != nil {
		return paramErr(op, "url", "%v", err)
	}
	return nil
}

// checkEvents refuses event names Aircall does not document: the API would
// answer 400 for the whole request.
func checkEvents(op string, events []Event) error {
	for _, e := range events {
		if !e.Known() {
			return paramErr(op, "events", "holds %q, which is not a documented event", e)
		}
	}
	return nil
}
