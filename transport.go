package aircall

import (
	"context"
	"errors"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"time"
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
	if v, ok := remaining(h); ok {
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

// spent reports whether h says X-AircallApi-Remaining: 0.
func spent(h http.Header) bool {
	v, ok := remaining(h)
	return ok && v == 0
}

// remaining reads X-AircallApi-Remaining; ok is false when it is absent.
func remaining(h http.Header) (v int, ok bool) {
	v, err := strconv.Atoi(h.Get(headerRemaining))
	return v, err == nil && v >= 0
}

// sleepCtx waits for d or until ctx is done.
func sleepCtx(ctx context.Context, d time.Duration) error { return pause(ctx, d, nil) }

// errReplan is pause's answer when its changed channel was closed.
var errReplan = errors.New("aircall: pacing plans changed")

// pause waits for d, until ctx is done (its error), or until changed is
// closed (errReplan); a nil changed never is.
func pause(ctx context.Context, d time.Duration, changed <-chan struct{}) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-changed:
		return errReplan
	case <-t.C:
		return nil
	}
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
// server's Reset or Retry-After, for every method (the server refused it);
// one that says neither is retried as the Pacer's growing hold allows, past
// MaxRetries if need be, until a whole window has passed since the
// request's first 429 (MaxRetries 0 still disables retries); a 5xx (but 501),
// a network error, a timed-out attempt or an answer cut mid-way only for
// GET, PUT and DELETE (and a POST whose idempotency key the server
// enforces); any other POST only when the request was never sent. Waits
// between attempts grow exponentially from MinWait to MaxWait, with jitter,
// and end early when the context is done.
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
// reach the server: the connection was refused, the host did not resolve,
// or the TokenSource gave no token.
func notSent(err error) bool {
	var dns *net.DNSError
	if errors.As(err, &dns) || errors.As(err, new(tokenSourceError)) {
		return true
	}
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}

// retrySafe marks the request made with ctx as safe to send again after it
// may have reached the server: a POST whose body carries an idempotency key
// that the server enforces (a reused key answers 409), such as
// AIVoiceAgents.StartOutboundCall. It is retried like a PUT.
func retrySafe(ctx context.Context) context.Context {
	return context.WithValue(ctx, markRetrySafe, true)
}

// backoff is exponential with jitter in [d/2, d], d = minWait << attempt
// capped at maxWait. After a 429 the Pacer holds the retry (until the
// server's Reset or Retry-After, or for its growing hold when the 429 said
// neither), so the backoff itself is only a little jitter.
func backoff(minWait, maxWait time.Duration, attempt, status int) time.Duration {
	if status == http.StatusTooManyRequests {
		return time.Duration(rand.Int64N(int64(minWait/10) + 1))
	}
	d := minWait << min(attempt, 20)
	if d <= 0 || d > maxWait {
		d = maxWait
	}
	half := d / 2
	return half + time.Duration(rand.Int64N(int64(half)+1))
}
