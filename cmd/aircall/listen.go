package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/spf13/cobra"

	aircall "github.com/seed1279ea27/aircall-go"
	"github.com/seed1279ea27/aircall-go/webhook"
	"github.com/seed1279ea27/aircall-go/webhook/webhooktest"
)

const maxWebhookBody = 1 << 20 // the webhook package's default cap

type listenOptions struct {
	addr      string
	tokens    []string
	noVerify  bool
	forwardTo string
	events    []string
	json      bool
}

func (a *app) listenCmd() *cobra.Command {
	var o listenOptions
	cmd := &cobra.Command{
		Use:   "listen --token T [--addr 127.0.0.1:PORT] [--forward-to URL] [--events ...] [--json]",
		Short: "Receive webhook events on loopback: verify, print, forward",
		Long: `listen runs a webhook receiver on a loopback address. It checks each
event's token (the webhook's token, from "aircall webhooks create"), prints
the event (a line, or a JSON line with --json: the envelope without its
token) and posts the raw body to --forward-to, printing the status it got.
Events with a wrong token are refused with 401 and reported on stderr.
Expose it to Aircall with a tunnel of your choice, or feed it with
"aircall trigger".`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if len(o.tokens) == 0 && !o.noVerify {
				return usagef("listen: --token is required (or --no-verify to accept any token)")
			}
			events, err := parseEvents(o.events)
			if err != nil {
				return err
			}
			host, _, err := net.SplitHostPort(o.addr)
			if err != nil {
				return usagef("listen: --addr %q: %v", o.addr, err)
			}
			if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
				return usagef("listen: --addr %q is not a loopback address", o.addr)
			}
			return listen(cmd.Context(), o, events, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.addr, "addr", "127.0.0.1:8787", "loopback address to listen on")
	f.StringSliceVar(&o.tokens, "token", nil, "webhook token(s) to accept, comma separated")
	f.BoolVar(&o.noVerify, "no-verify", false, "accept events whatever their token")
	f.StringVar(&o.forwardTo, "forward-to", "", "post each event's raw body to this URL")
	f.StringSliceVar(&o.events, "events", nil, "only print and forward these events, comma separated")
	f.BoolVar(&o.json, "json", false, "print JSON lines instead of readable lines")
	return cmd
}

type rawBodyKey struct{}

// listen serves until ctx is done.
func listen(ctx context.Context, o listenOptions, events []aircall.Event, stdout, stderr io.Writer) error {
	v := webhook.InsecureSkipVerify()
	if !o.noVerify {
		v = webhook.Tokens(o.tokens...)
	}
	var mu sync.Mutex // one line printed at a time
	logs := newLogHandler(stderr, slog.LevelWarn, nil)
	logs.mu = &mu
	h, err := webhook.NewHandler(v, webhook.WithLogger(slog.New(logs)))
	if err != nil {
		return err
	}
	fwd := &http.Client{Timeout: 10 * time.Second}
	h.Fallback(func(ctx context.Context, ev *webhook.Event) error {
		if len(events) > 0 && !slices.Contains(events, ev.Name) {
			return nil
		}
		body, _ := ctx.Value(rawBodyKey{}).([]byte)
		status := ""
		if o.forwardTo != "" {
			status = forward(ctx, fwd, o.forwardTo, body)
		}
		mu.Lock()
		defer mu.Unlock()
		if o.json {
			line, err := json.Marshal(struct {
				Resource  string            `json:"resource"`
				Event     aircall.Event     `json:"event"`
				Timestamp aircall.Timestamp `json:"timestamp"`
				Data      json.RawMessage   `json:"data"`
				Forwarded string            `json:"forwarded,omitempty"`
			}{ev.Resource, ev.Name, ev.Timestamp, ev.Data, status})
			if err != nil {
				return err
			}
			fmt.Fprintf(stdout, "%s\n", line)
			return nil
		}
		line := fmt.Sprintf("%s  %-28s %s %s", ev.Timestamp.Time.UTC().Format(time.RFC3339), ev.Name, ev.Resource, ev.ResourceID())
		if status != "" {
			line += "  -> " + o.forwardTo + " " + status
		}
		fmt.Fprintln(stdout, line)
		return nil
	})
	srv := &http.Server{
		ReadHeaderTimeout: 5 * time.Second,
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxWebhookBody))
			if err != nil {
				http.Error(w, "body too large", http.StatusRequestEntityTooLarge)
				return
			}
			why := new(string)
			ctx := context.WithValue(context.WithValue(r.Context(), rawBodyKey{}, body), refusalKey{}, why)
			r = r.WithContext(ctx)
			r.Body = io.NopCloser(bytes.NewReader(body))
			rec := &statusWriter{ResponseWriter: w, status: http.StatusOK}
			h.ServeHTTP(rec, r)
			if rec.status >= 300 { // one line, with the Handler's reason
				mu.Lock()
				line := fmt.Sprintf("refused a delivery from %s: %d %s", r.RemoteAddr, rec.status, http.StatusText(rec.status))
				if *why != "" {
					line += " (" + *why + ")"
				}
				fmt.Fprintln(stderr, line)
				mu.Unlock()
			}
		}),
	}
	l, err := net.Listen("tcp", o.addr)
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "listening on http://%s (Ctrl-C to stop)\n", l.Addr())
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}()
	if err := srv.Serve(l); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// forward posts body as Aircall would and describes the answer.
func forward(ctx context.Context, hc *http.Client, url string, body []byte) string {
	resp, err := webhooktest.Deliver(ctx, hc, url, body)
	if err != nil {
		return "failed: " + err.Error()
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	return resp.Status
}

// refusalKey is the context key of the *string a delivery's refusal
// reason is written to (see logHandler).
type refusalKey struct{}

// statusWriter remembers the status the handler wrote.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}
