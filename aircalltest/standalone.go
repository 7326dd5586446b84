package aircalltest

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"time"
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

	// The 2026 options: see WithAIDelay, WithoutAIAddOn,
	// WithoutAnalyticsPlus, WithExportPolls, WithExportFailure and
	// WithAgentEscalation.
	AIDelay         time.Duration // delay of AI results and AI voice agent calls
	NoAIAddOn       bool          // no AI and Transcription nor AI Assist Pro
	NoAnalyticsPlus bool          // no Analytics+
	ExportPolls     int           // GETs of an analytics export answering PENDING
	ExportFailure   string        // analytics exports end FAILED with this message
	AgentEscalation bool          // AI voice agent calls escalate to a human
}

// DefaultStandalone is the configuration the commands start from.
func DefaultStandalone() Standalone {
	d := defaultConfig()
	return Standalone{Addr: "127.0.0.1:8080", Demo: true, Rate: d.rateLimit, Window: d.rateWindow, Cap: d.listCap,
		AIDelay: d.aiDelay, ExportPolls: d.exportPolls}
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
	fs.DurationVar(&s.AIDelay, "ai-delay", s.AIDelay, "how long after a simulated call ends its AI results (transcription, summary...) are stored and their events sent; also delays AI voice agent calls (0: at once)")
	fs.BoolVar(&s.NoAIAddOn, "no-ai-add-on", s.NoAIAddOn, "an account without AI and Transcription nor AI Assist Pro: no call has AI results, the conversation intelligence endpoints answer 403")
	fs.BoolVar(&s.NoAnalyticsPlus, "no-analytics-plus", s.NoAnalyticsPlus, "an account without Analytics+: the analytics export endpoints answer 403")
	fs.IntVar(&s.ExportPolls, "export-polls", s.ExportPolls, "GETs of an analytics export that answer PENDING before it is COMPLETED (0: completed at once)")
	fs.StringVar(&s.ExportFailure, "export-failure", s.ExportFailure, "make analytics exports end FAILED with this errorMessage")
	fs.BoolVar(&s.AgentEscalation, "agent-escalation", s.AgentEscalation, "outbound AI voice agent calls escalate to a human (ai_voice_agent.escalated, call_end_reason escalated)")
}

// options turns s into Server options.
func (s *Standalone) options() ([]Option, error) {
	opts := []Option{WithRateLimit(s.Rate, s.Window), WithListCap(s.Cap), WithAIDelay(s.AIDelay), WithExportPolls(s.ExportPolls)}
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
	if s.NoAIAddOn {
		opts = append(opts, WithoutAIAddOn())
	}
	if s.NoAnalyticsPlus {
		opts = append(opts, WithoutAnalyticsPlus())
	}
	if s.ExportFailure != "" {
		opts = append(opts, WithExportFailure(s.ExportFailure))
	}
	if s.AgentEscalation {
		opts = append(opts, WithAgentEscalation())
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
	fmt.Fprintf(out, "  add-ons:   AI and Transcription %s, Analytics+ %s\n", onOff(!s.NoAIAddOn), onOff(!s.NoAnalyticsPlus))
	fmt.Fprintf(out, "try: curl -u %s:%s %s/v1/users\n", srv.APIID(), srv.APIToken(), srv.URL())
	fmt.Fprintf(out, "or:  export AIRCALL_API_ID=%s AIRCALL_API_TOKEN=%s AIRCALL_BASE_URL=%s\n", srv.APIID(), srv.APIToken(), srv.URL())
	fmt.Fprintf(out, "events: curl -u %s:%s -X POST %s/_fake/events/call.ended (any event; then POST /_fake/flush)\n", srv.APIID(), srv.APIToken(), srv.URL())
	if ready != nil {
		ready(srv)
	}
	<-ctx.Done()
	fmt.Fprintln(out, "stopping")
	return nil
}

func onOff(on bool) string {
	if on {
		return "on"
	}
	return "off"
}
