package aircall

import (
	"context"
	"errors"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Rate is the request budget the API announced in its last answer through the
// X-AircallApi-Limit, -Remaining and -Reset headers. Zero fields were absent.
type Rate struct {
	Limit     int       // requests allowed per window
	Remaining int       // requests left in the current window
	Reset     time.Time // when the window resets
}

// Known reports whether the answer carried rate headers.
func (r Rate) Known() bool { return r.Limit > 0 || !r.Reset.IsZero() }

const (
	headerLimit     = "X-Aircallapi-Limit"
	headerRemaining = "X-Aircallapi-Remaining"
	headerReset     = "X-Aircallapi-Reset"
)

// parseRate reads the X-AircallApi-* headers. Reset is Unix seconds; values
// above 1e12 are taken as milliseconds.
func parseRate(h http.Header) Rate {
	var r Rate
	if v, err := strconv.Atoi(h.Get(headerLimit)); err == nil && v > 0 {
		r.Limit = v
	}
	if v, err := strconv.Atoi(h.Get(headerRemaining)); err == nil && v >= 0 {
		r.Remaining = v
	} else {
		r.Remaining = -1
	}
	if v, err := strconv.ParseFloat(h.Get(headerReset), 64); err == nil && v > 0 {
		r.Reset = unixTime(v)
	}
	if r.Remaining < 0 {
		r.Remaining = 0
		if r.Limit == 0 && r.Reset.IsZero() {
			return Rate{}
		}
	}
	return r
}

// Pacer keeps the requests of one company within Aircall's rate limit. It
// spaces requests evenly at limit/window, and when the server says the budget
// is spent (a 429 or Remaining 0) it holds every request until the window
// resets. The limit announced in X-AircallApi-Limit replaces the configured
// one.
//
// Each Client has its own Pacer. Clients that share a company's budget (for
// instance several services in one process) share one Pacer through
// WithPacer. A Pacer is safe for concurrent use.
type Pacer struct {
	limiter *rate.Limiter
	window  time.Duration

	mu        sync.Mutex
	limit     int
	remaining int       // budget left in the window ending at reset, after in-flight requests
	reset     time.Time // end of the window the server last described
	gate      time.Time // no request leaves before this
	inflight  int
	seq       uint64 // answers observed, to tell whether the budget changed
	last      Rate
}

// DefaultRateLimit is Aircall's documented budget: 60 requests a minute per
// company.
const DefaultRateLimit = 60

// NewPacer returns a Pacer allowing limit requests per window (Aircall's
// window is a minute). A limit below 1 disables the spacing; the pacer then
// only honours the server's headers.
func NewPacer(limit int, window time.Duration) *Pacer {
	if window <= 0 {
		window = time.Minute
	}
	p := &Pacer{window: window, limit: limit, remaining: -1}
	if limit > 0 {
		p.limiter = rate.NewLimiter(rate.Every(window/time.Duration(limit)), 1)
	} else {
		p.limiter = rate.NewLimiter(rate.Inf, 1)
	}
	return p
}

// Rate returns the budget announced by the last answer seen.
func (p *Pacer) Rate() Rate {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.last
}

// margin is added to the server's Reset before the gate opens, so that a
// small clock difference does not spend a request on a 429.
func (p *Pacer) margin() time.Duration { return min(p.window/100, 500*time.Millisecond) }

// wait blocks until a request may leave, then counts it in flight. The
// request takes its slot of the window's budget before waiting for its turn
// at the limiter, so that goroutines queue for the budget that is left; a
// wait that ends with ctx gives the slot back (see release).
func (p *Pacer) wait(ctx context.Context) error {
	for {
		p.mu.Lock()
		if d := p.holdLocked(time.Now()); d > 0 {
			p.mu.Unlock()
			if err := sleepCtx(ctx, d); err != nil {
				return err
			}
			continue
		}
		s := slot{seq: p.seq, reset: p.reset, took: p.remaining > 0}
		if s.took {
			p.remaining--
		}
		p.inflight++
		p.mu.Unlock()
		// Not limiter.Wait: it fails at once, with an error that is not the
		// context's, when the wait would pass ctx's deadline, and the caller
		// then cannot tell that nothing was sent.
		r := p.limiter.Reserve()
		if err := sleepCtx(ctx, r.Delay()); err != nil {
			r.Cancel()
			p.release(s)
			return err
		}
		return nil
	}
}

// slot records what a request took from the budget in wait.
type slot struct {
	seq   uint64    // observe count when taken
	reset time.Time // window it was taken from
	took  bool      // remaining was decremented
}

// release undoes wait for a request that was never sent. Its slot goes
// back to the budget unless an answer has described the budget since (then
// the server's count is the truth); a gate closed since then could only have
// been closed by this slot's decrement, so it opens again.
func (p *Pacer) release(s slot) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.inflight--
	if !s.took || s.seq != p.seq || !s.reset.Equal(p.reset) || p.remaining < 0 {
		return
	}
	p.remaining++
	p.gate = time.Time{}
}

// holdLocked closes the gate when the window's budget is spent and returns
// how long it stays closed. p.mu is held.
func (p *Pacer) holdLocked(now time.Time) time.Duration {
	if now.After(p.reset) && p.remaining >= 0 {
		p.remaining = -1 // the described window is over: budget unknown
	}
	if p.remaining == 0 && p.gate.Before(p.reset) {
		p.gate = p.reset.Add(p.margin())
	}
	return p.gate.Sub(now)
}

func (p *Pacer) done() {
	p.mu.Lock()
	p.inflight--
	p.mu.Unlock()
}

// observe records the headers of an answer.
func (p *Pacer) observe(status int, r Rate) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.inflight--
	p.seq++
	if !r.Known() {
		if status == http.StatusTooManyRequests {
			// No Reset given: hold everyone for a spacing interval at least.
			p.gate = laterOf(p.gate, time.Now().Add(p.window/time.Duration(max(p.limit, 1))))
		}
		return
	}
	p.last = r
	if r.Limit > 0 && r.Limit != p.limit {
		p.limit = r.Limit
		p.limiter.SetLimit(rate.Every(p.window / time.Duration(r.Limit)))
	}
	if r.Reset.IsZero() {
		return
	}
	remaining := r.Remaining - p.inflight // requests still in flight may count in this window
	if status == http.StatusTooManyRequests {
		remaining = 0
	}
	switch {
	case r.Reset.After(p.reset.Add(p.margin())): // a newer window
		p.reset, p.remaining = r.Reset, max(remaining, 0)
	case !r.Reset.Before(p.reset.Add(-p.margin())): // the same window
		p.reset = laterOf(p.reset, r.Reset)
		if p.remaining < 0 || remaining < p.remaining {
			p.remaining = max(remaining, 0)
		}
	}
	if p.remaining == 0 {
		p.gate = laterOf(p.gate, p.reset.Add(p.margin()))
	}
}

func laterOf(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// sleepCtx waits for d or until ctx is done.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// pacerTransport waits for the Pacer before each request and feeds it the
// rate headers of each answer.
type pacerTransport struct {
	pacer *Pacer
	next  http.RoundTripper
}

func (t *pacerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if err := t.pacer.wait(req.Context()); err != nil {
		if req.Body != nil {
			req.Body.Close()
		}
		return nil, err
	}
	resp, err := t.next.RoundTrip(req)
	if err != nil {
		t.pacer.done()
		return nil, err
	}
	t.pacer.observe(resp.StatusCode, parseRate(resp.Header))
	return resp, nil
}

// basicAuthTransport sets HTTP Basic credentials on a copy of each request.
type basicAuthTransport struct {
	id, token string
	next      http.RoundTripper
}

func (t *basicAuthTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	r := req.Clone(req.Context())
	r.SetBasicAuth(t.id, t.token)
	return t.next.RoundTrip(r)
}

// RetryPolicy bounds the retries of a Client. A 429 is retried after the
// window resets, for every method (the server refused it); a 5xx or a network
// error only for GET, PUT and DELETE; a POST only when the connection was
// never made. Waits between attempts grow exponentially from MinWait to
// MaxWait, with jitter, and end early when the context is done.
type RetryPolicy struct {
	MaxRetries int           // retries after the first attempt; 0 disables retries
	MinWait    time.Duration // first backoff
	MaxWait    time.Duration // longest backoff
}

// DefaultRetryPolicy is used when WithRetryPolicy is not given.
var DefaultRetryPolicy = RetryPolicy{MaxRetries: 4, MinWait: 500 * time.Millisecond, MaxWait: 30 * time.Second}

func idempotent(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodPut, http.MethodDelete:
		return true
	}
	return false
}

// notSent reports whether err happened before any byte of the request could
// reach the server: the connection was refused or the host did not resolve.
func notSent(err error) bool {
	var dns *net.DNSError
	if errors.As(err, &dns) {
		return true
	}
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}

type retrySafeKey struct{}

// retrySafe marks the request made with ctx as safe to send again after it
// may have reached the server: a POST whose body carries an idempotency key
// that the server enforces (a reused key answers 409), such as
// AIVoiceAgents.StartOutboundCall. It is retried like a PUT.
func retrySafe(ctx context.Context) context.Context {
	return context.WithValue(ctx, retrySafeKey{}, true)
}

// isRetrySafe reports whether ctx was marked by retrySafe.
func isRetrySafe(ctx context.Context) bool {
	v, _ := ctx.Value(retrySafeKey{}).(bool)
	return v
}

// checkRetry decides whether an attempt is retried.
func checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) && (idempotent(strings.ToUpper(ue.Op)) || isRetrySafe(ctx)) {
			return true, nil
		}
		return notSent(err), nil
	}
	if resp == nil || resp.Request == nil {
		return false, nil
	}
	method := resp.Request.Method
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		return true, nil
	case resp.StatusCode >= 500 && resp.StatusCode != http.StatusNotImplemented:
		return idempotent(method) || isRetrySafe(ctx), nil
	}
	return false, nil
}

// backoff is exponential with full jitter in [min, max]. For a 429 the Pacer
// already holds the request until the window resets, so the retry waits only
// a little.
func backoff(minWait, maxWait time.Duration, attempt int, resp *http.Response) time.Duration {
	if resp != nil && resp.StatusCode == http.StatusTooManyRequests {
		return time.Duration(rand.Int64N(int64(minWait/10) + 1))
	}
	d := minWait << min(attempt, 20)
	if d <= 0 || d > maxWait {
		d = maxWait
	}
	half := d / 2
	return half + time.Duration(rand.Int64N(int64(half)+1))
}
