package webhook

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	aircall "github.com/seed1279ea27/aircall-go"
)

// TestParseReportsDropsInsideSelfDecodingTypes checks issue 18 (a) on
// events whose data decode themselves leniently (a message.* event's
// Message, a summary.created event's Summary): a value that does not fit
// inside them is listed in Event.Dropped with its path from the root of the
// body, whether the data is decoded in the same pass as the envelope (token
// first) or in a second pass (data first); the rest decodes, and Raw is the
// data as received.
func TestParseReportsDropsInsideSelfDecodingTypes(t *testing.T) {
	t.Parallel()
	message := `{"id":"1779973482001abcdefghijkl1234","direction":"outbound","external_number":"+44 7474 626067",` +
		`"body":"Your order has shipped.","status":"sent","origin":"native",` +
		`"media_details":{"file_name":"label.pdf","file_type":"application/pdf"},` +
		`"created_at":1772530799512,"sent_at":1772530800020,"number":{"id":1284757,"name":"Support Line"}}`
	summary := `{"id":5520,"call_id":"812","created_at":"2026-03-03T09:41:12.000Z","content":["The customer asked about a delayed order."]}`
	envelopes := map[string]func(event, resource, data string) string{
		"token first": func(event, resource, data string) string {
			return `{"resource":"` + resource + `","event":"` + event + `","timestamp":1772530800,"token":"45XXYYZZa08","data":` + data + `}`
		},
		"data first": func(event, resource, data string) string {
			return `{"data":` + data + `,"resource":"` + resource + `","event":"` + event + `","timestamp":1772530800,"token":"45XXYYZZa08"}`
		},
	}
	for name, envelope := range envelopes {
		ev, err := Parse([]byte(envelope("message.sent", "message", message)), Tokens(testToken))
		if err != nil {
			t.Fatalf("%s: message.sent: %v", name, err)
		}
		if d := cmp.Diff([]aircall.DecodeIssue{{Path: "/data/media_details", Want: "[]*aircall.MediaDetail"}}, ev.Dropped); d != "" {
			t.Errorf("%s: message.sent: Dropped (-want +got):\n%s", name, d)
		}
		m := ev.Message()
		if m == nil || m.Body != "Your order has shipped." || m.MediaDetails != nil || m.Number == nil || m.Number.ID != 1284757 || string(m.Raw) != message {
			t.Errorf("%s: message %+v", name, m)
		}

		ev, err = Parse([]byte(envelope("summary.created", "summary", summary)), Tokens(testToken))
		if err != nil {
			t.Fatalf("%s: summary.created: %v", name, err)
		}
		if d := cmp.Diff([]aircall.DecodeIssue{{Path: "/data/content", Want: "string"}}, ev.Dropped); d != "" {
			t.Errorf("%s: summary.created: Dropped (-want +got):\n%s", name, d)
		}
		if s := ev.Summary(); s == nil || s.ID != 5520 || s.CallID != 812 || s.CreatedAt.IsZero() || s.Content != "" {
			t.Errorf("%s: summary %+v", name, s)
		}
	}
}
