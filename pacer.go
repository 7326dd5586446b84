package aircall

import (
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// DefaultRateLimit is the budget a Client starts with: 120 requests a minute
// per company, as Aircall documents it since 2026 (the 2024 reference said
// 60). The X-AircallApi-Limit header of any answer replaces it at once, up or
// down, so an account on 60 a minute costs at most one 429, retried, before
// it is paced at 60.
const DefaultRateLimit = 120

// Pacer keeps the requests of one company within Aircall's rate limit. It
// spaces requests evenly at limit/window with a burst of 1, and when the
// server says the budget is spent (a 429, or Remaining 0) it holds every
// request until the window resets, including those already waiting for
// their turn. A request that holds a slot counted in the budget the server
// announced still leaves, so the budget is spent to the last request. The
// limit announced in X-AircallApi-Limit replaces the configured one, and
// waiting requests then plan their departure again at the new rate.
//
// Time spent waiting for the Pacer is not part of any request timeout.
//
// Each Client has its own Pacer. Clients that share a company's budget share
// one Pacer through WithPacer; processes share one through a PacerStore
// (NewPacerWithStore). A Pacer is safe for concurrent use.
type Pacer struct {
	policy PacerPolicy
	store  PacerStore
	// local paces when store fails; nil when store is in process.
	local   *MemoryPacerStore
	failing atomic.Bool
	retryAt atomic.Int64 // Unix nanoseconds: the store is skipped until then after a failure
	logger  atomic.Pointer[slog.Logger]

	mu      sync.Mutex
	last    Rate
	changed chan struct{} // closed when waiting requests must plan again
}

// NewPacer returns a Pacer allowing limit requests per window (Aircall's
// window is a minute; 0 means a minute), with its state in process. A limit
// below 1 disables the spacing: the pacer then only holds requests when the
// server says the budget is spent.
func NewPacer(limit int, window time.Duration) *Pacer {
	return newPacer(limit, window, NewMemoryPacerStore(), nil)
}

// NewPacerWithStore is NewPacer with its state in store, shared with every
// Pacer, in this process or another, that uses the same store for the same
// company. When a store call fails, the Pacer paces in process instead and
// logs it once (through the logger of the first Client given WithLogger, or
// slog.Default); it tries the store again a second later, and goes back to
// it once it answers. A nil store is NewPacer.
func NewPacerWithStore(limit int, window time.Duration, store PacerStore) *Pacer {
	if store == nil {
		return NewPacer(limit, window)
	}
	return newPacer(limit, window, store, NewMemoryPacerStore())
}

func newPacer(limit int, window time.Duration, store PacerStore, local *MemoryPacerStore) *Pacer {
	if window <= 0 {
		window = time.Minute
	}
	return &Pacer{
		policy:  PacerPolicy{Limit: limit, Window: window, Margin: min(window/100, 500*time.Millisecond)},
		store:   store,
		local:   local,
		changed: make(chan struct{}),
	}
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

// ticket is a slot the Pacer handed out, with the store that issued it and
// how long its request waited.
type ticket struct {
	slot   PacerSlot
	local  bool // issued by the fallback store
	waited time.Duration
}

// wait blocks until a request may leave and returns its ticket, which must
// end with observe. It fails only with ctx's error; nothing was sent then.
func (p *Pacer) wait(ctx context.Context) (ticket, error) {
	start := time.Now()
	for {
		changed := p.changedCh()
		t, err := p.take(ctx)
		if err != nil {
			return ticket{}, err
		}
		if t.slot.Wait > 0 {
			timer := time.NewTimer(t.slot.Wait)
			select {
			case <-ctx.Done():
				timer.Stop()
				p.release(ctx, t)
				return ticket{}, ctx.Err()
			case <-changed: // the plan is void: take again
				timer.Stop()
				p.release(ctx, t)
				continue
			case <-timer.C:
			}
			if !p.depart(ctx, t) {
				continue
			}
		}
		t.waited = time.Since(start)
		return t, nil
	}
}

func (p *Pacer) changedCh() <-chan struct{} {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.changed
}

// replan wakes every waiting request to plan again.
func (p *Pacer) replan() {
	p.mu.Lock()
	defer p.mu.Unlock()
	close(p.changed)
	p.changed = make(chan struct{})
}

// storeRetry is how long a Pacer paces in process after its store failed,
// before it tries the store again.
const storeRetry = time.Second

// storeFailed logs the first failure of the store after it answered (or
// ever); the caller then paces in process, for storeRetry at least.
func (p *Pacer) storeFailed(err error) {
	p.retryAt.Store(time.Now().Add(storeRetry).UnixNano())
	if p.failing.CompareAndSwap(false, true) {
		l := p.logger.Load()
		if l == nil {
			l = slog.Default()
		}
		l.Warn("aircall: pacer store failed, pacing in process until it answers again", "error", err)
	}
}

// storeAnswered logs that the store answers again after a failure.
func (p *Pacer) storeAnswered() {
	if p.failing.CompareAndSwap(true, false) {
		if l := p.logger.Load(); l != nil {
			l.Info("aircall: pacer store answers again, pacing through it")
		}
	}
}

func (p *Pacer) take(ctx context.Context) (ticket, error) {
	if p.local != nil && time.Now().UnixNano() >= p.retryAt.Load() {
		s, err := p.store.Take(ctx, time.Now(), p.policy)
		if err == nil {
			p.storeAnswered()
			return ticket{slot: s}, nil
		}
		if ctx.Err() != nil {
			return ticket{}, ctx.Err()
		}
		p.storeFailed(err)
	}
	if p.local != nil {
		s, _ := p.local.Take(ctx, time.Now(), p.policy)
		return ticket{slot: s, local: true}, nil
	}
	s, _ := p.store.Take(ctx, time.Now(), p.policy)
	return ticket{slot: s}, nil
}

func (p *Pacer) storeOf(t ticket) PacerStore {
	if t.local {
		return p.local
	}
	return p.store
}

// depart asks the store whether t may still leave; a store that fails
// lets it go, as the fallback pacing would.
func (p *Pacer) depart(ctx context.Context, t ticket) bool {
	ok, err := p.storeOf(t).Depart(ctx, time.Now(), p.policy, t.slot)
	if err != nil {
		p.storeFailed(err)
		return true
	}
	return ok
}

func (p *Pacer) release(ctx context.Context, t ticket) {
	if err := p.storeOf(t).Release(context.WithoutCancel(ctx), time.Now(), p.policy, t.slot); err != nil {
		p.storeFailed(err)
	}
}

// observe ends the ticket of a request that left: h and status are its
// answer's, or nil and 0 when no answer was read.
func (p *Pacer) observe(ctx context.Context, t ticket, status int, h http.Header) {
	a := answerOf(status, h)
	// A window ends within one window from now: a Reset or Retry-After
	// further away (a bad header, a clock far off) holds requests for one
	// window at most, so that it cannot stall every request of the Pacer.
	now := time.Now()
	if most := now.Add(p.policy.Window); a.Reset.After(most) {
		a.Reset = most
	}
	a.RetryAfter = min(a.RetryAfter, p.policy.Window)
	if r := parseRate(h); r.Known() {
		p.mu.Lock()
		p.last = r
		p.mu.Unlock()
	}
	replan, err := p.storeOf(t).Observe(context.WithoutCancel(ctx), now, p.policy, a)
	if err != nil {
		p.storeFailed(err)
		// The shared store missed this answer; the fallback still learns it.
		replan, _ = p.local.Observe(ctx, time.Now(), p.policy, a)
	}
	if replan {
		p.replan()
	}
}

// answerOf reads the budget headers of an answer for a PacerStore.
func answerOf(status int, h http.Header) PacerAnswer {
	a := PacerAnswer{Status: status, Remaining: -1}
	if h == nil {
		return a
	}
	r := parseRate(h)
	a.Limit, a.Reset = r.Limit, r.Reset
	if v, err := strconv.Atoi(h.Get(headerRemaining)); err == nil && v >= 0 {
		a.Remaining = v
	}
	if status == http.StatusTooManyRequests {
		if v, err := strconv.Atoi(h.Get("Retry-After")); err == nil && v > 0 {
			a.RetryAfter = time.Duration(v) * time.Second
		}
	}
	return a
}
