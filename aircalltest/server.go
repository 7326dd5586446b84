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
// auth, paced at the Server's rate budget and with short retry waits; opts
// are applied after those defaults (a logger, a transport, another pacer).
// Do not pass another auth option; use BearerClient for OAuth.
func (s *Server) Client(opts ...aircall.Option) (*aircall.Client, error) {
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

// endpoints returns every endpoint the Server implements, in the
// endpoints.tsv form, sorted.
func (s *Server) endpoints() []string {
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
