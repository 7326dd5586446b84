// Package aircalltest is an in-memory Aircall Public API for tests and demos.
//
// A Server speaks the wire format of the real API for every endpoint the SDK
// covers: Basic and Bearer authentication, the X-AircallApi-* rate headers
// and 429s in fixed windows, pagination meta with absolute next_page_link,
// the 10,000-item cap of call, contact and tag lists, the recorded error
// bodies, the v2 user endpoints, and webhook delivery (POSTs of real event envelopes, with the
// webhook's token, to registered loopback URLs) when its state changes.
//
//	srv := aircalltest.NewServer(aircalltest.WithDemoData())
//	defer srv.Close()
//	c := srv.Client() // an *aircall.Client with Basic auth for srv
//	users, _, err := c.Users.List(ctx, nil)
//
// Helpers drive what only a phone or the Dashboard could do (simulate.go):
// SimulateInboundCall and SimulateOutboundCall play a call's lifecycle and
// send its call.* events (with DeclinedBy, WithIVRChoice and Ongoing for the
// rest); Hold, Unhold, HangUp, Assign and Untag act on a call; ConnectUser
// and DisconnectUser log a user in and out of the Phone app; AddNumber and
// RemoveNumber buy and release numbers; UninstallIntegration removes the
// OAuth integration. With them every event of the webhook package is sent
// from a state change or a step. Flush waits until every queued webhook event
// was delivered. Options seed a realistic company (WithDemoData), generate
// many calls (WithGeneratedCalls), shape the rate limit (WithRateLimit), the
// list cap (WithListCap) and inject faults (WithFault).
//
// Like Aircall, a Server allows 120 requests a minute by default, and the
// Client it returns paces itself to that budget (one request every 500 ms):
// tests usually start it with a generous WithRateLimit, and rate-limit tests
// with a short window and WithResetMillis.
//
// # Wire format
//
// The Server answers key for key what the real API was recorded sending
// (testdata/wire holds the shapes and wire_test.go compares them): keys the
// API always sends are sent as null or [] when empty, and each object takes
// the shape of where it appears (a user in a call, in a team, in a user.*
// event; a call in REST and in a webhook). Where a recording of live traffic
// and the reference disagree, the recording wins:
//   - creates (contacts, tags, teams, users, webhooks) and adding a team
//     member answer 200, not 201; DELETE /v1/teams/:id answers 204; PUT
//     /v1/contacts/:id updates a contact like POST;
//   - a 400 is {"error", "data", "message", "errors", "troubleshoot",
//     "success"} with the text in errors and troubleshoot "BAD_REQUEST"; a 422
//     is {"error", "success", "errors": {field: [text]}}; a 405 is {"error",
//     "troubleshoot", "success"}; requests without credentials (401), with
//     wrong ones (403) and to unknown routes (404) are refused by the gateway
//     with {"message": ...} and no X-AircallApi-* headers;
//   - calls, contacts and tags refuse pages past the 10,000 cap with that
//     400 (no other list was seen capped); /v1/webhooks meta has no link keys;
//   - tags have no direct_link; webhook create and update answers have no
//     legacy id and no custom_name unless one was set, GET keeps the id, and
//     direct_link is built from the UUID;
//   - a webhook's GET keeps the legacy id; PUT /v1/contacts/:id answers the
//     contact with "urls": [] (its only recording), POST and GET without;
//     the V1 user detail (GET, POST, PUT /v1/users/:id) has no extension,
//     the V1 list has; /v1/integrations/me has the Integration object's keys
//     (no id nor timestamps) and its user no state nor extension.
//
// Where nothing was recorded, it follows the reference: REST call tags carry
// created_at, and emojis are removed from comments, contacts and tags (their
// sections) and refused in user, team and number names (the Emojis note).
// A2P numbers are accepted as strings or integers and sent as integers (the
// examples).
//
// # Webhook events
//
// Events are built by a serializer of their own (hookwire.go), key for key
// as the recorded deliveries carry them, not from the REST view: users are
// slim (id, direct_link, name, email, available, availability_status,
// language, wrap_up_time) wherever an event embeds them; numbers have six
// Music & Messages keys and no created_at, priority nor flow_editor_enabled;
// calls carry hangup_cause but no sid, call_uuid, short URLs,
// country_code_a2 nor pricing_type, and leave out the associations that are
// not set (user, contact, assigned_to, transferred_*); tags carry tagged_at
// and tagged_by (the agent, or {} when the API tagged); contact timestamps
// are Unix seconds.
//
// Every event can be produced over HTTP, on any Server: POST
// /_fake/events/{event} makes the state change that emits it and delivers
// it like any other event (aircall trigger uses it). The optional JSON body
// names the resource ({"call_id": 123}, {"user_id": 456}, number_id,
// contact_id, tag_id); without it the newest resource in a state that
// allows the event is used. It answers 200 with the affected resource as
// the API serves it, 404 for an unknown event or resource, and 409 when the
// state does not allow the event (no ongoing call to hold). POST
// /_fake/flush answers 204 once every queued event is delivered. Both
// answer loopback connections only, with the Server's credentials, and are
// not counted in Stats. EventBody returns the body of any event as a demo
// Server would deliver it, for senders without a Server.
//
// # The 2026 API
//
// The Server also serves the endpoints of the spec addendum (Users v2,
// conversation intelligence, messaging, AI voice agent outbound calls,
// analytics exports) in the addendum's example shapes, none of them having
// been recorded:
//   - a simulated call that ends answered (or with a voicemail) gets its AI
//     results WithAIDelay after its end (default 20ms; 0 for at once;
//     Flush waits for them), and the Server then sends transcription.created,
//     summary.created (call_id a numeric string), topics.created,
//     sentiment.created, action_item.created, playbook_result.created,
//     custom_summary.result_created and call_evaluation.created; the demo
//     calls have theirs from the start. Results are wrapped under
//     transcription, sentiment, topic, summary and csat; action items,
//     playbook, custom summary and evaluations are top level. An answered
//     call also sends realtime_transcription.utterances_received, and
//     ReviewAIResults sends the .updated events of a call's playbook
//     result, custom summary and evaluation;
//   - "not available" is 404 ({"error", "troubleshoot"}) for a call without
//     results (yet: before the delay; missed calls; a voicemail's insights
//     beyond its transcription and summary), and 403 on every conversation
//     intelligence endpoint of an account WithoutAIAddOn (which gets no
//     results nor events): the addendum leaves 403 vs 404 open, clients
//     treat both as not available;
//   - a number with a messaging configuration is a Proxy-mode line: it
//     accepts the skip-inbox sends (/send, /group/send, WhatsApp /send),
//     fires no messaging webhook and POSTs message callbacks to its
//     callbackUrl instead; a number without one is a Native-mode line:
//     skip-inbox sends answer 400 (status not documented), in-conversation
//     sends fire message.sent or group_message.sent then their
//     .status_updated, and SimulateInboundMessage fires message.received
//     (created_at an ISO string there, as in the addendum's inbound
//     example). Send answers are top level, with epoch millisecond
//     timestamps; media is read from mediaUrl or media_url;
//   - SMS templates page up to per_page 100 (AddSMSTemplate adds some);
//     every number has five WhatsApp templates, cursor-paged with pageInfo
//     (the token is an offset); registration_status answers a shape of our
//     own ({"number_id", "status"}: no source shows one);
//   - an outbound AI voice agent call answers 202, PENDING, and a reused
//     idempotency_key 409; agents are not stored, so any agent id is
//     accepted; WithAIDelay later the call is placed (an outbound call in
//     the history, ai_voice_agent.started, .ended and .summary);
//   - an analytics export answers PENDING for WithExportPolls GETs, then
//     COMPLETED with a presigned-looking downloadUrl expiring an hour later
//     (or FAILED, WithExportFailure), sending analytics.report_created (or
//     report_failed) with the export object; WithoutAnalyticsPlus answers
//     403;
//   - each V1 user event is followed by its .v2 twin, whose data is the
//     User V2 object;
//   - validation errors are the 400 above.
//
// The command aircalltest/cmd/aircall-fake serves the same API on a fixed
// loopback address for manual exploration.
package aircalltest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"time"

	aircall "github.com/seed1279ea27/aircall-go"
)

// Server is a fake Aircall API listening on a loopback address. Its methods
// are safe for concurrent use.
type Server struct {
	cfg      config
	hs       *httptest.Server
	url      string
	mux      *http.ServeMux
	patterns map[string]string // ServeMux pattern -> endpoints.tsv form ("GET /v1/users/:id")

	mu sync.Mutex // guards st
	st *state

	rateMu      sync.Mutex
	windowStart time.Time
	used        int

	statsMu sync.Mutex
	stats   Stats

	faultMu sync.Mutex
	faults  []*faultState

	q *queue

	// tap, when set (EventBody), sees every event emitted. Guarded by mu.
	tap func(event aircall.Event, data []byte, ts int64)
}

// Stats counts what a Server answered.
type Stats struct {
	// Requests is every request received, answered or not.
	Requests int
	// RateLimited counts the 429 answers.
	RateLimited int
	// Unauthorized counts the 401 (no credentials) and 403 (wrong
	// credentials) answers.
	Unauthorized int
	// Routes counts the answers per endpoint, keyed like endpoints.tsv:
	// "GET /v1/users/:id".
	Routes map[string]RouteStats
}

// RouteStats counts the answers of one endpoint.
type RouteStats struct {
	Requests  int // requests routed to the endpoint
	Successes int // 2xx answers
}

// New starts a Server configured by opts, or returns an error when an option
// is invalid or the listener cannot be opened.
func New(opts ...Option) (*Server, error) {
	cfg := defaultConfig()
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(&cfg); err != nil {
			return nil, err
		}
	}
	if cfg.apiID == "" {
		cfg.apiID = "aircalltest_" + randHex(8)
	}
	if cfg.apiToken == "" {
		cfg.apiToken = randHex(16)
	}
	s := &Server{cfg: cfg, mux: http.NewServeMux(), patterns: map[string]string{}}
	s.stats.Routes = map[string]RouteStats{}
	for _, f := range cfg.faults {
		s.faults = append(s.faults, &faultState{Fault: f})
	}
	s.routes()

	hs := httptest.NewUnstartedServer(s)
	if cfg.listener != nil || cfg.addr != "" {
		l := cfg.listener
		if l == nil {
			var err error
			if l, err = net.Listen("tcp", cfg.addr); err != nil {
				return nil, fmt.Errorf("aircalltest: listen on %s: %w", cfg.addr, err)
			}
		}
		hs.Listener.Close()
		hs.Listener = l
	}
	// The state is complete before the first request can arrive: a client
	// that connects while calls are generated would see part of them.
	s.hs, s.url = hs, "http://"+hs.Listener.Addr().String()
	s.st = newState(s.url, cfg)
	s.q = newQueue(s)
	if cfg.demo {
		s.st.seedDemo(s.now())
		s.seedDemo2026()
	}
	if cfg.genN > 0 {
		s.st.generateCalls(cfg.genN, cfg.genFrom, cfg.genTo, cfg.genSeed)
	}
	hs.Start()
	return s, nil
}

// NewServer starts a Server configured by opts. Like httptest.NewServer, it
// panics when it cannot start (an invalid option, no free port); use New to
// get an error instead.
func NewServer(opts ...Option) *Server {
	s, err := New(opts...)
	if err != nil {
		panic(err)
	}
	return s
}

// URL returns the base URL of the Server, such as http://127.0.0.1:41234,
// to pass to aircall.WithBaseURL.
func (s *Server) URL() string { return s.url }

// Close stops the Server and its webhook deliveries, blocking until pending
// requests are done.
func (s *Server) Close() {
	s.q.close()
	s.hs.Close()
}

// APIID returns the api_id accepted with Basic auth.
func (s *Server) APIID() string { return s.cfg.apiID }

// APIToken returns the api_token accepted with Basic auth.
func (s *Server) APIToken() string { return s.cfg.apiToken }

// AddBearerToken makes the Server accept token as an OAuth access token.
func (s *Server) AddBearerToken(token string) {
	if token == "" {
		return
	}
	s.mu.Lock()
	s.st.bearer[token] = true
	s.mu.Unlock()
}

// NewBearerToken returns a fresh OAuth access token the Server accepts.
func (s *Server) NewBearerToken() string {
	t := randHex(15)
	s.AddBearerToken(t)
	return t
}

// RevokeBearerToken makes the Server refuse token from now on.
func (s *Server) RevokeBearerToken(token string) {
	s.mu.Lock()
	delete(s.st.bearer, token)
	s.mu.Unlock()
}

// OAuthClient returns the client_id and client_secret that POST
// /v1/oauth/token accepts (see WithOAuthClient).
func (s *Server) OAuthClient() (clientID, clientSecret string) {
	return s.cfg.oauthClientID, s.cfg.oauthClientSecret
}

// NewOAuthCode registers a fresh authorization code, as the Dashboard's
// consent screen would send it to redirectURI. POST /v1/oauth/token exchanges
// it, once and within 10 minutes, for an access token the Server accepts.
func (s *Server) NewOAuthCode(redirectURI string) string {
	code := randHex(12)
	s.mu.Lock()
	s.st.codes[code] = oauthCode{redirectURI: redirectURI, expires: s.now().Add(10 * time.Minute)}
	s.mu.Unlock()
	return code
}

// Client returns an *aircall.Client for the Server, authenticated with Basic
// auth, paced at the Server's rate budget and with short retry waits. It
// returns nil only if the SDK refuses its own defaults, which does not
// happen; use NewClient to pass more options.
func (s *Server) Client() *aircall.Client {
	c, err := s.NewClient()
	if err != nil {
		return nil
	}
	return c
}

// NewClient returns an *aircall.Client for the Server like Client, with opts
// applied after the defaults (Basic auth, base URL, pacer, fast retries).
// Do not pass another auth option; use BearerClient for OAuth.
func (s *Server) NewClient(opts ...aircall.Option) (*aircall.Client, error) {
	return aircall.NewClient(append(s.clientDefaults(aircall.WithBasicAuth(s.cfg.apiID, s.cfg.apiToken)), opts...)...)
}

// BearerClient returns an *aircall.Client for the Server authenticated with
// the OAuth access token (register it first with AddBearerToken, or get one
// from NewBearerToken).
func (s *Server) BearerClient(token string, opts ...aircall.Option) (*aircall.Client, error) {
	return aircall.NewClient(append(s.clientDefaults(aircall.WithBearerToken(token)), opts...)...)
}

func (s *Server) clientDefaults(auth aircall.Option) []aircall.Option {
	return []aircall.Option{
		auth,
		aircall.WithBaseURL(s.url),
		aircall.WithPacer(aircall.NewPacer(s.cfg.rateLimit, s.cfg.rateWindow)),
		aircall.WithRetryPolicy(aircall.RetryPolicy{MaxRetries: 4, MinWait: 5 * time.Millisecond, MaxWait: 100 * time.Millisecond}),
	}
}

// Stats returns a copy of the Server's counters.
func (s *Server) Stats() Stats {
	s.statsMu.Lock()
	defer s.statsMu.Unlock()
	out := s.stats
	out.Routes = make(map[string]RouteStats, len(s.stats.Routes))
	for k, v := range s.stats.Routes {
		out.Routes[k] = v
	}
	return out
}

// Served returns the endpoints (in the endpoints.tsv form "GET
// /v1/users/:id") that answered at least one 2xx, sorted.
func (s *Server) Served() []string {
	s.statsMu.Lock()
	defer s.statsMu.Unlock()
	var out []string
	for k, v := range s.stats.Routes {
		if v.Successes > 0 {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// Endpoints returns every endpoint the Server implements, in the
// endpoints.tsv form, sorted.
func (s *Server) Endpoints() []string {
	out := make([]string, 0, len(s.patterns))
	for _, v := range s.patterns {
		out = append(out, v)
	}
	sort.Strings(out)
	return out
}

func (s *Server) now() time.Time { return s.cfg.clock() }

// authKind says how a request authenticated.
type authKind int

const (
	authNone authKind = iota
	authBasic
	authBearer
)

type ctxKey struct{}

type authInfo struct {
	kind  authKind
	token string // the bearer token
}

func authOf(r *http.Request) authInfo {
	a, _ := r.Context().Value(ctxKey{}).(authInfo)
	return a
}

// owner names the credential a webhook belongs to: webhooks created with
// Basic auth are shared by Basic auth, those created with a token belong to
// it.
func (a authInfo) owner() string {
	if a.kind == authBearer {
		return "bearer:" + a.token
	}
	return "basic"
}

// ServeHTTP answers one request: authentication, rate limit, faults, then
// the endpoint.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/_fake/") {
		s.control(w, r) // the control surface: not the API, not counted
		return
	}
	s.statsMu.Lock()
	s.stats.Requests++
	s.statsMu.Unlock()

	_, muxPattern := s.mux.Handler(r)
	route := s.patterns[muxPattern]

	// The gateway answers unknown routes and bad credentials before the
	// application, without rate headers.
	if route == "" {
		writeEdge(w, http.StatusNotFound)
		return
	}
	if route != "POST /v1/oauth/token" {
		a := s.authenticate(r)
		if a.kind == authNone {
			s.countAuthFailure()
			status := http.StatusForbidden
			if r.Header.Get("Authorization") == "" {
				status = http.StatusUnauthorized
			}
			writeEdge(w, status)
			return
		}
		r = r.WithContext(context.WithValue(r.Context(), ctxKey{}, a))
	}
	// Rate headers go on every answer of the application.
	if !s.setRateHeaders(w, true) {
		s.statsMu.Lock()
		s.stats.RateLimited++
		s.statsMu.Unlock()
		writeError(w, http.StatusTooManyRequests, "Too Many Requests",
			fmt.Sprintf("Rate limit of %d requests per %s reached, retry after the time given in X-AircallApi-Reset", s.cfg.rateLimit, s.cfg.rateWindow))
		return
	}
	if s.applyFault(w, r, route) {
		s.record(route, 500)
		return
	}
	rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
	s.mux.ServeHTTP(rec, r)
	s.record(route, rec.status)
}

func (s *Server) record(route string, status int) {
	s.statsMu.Lock()
	rs := s.stats.Routes[route]
	rs.Requests++
	if status >= 200 && status < 300 {
		rs.Successes++
	}
	s.stats.Routes[route] = rs
	s.statsMu.Unlock()
}

func (s *Server) countAuthFailure() {
	s.statsMu.Lock()
	s.stats.Unauthorized++
	s.statsMu.Unlock()
}

// authenticate checks Basic credentials and Bearer tokens.
func (s *Server) authenticate(r *http.Request) authInfo {
	h := r.Header.Get("Authorization")
	scheme, rest, _ := strings.Cut(h, " ")
	switch strings.ToLower(scheme) {
	case "basic":
		id, token, ok := r.BasicAuth()
		if ok && constEq(id, s.cfg.apiID) && constEq(token, s.cfg.apiToken) {
			return authInfo{kind: authBasic}
		}
	case "bearer":
		tok := strings.TrimSpace(rest)
		s.mu.Lock()
		ok := s.st.bearer[tok]
		s.mu.Unlock()
		if ok && tok != "" {
			return authInfo{kind: authBearer, token: tok}
		}
	}
	return authInfo{}
}

// setRateHeaders writes the X-AircallApi-* headers and, when consume is
// set, counts the request in the current fixed window. It reports whether
// the request is within the budget.
func (s *Server) setRateHeaders(w http.ResponseWriter, consume bool) bool {
	s.rateMu.Lock()
	now := s.now()
	win := s.cfg.rateWindow
	start := now.Truncate(win)
	if !start.Equal(s.windowStart) {
		s.windowStart, s.used = start, 0
	}
	ok := true
	if consume {
		if s.used >= s.cfg.rateLimit {
			ok = false
		} else {
			s.used++
		}
	}
	remaining := max(s.cfg.rateLimit-s.used, 0)
	reset := start.Add(win)
	s.rateMu.Unlock()

	h := w.Header()
	h.Set("X-AircallApi-Limit", fmt.Sprint(s.cfg.rateLimit))
	h.Set("X-AircallApi-Remaining", fmt.Sprint(remaining))
	if s.cfg.resetMillis {
		h.Set("X-AircallApi-Reset", fmt.Sprint(reset.UnixMilli()))
	} else {
		// Round up so that a client waiting until Reset never comes back early.
		sec := reset.Unix()
		if reset.Nanosecond() != 0 {
			sec++
		}
		h.Set("X-AircallApi-Reset", fmt.Sprint(sec))
	}
	return ok
}

// statusRecorder remembers the status code a handler wrote.
type statusRecorder struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (r *statusRecorder) WriteHeader(code int) {
	if !r.wrote {
		r.status, r.wrote = code, true
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	r.wrote = true
	return r.ResponseWriter.Write(b)
}

func constEq(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	var v byte
	for i := 0; i < len(a); i++ {
		v |= a[i] ^ b[i]
	}
	return v == 0
}

func randHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// newUUID returns a random version 4 UUID.
func newUUID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b)
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}
