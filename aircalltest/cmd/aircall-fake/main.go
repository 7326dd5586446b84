// Command aircall-fake serves the in-memory Aircall API of package
// aircalltest, to explore the SDK, curl or another client against it.
//
//	go run ./aircalltest/cmd/aircall-fake -addr 127.0.0.1:8080
//
// It prints its URL and the Basic auth credentials it accepts, and serves
// until interrupted. It listens on loopback addresses only, unless
// -allow-non-loopback is given.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/seed1279ea27/aircall-go/aircalltest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, nil); err != nil {
		fmt.Fprintln(os.Stderr, "aircall-fake:", err)
		os.Exit(2)
	}
}

// run parses args, starts the server, prints how to reach it and serves
// until ctx is done. ready, when not nil, receives the server once it
// listens.
func run(ctx context.Context, args []string, out io.Writer, ready func(*aircalltest.Server)) error {
	fs := flag.NewFlagSet("aircall-fake", flag.ContinueOnError)
	fs.SetOutput(out)
	var (
		addr      = fs.String("addr", "127.0.0.1:8080", "address to listen on (loopback only unless -allow-non-loopback)")
		public    = fs.Bool("allow-non-loopback", false, "allow a non-loopback -addr")
		demo      = fs.Bool("demo", true, "seed the demo company (users, teams, numbers, tags, contacts, calls)")
		calls     = fs.Int("calls", 0, "generate this many calls over the last 90 days")
		rate      = fs.Int("rate", 60, "requests allowed per -window")
		window    = fs.Duration("window", time.Minute, "rate limit window")
		listCap   = fs.Int("cap", 10000, "items call and contact lists serve before answering 400")
		exclusive = fs.Bool("from-exclusive", false, "treat the from param of lists as exclusive")
		apiID     = fs.String("api-id", "", "api_id to accept (random when empty)")
		apiToken  = fs.String("api-token", "", "api_token to accept (random when empty)")
	)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	opts := []aircalltest.Option{aircalltest.WithRateLimit(*rate, *window), aircalltest.WithListCap(*listCap)}
	if *public {
		l, err := net.Listen("tcp", *addr)
		if err != nil {
			return err
		}
		opts = append(opts, aircalltest.WithListener(l))
	} else {
		opts = append(opts, aircalltest.WithAddr(*addr))
	}
	if *demo {
		opts = append(opts, aircalltest.WithDemoData())
	}
	if *calls > 0 {
		now := time.Now()
		opts = append(opts, aircalltest.WithGeneratedCalls(*calls, now.Add(-90*24*time.Hour), now))
	}
	if *exclusive {
		opts = append(opts, aircalltest.WithFromExclusive())
	}
	if *apiID != "" || *apiToken != "" {
		opts = append(opts, aircalltest.WithCredentials(*apiID, *apiToken))
	}
	srv, err := aircalltest.New(opts...)
	if err != nil {
		return err
	}
	defer srv.Close()
	clientID, clientSecret := srv.OAuthClient()
	fmt.Fprintf(out, "fake Aircall API listening on %s\n", srv.URL())
	fmt.Fprintf(out, "  api_id:    %s\n  api_token: %s\n", srv.APIID(), srv.APIToken())
	fmt.Fprintf(out, "  bearer:    %s (OAuth access token, for /v1/integrations)\n", srv.NewBearerToken())
	fmt.Fprintf(out, "  oauth:     client_id %s, client_secret %s\n", clientID, clientSecret)
	fmt.Fprintf(out, "  rate:      %d requests per %s\n", *rate, *window)
	fmt.Fprintf(out, "try: curl -u %s:%s %s/v1/users\n", srv.APIID(), srv.APIToken(), srv.URL())
	fmt.Fprintf(out, "or:  AIRCALL_API_ID=%s AIRCALL_API_TOKEN=%s AIRCALL_BASE_URL=%s go run ./examples/quickstart\n", srv.APIID(), srv.APIToken(), srv.URL())
	if ready != nil {
		ready(srv)
	}
	<-ctx.Done()
	fmt.Fprintln(out, "stopping")
	if err := ctx.Err(); err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	return nil
}
