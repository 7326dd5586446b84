package aircall

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/seed1279ea27/aircall-go/internal/option"
	"golang.org/x/oauth2"
)

// This file holds the Options of NewClient.

// Option configures a Client in NewClient. Options check their input and
// make NewClient fail rather than panic.
type Option func(*config) error

type config struct {
	baseURL        string
	httpClient     *http.Client
	transport      http.RoundTripper
	userAgent      string
	logger         *slog.Logger
	retry          RetryPolicy
	pacer          *Pacer
	rateLimit      int
	attemptTimeout *time.Duration
	auth           []func(http.RoundTripper) http.RoundTripper
	oauth          bool
}

// WithBasicAuth authenticates with an API key: the api_id and api_token from
// the company's Settings page. Use it for your own Aircall account.
func WithBasicAuth(apiID, apiToken string) Option {
	return func(c *config) error {
		if apiID == "" || apiToken == "" {
			return errors.New("aircall: WithBasicAuth: api_id and api_token must not be empty")
		}
		c.auth = append(c.auth, func(next http.RoundTripper) http.RoundTripper {
			return &basicAuthTransport{id: apiID, token: apiToken, next: next}
		})
		return nil
	}
}

// WithBearerToken authenticates with an OAuth access token, as a marketplace
// app does on behalf of a company. Aircall's tokens do not expire.
func WithBearerToken(accessToken string) Option {
	return func(c *config) error {
		if accessToken == "" {
			return errors.New("aircall: WithBearerToken: empty access token")
		}
		return WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: accessToken, TokenType: "Bearer"}))(c)
	}
}

// WithTokenSource authenticates with tokens from ts, sent as Bearer tokens.
func WithTokenSource(ts oauth2.TokenSource) Option {
	return func(c *config) error {
		if ts == nil {
			return errors.New("aircall: WithTokenSource: nil token source")
		}
		c.oauth = true
		c.auth = append(c.auth, func(next http.RoundTripper) http.RoundTripper {
			return &oauth2.Transport{Source: markedSource{ts}, Base: next}
		})
		return nil
	}
}

// tokenSourceError is the failure of a TokenSource: the request it was for
// never left the process, so notSent counts it as not sent.
type tokenSourceError struct{ err error }

func (e tokenSourceError) Error() string { return "getting an access token: " + e.err.Error() }
func (e tokenSourceError) Unwrap() error { return e.err }

// markedSource marks the errors of its TokenSource as tokenSourceError.
type markedSource struct{ ts oauth2.TokenSource }

func (s markedSource) Token() (*oauth2.Token, error) {
	t, err := s.ts.Token()
	if err != nil {
		return nil, tokenSourceError{err}
	}
	return t, nil
}

// WithBaseURL sets the API root (default DefaultBaseURL). It must be https,
// except on loopback hosts (tests, the aircalltest fake server).
func WithBaseURL(raw string) Option {
	return func(c *config) error {
		u, err := url.Parse(raw)
		if err != nil || u.Host == "" {
			// Not echoed: a value that does not parse may hold a credential.
			return errors.New("aircall: WithBaseURL: the base URL is not an absolute URL")
		}
		if u.User != nil {
			return errors.New("aircall: WithBaseURL: credentials in the URL are not allowed, use WithBasicAuth")
		}
		if u.Scheme != "https" && !(u.Scheme == "http" && isLoopback(u.Hostname())) {
			return fmt.Errorf("aircall: WithBaseURL: %q must use https (plain http is allowed on loopback only)", u.Redacted())
		}
		c.baseURL = raw
		return nil
	}
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// WithHTTPClient uses hc's Transport as the base transport, and its Timeout,
// Jar and CheckRedirect. The Client adds pacing, auth and retries on top.
// hc.Timeout bounds each attempt on the wire, in place of
// DefaultAttemptTimeout: waiting for the rate budget or between retries is
// not part of it.
func WithHTTPClient(hc *http.Client) Option {
	return checked("WithHTTPClient", hc != nil, "nil client", func(c *config) { c.httpClient = hc })
}

// WithTransport sets the base RoundTripper, under pacing and auth: a custom
// http.Transport, or an httpmock.MockTransport in tests.
func WithTransport(rt http.RoundTripper) Option {
	return checked("WithTransport", rt != nil, "nil transport", func(c *config) { c.transport = rt })
}

// WithUserAgent replaces the default User-Agent, which names this SDK and its
// version.
func WithUserAgent(ua string) Option {
	return checked("WithUserAgent", strings.TrimSpace(ua) != "", "empty user agent", func(c *config) { c.userAgent = ua })
}

// WithLogger logs to l, with these messages and attributes:
//
//   - "aircall: request" at Debug, for every attempt: method, path (never
//     the query), attempt (1 for the first), status (0 when no answer came),
//     duration (on the wire), pacer_wait (waiting for the rate budget),
//     remaining (X-AircallApi-Remaining, when the answer had it) and error.
//   - "aircall: rate limited" at Warn, for every 429: method, path, attempt,
//     reset.
//   - "aircall: retrying request" at Warn: method, path, attempt (the one
//     that failed), status or error, backoff.
//   - "aircall: outcome unknown" at Warn, when a POST may have been applied
//     but no complete answer was read: method, path, and status (a 5xx) or
//     error.
//   - "aircall: answer lost" at Warn, when a 2xx answer (the request was
//     applied) could not be read whole: method, path, status and error.
//   - "aircall: pacer store failed" at Warn, once, when the PacerStore of
//     NewPacerWithStore fails and the Pacer paces in process.
//
// The Client is silent without it. Credentials never appear in log lines.
// To trace requests with OpenTelemetry, wrap the base transport with
// otelhttp.NewTransport and pass it to WithTransport (see examples/otel).
func WithLogger(l *slog.Logger) Option {
	return checked("WithLogger", l != nil, "nil logger", func(c *config) { c.logger = l })
}

// WithRetryPolicy replaces DefaultRetryPolicy.
func WithRetryPolicy(p RetryPolicy) Option {
	ok := p.MaxRetries >= 0 && p.MinWait >= 0 && p.MaxWait >= p.MinWait
	return checked("WithRetryPolicy", ok, fmt.Sprintf("invalid policy %+v", p), func(c *config) { c.retry = p })
}

// WithAttemptTimeout bounds each attempt on the wire (connect, send, read
// the whole answer) to d, in place of DefaultAttemptTimeout; 0 means no
// bound but the context's. Waiting for the rate budget and between retries
// is never part of it. An attempt that runs out is retried like a network
// error: for GET, PUT and DELETE; a POST that may have reached the server
// then fails with ErrOutcomeUnknown.
func WithAttemptTimeout(d time.Duration) Option {
	return checked("WithAttemptTimeout", d >= 0, fmt.Sprintf("negative timeout %v", d), func(c *config) { c.attemptTimeout = &d })
}

// WithRateLimit sets the requests per minute the Client starts with
// (default DefaultRateLimit, 120). The X-AircallApi-Limit header of any
// answer replaces it at once.
func WithRateLimit(requestsPerMinute int) Option {
	return checked("WithRateLimit", requestsPerMinute >= 1,
		fmt.Sprintf("%d requests per minute is not positive", requestsPerMinute),
		func(c *config) { c.rateLimit = requestsPerMinute })
}

// WithPacer makes the Client use p, so that several Clients of one company
// share its budget. It overrides WithRateLimit. p must come from NewPacer or
// NewPacerWithStore.
func WithPacer(p *Pacer) Option {
	return checked("WithPacer", p != nil && p.lim != nil,
		"nil pacer, or a zero Pacer: make it with NewPacer or NewPacerWithStore",
		func(c *config) { c.pacer = p })
}

// checked returns the Option named name that applies set when ok, and
// otherwise makes NewClient fail with "aircall: name: problem".
func checked(name string, ok bool, problem string, set func(*config)) Option {
	return option.Checked("aircall", name, !ok, problem, set)
}
