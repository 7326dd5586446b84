package main

import (
	"context"
	"net"
	"net/http"
	"testing"
	"time"

	aircall "github.com/seed1279ea27/aircall-go"
	"github.com/seed1279ea27/aircall-go/aircallredis/internal/redistest"
	"github.com/seed1279ea27/aircall-go/aircalltest"
	"github.com/seed1279ea27/aircall-go/webhook/webhooktest"
)

// TestTwoReplicas runs two replicas on one Redis against the fake Aircall:
// a simulated call's call.ended reaches one replica, its redelivery the
// other, and a worker of either fetches the call once.
func TestTwoReplicas(t *testing.T) {
	srv := redistest.Start(t, false)
	api, err := aircalltest.New(aircalltest.WithDemoData())
	if err != nil {
		t.Fatal(err)
	}
	defer api.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var ls []net.Listener
	for range 2 {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		ls = append(ls, l)
	}
	c, err := api.Client()
	if err != nil {
		t.Fatal(err)
	}
	hook, _, err := c.Webhooks.Create(ctx, &aircall.WebhookCreateParams{
		URL: "http://" + ls[0].Addr().String() + "/aircall", Events: []aircall.Event{aircall.EventCallEnded},
	})
	if err != nil {
		t.Fatal(err)
	}
	cfg := config{RedisAddr: srv.Addr(), APIID: api.APIID(), APIToken: api.APIToken(), BaseURL: api.URL(), WebhookToken: hook.Token}
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 2)
	for _, l := range ls {
		go func() { done <- run(runCtx, cfg, l) }()
	}

	if _, err := api.SimulateInboundCall(); err != nil {
		t.Fatal(err)
	}
	if err := api.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	var ended []aircalltest.Delivery
	for _, d := range api.Deliveries() {
		if d.Event == aircall.EventCallEnded {
			ended = append(ended, d)
		}
	}
	if len(ended) != 1 || !ended[0].OK() {
		t.Fatalf("call.ended deliveries %+v, want one answered 2xx", ended)
	}
	// Aircall redelivers it; the load balancer picks the other replica.
	resp, err := webhooktest.Deliver(ctx, nil, "http://"+ls[1].Addr().String()+"/aircall", ended[0].Body)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("redelivery to the other replica: %d", resp.StatusCode)
	}
	fetched := func() int { return api.Stats().Routes["GET /v1/calls/:id"].Successes }
	for fetched() == 0 && ctx.Err() == nil {
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond) // a second handling would show by now
	if n := fetched(); n != 1 {
		t.Errorf("the call was fetched %d times, want once", n)
	}
	stop()
	for range ls {
		if err := <-done; err != nil {
			t.Errorf("run: %v", err)
		}
	}
}
