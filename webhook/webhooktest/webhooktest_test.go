package webhooktest_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	aircall "github.com/seed1279ea27/aircall-go"
	"github.com/seed1279ea27/aircall-go/webhook"
	"github.com/seed1279ea27/aircall-go/webhook/webhooktest"
)

func TestBody(t *testing.T) {
	t.Parallel()
	b, err := webhooktest.Body(aircall.EventNumberOpened, "45XXYYZZa08", &aircall.Number{ID: 1234, Name: "French Office", Open: true}, time.Unix(158556187, 0))
	if err != nil {
		t.Fatal(err)
	}
	want := `{"resource":"number","event":"number.opened","timestamp":158556187,"token":"45XXYYZZa08",
	  "data":{"id":1234,"name":"French Office","digits":"","created_at":null,"open":true,"is_ivr":false,
	  "live_recording_activated":false,"priority":null}}`
	var w, g any
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(w, g); d != "" {
		t.Errorf("body (-want +got):\n%s", d)
	}
	for _, raw := range []any{json.RawMessage(`{"integration_id":42}`), []byte(`{"integration_id":42}`)} {
		b, err := webhooktest.Body(aircall.EventIntegrationDeleted, "t", raw, time.Unix(1, 0))
		if err != nil {
			t.Fatal(err)
		}
		ev, err := webhook.Parse(b, webhook.Tokens("t"))
		if err != nil || ev.Integration() == nil || ev.Integration().IntegrationID != 42 || ev.Resource != "integration" {
			t.Errorf("Parse(Body) = %v, %v", ev, err)
		}
	}
	if _, err := webhooktest.Body(aircall.EventCallEnded, "t", json.RawMessage(`{"id":`), time.Now()); err == nil {
		t.Error("invalid raw data accepted")
	}
	if _, err := webhooktest.Body(aircall.EventCallEnded, "t", make(chan int), time.Now()); err == nil {
		t.Error("unmarshallable data accepted")
	}
}

func TestPostAndDeliver(t *testing.T) {
	t.Parallel()
	h, err := webhook.NewHandler(webhook.Tokens("tok"))
	if err != nil {
		t.Fatal(err)
	}
	got := make(chan aircall.ID, 2)
	h.OnContact(aircall.EventContactCreated, func(_ context.Context, ev *webhook.ContactEvent) error {
		got <- ev.Contact.ID
		return nil
	})
	if w := webhooktest.Send(t, h, aircall.EventContactCreated, "tok", &aircall.Contact{ID: 719}); w.Code != http.StatusOK || <-got != 719 {
		t.Errorf("Send: status %d", w.Code)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	resp, err := webhooktest.Deliver(context.Background(), srv.Client(), srv.URL, webhooktest.NewBody(t, aircall.EventContactCreated, "tok", &aircall.Contact{ID: 720}))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || <-got != 720 {
		t.Errorf("Deliver: status %d", resp.StatusCode)
	}
	if r := webhooktest.NewRequest(nil); r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/json" {
		t.Errorf("NewRequest: %s %v", r.Method, r.Header)
	}
}
