// Command multireplica is one replica of an Aircall webhook receiver that
// runs on several machines behind a load balancer. Every replica shares,
// through Redis, a durable queue of acknowledged events (which also drops
// redeliveries) and the company's API rate budget. Run Redis with
// appendonly yes and appendfsync always, and maxmemory-policy noeviction.
//
// Run two replicas against one Redis:
//
//	AIRCALL_WEBHOOK_TOKEN=... go run ./examples/multireplica -listen 127.0.0.1:8081
//	AIRCALL_WEBHOOK_TOKEN=... go run ./examples/multireplica -listen 127.0.0.1:8082
//
// and point the load balancer (or webhooktest.Deliver) at both.
package main

import (
	"context"
	"errors"
	"flag"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/redis/go-redis/v9"
	aircall "github.com/seed1279ea27/aircall-go"
	"github.com/seed1279ea27/aircall-go/aircallredis"
	"github.com/seed1279ea27/aircall-go/webhook"
)

func main() {
	redisAddr := flag.String("redis", "127.0.0.1:6379", "Redis address")
	listen := flag.String("listen", "127.0.0.1:8081", "address to receive webhooks on")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	l, err := net.Listen("tcp", *listen)
	if err == nil {
		err = run(ctx, config{
			RedisAddr: *redisAddr, APIID: os.Getenv("AIRCALL_API_ID"), APIToken: os.Getenv("AIRCALL_API_TOKEN"),
			WebhookToken: os.Getenv("AIRCALL_WEBHOOK_TOKEN"),
		}, l)
	}
	if err != nil {
		slog.Error("multireplica", "err", err)
		os.Exit(1)
	}
}

// config is what a replica needs; every replica has the same.
type config struct {
	RedisAddr       string
	APIID, APIToken string
	BaseURL         string // the API's; empty for Aircall's
	WebhookToken    string
}

// run serves webhooks on l and runs the queue's workers until ctx ends.
func run(ctx context.Context, cfg config, l net.Listener) error {
	rc := redis.NewClient(&redis.Options{
		Addr: cfg.RedisAddr,
		// Short timeouts: Aircall waits 5 seconds for an answer, and a
		// receiver that cannot reach Redis must answer 503 well before that.
		DialTimeout: time.Second, ReadTimeout: time.Second, WriteTimeout: time.Second,
		// One retry of a command whose reply was lost: safe, since each
		// write of the Queue is a script that changes nothing when it runs
		// again. More retries would outlast Aircall's 5 seconds.
		MaxRetries: 1,
		// The request's deadline bounds every command.
		ContextTimeoutEnabled: true,
	})
	defer rc.Close()

	// One rate budget for the company, whichever replica calls the API.
	store, err := aircallredis.NewPacerStore(rc, aircallredis.CompanyKey(cfg.APIID), aircallredis.PacerStoreOptions{})
	if err != nil {
		return err
	}
	opts := []aircall.Option{aircall.WithBasicAuth(cfg.APIID, cfg.APIToken),
		aircall.WithPacer(aircall.NewPacerWithStore(aircall.DefaultRateLimit, time.Minute, store))}
	if cfg.BaseURL != "" {
		opts = append(opts, aircall.WithBaseURL(cfg.BaseURL))
	}
	api, err := aircall.NewClient(opts...)
	if err != nil {
		return err
	}

	// 200 only once the event is in Redis; a redelivery to any replica is
	// not stored again, and each event is handled once (see Queue).
	queue, err := aircallredis.NewQueue(rc, aircallredis.QueueOptions{})
	if err != nil {
		return err
	}
	h, err := webhook.NewHandler(webhook.Tokens(cfg.WebhookToken), webhook.WithQueue(queue))
	if err != nil {
		return err
	}
	h.OnCall(aircall.EventCallEnded, func(ctx context.Context, ev *webhook.CallEvent) error {
		// Runs in the queue's workers, on any replica, once per event. An
		// error is retried with backoff, then dead-lettered.
		_, _, err := api.Calls.Get(ctx, ev.Call.ID, nil)
		return err
	})

	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}()
	workers := make(chan error, 1)
	go func() { workers <- queue.Run(ctx, h) }()
	slog.Info("receiving Aircall webhooks", "listen", l.Addr().String(), "redis", cfg.RedisAddr)
	if err := srv.Serve(l); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	<-workers
	return nil
}
