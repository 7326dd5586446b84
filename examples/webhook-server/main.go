// Command webhook-server receives Aircall webhook events and logs the calls
// that ended with a voicemail; it acknowledges and ignores every other event.
//
//	AIRCALL_WEBHOOK_TOKEN=45XXYYZZa08 go run ./examples/webhook-server -addr 127.0.0.1:8080
//
// Point an Aircall webhook (subscribed to call.ended and call.voicemail_left)
// at https://<your host>/aircall/webhook, through a TLS-terminating proxy or
// a tunnel such as ngrok. The token is the webhook's, shown in the Dashboard
// or returned by Webhooks.Create; without it the server refuses to start.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	aircall "github.com/seed1279ea27/aircall-go"

	"github.com/seed1279ea27/aircall-go/webhook"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "address to listen on")
	flag.Parse()
	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))
	if err := run(*addr, os.Getenv("AIRCALL_WEBHOOK_TOKEN"), logger); err != nil {
		logger.Error("webhook-server", "err", err)
		os.Exit(1)
	}
}

func run(addr, token string, logger *slog.Logger) error {
	if token == "" {
		return errors.New("AIRCALL_WEBHOOK_TOKEN is not set: refusing to accept unauthenticated events")
	}
	h, err := newHandler(token, logger)
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.Handle("/aircall/webhook", h)
	srv := &http.Server{
		Addr:              addr,
		Handler:           mux,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      10 * time.Second,
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe() }()
	logger.Info("listening", "addr", addr, "path", "/aircall/webhook")
	select {
	case err := <-errc:
		return fmt.Errorf("listen: %w", err)
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	return h.Shutdown(shutdownCtx)
}

// newHandler returns the webhook handler: it logs each call with a
// voicemail once, whether the voicemail comes with call.ended or with
// call.voicemail_left (Aircall may send both, in any order, and retries).
func newHandler(token string, logger *slog.Logger) (*webhook.Handler, error) {
	h, err := webhook.NewHandler(webhook.Tokens(token),
		webhook.WithLogger(logger),
		webhook.WithDeduper(webhook.NewMemoryDeduper(0)))
	if err != nil {
		return nil, err
	}
	logged := webhook.NewMemoryDeduper(10000) // call IDs already logged
	logVoicemail := func(ctx context.Context, ev *webhook.CallEvent) error {
		c := ev.Call
		if c.Voicemail == "" && c.VoicemailShortURL == "" {
			return nil // ended without a voicemail: not ours
		}
		key := c.ID.String()
		if fresh, _ := logged.Claim(ctx, key); !fresh {
			return nil
		}
		link := c.VoicemailShortURL
		if link == "" {
			link = c.Voicemail
		}
		var number string
		if c.Number != nil {
			number = c.Number.Name
		}
		logger.InfoContext(ctx, "voicemail",
			"call_id", c.ID.String(),
			"from", c.RawDigits,
			"number", number,
			"started_at", c.StartedAt.String(),
			"duration_s", c.Duration,
			"voicemail", link,
			"event", string(ev.Name))
		return logged.Release(ctx, key, true)
	}
	h.OnCall(aircall.EventCallEnded, logVoicemail)
	h.OnCall(aircall.EventCallVoicemailLeft, logVoicemail)
	return h, nil
}
