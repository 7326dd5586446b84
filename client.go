package aircall

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
	"net/url"
	"strings"
	"time"

	"golang.org/x/oauth2"
)

const (
	defaultUserAgent = "aircall-go/" + Version + " (+https://github.com/seed1279ea27/aircall-go)"
	maxBodyBytes     = 32 << 20 // largest success body read
	maxErrorBytes    = 64 << 10 // largest error body kept
	defaultListCap   = 10000    // items a call or contact list serves before answering 400
)

// Client talks to the Aircall Public API. Make one with NewClient, one per
// company (per set of credentials), and share it between goroutines: it is
// safe for concurrent use, and its Pacer spreads the company's rate budget
// over all of them.
type Client struct {
	baseURL        *url.URL
	userAgent      string
	hc             *http.Client // one attempt: auth and base transport
	retry          RetryPolicy
	logger         *slog.Logger // nil: silent
	attemptTimeout time.Duration
	pacer          *Pacer
	oauth          bool // authenticated with an OAuth access token
	listCap        int

	common service

	Users                   *UsersService
	Teams                   *TeamsService
	Calls                   *CallsService
	Numbers                 *NumbersService
	Contacts                *ContactsService
	Tags                    *TagsService
	Webhooks                *WebhooksService
	DialerCampaigns         *DialerCampaignsService
	A2PCampaignAssociations *A2PCampaignAssociationsService
	Integrations            *IntegrationsService
	Company                 *CompanyService
	Messages                *MessagesService
	Analytics               *AnalyticsService
	AIVoiceAgents           *AIVoiceAgentsService
}

type service struct{ client *Client }

// UsersService handles /v1/users: users, their availability and click-to-call.
type UsersService service

// TeamsService handles /v1/teams and team membership.
type TeamsService service

// CallsService handles /v1/calls.
type CallsService service

// NumbersService handles /v1/numbers.
type NumbersService service

// ContactsService handles /v1/contacts with their phone numbers and emails.
type ContactsService service

// TagsService handles /v1/tags.
type TagsService service

// WebhooksService handles /v1/webhooks (the REST side; see package webhook
// for receiving events).
type WebhooksService service

// DialerCampaignsService handles /v1/users/:user_id/dialer_campaign.
type DialerCampaignsService service

// A2PCampaignAssociationsService handles /v1/a2p_campaign_associations.
type A2PCampaignAssociationsService service

// IntegrationsService handles /v1/integrations (OAuth apps only).
type IntegrationsService service

// CompanyService handles /v1/company.
type CompanyService service

// MessagesService handles SMS, MMS and WhatsApp messaging:
// /v1/numbers/:id/messages, /v1/messages/whatsapp and /v1/sms/templates.
type MessagesService service

// AnalyticsService handles /v1/analytics report exports.
type AnalyticsService service

// AIVoiceAgentsService handles /v1/outbound-calls/agents: outbound calls
// placed by an AI voice agent.
type AIVoiceAgentsService service

// Response is the HTTP answer to a request, with the pagination meta of list
// endpoints and the rate budget the server announced. Its body has already
// been read and closed.
type Response struct {
	*http.Response
	// Meta is the "meta" object of a list page; nil for other endpoints.
	Meta *Meta
	// Rate is the budget from the X-AircallApi-* headers.
	Rate Rate
}

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
	return func(c *config) error {
		if hc == nil {
			return errors.New("aircall: WithHTTPClient: nil client")
		}
		c.httpClient = hc
		return nil
	}
}

// WithTransport sets the base RoundTripper, under pacing and auth: a custom
// http.Transport, or an httpmock.MockTransport in tests.
func WithTransport(rt http.RoundTripper) Option {
	return func(c *config) error {
		if rt == nil {
			return errors.New("aircall: WithTransport: nil transport")
		}
		c.transport = rt
		return nil
	}
}

// WithUserAgent replaces the default User-Agent, which names this SDK and its
// version.
func WithUserAgent(ua string) Option {
	return func(c *config) error {
		if strings.TrimSpace(ua) == "" {
			return errors.New("aircall: WithUserAgent: empty user agent")
		}
		c.userAgent = ua
		return nil
	}
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
//   - "aircall: pacer store failed" at Warn, once, when the PacerStore of
//     NewPacerWithStore fails and the Pacer paces in process.
//
// The Client is silent without it. Credentials never appear in log lines.
// To trace requests with OpenTelemetry, wrap the base transport with
// otelhttp.NewTransport and pass it to WithTransport (see examples/otel).
func WithLogger(l *slog.Logger) Option {
	return func(c *config) error {
		if l == nil {
			return errors.New("aircall: WithLogger: nil logger")
		}
		c.logger = l
		return nil
	}
}

// WithRetryPolicy replaces DefaultRetryPolicy.
func WithRetryPolicy(p RetryPolicy) Option {
	return func(c *config) error {
		if p.MaxRetries < 0 || p.MinWait < 0 || p.MaxWait < p.MinWait {
			return fmt.Errorf("aircall: WithRetryPolicy: invalid policy %+v", p)
		}
		c.retry = p
		return nil
	}
}

// WithAttemptTimeout bounds each attempt on the wire (connect, send, read
// the whole answer) to d, in place of DefaultAttemptTimeout; 0 means no
// bound but the context's. Waiting for the rate budget and between retries
// is never part of it. An attempt that runs out is retried like a network
// error: for GET, PUT and DELETE; a POST that may have reached the server
// then fails with ErrOutcomeUnknown.
func WithAttemptTimeout(d time.Duration) Option {
	return func(c *config) error {
		if d < 0 {
			return fmt.Errorf("aircall: WithAttemptTimeout: negative timeout %v", d)
		}
		c.attemptTimeout = &d
		return nil
	}
}

// WithRateLimit sets the requests per minute the Client starts with
// (default DefaultRateLimit, 120). The X-AircallApi-Limit header of any
// answer replaces it at once.
func WithRateLimit(requestsPerMinute int) Option {
	return func(c *config) error {
		if requestsPerMinute < 1 {
			return fmt.Errorf("aircall: WithRateLimit: %d requests per minute is not positive", requestsPerMinute)
		}
		c.rateLimit = requestsPerMinute
		return nil
	}
}

// WithPacer makes the Client use p, so that several Clients of one company
// share its budget. It overrides WithRateLimit. p must come from NewPacer or
// NewPacerWithStore.
func WithPacer(p *Pacer) Option {
	return func(c *config) error {
		if p == nil || p.lim == nil {
			return errors.New("aircall: WithPacer: nil pacer, or a zero Pacer: make it with NewPacer or NewPacerWithStore")
		}
		c.pacer = p
		return nil
	}
}

// NewClient returns a Client configured by opts. Exactly one of
// WithBasicAuth, WithBearerToken and WithTokenSource is required.
func NewClient(opts ...Option) (*Client, error) {
	cfg := config{baseURL: DefaultBaseURL, userAgent: defaultUserAgent, retry: DefaultRetryPolicy, rateLimit: DefaultRateLimit}
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(&cfg); err != nil {
			return nil, err
		}
	}
	switch len(cfg.auth) {
	case 0:
		return nil, errors.New("aircall: NewClient: no credentials: use WithBasicAuth, WithBearerToken or WithTokenSource")
	case 1:
	default:
		return nil, errors.New("aircall: NewClient: more than one auth option given; use exactly one")
	}
	base, _ := url.Parse(cfg.baseURL)
	base.Path = strings.TrimSuffix(base.Path, "/")

	hc := &http.Client{}
	if cfg.httpClient != nil {
		*hc = *cfg.httpClient
	}
	rt := cfg.transport
	if rt == nil {
		rt = hc.Transport
	}
	if rt == nil {
		rt = http.DefaultTransport.(*http.Transport).Clone()
	}
	pacer := cfg.pacer
	if pacer == nil {
		pacer = NewPacer(cfg.rateLimit, time.Minute)
	}
	pacer.setLogger(cfg.logger)
	timeout := DefaultAttemptTimeout
	if hc.Timeout > 0 {
		timeout = 0 // the http.Client's own Timeout bounds each attempt
	}
	if cfg.attemptTimeout != nil {
		timeout = *cfg.attemptTimeout
	}
	hc.Transport = cfg.auth[0](rt)
	userRedirect := hc.CheckRedirect
	hc.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		// Credentials are set on every hop: never follow a redirect elsewhere.
		if req.URL.Host != base.Host || req.URL.Scheme != base.Scheme {
			return http.ErrUseLastResponse
		}
		if userRedirect != nil {
			return userRedirect(req, via)
		}
		if len(via) >= 5 {
			return http.ErrUseLastResponse
		}
		return nil
	}

	c := &Client{baseURL: base, userAgent: cfg.userAgent, hc: hc, retry: cfg.retry, logger: cfg.logger,
		attemptTimeout: timeout, pacer: pacer, oauth: cfg.oauth, listCap: defaultListCap}
	c.common.client = c
	c.Users = (*UsersService)(&c.common)
	c.Teams = (*TeamsService)(&c.common)
	c.Calls = (*CallsService)(&c.common)
	c.Numbers = (*NumbersService)(&c.common)
	c.Contacts = (*ContactsService)(&c.common)
	c.Tags = (*TagsService)(&c.common)
	c.Webhooks = (*WebhooksService)(&c.common)
	c.DialerCampaigns = (*DialerCampaignsService)(&c.common)
	c.A2PCampaignAssociations = (*A2PCampaignAssociationsService)(&c.common)
	c.Integrations = (*IntegrationsService)(&c.common)
	c.Company = (*CompanyService)(&c.common)
	c.Messages = (*MessagesService)(&c.common)
	c.Analytics = (*AnalyticsService)(&c.common)
	c.AIVoiceAgents = (*AIVoiceAgentsService)(&c.common)
	return c, nil
}

// BaseURL returns the API root the Client sends requests to.
func (c *Client) BaseURL() string { return c.baseURL.String() }

// Rate returns the budget announced by the last answer this Client (or any
// Client sharing its Pacer) received.
func (c *Client) Rate() Rate { return c.pacer.Rate() }

// Pacer returns the Client's Pacer, to share with WithPacer.
func (c *Client) Pacer() *Pacer { return c.pacer }

// Ping checks the credentials with GET /v1/ping.
func (c *Client) Ping(ctx context.Context) (*Response, error) {
	var out struct {
		Ping string `json:"ping"`
	}
	resp, data, err := c.do(ctx, http.MethodGet, "/v1/ping", nil, nil)
	if err != nil {
		return resp, err
	}
	if err := json.Unmarshal(data, &out); err != nil || out.Ping != "pong" {
		return resp, fmt.Errorf("aircall: GET /v1/ping: unexpected answer %q", truncate(string(data), 80))
	}
	return resp, nil
}

// url resolves path and query against the base URL. A path that holds
// escapes, such as a segment built with url.PathEscape ("a%2Fb"), keeps them
// on the wire.
func (c *Client) url(path string, query url.Values) *url.URL {
	u := *c.baseURL
	u.Path = c.baseURL.Path + path
	u.RawPath = ""
	if strings.Contains(path, "%") {
		if p, err := url.PathUnescape(path); err == nil {
			u.Path, u.RawPath = c.baseURL.Path+p, c.baseURL.EscapedPath()+path
		}
	}
	u.RawQuery = query.Encode()
	return &u
}

// do sends one request and returns the body of a 2xx answer. Every
// non-2xx answer becomes an *APIError (or *RateLimitError).
func (c *Client) do(ctx context.Context, method, path string, query url.Values, body any) (*Response, []byte, error) {
	return c.doURL(ctx, method, c.url(path, query), body)
}

// doURL sends the request, with pacing and retries, and returns the body
// of a 2xx answer (nil when ctx was marked by ignoreBody). Every non-2xx
// answer becomes an *APIError (or *RateLimitError). When a request that is
// not safe to repeat may have been applied and no complete answer was read,
// the error matches ErrOutcomeUnknown (and ctx.Err() when ctx ended).
func (c *Client) doURL(ctx context.Context, method string, u *url.URL, body any) (*Response, []byte, error) {
	if ctx == nil {
		return nil, nil, errors.New("aircall: nil context")
	}
	var payload []byte
	if body != nil {
		var err error
		if payload, err = json.Marshal(body); err != nil {
			return nil, nil, fmt.Errorf("aircall: %s %s: encoding body: %w", method, u.Path, err)
		}
	}
	rq := &call{method: method, url: u, shown: u.Redacted(), payload: payload,
		safe: idempotent(method) || isRetrySafe(ctx), discard: isBodyIgnored(ctx)}
	// applied: an earlier attempt of a retry-safe POST reached the server
	// and got no success, so it may have been applied (a 409 on the retry
	// then most likely answers that attempt's idempotency key).
	applied := false
	var first429 time.Time // the answer of the first 429, zero before it
	for attempt := 1; ; attempt++ {
		ex := c.attempt(ctx, rq, attempt)
		var resp *Response
		if ex.resp != nil {
			resp = &Response{Response: ex.resp, Rate: parseRate(ex.resp.Header)}
		}
		status := 0
		if ex.err == nil {
			status = ex.resp.StatusCode
			if status >= 200 && status <= 299 {
				return resp, ex.data, nil
			}
			apiErr := newAPIError(ex.resp, method, rq.shown, ex.data)
			if status == http.StatusTooManyRequests {
				c.warn(ctx, "aircall: rate limited", rq, slog.Int("attempt", attempt), slog.Time("reset", resp.Rate.Reset))
			}
			retry := status == http.StatusTooManyRequests || (status >= 500 && status != http.StatusNotImplemented && rq.safe)
			if status == http.StatusTooManyRequests && first429.IsZero() {
				first429 = time.Now()
			}
			// A 429 that says neither when the budget resets nor when to
			// retry is not given up before a whole window has passed since
			// the request's first 429: the Pacer holds it meanwhile.
			bare := status == http.StatusTooManyRequests && !resp.Rate.Known() && ex.resp.Header.Get("Retry-After") == "" &&
				c.retry.MaxRetries > 0 && time.Since(first429) < c.pacer.window
			if !retry || (attempt > c.retry.MaxRetries && !bare) {
				if status >= 500 && !rq.safe {
					c.warn(ctx, "aircall: outcome unknown", rq, slog.Int("status", status))
				}
				if status == http.StatusConflict && applied {
					c.warn(ctx, "aircall: outcome unknown", rq, slog.Int("status", status))
					return resp, nil, fmt.Errorf("%w: an earlier attempt of this request may have been applied: %w", apiErr, ErrOutcomeUnknown)
				}
				return resp, nil, apiErr
			}
		} else {
			if errors.Is(ex.err, errBodyTooLarge) { // a complete 2xx status: applied, not worth repeating
				return resp, nil, fmt.Errorf("aircall: %s %s: %w", method, rq.shown, ex.err)
			}
			if ctxErr := ctx.Err(); ctxErr != nil {
				return resp, nil, c.failure(ctx, rq, ex.sent, ctxErr)
			}
			if (ex.sent && !rq.safe) || attempt > c.retry.MaxRetries { // a POST that may have been applied is not repeated
				return resp, nil, c.failure(ctx, rq, ex.sent, ex.err)
			}
		}
		if !idempotent(method) && (status >= 500 || (ex.err != nil && ex.sent)) {
			applied = true
		}
		wait := backoff(c.retry.MinWait, c.retry.MaxWait, attempt-1, status)
		attrs := []slog.Attr{slog.Int("attempt", attempt), slog.Duration("backoff", wait)}
		if ex.err != nil {
			attrs = append(attrs, slog.String("error", ex.err.Error()))
		} else {
			attrs = append(attrs, slog.Int("status", status))
		}
		c.warn(ctx, "aircall: retrying request", rq, attrs...)
		if err := sleepCtx(ctx, wait); err != nil {
			return resp, nil, fmt.Errorf("aircall: %s %s: %w", method, rq.shown, err)
		}
	}
}

// call is one request of doURL, over all its attempts.
type call struct {
	method  string
	url     *url.URL
	shown   string // the URL without credentials, for errors
	payload []byte
	safe    bool // repeating it after it reached the server is harmless
	discard bool // the 2xx body is not needed
}

// failure is the error of a request that got no complete answer: it
// matches ErrOutcomeUnknown when the request may have been applied.
func (c *Client) failure(ctx context.Context, rq *call, sent bool, err error) error {
	if sent && !rq.safe {
		c.warn(ctx, "aircall: outcome unknown", rq, slog.String("error", err.Error()))
		return fmt.Errorf("aircall: %s %s: %w: %w", rq.method, rq.shown, ErrOutcomeUnknown, err)
	}
	return fmt.Errorf("aircall: %s %s: %w", rq.method, rq.shown, err)
}

// attempt waits for the pacer, then sends rq once.
func (c *Client) attempt(ctx context.Context, rq *call, n int) exchange {
	start := time.Now()
	if err := c.pacer.wait(ctx); err != nil {
		return exchange{err: err}
	}
	onWire := time.Now()
	ex := roundTrip(ctx, c.hc, func(ctx context.Context) (*http.Request, error) {
		var body io.Reader
		if rq.payload != nil {
			body = bytes.NewReader(rq.payload)
		}
		req, err := http.NewRequestWithContext(ctx, rq.method, rq.url.String(), body)
		if err != nil {
			return nil, err
		}
		req.Header.Set("Accept", "application/json")
		req.Header.Set("User-Agent", c.userAgent)
		if rq.method != http.MethodGet {
			req.Header.Set("Content-Type", "application/json")
		}
		return req, nil
	}, maxBodyBytes, rq.discard, c.attemptTimeout)
	if ex.resp != nil {
		c.pacer.observe(ctx, ex.resp.StatusCode, ex.resp.Header)
	}
	if c.logger != nil && c.logger.Enabled(ctx, slog.LevelDebug) {
		attrs := []slog.Attr{
			slog.String("method", rq.method), slog.String("path", rq.url.Path), slog.Int("attempt", n),
			slog.Int("status", 0), slog.Duration("duration", time.Since(onWire)), slog.Duration("pacer_wait", onWire.Sub(start)),
		}
		if ex.resp != nil {
			attrs[3] = slog.Int("status", ex.resp.StatusCode)
			if v, ok := remaining(ex.resp.Header); ok {
				attrs = append(attrs, slog.Int("remaining", v))
			}
		}
		if ex.err != nil {
			attrs = append(attrs, slog.String("error", ex.err.Error()))
		}
		c.logger.LogAttrs(ctx, slog.LevelDebug, "aircall: request", attrs...)
	}
	return ex
}

// warn logs msg at Warn with the request's method and path.
func (c *Client) warn(ctx context.Context, msg string, rq *call, attrs ...slog.Attr) {
	if c.logger == nil {
		return
	}
	c.logger.LogAttrs(ctx, slog.LevelWarn, msg, append([]slog.Attr{slog.String("method", rq.method), slog.String("path", rq.url.Path)}, attrs...)...)
}

// cleanNetError drops the *url.Error layer, whose text repeats the URL.
func cleanNetError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}
