// Package webhooktest helps test code that receives Aircall webhooks: it
// builds event bodies exactly as Aircall posts them and sends them to an
// http.Handler (such as a webhook.Handler) or to a running server.
package webhooktest

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	aircall "github.com/seed1279ea27/aircall-go"
	"github.com/seed1279ea27/aircall-go/internal/hookbody"
)

// Body returns the JSON body of event as Aircall posts it: the event's
// resource, the timestamp ts in Unix seconds, token, and data marshalled
// with encoding/json (an *aircall.Call, *aircall.User, *aircall.Number,
// *aircall.Contact, a map, or a json.RawMessage / []byte holding JSON).
func Body(event aircall.Event, token string, data any, ts time.Time) ([]byte, error) {
	return hookbody.Build(event, token, data, ts)
}

// NewBody is Body for tests, timestamped now: it fails tb on error.
func NewBody(tb testing.TB, event aircall.Event, token string, data any) []byte {
	tb.Helper()
	b, err := Body(event, token, data, time.Now())
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// NewRequest returns the POST request that Aircall would send with body.
func NewRequest(body []byte) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("User-Agent", "Aircall-Webhook")
	return r
}

// Post serves body to h as an Aircall delivery and returns the recorded
// answer.
func Post(h http.Handler, body []byte) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, NewRequest(body))
	return w
}

// Send builds the body of event (see NewBody) and posts it to h.
func Send(tb testing.TB, h http.Handler, event aircall.Event, token string, data any) *httptest.ResponseRecorder {
	tb.Helper()
	return Post(h, NewBody(tb, event, token, data))
}

// Deliver posts body to url with client (http.DefaultClient if nil), as
// Aircall does, and returns the response; the caller closes its body.
func Deliver(ctx context.Context, client *http.Client, url string, body []byte) (*http.Response, error) {
	if client == nil {
		client = http.DefaultClient
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("webhooktest: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Aircall-Webhook")
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("webhooktest: deliver: %w", err)
	}
	return resp, nil
}
