// Package hookbody builds the body of a webhook event as Aircall posts it,
// for webhooktest (receivers' tests) and aircalltest (the fake's
// deliveries), so that both send the same bytes. It does not import testing:
// aircalltest is linked into programs.
package hookbody

import (
	"encoding/json"
	"fmt"
	"time"

	aircall "github.com/seed1279ea27/aircall-go"
)

// envelope is the body Aircall posts.
type envelope struct {
	Resource  string          `json:"resource"`
	Event     aircall.Event   `json:"event"`
	Timestamp int64           `json:"timestamp"`
	Token     string          `json:"token"`
	Data      json.RawMessage `json:"data"`
}

// Build returns the JSON body of event as Aircall posts it: the event's
// resource, the timestamp ts in Unix seconds, token, and data marshalled
// with encoding/json (an *aircall.Call, *aircall.User, *aircall.Number,
// *aircall.Contact, a map, or a json.RawMessage / []byte holding JSON).
func Build(event aircall.Event, token string, data any, ts time.Time) ([]byte, error) {
	var raw []byte
	switch d := data.(type) {
	case json.RawMessage:
		raw = d
	case []byte:
		raw = d
	default:
		b, err := json.Marshal(data)
		if err != nil {
			return nil, fmt.Errorf("webhooktest: marshal %s data: %w", event, err)
		}
		raw = b
	}
	if !json.Valid(raw) {
		return nil, fmt.Errorf("webhooktest: %s data is not valid JSON", event)
	}
	return json.Marshal(envelope{
		Resource:  event.Resource(),
		Event:     event,
		Timestamp: ts.Unix(),
		Token:     token,
		Data:      raw,
	})
}
