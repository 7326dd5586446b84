package aircall

import (
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"
)

// DefaultRateLimit is the budget a Client starts with: 120 requests a minute
// per company, as Aircall documents it since 2026 (the 2024 reference said
// 60). The X-AircallApi-Limit header of any answer replaces it at once, up or
// down, so an account on 60 a minute costs at most one 429, retried, before
// it is paced at 60.
const DefaultRateLimit = 120

// Pacer keeps the requests of one company within Aircall's rate limit. It
// spaces requests evenly at limit/window with a burst of 1 (a
// golang.org/x/time/rate Limiter), and when the server says the budget is
// spent (a 429, or X-AircallApi-Remaining 0) it closes until the window
// resets: every request waits, including those already queued for their
// turn, and the spacing starts again when it opens. The limit announced in
// X-AircallApi-Limit replaces the configured one, and waiting requests then
// plan their departure again at the new rate.
//
// A 429 that says neither X-AircallApi-Reset nor Retry-After closes the
// Pacer for a growing time: an eighth of the window, then twice as long
// each time, never past one window after the first of them until that
// window has passed.
//
// Time spent waiting for the Pacer is not part of any request timeout.
//
// Each Client has its own Pacer. Clients that share a company's budget share
// one Pacer through WithPacer; processes share one through a PacerStore
// (NewPacerWithStore). A Pacer is safe for concurrent use.
type Pacer struct {
	limit  int           // configured requests per window; < 1: no spacing
	window time.Duration // the server's budget window
	margin time.Duration // added to a server Reset against clock skew

	store   PacerStore    // nil: in process only
	asking  chan struct{} // held by the one request asking the store for a turn
	failing atomic.Bool
	retryAt atomic.Int64 // Unix nanoseconds: the store is skipped until then after a failure
	logger  atomic.Pointer[slog.Logger]

	mu        sync.Mutex
	lim       *rate.Limiter // replaced when the plans change (see restart)
	learned   int           // limit from X-AircallApi-Limit, 0 until one came
	closed    time.Time     // no request leaves before it
	departed  time.Time     // the last departure
	bareSince time.Time     // first 429 without Reset or Retry-After since the last other answer
	bareStep  int           // holds given for such 429s since bareSince
	last      Rate
	changed   chan struct{} // closed when waiting requests must plan again
}

// NewPacer returns a Pacer allowing limit requests per window (Aircall's
// window is a minute; 0 means a minute), with its state in process. A limit
// below 1 disables the spacing: the pacer then only holds requests when the
// server says the budget is spent.
func NewPacer(limit int, window time.Duration) *Pacer {
	if window <= 0 {
		window = time.Minute
	}
	p := &Pacer{limit: limit, window: window, margin: min(window/100, 500*time.Millisecond),
		changed: make(chan struct{}), asking: make(chan struct{}, 1)}
	p.lim = rate.NewLimiter(p.rateLocked(), 1)
	return p
}

// NewPacerWithStore is NewPacer with its state in store, shared with every
// Pacer, in this process or another, that uses the same store for the same
// company. When a store call fails, the Pacer paces in process instead and
// logs it once (through the logger of the first Client given WithLogger, or
// slog.Default); it tries the store again a second later, and goes back to
// it once it answers. A nil store is NewPacer.
func NewPacerWithStore(limit int, window time.Duration, store PacerStore) *Pacer {
	p := NewPacer(limit, window)
	p.store = store
	return p
}

// Rate returns the budget announced by the last answer that carried rate
// headers.
func (p *Pacer) Rate() Rate {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.last
}

// setLogger makes l the logger of store failures, unless one is set.
func (p *Pacer) setLogger(l *slog.Logger) {
	if l != nil {
		p.logger.CompareAndSwap(nil, l)
	}
}

// limitLocked is the requests per window in force: the learned one, or
// the configured one; 0 when spacing is disabled.
func (p *Pacer) limitLocked() int {
	if p.limit < 1 {
		return 0
	}
	if p.learned > 0 {
		return p.learned
	}
	return p.limit
}

func (p *Pacer) rateLocked() rate.Limit {
	l := p.limitLocked()
	if l == 0 {
		return rate.Inf
	}
	return rate.Limit(float64(l) / p.window.Seconds())
}

// restartLocked voids every plan: waiting requests wake, and take their
// turn again from a new Limiter at the rate in force, which counts the
// last departure so that the spacing holds across the change.
func (p *Pacer) restartLocked() {
	p.lim = rate.NewLimiter(p.rateLocked(), 1)
	if !p.departed.IsZero() {
		p.lim.ReserveN(p.departed, 1)
	}
	close(p.changed)
	p.changed = make(chan struct{})
}

// learnLocked adopts a limit announced by the server (or by the store).
func (p *Pacer) learnLocked(limit int) {
	if limit > 0 && limit != p.learned {
		p.learned = limit
		if p.limit >= 1 {
			p.restartLocked()
		}
	}
}

// closeLocked holds every request until until, unless it is held longer.
func (p *Pacer) closeLocked(until time.Time) bool {
	if !until.After(p.closed) {
		return false
	}
	p.closed = until
	p.restartLocked()
	return true
}

// wait blocks until a request may leave. It fails only with ctx's error;
// nothing was sent then.
func (p *Pacer) wait(ctx context.Context) error {
	asking := false // this request holds p.asking
	defer func() {
		if asking {
			<-p.asking
		}
	}()
	for {
		p.mu.Lock()
		changed, lim, closed := p.changed, p.lim, p.closed
		p.mu.Unlock()
		if hold, err := p.gate(ctx, closed); err != nil {
			return err
		} else if hold > 0 {
			if err := pause(ctx, hold, changed); err != nil && err != errReplan {
				return err
			}
			continue
		}
		d, ok, err := p.reserve(ctx, lim, &asking)
		if err != nil {
			return err
		}
		if !ok { // declined by the store: ask again after d
			if err := pause(ctx, d, changed); err != nil && err != errReplan {
				return err
			}
			continue
		}
		if d > 0 {
			if err := pause(ctx, d, changed); err == errReplan {
				continue // the plans changed: take a turn again
			} else if err != nil {
				return err
			}
			// The Pacer may have closed while this request waited its turn.
			// A turn that comes within the margin before it opens again
			// (after the server's reset, before the margin against clock
			// skew is over) is kept: it leaves when it opens.
			p.mu.Lock()
			closed = p.closed
			p.mu.Unlock()
			hold, err := p.gate(ctx, closed)
			if err != nil {
				return err
			}
			if hold > p.margin {
				continue
			}
			if err := pause(ctx, hold, nil); err != nil {
				return err
			}
		}
		now := time.Now()
		p.mu.Lock()
		if now.After(p.departed) {
			p.departed = now
		}
		p.mu.Unlock()
		return nil
	}
}

// useStore reports whether the store is asked now: there is one, and it
// did not fail within the last storeRetry.
func (p *Pacer) useStore() bool {
	return p.store != nil && time.Now().UnixNano() >= p.retryAt.Load()
}

// gate returns how long requests are still held: by this Pacer (until
// closed) or by the store, whose learned limit it adopts.
func (p *Pacer) gate(ctx context.Context, closed time.Time) (time.Duration, error) {
	hold := time.Until(closed)
	if p.useStore() {
		d, limit, err := p.store.Gate(ctx)
		if err != nil {
			return hold, p.storeFailed(ctx, err)
		}
		p.storeAnswered()
		p.mu.Lock()
		p.learnLocked(limit)
		p.mu.Unlock()
		hold = max(hold, d)
	}
	return hold, nil
}

// reserve takes the next turn of a request: it leaves after d, or, when ok
// is false, asks again after d. One request of the Pacer at a time asks
// the store, until it is given a turn (*asking tells whether this one
// does), so that the processes do not all poll it at once.
func (p *Pacer) reserve(ctx context.Context, lim *rate.Limiter, asking *bool) (d time.Duration, ok bool, err error) {
	p.mu.Lock()
	limit := p.limitLocked()
	p.mu.Unlock()
	if limit == 0 {
		return 0, true, nil // no spacing
	}
	if p.useStore() {
		if !*asking {
			select {
			case p.asking <- struct{}{}:
				*asking = true
			case <-ctx.Done():
				return 0, false, ctx.Err()
			}
		}
		d, ok, err := p.store.Reserve(ctx, limit, p.window)
		if err == nil && !ok {
			return d, false, nil // keeps asking
		}
		<-p.asking
		*asking = false
		if err == nil {
			p.storeAnswered()
			return d, true, nil
		}
		if err := p.storeFailed(ctx, err); err != nil {
			return 0, false, err
		}
	}
	return lim.Reserve().Delay(), true, nil
}

// storeRetry is how long a Pacer paces in process after its store failed,
// before it tries the store again.
const storeRetry = time.Second

// storeFailed logs the first failure of the store after it answered (or
// ever); the caller then paces in process, for storeRetry at least. It
// returns ctx's error when the failure was ctx's.
func (p *Pacer) storeFailed(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	p.retryAt.Store(time.Now().Add(storeRetry).UnixNano())
	if p.failing.CompareAndSwap(false, true) {
		l := p.logger.Load()
		if l == nil {
			l = slog.Default()
		}
		l.Warn("aircall: pacer store failed, pacing in process until it answers again", "error", err)
	}
	return nil
}

// storeAnswered logs that the store answers again after a failure.
func (p *Pacer) storeAnswered() {
	if p.failing.CompareAndSwap(true, false) {
		if l := p.logger.Load(); l != nil {
			l.Info("aircall: pacer store answers again, pacing through it")
		}
	}
}

// observe learns from the answer to a request that left: status and h are
// its answer's, or 0 and nil when no answer was read.
func (p *Pacer) observe(ctx context.Context, status int, h http.Header) {
	if status == 0 {
		return
	}
	now := time.Now()
	r := parseRate(h)
	// A window ends within one window from now: a Reset or Retry-After
	// further away (a bad header, a clock far off) holds requests for one
	// window at most, so that it cannot stall every request of the Pacer.
	var until time.Time
	switch {
	case status == http.StatusTooManyRequests && !r.Reset.IsZero():
		until = r.Reset.Add(p.margin)
	case status == http.StatusTooManyRequests:
		if d, ok := retryAfter(h, now); ok {
			until = now.Add(d)
		}
	case !r.Reset.IsZero() && spent(h):
		until = r.Reset.Add(p.margin)
	}
	p.mu.Lock()
	if r.Known() {
		p.last = r
	}
	p.learnLocked(r.Limit)
	if status == http.StatusTooManyRequests && until.IsZero() {
		until = p.bareHoldLocked(now)
	} else if status != http.StatusTooManyRequests {
		p.bareSince, p.bareStep = time.Time{}, 0
	}
	if most := now.Add(p.window); until.After(most) {
		until = most
	}
	if until.Before(now.Add(p.margin)) && status == http.StatusTooManyRequests {
		until = now.Add(p.margin)
	}
	closed := p.closeLocked(until)
	p.mu.Unlock()
	if p.store != nil && p.useStore() && (closed || r.Limit > 0) {
		var hold time.Duration
		if closed {
			hold = until.Sub(now)
		}
		if err := p.store.Share(context.WithoutCancel(ctx), hold, r.Limit); err != nil {
			_ = p.storeFailed(context.WithoutCancel(ctx), err)
		} else {
			p.storeAnswered()
		}
	}
}

// bareHoldLocked is when the Pacer opens again after a 429 that said
// neither Reset nor Retry-After: an eighth of the window after the first
// such 429, then twice as long each time, but never past one window after
// the first one until that window has passed. Answers to requests that
// left before the Pacer closed do not make it grow.
func (p *Pacer) bareHoldLocked(now time.Time) time.Time {
	if now.Before(p.closed) {
		return p.closed
	}
	if p.bareSince.IsZero() {
		p.bareSince, p.bareStep = now, 0
	}
	until := now.Add(min(p.window/8<<min(p.bareStep, 10), p.window))
	p.bareStep++
	if end := p.bareSince.Add(p.window); now.Before(end) && until.After(end) {
		until = end
	}
	return until
}

// retryAfter reads the Retry-After header, in seconds or as an HTTP date.
func retryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	v := h.Get("Retry-After")
	if v == "" {
		return 0, false
	}
	if s, err := strconv.Atoi(v); err == nil {
		return time.Duration(max(s, 0)) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}
