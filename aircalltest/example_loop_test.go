package aircalltest_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
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

	// The receiver's address is known before it serves: the webhook is
	// created first, and the Handler checks the token of its answer.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Println(err)
		return
	}
	hook, _, err := c.Webhooks.Create(ctx, &aircall.WebhookCreateParams{
		URL:    "http://" + l.Addr().String() + "/aircall",
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
	recv := &httptest.Server{Listener: l, Config: &http.Server{Handler: h}}
	recv.Start()
	defer recv.Close()

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
