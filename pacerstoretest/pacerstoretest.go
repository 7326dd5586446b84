// Package pacerstoretest checks that an aircall.PacerStore follows the
// contract documented on that interface, so that a shared store (on Redis,
// for instance) paces like the in-process aircall.MemoryPacerStore.
//
//	func TestRedisPacerStore(t *testing.T) {
//		pacerstoretest.Run(t, func(t *testing.T) aircall.PacerStore {
//			return newStoreForAFreshCompany(t)
//		})
//	}
//
// Run uses synthetic times: the store must use the now it is given (not its
// own clock) for the suite to hold.
package pacerstoretest

import (
	"context"
	"testing"
	"time"

	aircall "github.com/seed1279ea27/aircall-go"
)

// Policy is the policy of most cases: 4 requests per 400ms (100ms apart)
// and a 4ms margin.
var Policy = aircall.PacerPolicy{Limit: 4, Window: 400 * time.Millisecond, Margin: 4 * time.Millisecond}

// t0 is the synthetic start of every case.
var t0 = time.Unix(1_700_000_000, 0)

// Run runs every case as a parallel subtest of t, each on a store of its
// own from newStore, empty and for a company no other case uses.
func Run(t *testing.T, newStore func(t *testing.T) aircall.PacerStore) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			c.run(t, &store{t: t, s: newStore(t)})
		})
	}
}

// store calls a PacerStore and fails the test on any error.
type store struct {
	t *testing.T
	s aircall.PacerStore
}

func (s *store) take(now time.Time, p aircall.PacerPolicy) aircall.PacerSlot {
	s.t.Helper()
	slot, err := s.s.Take(context.Background(), now, p)
	if err != nil {
		s.t.Fatalf("Take: %v", err)
	}
	return slot
}

func (s *store) depart(now time.Time, p aircall.PacerPolicy, slot aircall.PacerSlot) bool {
	s.t.Helper()
	ok, err := s.s.Depart(context.Background(), now, p, slot)
	if err != nil {
		s.t.Fatalf("Depart: %v", err)
	}
	return ok
}

func (s *store) release(now time.Time, p aircall.PacerPolicy, slot aircall.PacerSlot) {
	s.t.Helper()
	if err := s.s.Release(context.Background(), now, p, slot); err != nil {
		s.t.Fatalf("Release: %v", err)
	}
}

func (s *store) observe(now time.Time, p aircall.PacerPolicy, a aircall.PacerAnswer) bool {
	s.t.Helper()
	replan, err := s.s.Observe(context.Background(), now, p, a)
	if err != nil {
		s.t.Fatalf("Observe: %v", err)
	}
	return replan
}

// ok is a 200 with the budget headers.
func ok(limit, remaining int, reset time.Time) aircall.PacerAnswer {
	return aircall.PacerAnswer{Status: 200, Limit: limit, Remaining: remaining, Reset: reset}
}

var cases = []struct {
	name string
	run  func(t *testing.T, s *store)
}{
	{"spaces evenly with a burst of 1", func(t *testing.T, s *store) {
		for i, want := range []time.Duration{0, 100 * time.Millisecond, 200 * time.Millisecond} {
			if got := s.take(t0, Policy).Wait; got != want {
				t.Errorf("take %d waits %v, want %v", i, got, want)
			}
		}
	}},
	{"no spacing below a limit of 1, even once a limit is announced", func(t *testing.T, s *store) {
		p := aircall.PacerPolicy{Limit: 0, Window: time.Second, Margin: 10 * time.Millisecond}
		s.take(t0, p)
		s.observe(t0, p, ok(60, 50, t0.Add(time.Minute)))
		for i := range 5 {
			if w := s.take(t0, p).Wait; w != 0 {
				t.Fatalf("take %d waits %v, want 0", i, w)
			}
		}
	}},
	{"adopts an announced limit, down and up", func(t *testing.T, s *store) {
		p := aircall.PacerPolicy{Limit: 120, Window: time.Minute, Margin: 500 * time.Millisecond}
		s.take(t0, p) // left at t0; the next was due at +500ms
		if !s.observe(t0, p, ok(60, 59, t0.Add(time.Minute))) {
			t.Error("a new limit did not ask waiting requests to plan again")
		}
		if w := s.take(t0, p).Wait; w != time.Second {
			t.Errorf("at 60 a minute the next take waits %v, want 1s after the last departure", w)
		}
		// The slot planned at +1s is void (plans changed): at 240 a minute
		// the next one leaves 250ms from now.
		s.observe(t0, p, ok(240, 58, t0.Add(time.Minute)))
		if w := s.take(t0, p).Wait; w != 250*time.Millisecond {
			t.Errorf("at 240 a minute the next take waits %v, want 250ms", w)
		}
	}},
	{"a slot counted in the announced budget leaves once it is spent", func(t *testing.T, s *store) {
		reset := t0.Add(300 * time.Millisecond)
		s.take(t0, Policy)
		s.observe(t0, Policy, ok(4, 2, reset)) // 2 left
		a := s.take(t0, Policy)                // counted, +100ms
		b := s.take(t0, Policy)                // counted, the last one, +200ms
		c := s.take(t0, Policy)                // budget spent: after the reset
		if a.Window.IsZero() || b.Window.IsZero() || !c.Window.IsZero() {
			t.Fatalf("counted = %v %v %v, want true true false", !a.Window.IsZero(), !b.Window.IsZero(), !c.Window.IsZero())
		}
		if want := reset.Add(Policy.Margin).Sub(t0); c.Wait != want {
			t.Errorf("the take past the budget waits %v, want %v (reset + margin)", c.Wait, want)
		}
		s.observe(t0.Add(150*time.Millisecond), Policy, ok(4, 1, reset))
		if !s.depart(t0.Add(b.Wait), Policy, b) {
			t.Error("a slot counted in the announced budget was refused")
		}
	}},
	{"Remaining 0 voids the slots queued without a count", func(t *testing.T, s *store) {
		first := s.take(t0, Policy)
		queued := s.take(t0, Policy) // budget unknown: leaves at +100ms, uncounted
		if first.Wait != 0 || queued.Wait == 0 {
			t.Fatalf("waits %v %v", first.Wait, queued.Wait)
		}
		reset := t0.Add(time.Second)
		s.observe(t0.Add(10*time.Millisecond), Policy, ok(4, 0, reset))
		at := t0.Add(queued.Wait)
		if s.depart(at, Policy, queued) {
			t.Fatal("a queued slot left although the server said Remaining 0")
		}
		again := s.take(at, Policy)
		if got, want := at.Add(again.Wait), reset.Add(Policy.Margin); got.Before(want) {
			t.Errorf("the slot taken again leaves at %v, before the reset + margin %v", got, want)
		}
	}},
	{"a 429 closes the gate for every slot, counted or not", func(t *testing.T, s *store) {
		s.take(t0, Policy)
		s.observe(t0, Policy, ok(4, 3, t0.Add(time.Second)))
		counted := s.take(t0, Policy)
		if counted.Window.IsZero() {
			t.Fatal("slot not counted")
		}
		reset := t0.Add(2 * time.Second)
		if !s.observe(t0, Policy, aircall.PacerAnswer{Status: 429, Limit: 4, Remaining: 0, Reset: reset}) {
			t.Error("a 429 did not void the queued plans")
		}
		if s.depart(t0.Add(counted.Wait), Policy, counted) {
			t.Error("a counted slot left after a 429")
		}
		if got, want := t0.Add(s.take(t0, Policy).Wait), reset.Add(Policy.Margin); got.Before(want) {
			t.Errorf("after a 429 a take leaves at %v, before Reset + margin %v", got, want)
		}
	}},
	{"a 429 with Retry-After only holds for it", func(t *testing.T, s *store) {
		s.take(t0, Policy)
		s.observe(t0, Policy, aircall.PacerAnswer{Status: 429, Remaining: -1, RetryAfter: 3 * time.Second})
		if w := s.take(t0, Policy).Wait; w != 3*time.Second {
			t.Errorf("take waits %v, want 3s", w)
		}
	}},
	{"a released slot goes back to the budget", func(t *testing.T, s *store) {
		reset := t0.Add(time.Hour)
		s.take(t0, Policy)
		s.observe(t0, Policy, ok(4, 1, reset))
		last := s.take(t0, Policy) // the last request of the window
		if last.Window.IsZero() {
			t.Fatal("the last slot of the window was not counted")
		}
		s.release(t0, Policy, last) // its wait was cancelled: nothing was sent
		again := s.take(t0, Policy)
		if again.Window.IsZero() || again.Wait != last.Wait {
			t.Errorf("after the last slot was given back, a take waits %v (counted %v); want %v, counted", again.Wait, !again.Window.IsZero(), last.Wait)
		}
	}},
	{"requests on the wire count against an announced budget", func(t *testing.T, s *store) {
		reset := t0.Add(time.Hour)
		s.take(t0, Policy)
		onWire := s.take(t0.Add(100*time.Millisecond), Policy) // leaves at once: on the wire
		if onWire.Wait != 0 {
			t.Fatalf("wait %v", onWire.Wait)
		}
		// The first answer says 1 is left; the one on the wire takes it.
		s.observe(t0.Add(100*time.Millisecond), Policy, ok(4, 1, reset))
		at := t0.Add(200 * time.Millisecond)
		if got := at.Add(s.take(at, Policy).Wait); got.Before(reset) {
			t.Errorf("a take leaves at %v, before the reset: the request on the wire spends the last one", got)
		}
	}},
}
