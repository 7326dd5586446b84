package webhook_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"time"

	aircall "github.com/seed1279ea27/aircall-go"
	"github.com/seed1279ea27/aircall-go/webhook"
	"github.com/seed1279ea27/aircall-go/webhook/webhooktest"
)

// ExampleNewHandler serves a receiver over HTTP and delivers one event to
// it as Aircall does. Aircall does not sign bodies: it puts the webhook's
// token in every body, and the Handler compares it in constant time.
func ExampleNewHandler() {
	os.Setenv("AIRCALL_WEBHOOK_TOKEN", "45XXYYZZa08") // in production, set in the environment
	defer os.Unsetenv("AIRCALL_WEBHOOK_TOKEN")

	h, err := webhook.NewHandler(webhook.Tokens(os.Getenv("AIRCALL_WEBHOOK_TOKEN")))
	if err != nil {
		log.Fatal(err) // no token configured: every event would be refused
	}
	h.OnCall(aircall.EventCallEnded, func(ctx context.Context, ev *webhook.CallEvent) error {
		fmt.Printf("call %d ended after %ds\n", ev.Call.ID, ev.Call.Duration)
		return nil // an error answers 500, and Aircall delivers the event again
	})
	mux := http.NewServeMux()
	mux.Handle("POST /aircall/webhook", h)

	srv := httptest.NewServer(mux) // in production, http.ListenAndServe
	defer srv.Close()
	body, err := webhooktest.Body(aircall.EventCallEnded, "45XXYYZZa08", &aircall.Call{ID: 812, Duration: 95}, time.Now())
	if err != nil {
		log.Fatal(err)
	}
	resp, err := webhooktest.Deliver(context.Background(), srv.Client(), srv.URL+"/aircall/webhook", body)
	if err != nil {
		log.Fatal(err)
	}
	resp.Body.Close()
	fmt.Println(resp.StatusCode)
	// Output:
	// call 812 ended after 95s
	// 200
}

// ExampleWithAsync acknowledges events before handling them, so a slow
// handler never makes Aircall wait. Since Aircall has its 200 already, a
// handler error does not make Aircall deliver the event again: it reaches
// WithErrorHandler, where the event can be kept for a retry of your own.
func ExampleWithAsync() {
	h, err := webhook.NewHandler(webhook.Tokens("45XXYYZZa08"),
		webhook.WithAsync(1, 100), // one worker, up to 100 queued events
		webhook.WithErrorHandler(func(ctx context.Context, ev *webhook.Event, err error) {
			fmt.Println("failed:", ev.Name, err)
		}),
		webhook.WithLogger(slog.New(slog.DiscardHandler)),
	)
	if err != nil {
		log.Fatal(err)
	}
	h.OnCall(aircall.EventCallEnded, func(ctx context.Context, ev *webhook.CallEvent) error {
		if ev.Call.ID == 2 {
			return errors.New("CRM is down")
		}
		fmt.Println("handled call", ev.Call.ID)
		return nil
	})
	var codes []int
	for _, id := range []aircall.ID{1, 2} {
		body, err := webhooktest.Body(aircall.EventCallEnded, "45XXYYZZa08", &aircall.Call{ID: id}, time.Now())
		if err != nil {
			log.Fatal(err)
		}
		codes = append(codes, webhooktest.Post(h, body).Code)
	}
	// Shutdown waits for the queued events (after the http.Server's Shutdown).
	if err := h.Shutdown(context.Background()); err != nil {
		log.Fatal(err)
	}
	fmt.Println("answered", codes)
	// Output:
	// handled call 1
	// failed: call.ended CRM is down
	// answered [200 200]
}

// ExampleTokenAccounts serves several companies from one receiver: each
// company's webhook has its own token, mapped to the account it belongs to.
func ExampleTokenAccounts() {
	type tenant struct{ Name string }
	h, err := webhook.NewHandler(webhook.TokenAccounts(map[string]tenant{
		"tok-acme-45XXYYZZa08":   {Name: "Acme"},
		"tok-globex-77AABBCCd19": {Name: "Globex"},
	}), webhook.WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		log.Fatal(err)
	}
	h.OnAnyCall(func(ctx context.Context, ev *webhook.CallEvent) error {
		t := ev.Account.(tenant) // also webhook.AccountFromContext(ctx)
		fmt.Println(t.Name, ev.Name, ev.Call.ID)
		return nil
	})
	for _, token := range []string{"tok-globex-77AABBCCd19", "tok-acme-45XXYYZZa08", "tok-unknown"} {
		body, err := webhooktest.Body(aircall.EventCallCreated, token, &aircall.Call{ID: 900}, time.Now())
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(webhooktest.Post(h, body).Code)
	}
	// Output:
	// Globex call.created 900
	// 200
	// Acme call.created 900
	// 200
	// 401
}

// ExampleNewMemoryDeduper drops redeliveries: Aircall delivers an event
// again when its first answer was lost or slow. An event whose handler
// failed is not remembered, so its redelivery is handled.
func ExampleNewMemoryDeduper() {
	fail := true
	h, err := webhook.NewHandler(webhook.Tokens("45XXYYZZa08"),
		webhook.WithDeduper(webhook.NewMemoryDeduper(0)), // one process; share a store across several
		webhook.WithLogger(slog.New(slog.DiscardHandler)),
	)
	if err != nil {
		log.Fatal(err)
	}
	h.OnCall(aircall.EventCallTagged, func(ctx context.Context, ev *webhook.CallEvent) error {
		if fail {
			fail = false
			return errors.New("database busy")
		}
		fmt.Println("tagged call", ev.Call.ID)
		return nil
	})
	body, err := webhooktest.Body(aircall.EventCallTagged, "45XXYYZZa08", &aircall.Call{ID: 812}, time.Unix(1585002060, 0))
	if err != nil {
		log.Fatal(err)
	}
	for range 3 { // the same delivery three times
		fmt.Println(webhooktest.Post(h, body).Code)
	}
	// Output:
	// 500
	// tagged call 812
	// 200
	// 200
}
