// Command aircall-fake serves the in-memory Aircall API of package
// aircalltest, to explore the SDK, curl or another client against it.
//
//	go run ./aircalltest/cmd/aircall-fake --addr 127.0.0.1:8080
//
// It prints its URL and the Basic auth credentials it accepts, and serves
// until interrupted. POST /_fake/events/{event} (with the same credentials,
// and an optional JSON body such as {"call_id": 123}) makes the state change
// that emits any of the 67 webhook events and delivers it to the webhooks
// registered on the fake; POST /_fake/flush waits until every queued event
// is delivered. It listens on loopback addresses only, unless
// -allow-non-loopback is given. The command-line tool cmd/aircall serves the
// same fake with "aircall fake"; both share aircalltest.Standalone.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/seed1279ea27/aircall-go/aircalltest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], os.Stdout, nil)
	stop()
	switch {
	case errors.Is(err, flag.ErrHelp):
		os.Exit(0)
	case errors.Is(err, errUsage):
		fmt.Fprintln(os.Stderr, "aircall-fake:", err)
		os.Exit(2)
	case err != nil:
		fmt.Fprintln(os.Stderr, "aircall-fake:", err)
		os.Exit(1)
	}
}

var errUsage = errors.New("usage error")

// run parses args, starts the server, prints how to reach it and serves
// until ctx is done. ready, when not nil, receives the server once it
// listens. It returns flag.ErrHelp for -h, and an error wrapping errUsage
// for bad flags.
func run(ctx context.Context, args []string, out io.Writer, ready func(*aircalltest.Server)) error {
	fs := flag.NewFlagSet("aircall-fake", flag.ContinueOnError)
	fs.SetOutput(out)
	cfg := aircalltest.DefaultStandalone()
	cfg.RegisterFlags(fs)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return fmt.Errorf("%w: %w", errUsage, err)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: unexpected arguments %q", errUsage, fs.Args())
	}
	return cfg.Serve(ctx, out, ready)
}
