package aircall

import (
	"context"
	"sync"
	"time"
)

// PacerStore holds the pacing state of one company's rate budget, so that
// every Pacer using the same store (in one process, or in many through a
// shared database) keeps to the budget together. The default store,
// NewMemoryPacerStore, lives in the process; NewPacerWithStore takes another
// one, such as a Redis implementation.
//
// The state is, per company:
//
//	limit      int       requests per window learned from X-AircallApi-Limit (0: not learned)
//	known      bool      whether remaining and reset describe a window
//	remaining  int       budget left in the window ending at reset, after the slots
//	                     counted against it; may be negative
//	reset      time.Time end of that window, from X-AircallApi-Reset
//	gate       time.Time no request leaves before it (set by a 429)
//	next       time.Time the next free departure (the spacing)
//	epoch      uint64    bumped when every queued plan becomes void
//	wire       int       slots that left and whose answer was not observed yet
//	queued     int       slots counted against the window ending at reset that
//	                     have not left yet
//
// and a new store starts with every field zero. Derived values:
//
//	interval  = 0 when p.Limit < 1 (spacing disabled); else p.Window / L,
//	            where L = limit if limit > 0, otherwise p.Limit
//	gateAt    = the later of gate and, when known && remaining <= 0,
//	            reset + p.Margin
//	current(s) = known && s.Window is not zero && s.Window == reset
//	            (s was counted against the window the store describes)
//
// "x-- " below never takes x under 0. Whenever reset changes, queued = 0
// (the slots counted against the old window are no longer current).
//
// Each method is one atomic step on that state (a Redis implementation runs
// each as one Lua script, with every key of a company under one hash tag).
// Times are the caller's now; an implementation may use its own clock
// instead, consistently for every method. A method that returns an error
// must leave the state unchanged; the Pacer then paces on its own, in
// process, and logs the failure once. A shared store may forget wire slots
// older than a window, so that a process that died with requests out does
// not shrink the budget for good.
//
// The Pacer calls Take for every attempt. A slot whose Wait is 0 has left
// at once. For any other, the Pacer calls either Depart when the wait is
// over (and takes again if Depart says no) or Release if it stops waiting.
// Every slot that left ends with exactly one Observe.
//
// Package pacerstoretest checks an implementation against this contract:
// call pacerstoretest.Run from its tests.
type PacerStore interface {
	// Take reserves the next departure for one request:
	//
	//	if known && now >= reset { known = false; queued = 0 }
	//	dep = the latest of now, gateAt and next
	//	if interval > 0 { next = dep + interval }
	//	counted = known && remaining > 0 && dep < reset
	//	if counted { remaining-- }
	//	if dep == now { wire++ } else if counted { queued++ }
	//	return PacerSlot{At: dep, Wait: dep - now, Epoch: epoch, Window: reset if counted, else zero}
	Take(ctx context.Context, now time.Time, p PacerPolicy) (PacerSlot, error)

	// Depart is called when the Wait of a slot is over. It reports whether
	// the slot may still leave:
	//
	//	cur = current(s)
	//	ok = s.Epoch == epoch && (now >= gateAt || cur)
	//	if cur { queued-- }
	//	if ok { wire++ }
	//
	// A slot counted against the current window leaves even though the
	// budget it was counted in is now spent (it was part of that budget);
	// any other slot is void once the gate closed or the epoch changed, and
	// the caller takes a new one.
	Depart(ctx context.Context, now time.Time, p PacerPolicy, s PacerSlot) (ok bool, err error)

	// Release gives back a slot with a positive Wait that never left (its
	// wait was cancelled, or abandoned because the plans changed):
	//
	//	if current(s) { queued--; if s.Epoch == epoch { remaining++ } }
	//	if interval > 0 && next == s.At + interval { next = s.At } // it was the last one reserved
	Release(ctx context.Context, now time.Time, p PacerPolicy, s PacerSlot) error

	// Observe records the answer to a request that left (a.Status 0: no
	// answer was read, or the request turned out not to be sent), and
	// reports whether every queued plan became void (the epoch changed), so
	// that waiting callers take again:
	//
	//	wire--
	//	if a.Status == 429 {
	//		until = a.Reset + p.Margin if a.Reset is set,
	//		        else now + a.RetryAfter if a.RetryAfter > 0,
	//		        else now + max(interval, p.Margin);
	//		        and never earlier than now + p.Margin
	//		gate = the later of gate and until; next = the later of next and gate
	//		if a.Reset is set { reset = a.Reset; known = true; remaining = 0 } // the server's word
	//		epoch++; replan = true
	//	}
	//	if a.Limit > 0 && a.Limit != limit {
	//		limit = a.Limit
	//		if p.Limit >= 1 {
	//			next = the earlier of next - old interval + new interval, and now + new interval
	//			epoch++; replan = true
	//		}
	//	}
	//	if a.Status != 429 && a.Remaining >= 0 && a.Reset is set {
	//		left = a.Remaining - wire - queued
	//		switch {
	//		case !known || a.Reset > reset + p.Margin: // a newer window
	//			reset, remaining, known = a.Reset, left, true
	//		case a.Reset >= reset - p.Margin: // the same window
	//			reset = the later of reset and a.Reset
	//			remaining = min(remaining, left)
	//		} // an older window: ignored
	//	}
	//	return replan
	//
	// The requests on the wire, and the slots already counted, may spend
	// the budget the answer announced; slots queued without being counted
	// do not, since Depart holds them at the gate.
	Observe(ctx context.Context, now time.Time, p PacerPolicy, a PacerAnswer) (replan bool, err error)
}

// PacerPolicy is the Pacer's configuration, passed to every PacerStore call
// so that a store holds only state.
type PacerPolicy struct {
	// Limit is the configured requests per Window, used until the server
	// announces one. Below 1, requests are not spaced at all (the store
	// still holds them at the gate).
	Limit int
	// Window is the length of the server's budget window (a minute for
	// Aircall).
	Window time.Duration
	// Margin is added to a server Reset before requests leave again, so
	// that a small clock difference does not cost a 429.
	Margin time.Duration
}

// PacerSlot is a departure reserved by PacerStore.Take.
type PacerSlot struct {
	// At is when the request leaves.
	At time.Time
	// Wait is how long the request waits before it leaves.
	Wait time.Duration
	// Epoch is the store's epoch when the slot was taken.
	Epoch uint64
	// Window is the reset of the window whose remaining budget the slot was
	// counted against; zero when it was not counted (the budget was unknown
	// or spent, or the slot leaves after that window).
	Window time.Time
}

// PacerAnswer is what an answer said about the budget.
type PacerAnswer struct {
	// Status is the HTTP status, or 0 when the request left but no answer
	// was read (a network error, a timeout).
	Status int
	// Limit is X-AircallApi-Limit, 0 when absent.
	Limit int
	// Remaining is X-AircallApi-Remaining, -1 when absent.
	Remaining int
	// Reset is X-AircallApi-Reset, zero when absent.
	Reset time.Time
	// RetryAfter is the Retry-After header of a 429, 0 when absent.
	RetryAfter time.Duration
}

// MemoryPacerStore is the in-process PacerStore, the default of NewPacer. It
// is safe for concurrent use.
type MemoryPacerStore struct {
	mu    sync.Mutex
	state pacerState
}

// NewMemoryPacerStore returns an empty in-process PacerStore.
func NewMemoryPacerStore() *MemoryPacerStore { return &MemoryPacerStore{} }

// pacerState is the state described on PacerStore, with its steps. Every
// method is called with the owner's lock held.
type pacerState struct {
	limit     int
	known     bool
	remaining int
	reset     time.Time
	gate      time.Time
	next      time.Time
	epoch     uint64
	wire      int
	queued    int
}

func (s *pacerState) interval(p PacerPolicy) time.Duration {
	if p.Limit < 1 || p.Window <= 0 {
		return 0
	}
	l := s.limit
	if l <= 0 {
		l = p.Limit
	}
	return p.Window / time.Duration(l)
}

func (s *pacerState) gateAt(p PacerPolicy) time.Time {
	if s.known && s.remaining <= 0 {
		return laterOf(s.gate, s.reset.Add(p.Margin))
	}
	return s.gate
}

func (s *pacerState) current(slot PacerSlot) bool {
	return s.known && !slot.Window.IsZero() && slot.Window.Equal(s.reset)
}

// setReset moves the described window to reset.
func (s *pacerState) setReset(reset time.Time) {
	if !reset.Equal(s.reset) {
		s.reset, s.queued = reset, 0
	}
}

func (s *pacerState) take(now time.Time, p PacerPolicy) PacerSlot {
	if s.known && !now.Before(s.reset) {
		s.known, s.queued = false, 0
	}
	dep := laterOf(now, laterOf(s.gateAt(p), s.next))
	if iv := s.interval(p); iv > 0 {
		s.next = dep.Add(iv)
	}
	slot := PacerSlot{At: dep, Wait: dep.Sub(now), Epoch: s.epoch}
	counted := s.known && s.remaining > 0 && dep.Before(s.reset)
	if counted {
		s.remaining--
		slot.Window = s.reset
	}
	switch {
	case slot.Wait == 0:
		s.wire++
	case counted:
		s.queued++
	}
	return slot
}

func (s *pacerState) depart(now time.Time, p PacerPolicy, slot PacerSlot) bool {
	cur := s.current(slot)
	ok := slot.Epoch == s.epoch && (!now.Before(s.gateAt(p)) || cur)
	if cur {
		s.queued = max(s.queued-1, 0)
	}
	if ok {
		s.wire++
	}
	return ok
}

func (s *pacerState) release(p PacerPolicy, slot PacerSlot) {
	if s.current(slot) {
		s.queued = max(s.queued-1, 0)
		if slot.Epoch == s.epoch {
			s.remaining++
		}
	}
	if iv := s.interval(p); iv > 0 && s.next.Equal(slot.At.Add(iv)) {
		s.next = slot.At
	}
}

func (s *pacerState) observe(now time.Time, p PacerPolicy, a PacerAnswer) (replan bool) {
	s.wire = max(s.wire-1, 0)
	if a.Status == 429 {
		var until time.Time
		switch {
		case !a.Reset.IsZero():
			until = a.Reset.Add(p.Margin)
		case a.RetryAfter > 0:
			until = now.Add(a.RetryAfter)
		default:
			until = now.Add(max(s.interval(p), p.Margin))
		}
		until = laterOf(until, now.Add(p.Margin))
		s.gate = laterOf(s.gate, until)
		s.next = laterOf(s.next, s.gate)
		if !a.Reset.IsZero() {
			s.setReset(a.Reset)
			s.known, s.remaining = true, 0
		}
		s.epoch++
		replan = true
	}
	if a.Limit > 0 && a.Limit != s.limit {
		old := s.interval(p)
		s.limit = a.Limit
		if p.Limit >= 1 {
			iv := s.interval(p)
			s.next = s.next.Add(iv - old)
			if n := now.Add(iv); n.Before(s.next) {
				s.next = n
			}
			s.epoch++
			replan = true
		}
	}
	if a.Status != 429 && a.Remaining >= 0 && !a.Reset.IsZero() {
		left := a.Remaining - s.wire - s.queued
		switch {
		case !s.known || a.Reset.After(s.reset.Add(p.Margin)):
			s.setReset(a.Reset)
			s.remaining, s.known = left, true
		case !a.Reset.Before(s.reset.Add(-p.Margin)):
			s.setReset(laterOf(s.reset, a.Reset))
			s.remaining = min(s.remaining, left)
		}
	}
	return replan
}

// Take implements PacerStore.
func (m *MemoryPacerStore) Take(_ context.Context, now time.Time, p PacerPolicy) (PacerSlot, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.state.take(now, p), nil
}

// Depart implements PacerStore.
func (m *MemoryPacerStore) Depart(_ context.Context, now time.Time, p PacerPolicy, s PacerSlot) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.state.depart(now, p, s), nil
}

// Release implements PacerStore.
func (m *MemoryPacerStore) Release(_ context.Context, _ time.Time, p PacerPolicy, s PacerSlot) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.state.release(p, s)
	return nil
}

// Observe implements PacerStore.
func (m *MemoryPacerStore) Observe(_ context.Context, now time.Time, p PacerPolicy, a PacerAnswer) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.state.observe(now, p, a), nil
}

func laterOf(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
