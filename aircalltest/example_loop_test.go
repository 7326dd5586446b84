package aircalltest_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"time"

	aircall "github.com/seed1279ea27/aircall-go"
	"github.com/seed1279ea27/aircall-go/aircalltest"
	"github.com/seed1279ea27/aircall-go/webhook"
)

// The test loop: start a Server (New) and get its Client, create a webhook
// through the Client, read its Token, build a webhook.Handler that checks
// it, simulate a call, and Flush to wait until its events were delivered.
func Example() {
	srv, err := aircalltest.New(aircalltest.WithDemoData(), aircalltest.WithRateLimit(1000, time.Minute))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer srv.Close()
	c, err := srv.Client()
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()

	var handler atomic.Pointer[webhook.Handler] // set once the webhook exists
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if h := handler.Load(); h != nil {
			h.ServeHTTP(w, r)
			return
		}
		http.Error(w, "not ready", http.StatusServiceUnavailable)
	}))
	defer recv.Close()

	hook, _, err := c.Webhooks.Create(ctx, &aircall.WebhookCreateParams{
		URL:    recv.URL,
		Events: []aircall.Event{aircall.EventCallAnswered, aircall.EventCallEnded},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	h, err := webhook.NewHandler(webhook.Tokens(hook.Token))
	if err != nil {
		fmt.Println(err)
		return
	}
	h.OnCall(aircall.EventCallAnswered, func(_ context.Context, ev *webhook.CallEvent) error {
		fmt.Println("answered by", ev.Call.User.Name)
		return nil
	})
	h.OnCall(aircall.EventCallEnded, func(_ context.Context, ev *webhook.CallEvent) error {
		fmt.Printf("ended after %ds\n", ev.Call.Duration)
		return nil
	})
	handler.Store(h)

	if _, err := srv.SimulateInboundCall(aircalltest.AnsweredBy(aircalltest.DemoUserJohn), aircalltest.WithDuration(95*time.Second)); err != nil {
		fmt.Println(err)
		return
	}
	if err := srv.Flush(ctx); err != nil {
		fmt.Println(err)
		return
	}
	// Output:
	// answered by John Doe
	// ended after 95s
}
