package aircall

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
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
	// Dropped lists the values of the answer that the SDK's lenient
	// decode dropped because they did not fit their Go type (each also
	// logged as a warning through WithLogger's logger); nil when every
	// value fit. The fields they were meant for keep their zero values.
	Dropped []DecodeIssue
}

// sharedTransport is the base transport of every Client built without
// WithHTTPClient or WithTransport: one clone of http.DefaultTransport, made
// once, so that its connections (and TLS sessions) are reused across
// Clients, as a marketplace app with one Client per company needs. It
// keeps as many idle connections per host as in all (100, where
// http.DefaultTransport keeps 2), since every Client talks to one host.
// Credentials are not part of it: each Client wraps it in its own auth
// round-tripper.
var sharedTransport = sync.OnceValue(func() *http.Transport {
	t, ok := http.DefaultTransport.(*http.Transport)
	if !ok { // replaced by the program: start from net/http's defaults
		t = &http.Transport{Proxy: http.ProxyFromEnvironment, ForceAttemptHTTP2: true, MaxIdleConns: 100,
			IdleConnTimeout: 90 * time.Second, TLSHandshakeTimeout: 10 * time.Second, ExpectContinueTimeout: time.Second}
	}
	t = t.Clone()
	t.MaxIdleConnsPerHost = max(t.MaxIdleConns, http.DefaultMaxIdleConnsPerHost)
	return t
})

// NewClient returns a Client configured by opts. Exactly one of
// WithBasicAuth, WithBearerToken and WithTokenSource is required.
//
// Clients built without WithHTTPClient (with a Transport) or WithTransport
// share one base transport, so one connection pool: a thousand Clients, one
// per company, reuse the same few connections to the API. Credentials,
// pacing and retries stay per Client.
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
		rt = sharedTransport()
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
// the error matches ErrOutcomeUnknown (and ctx.Err() when ctx ended); when
// a 2xx status came but its body could not be read whole, ErrAnswerLost.
func (c *Client) doURL(ctx context.Context, method string, u *url.URL, body any) (*Response, []byte, error) {
	if ctx == nil {
		return nil, nil, errors.New("aircall: nil context")
	}
	var payload []byte
	if body != nil {
		var err error
		if payload, err = json.Marshal(body); err != nil {
			return nil, nil, fmt.Errorf("aircall: %s %s: encoding body: %w", method, shownPath(u, personalOf(ctx)).Path, err)
		}
	}
	personal := personalOf(ctx)
	shown := shownPath(u, personal)
	rq := &call{method: method, url: u, shown: shownURL(u, personal), path: shown.Path, payload: payload,
		safe: idempotent(method) || marked(ctx, markRetrySafe), discard: marked(ctx, markIgnoreBody)}
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
			// A 2xx status came and its body was cut: the request was applied.
			// Repeat only what is safe to repeat, and only a cut, not a body
			// over the limit.
			if ex.resp != nil && (!rq.safe || errors.Is(ex.err, errBodyTooLarge) || ctx.Err() != nil || attempt > c.retry.MaxRetries) {
				c.warn(ctx, "aircall: answer lost", rq, slog.Int("status", ex.resp.StatusCode), slog.String("error", ex.err.Error()))
				return resp, nil, fmt.Errorf("aircall: %s %s: %d: %w: %w", method, rq.shown, ex.resp.StatusCode, ErrAnswerLost, ex.err)
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
	shown   string // the URL without credentials, query values or a personal segment (shownURL), for errors
	path    string // the URL's path without a personal segment, for log lines
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
			slog.String("method", rq.method), slog.String("path", rq.path), slog.Int("attempt", n),
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
	c.logger.LogAttrs(ctx, slog.LevelWarn, msg, append([]slog.Attr{slog.String("method", rq.method), slog.String("path", rq.path)}, attrs...)...)
}

// cleanNetError drops the *url.Error layer, whose text repeats the URL.
func cleanNetError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}
