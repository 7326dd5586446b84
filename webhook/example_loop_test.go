package webhook_test

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"time"

	aircall "github.com/seed1279ea27/aircall-go"
	"github.com/seed1279ea27/aircall-go/aircalltest"
	"github.com/seed1279ea27/aircall-go/webhook"
)

// ExampleNewHandler_loop is the receiver loop end to end, against the fake
// Aircall of package aircalltest: register the webhook, read its Token
// from the answer, build the Handler that checks it, and receive a call's
// events.
func ExampleNewHandler_loop() {
	srv, err := aircalltest.New(aircalltest.WithDemoData())
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	ctx := context.Background()
	var receiver atomic.Pointer[webhook.Handler] // set once the webhook exists
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if h := receiver.Load(); h != nil {
			h.ServeHTTP(w, r)
			return
		}
		http.Error(w, "not ready", http.StatusServiceUnavailable)
	}))
	defer recv.Close()
	c, err := srv.Client() // in production: aircall.NewClient(aircall.WithBasicAuth(apiID, apiToken))
	if err != nil {
		log.Fatal(err)
	}

	hook, _, err := c.Webhooks.Create(ctx, &aircall.WebhookCreateParams{
		URL:    recv.URL + "/aircall/webhook",
		Events: []aircall.Event{aircall.EventCallEnded},
	})
	if err != nil {
		log.Fatal(err)
	}
	// The token is in Create's answer (and Webhooks.Get's): store it with
	// the receiver's configuration, as AIRCALL_WEBHOOK_TOKEN for instance.
	h, err := webhook.NewHandler(webhook.Tokens(hook.Token))
	if err != nil {
		log.Fatal(err)
	}
	h.OnCall(aircall.EventCallEnded, func(ctx context.Context, ev *webhook.CallEvent) error {
		fmt.Printf("call ended after %ds\n", ev.Call.Duration)
		return nil
	})
	receiver.Store(h)

	if _, err := srv.SimulateInboundCall(aircalltest.OnNumber(aircalltest.DemoNumberFrance),
		aircalltest.AnsweredBy(aircalltest.DemoUserJohn), aircalltest.WithDuration(95*time.Second)); err != nil {
		log.Fatal(err)
	}
	if err := srv.Flush(ctx); err != nil { // wait for the deliveries
		log.Fatal(err)
	}
	// Output: call ended after 95s
}
