// Command otel traces the SDK's requests with OpenTelemetry.
//
//	cd examples/otel && go run .
//
// The SDK takes any http.RoundTripper as its base transport (WithTransport),
// under its own pacing, retries and auth. Wrapping the base transport with
// otelhttp.NewTransport gives one client span per attempt on the wire: a
// retried request shows one span per attempt, and the time spent waiting
// for the rate budget is not in any span (the SDK's debug log line
// "aircall: request" reports it as pacer_wait). otelhttp does not record
// request headers by default, so the Authorization header set by the SDK
// stays out of the spans.
//
// This example runs against the SDK's fake Aircall (package aircalltest) on
// a loopback port and keeps the spans in memory; a real program would
// configure an OTLP exporter instead. It lives in its own module so that the
// SDK itself does not depend on OpenTelemetry.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"time"

	aircall "github.com/seed1279ea27/aircall-go"
	"github.com/seed1279ea27/aircall-go/aircalltest"
	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
)

func main() {
	if err := run(context.Background(), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "otel:", err)
		os.Exit(1)
	}
}

// run makes three calls through a traced Client and prints the spans.
func run(ctx context.Context, out io.Writer) error {
	srv, err := aircalltest.New(aircalltest.WithDemoData(), aircalltest.WithRateLimit(6000, time.Minute))
	if err != nil {
		return err
	}
	defer srv.Close()

	spans := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(spans))
	defer tp.Shutdown(ctx)

	base := http.DefaultTransport.(*http.Transport).Clone()
	defer base.CloseIdleConnections()
	c, err := srv.Client(aircall.WithTransport(otelhttp.NewTransport(base, otelhttp.WithTracerProvider(tp))))
	if err != nil {
		return err
	}

	if _, err := c.Ping(ctx); err != nil {
		return err
	}
	users, _, err := c.Users.List(ctx, nil)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "listed %d users\n", len(users))
	if _, _, err := c.Users.Get(ctx, 999999); !errors.Is(err, aircall.ErrNotFound) {
		return fmt.Errorf("getting a missing user: %v, want ErrNotFound", err)
	}

	for _, s := range spans.GetSpans() {
		var status, path string
		for _, kv := range s.Attributes {
			switch kv.Key {
			case "http.response.status_code":
				status = kv.Value.String()
			case "url.full":
				if u, err := url.Parse(kv.Value.AsString()); err == nil {
					path = u.RequestURI()
				}
			}
		}
		fmt.Fprintf(out, "span %s %s status=%s\n", s.Name, path, status)
	}
	return nil
}
