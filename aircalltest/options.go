package aircalltest

import (
	"errors"
	"fmt"
	"net"
	"time"

	aircall "github.com/seed1279ea27/aircall-go"
	"github.com/seed1279ea27/aircall-go/internal/option"
)

// Option configures a Server in New.
type Option func(*config) error

type config struct {
	apiID, apiToken   string
	oauthClientID     string
	oauthClientSecret string
	rateLimit         int
	rateWindow        time.Duration
	resetMillis       bool
	clock             func() time.Time
	listCap           int
	fromExclusive     bool
	demo              bool
	genN              int
	genFrom, genTo    time.Time
	genSeed           uint64
	faults            []Fault
	hookFailLimit     int
	hookTimeout       time.Duration
	addr              string
	listener          net.Listener
	maxWebhooks       int
	aiDelay           time.Duration
	agentEscalates    bool
	noAI              bool
	noAnalytics       bool
	exportPolls       int
	exportFailure     string
}

func defaultConfig() config {
	return config{
		oauthClientID:     "aircalltest-client",
		oauthClientSecret: "aircalltest-secret",
		rateLimit:         aircall.DefaultRateLimit,
		rateWindow:        time.Minute,
		clock:             time.Now,
		listCap:           10000,
		hookFailLimit:     50,
		hookTimeout:       5 * time.Second,
		genSeed:           1,
		maxWebhooks:       100,
		aiDelay:           20 * time.Millisecond,
		exportPolls:       1,
	}
}

// WithCredentials sets the api_id and api_token accepted with Basic auth
// (random by default; see Server.APIID and Server.APIToken).
func WithCredentials(apiID, apiToken string) Option {
	return checkedOption("WithCredentials", apiID == "" || apiToken == "", "empty api_id or api_token", func(c *config) {
		c.apiID, c.apiToken = apiID, apiToken
	})
}

// WithOAuthClient sets the client_id and client_secret that POST
// /v1/oauth/token accepts (default "aircalltest-client",
// "aircalltest-secret").
func WithOAuthClient(clientID, clientSecret string) Option {
	return checkedOption("WithOAuthClient", clientID == "" || clientSecret == "", "empty client_id or client_secret", func(c *config) {
		c.oauthClientID, c.oauthClientSecret = clientID, clientSecret
	})
}

// WithRateLimit allows limit requests per fixed window (Aircall: 120 per
// minute since 2026, the default; the 2024 reference said 60). Past it the Server answers 429 until the window
// resets. Short windows (say 200ms) keep rate tests fast; pair them with
// WithResetMillis.
func WithRateLimit(limit int, window time.Duration) Option {
	return checkedOption("WithRateLimit", limit < 1 || window <= 0, fmt.Sprintf("%d per %s is not a positive budget", limit, window), func(c *config) {
		c.rateLimit, c.rateWindow = limit, window
	})
}

// WithResetMillis sends X-AircallApi-Reset in Unix milliseconds instead of
// seconds, so that clients can follow sub-second windows.
func WithResetMillis() Option {
	return func(c *config) error { c.resetMillis = true; return nil }
}

// WithClock makes the Server read the time from now: creation dates, rate
// windows, webhook timestamps, OAuth code expiry.
func WithClock(now func() time.Time) Option {
	return checkedOption("WithClock", now == nil, "nil clock", func(c *config) { c.clock = now })
}

// WithListCap sets how many items call and contact lists serve before
// answering 400 (Aircall: 10,000, the default).
func WithListCap(n int) Option {
	return boundedOption("WithListCap", n, false, func(c *config) *int { return &c.listCap })
}

// WithFromExclusive makes the from param of list endpoints exclusive
// (created strictly after from). Aircall does not document which it is; by
// default the Server treats from as inclusive.
func WithFromExclusive() Option {
	return func(c *config) error { c.fromExclusive = true; return nil }
}

// WithDemoData seeds a realistic company: users, teams, two numbers, tags,
// contacts and a few calls (see the package example for the names).
func WithDemoData() Option {
	return func(c *config) error { c.demo = true; return nil }
}

// WithGeneratedCalls adds n calls with started_at spread over [from, to),
// on the Server's numbers and users (add WithDemoData for realistic ones).
// Generation is deterministic and fast: 25,000 calls take milliseconds.
// Unless WithoutAIAddOn, the answered calls have AI results (every kind)
// and the voicemails a transcription and a summary, as simulated calls
// get; missed calls without a voicemail have none. The results are made
// when first read, once their creation time (30s to 5min after the call
// ended, by the Server's clock) has passed, are the same for a seed
// whatever the order they are read in, and send no webhook event: they
// are history.
func WithGeneratedCalls(n int, from, to time.Time) Option {
	return func(c *config) error {
		if n < 0 || n > 5_000_000 {
			return fmt.Errorf("aircalltest: WithGeneratedCalls: %d calls is out of range", n)
		}
		if !to.After(from) {
			return errors.New("aircalltest: WithGeneratedCalls: to must be after from")
		}
		c.genN, c.genFrom, c.genTo = n, from, to
		return nil
	}
}

// WithSeed changes the seed of WithGeneratedCalls (default 1).
func WithSeed(seed uint64) Option {
	return func(c *config) error { c.genSeed = seed; return nil }
}

// WithFault injects a fault on the requests matching f (see Fault). Faults
// can also be added while running with Server.InjectFault.
func WithFault(f Fault) Option {
	return func(c *config) error {
		if err := f.validate(); err != nil {
			return err
		}
		c.faults = append(c.faults, f)
		return nil
	}
}

// WithWebhookFailureLimit disables a webhook after n consecutive failed
// deliveries (default 50, as Aircall does after fifty failed retries).
func WithWebhookFailureLimit(n int) Option {
	return boundedOption("WithWebhookFailureLimit", n, false, func(c *config) *int { return &c.hookFailLimit })
}

// WithWebhookTimeout bounds each webhook delivery (default 5s, Aircall's
// timeout).
func WithWebhookTimeout(d time.Duration) Option {
	return boundedOption("WithWebhookTimeout", d, false, func(c *config) *time.Duration { return &c.hookTimeout })
}

// WithAddr listens on addr ("127.0.0.1:8080") instead of a random loopback
// port. Only loopback addresses are accepted; use WithListener to serve
// elsewhere.
func WithAddr(addr string) Option {
	return func(c *config) error {
		host, _, err := net.SplitHostPort(addr)
		if err != nil {
			return fmt.Errorf("aircalltest: WithAddr: %w", err)
		}
		if !isLoopbackHost(host) {
			return fmt.Errorf("aircalltest: WithAddr: %q is not a loopback address", addr)
		}
		c.addr = addr
		return nil
	}
}

// WithListener serves on l, whatever its address.
func WithListener(l net.Listener) Option {
	return checkedOption("WithListener", l == nil, "nil listener", func(c *config) { c.listener = l })
}

func isLoopbackHost(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// WithAIDelay sets how long after a simulated call ends the Server stores
// its AI results (transcription, summary, sentiments, topics, action items,
// playbook result, custom summary, evaluations, predicted CSAT) and sends
// their *.created events (default 20ms; Aircall takes seconds to minutes).
// 0 stores them at once, when the call ends. Flush waits for pending
// results too.
func WithAIDelay(d time.Duration) Option {
	return boundedOption("WithAIDelay", d, true, func(c *config) *time.Duration { return &c.aiDelay })
}

// WithAgentEscalation makes the outbound AI voice agent calls escalate to a
// human: ai_voice_agent.escalated (escalation_reason "caller_request")
// comes between .started and .ended, and .ended has call_end_reason
// "escalated". By default the agent handles the call to its end.
func WithAgentEscalation() Option {
	return func(c *config) error {
		c.agentEscalates = true
		return nil
	}
}

// WithoutAIAddOn makes the company an account without AI and Transcription
// nor AI Assist Pro: no call gets AI results, and the conversation
// intelligence endpoints answer 403.
func WithoutAIAddOn() Option {
	return func(c *config) error { c.noAI = true; return nil }
}

// WithoutAnalyticsPlus makes the company an account without the Analytics+
// entitlement: the analytics export endpoints answer 403.
func WithoutAnalyticsPlus() Option {
	return func(c *config) error { c.noAnalytics = true; return nil }
}

// WithExportPolls sets how many GETs of an analytics export answer PENDING
// before it is COMPLETED (default 1: the first GET answers PENDING, the
// second COMPLETED). 0 completes exports at once.
func WithExportPolls(n int) Option {
	return boundedOption("WithExportPolls", n, true, func(c *config) *int { return &c.exportPolls })
}

// WithExportFailure makes every analytics export end FAILED with message
// instead of COMPLETED.
func WithExportFailure(message string) Option {
	return checkedOption("WithExportFailure", message == "", "empty message", func(c *config) { c.exportFailure = message })
}

// boundedOption returns the Option named name that sets the field of a
// config that field points to to v, after checking that v is positive
// (with zeroOK, not negative).
func boundedOption[T int | time.Duration](name string, v T, zeroOK bool, field func(*config) *T) Option {
	if zeroOK {
		return checkedOption(name, v < 0, fmt.Sprintf("%v is negative", v), func(c *config) { *field(c) = v })
	}
	return checkedOption(name, v <= 0, fmt.Sprintf("%v is not positive", v), func(c *config) { *field(c) = v })
}

// checkedOption returns the Option named name that fails with why when bad
// is true, and else sets the config with set.
func checkedOption(name string, bad bool, why string, set func(*config)) Option {
	return option.Checked("aircalltest", name, bad, why, set)
}
