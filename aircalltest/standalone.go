package aircalltest

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"time"

	aircall "github.com/seed1279ea27/aircall-go"
)

// Standalone configures a fake Aircall served on its own, as the commands
// aircall fake and aircalltest/cmd/aircall-fake do. Its zero value is not
// useful: start from DefaultStandalone, or register its flags.
type Standalone struct {
	Addr             string        // address to listen on
	AllowNonLoopback bool          // serve on a non-loopback Addr
	Demo             bool          // seed the demo company
	Calls            int           // generated calls over the last 90 days
	Rate             int           // requests allowed per Window
	Window           time.Duration // rate limit window
	ResetMillis      bool          // X-AircallApi-Reset in milliseconds
	Cap              int           // items call and contact lists serve
	FromExclusive    bool          // from param of lists is exclusive
	APIID, APIToken  string        // Basic auth credentials (random when empty)
}

// DefaultStandalone is the configuration the commands start from.
func DefaultStandalone() Standalone {
	return Standalone{Addr: "127.0.0.1:8080", Demo: true, Rate: aircall.DefaultRateLimit, Window: time.Minute, Cap: 10000}
}

// RegisterFlags defines one flag per field of s on fs, with s's values as
// defaults.
func (s *Standalone) RegisterFlags(fs *flag.FlagSet) {
	fs.StringVar(&s.Addr, "addr", s.Addr, "address to listen on (loopback only unless -allow-non-loopback)")
	fs.BoolVar(&s.AllowNonLoopback, "allow-non-loopback", s.AllowNonLoopback, "allow a non-loopback -addr")
	fs.BoolVar(&s.Demo, "demo", s.Demo, "seed the demo company (users, teams, numbers, tags, contacts, calls)")
	fs.IntVar(&s.Calls, "calls", s.Calls, "generate this many calls over the last 90 days")
	fs.IntVar(&s.Rate, "rate", s.Rate, "requests allowed per -window")
	fs.DurationVar(&s.Window, "window", s.Window, "rate limit window")
	fs.BoolVar(&s.ResetMillis, "reset-millis", s.ResetMillis, "send X-AircallApi-Reset in Unix milliseconds (for sub-second windows)")
	fs.IntVar(&s.Cap, "cap", s.Cap, "items call and contact lists serve before answering 400")
	fs.BoolVar(&s.FromExclusive, "from-exclusive", s.FromExclusive, "treat the from param of lists as exclusive")
	fs.StringVar(&s.APIID, "api-id", s.APIID, "api_id to accept (random when empty)")
	fs.StringVar(&s.APIToken, "api-token", s.APIToken, "api_token to accept (random when empty)")
}

// options turns s into Server options.
func (s *Standalone) options() ([]Option, error) {
	opts := []Option{WithRateLimit(s.Rate, s.Window), WithListCap(s.Cap)}
	if s.AllowNonLoopback {
		l, err := net.Listen("tcp", s.Addr)
		if err != nil {
			return nil, fmt.Errorf("aircalltest: %w", err)
		}
		opts = append(opts, WithListener(l))
	} else {
		opts = append(opts, WithAddr(s.Addr))
	}
	if s.Demo {
		opts = append(opts, WithDemoData())
	}
	if s.Calls > 0 {
		now := time.Now()
		opts = append(opts, WithGeneratedCalls(s.Calls, now.Add(-90*24*time.Hour), now))
	}
	if s.ResetMillis {
		opts = append(opts, WithResetMillis())
	}
	if s.FromExclusive {
		opts = append(opts, WithFromExclusive())
	}
	if s.APIID != "" || s.APIToken != "" {
		opts = append(opts, WithCredentials(s.APIID, s.APIToken))
	}
	return opts, nil
}

// Serve starts the Server, prints to out how to reach it (its URL and the
// credentials it accepts: they are the fake's, not a real account's), calls
// ready (when not nil) once it listens, and serves until ctx is done.
func (s Standalone) Serve(ctx context.Context, out io.Writer, ready func(*Server)) error {
	opts, err := s.options()
	if err != nil {
		return err
	}
	srv, err := New(opts...)
	if err != nil {
		return err
	}
	defer srv.Close()
	clientID, clientSecret := srv.OAuthClient()
	fmt.Fprintf(out, "fake Aircall API listening on %s\n", srv.URL())
	fmt.Fprintf(out, "  api_id:    %s\n  api_token: %s\n", srv.APIID(), srv.APIToken())
	fmt.Fprintf(out, "  bearer:    %s (OAuth access token, for /v1/integrations)\n", srv.NewBearerToken())
	fmt.Fprintf(out, "  oauth:     client_id %s, client_secret %s\n", clientID, clientSecret)
	fmt.Fprintf(out, "  rate:      %d requests per %s\n", s.Rate, s.Window)
	fmt.Fprintf(out, "try: curl -u %s:%s %s/v1/users\n", srv.APIID(), srv.APIToken(), srv.URL())
	fmt.Fprintf(out, "or:  export AIRCALL_API_ID=%s AIRCALL_API_TOKEN=%s AIRCALL_BASE_URL=%s\n", srv.APIID(), srv.APIToken(), srv.URL())
	if ready != nil {
		ready(srv)
	}
	<-ctx.Done()
	fmt.Fprintln(out, "stopping")
	return nil
}
