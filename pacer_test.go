package aircall

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// budget returns X-AircallApi-* headers, Reset in milliseconds.
func budget(limit, remaining int, reset time.Time) http.Header {
	h := http.Header{}
	h.Set("X-AircallApi-Limit", itoa(limit))
	h.Set("X-AircallApi-Remaining", itoa(remaining))
	h.Set("X-AircallApi-Reset", itoa(int(reset.UnixMilli())))
	return h
}

func itoa(i int) string { return strconv.Itoa(i) }

var policy4 = PacerPolicy{Limit: 4, Window: 400 * time.Millisecond, Margin: 4 * time.Millisecond}

func TestMemoryPacerStoreSpacesEvenly(t *testing.T) {
	t.Parallel()
	s := NewMemoryPacerStore()
	ctx := context.Background()
	t0 := time.Unix(1_700_000_000, 0)
	var waits []time.Duration
	for range 3 {
		slot, err := s.Take(ctx, t0, policy4)
		if err != nil {
			t.Fatal(err)
		}
		waits = append(waits, slot.Wait)
	}
	want := []time.Duration{0, 100 * time.Millisecond, 200 * time.Millisecond}
	if d := diff(want, waits); d != "" {
		t.Errorf("waits at 4 per 400ms, burst 1 (-want +got):\n%s", d)
	}
}

func TestMemoryPacerStoreNoSpacingBelowOne(t *testing.T) {
	t.Parallel()
	s := NewMemoryPacerStore()
	ctx := context.Background()
	p := PacerPolicy{Limit: 0, Window: time.Second, Margin: 10 * time.Millisecond}
	t0 := time.Unix(1_700_000_000, 0)
	// The server announces a limit: a pacer without spacing must not adopt
	// it as spacing (NewPacer(0, ...) says spacing is off).
	s.Take(ctx, t0, p)
	s.Observe(ctx, t0, p, answerOf(200, budget(60, 50, t0.Add(time.Minute))))
	for i := range 5 {
		slot, _ := s.Take(ctx, t0, p)
		if slot.Wait != 0 {
			t.Fatalf("take %d waits %v; want 0 with spacing disabled", i, slot.Wait)
		}
	}
}

func TestMemoryPacerStoreAdoptsLimitUpAndDown(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	t0 := time.Unix(1_700_000_000, 0)
	p := PacerPolicy{Limit: 120, Window: time.Minute, Margin: 500 * time.Millisecond}
	for _, tt := range []struct {
		limit int
		want  time.Duration
	}{{60, time.Second}, {240, 250 * time.Millisecond}} {
		s := NewMemoryPacerStore()
		s.Take(ctx, t0, p)
		replan, _ := s.Observe(ctx, t0, p, answerOf(200, budget(tt.limit, tt.limit-1, t0.Add(time.Minute))))
		if !replan {
			t.Errorf("limit %d: Observe did not ask waiting requests to plan again", tt.limit)
		}
		slot, _ := s.Take(ctx, t0, p)
		if slot.Wait != tt.want {
			t.Errorf("limit %d: the next take waits %v, want %v after a request at t0", tt.limit, slot.Wait, tt.want)
		}
	}
}

func TestMemoryPacerStoreCountedSlotLeavesWhenBudgetSpent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	t0 := time.Unix(1_700_000_000, 0)
	s := NewMemoryPacerStore()
	reset := t0.Add(300 * time.Millisecond)
	s.Take(ctx, t0, policy4)
	s.Observe(ctx, t0, policy4, answerOf(200, budget(4, 2, reset))) // 2 left
	a, _ := s.Take(ctx, t0, policy4)                                // counted, leaves at +100ms
	b, _ := s.Take(ctx, t0, policy4)                                // counted, the last one, +200ms
	c, _ := s.Take(ctx, t0, policy4)                                // budget spent: after the reset
	if a.Window.IsZero() || b.Window.IsZero() || !c.Window.IsZero() {
		t.Fatalf("counted = %v %v %v, want true true false", !a.Window.IsZero(), !b.Window.IsZero(), !c.Window.IsZero())
	}
	if want := reset.Add(policy4.Margin).Sub(t0); c.Wait != want {
		t.Errorf("third take waits %v, want %v (reset + margin)", c.Wait, want)
	}
	// The server confirms one is left while b waits: b still leaves.
	s.Observe(ctx, t0.Add(150*time.Millisecond), policy4, answerOf(200, budget(4, 1, reset)))
	if ok, _ := s.Depart(ctx, t0.Add(200*time.Millisecond), policy4, b); !ok {
		t.Error("a slot counted in the announced budget was refused")
	}
}

func TestMemoryPacerStoreRemainingZeroVoidsQueuedSlots(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	t0 := time.Unix(1_700_000_000, 0)
	s := NewMemoryPacerStore()
	first, _ := s.Take(ctx, t0, policy4)
	queued, _ := s.Take(ctx, t0, policy4) // budget unknown: not counted, leaves at +100ms
	if first.Wait != 0 || queued.Wait == 0 {
		t.Fatalf("waits %v %v", first.Wait, queued.Wait)
	}
	reset := t0.Add(time.Second)
	// Headers come only at the limit: the first answer says nothing is left.
	s.Observe(ctx, t0.Add(10*time.Millisecond), policy4, answerOf(200, budget(4, 0, reset)))
	if ok, _ := s.Depart(ctx, t0.Add(queued.Wait), policy4, queued); ok {
		t.Fatal("a queued slot left although the server said Remaining 0")
	}
	again, _ := s.Take(ctx, t0.Add(queued.Wait), policy4)
	if got, want := t0.Add(queued.Wait).Add(again.Wait), reset.Add(policy4.Margin); got.Before(want) {
		t.Errorf("retaken slot leaves at %v, want not before the reset + margin %v", got, want)
	}
}

func TestMemoryPacerStore429ClosesGateForAll(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	t0 := time.Unix(1_700_000_000, 0)
	s := NewMemoryPacerStore()
	s.Take(ctx, t0, policy4)
	s.Observe(ctx, t0, policy4, answerOf(200, budget(4, 3, t0.Add(time.Second))))
	counted, _ := s.Take(ctx, t0, policy4)
	if counted.Window.IsZero() {
		t.Fatal("slot not counted")
	}
	s.Take(ctx, t0, policy4)
	reset := t0.Add(2 * time.Second)
	h := budget(4, 0, reset)
	if replan, _ := s.Observe(ctx, t0, policy4, answerOf(429, h)); !replan {
		t.Error("a 429 did not void the queued plans")
	}
	if ok, _ := s.Depart(ctx, t0.Add(counted.Wait), policy4, counted); ok {
		t.Error("a counted slot left after a 429")
	}
	// With Retry-After only, the gate holds for it.
	s2 := NewMemoryPacerStore()
	s2.Take(ctx, t0, policy4)
	h = http.Header{}
	h.Set("Retry-After", "3")
	s2.Observe(ctx, t0, policy4, answerOf(429, h))
	if slot, _ := s2.Take(ctx, t0, policy4); slot.Wait != 3*time.Second {
		t.Errorf("after a 429 with Retry-After: 3, take waits %v, want 3s", slot.Wait)
	}
}

func TestMemoryPacerStoreReleaseGivesBack(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	t0 := time.Unix(1_700_000_000, 0)
	s := NewMemoryPacerStore()
	reset := t0.Add(time.Hour)
	s.Take(ctx, t0, policy4)
	s.Observe(ctx, t0, policy4, answerOf(200, budget(4, 1, reset)))
	last, _ := s.Take(ctx, t0, policy4) // takes the last request of the window
	if last.Window.IsZero() {
		t.Fatal("the last slot of the window was not counted")
	}
	s.Release(ctx, t0, policy4, last) // its wait was cancelled: nothing was sent
	again, _ := s.Take(ctx, t0, policy4)
	if again.Window.IsZero() || again.Wait != last.Wait {
		t.Errorf("after the last slot was given back, a take waits %v (counted %v); want %v, counted", again.Wait, !again.Window.IsZero(), last.Wait)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.state.wire != 0 || s.state.queued != 1 {
		t.Errorf("wire %d, queued %d; want 0 and 1", s.state.wire, s.state.queued)
	}
}

func TestPacerRemainingZeroHoldsEveryone(t *testing.T) {
	t.Parallel()
	p := NewPacer(0, time.Second)
	tk, err := p.wait(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	p.observe(context.Background(), tk, 200, budget(60, 0, time.Now().Add(time.Hour)))
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := p.wait(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("wait with Remaining 0 = %v, want to be held until the reset", err)
	}
}

// failingStore fails every call.
type failingStore struct{ calls atomic.Int64 }

var errStoreDown = errors.New("store down")

func (f *failingStore) Take(context.Context, time.Time, PacerPolicy) (PacerSlot, error) {
	f.calls.Add(1)
	return PacerSlot{}, errStoreDown
}
func (f *failingStore) Depart(context.Context, time.Time, PacerPolicy, PacerSlot) (bool, error) {
	f.calls.Add(1)
	return false, errStoreDown
}
func (f *failingStore) Release(context.Context, time.Time, PacerPolicy, PacerSlot) error {
	f.calls.Add(1)
	return errStoreDown
}
func (f *failingStore) Observe(context.Context, time.Time, PacerPolicy, PacerAnswer) (bool, error) {
	f.calls.Add(1)
	return false, errStoreDown
}

func TestPacerStoreFailureFallsBackAndLogsOnce(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&buf, nil))
	fs := &failingStore{}
	p := NewPacerWithStore(4, 400*time.Millisecond, fs)
	p.setLogger(logger)
	ctx := context.Background()
	start := time.Now()
	for range 3 {
		tk, err := p.wait(ctx)
		if err != nil {
			t.Fatal(err)
		}
		p.observe(ctx, tk, 200, nil)
	}
	// Local pacing: 3 requests at 4 per 400ms take at least 200ms.
	if d := time.Since(start); d < 200*time.Millisecond {
		t.Errorf("3 requests took %v: the fallback did not pace", d)
	}
	if fs.calls.Load() == 0 {
		t.Error("the store was never tried")
	}
	if n := strings.Count(buf.String(), "pacer store failed"); n != 1 {
		t.Errorf("logged the failure %d times, want once:\n%s", n, buf.String())
	}
}

// queue starts n goroutines waiting at p and returns a channel that gets
// the time each one was let go.
func queue(t *testing.T, p *Pacer, n int) <-chan time.Time {
	t.Helper()
	left := make(chan time.Time, n)
	for range n {
		go func() {
			tk, err := p.wait(context.Background())
			if err != nil {
				t.Errorf("wait: %v", err)
			}
			left <- time.Now()
			p.observe(context.Background(), tk, 200, nil)
		}()
	}
	return left
}

func TestPacerGateHoldsRequestsAlreadyQueued(t *testing.T) {
	t.Parallel()
	p := NewPacer(10, time.Second) // one every 100ms
	first, err := p.wait(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	left := queue(t, p, 3) // planned at +100, +200, +300ms
	time.Sleep(20 * time.Millisecond)
	// Headers come only at the limit: the first answer says the budget is
	// spent until reset.
	reset := time.Now().Add(500 * time.Millisecond)
	p.observe(context.Background(), first, 200, budget(10, 0, reset))
	for range 3 {
		if at := <-left; at.Before(reset) {
			t.Errorf("a queued request left %v before the reset", reset.Sub(at))
		}
	}
}

func TestPacerQueuedRequestsReplanWhenLimitRises(t *testing.T) {
	t.Parallel()
	p := NewPacer(2, 2*time.Second) // one a second
	first, err := p.wait(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	left := queue(t, p, 2) // planned at +1s, +2s
	time.Sleep(20 * time.Millisecond)
	start := time.Now()
	// The account allows 200 per window: 10ms apart.
	p.observe(context.Background(), first, 200, budget(200, 150, time.Now().Add(2*time.Second)))
	for range 2 {
		if d := (<-left).Sub(start); d > 500*time.Millisecond {
			t.Errorf("a queued request left %v after the limit rose to 200, want it to plan again at 10ms spacing", d)
		}
	}
}

// atLimitServer is a windowServer that sends the X-AircallApi-* headers
// only when the budget is spent, as Aircall documents.
func atLimitServer(limit int, window time.Duration) *windowServer {
	return &windowServer{limit: limit, window: window, start: time.Now(), headersAtLimit: true}
}

// hammer runs goroutines on clients (round robin) calling Ping until d
// passes.
func hammer(clients []*Client, goroutines int, d time.Duration) {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	var wg sync.WaitGroup
	for i := range goroutines {
		c := clients[i%len(clients)]
		wg.Go(func() {
			for ctx.Err() == nil {
				c.Ping(ctx)
			}
		})
	}
	wg.Wait()
}

func TestPacingHeadersOnlyAtLimit(t *testing.T) {
	t.Parallel()
	// The pacers start at twice the server's limit: only the headers at
	// the limit can teach them, and the gate must then hold everyone.
	for _, tt := range []struct {
		name    string
		clients int
	}{{"one client, 8 goroutines", 1}, {"two clients sharing a pacer", 2}} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			const limit, window = 5, 250 * time.Millisecond
			srv := atLimitServer(limit, window)
			ts := newTestServer(t)
			ts.mux.Handle("GET /v1/ping", srv)
			p := NewPacer(2*limit, window)
			var clients []*Client
			for range tt.clients {
				clients = append(clients, ts.client(t, WithPacer(p)))
			}
			hammer(clients, 8, 5*window)
			srv.mu.Lock()
			defer srv.mu.Unlock()
			if srv.overAfter > 0 {
				t.Errorf("%d 429s after the first window (served %d)", srv.overAfter, srv.ok)
			}
		})
	}
}

func TestPacingAdoptsALowerLimit(t *testing.T) {
	t.Parallel()
	// The server allows half the pacer's budget and says so only at the
	// limit, like an account on 60 a minute with a Client on the default
	// 120: at most one 429, retried, and no failed call.
	const limit, window = 4, 300 * time.Millisecond
	srv := atLimitServer(limit, window)
	ts := newTestServer(t)
	ts.mux.Handle("GET /v1/ping", srv)
	c := ts.client(t, WithPacer(NewPacer(2*limit, window)))
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 4 {
				if _, err := c.Ping(context.Background()); err != nil {
					t.Errorf("Ping: %v", err)
				}
			}
		})
	}
	wg.Wait()
	srv.mu.Lock()
	defer srv.mu.Unlock()
	if srv.over > 1 {
		t.Errorf("%d 429s, want at most 1", srv.over)
	}
	if r := c.Rate(); r.Limit != limit {
		t.Errorf("Rate().Limit = %d, want %d", r.Limit, limit)
	}
}

func TestPacerStoreFailureLoggedThroughClientLogger(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	ts := newTestServer(t)
	ts.handle("GET /v1/ping", reply(t, 200, `{"ping":"pong"}`))
	c := ts.client(t, WithLogger(slog.New(slog.NewTextHandler(&buf, nil))), WithPacer(NewPacerWithStore(0, time.Second, &failingStore{})))
	for range 3 {
		if _, err := c.Ping(context.Background()); err != nil {
			t.Fatalf("Ping with a failing store: %v", err)
		}
	}
	if n := strings.Count(buf.String(), "aircall: pacer store failed"); n != 1 {
		t.Errorf("the Client's logger saw the failure %d times, want once:\n%s", n, buf.String())
	}
}

func TestPacersSharingAStore(t *testing.T) {
	t.Parallel()
	// Two Pacers, as in two processes, share one company's budget through
	// one store; each starts at the server's limit, headers come only at
	// the limit.
	const limit, window = 5, 250 * time.Millisecond
	srv := atLimitServer(limit, window)
	ts := newTestServer(t)
	ts.mux.Handle("GET /v1/ping", srv)
	store := NewMemoryPacerStore()
	a := ts.client(t, WithPacer(NewPacerWithStore(limit, window, store)))
	b := ts.client(t, WithPacer(NewPacerWithStore(limit, window, store)))
	hammer([]*Client{a, b}, 8, 4*window)
	srv.mu.Lock()
	defer srv.mu.Unlock()
	if srv.overAfter > 0 {
		t.Errorf("%d 429s after the first window (served %d)", srv.overAfter, srv.ok)
	}
	if srv.ok < 2*limit {
		t.Errorf("served %d requests in 4 windows of %d", srv.ok, limit)
	}
}
