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

// The store's own rules are checked by package pacerstoretest, on
// MemoryPacerStore; these tests check the Pacer and the Client around it.

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
			const limit, window = 5, 500 * time.Millisecond
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
	const limit, window = 4, 600 * time.Millisecond
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

// flakyStore is a MemoryPacerStore whose Take fails while down is set.
type flakyStore struct {
	*MemoryPacerStore
	down  atomic.Bool
	takes atomic.Int64
}

func (f *flakyStore) Take(ctx context.Context, now time.Time, p PacerPolicy) (PacerSlot, error) {
	f.takes.Add(1)
	if f.down.Load() {
		return PacerSlot{}, errStoreDown
	}
	return f.MemoryPacerStore.Take(ctx, now, p)
}

func TestPacerStoreRetriedAfterAFailure(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	fs := &flakyStore{MemoryPacerStore: NewMemoryPacerStore()}
	fs.down.Store(true)
	p := NewPacerWithStore(0, time.Second, fs)
	p.setLogger(slog.New(slog.NewTextHandler(&buf, nil)))
	ctx := context.Background()
	use := func() ticket {
		tk, err := p.wait(ctx)
		if err != nil {
			t.Fatal(err)
		}
		p.observe(ctx, tk, 200, nil)
		return tk
	}
	for range 3 {
		if tk := use(); !tk.local {
			t.Fatal("a slot came from the failing store")
		}
	}
	if n := fs.takes.Load(); n != 1 {
		t.Errorf("the failing store was asked %d times within a second, want once", n)
	}
	fs.down.Store(false)
	p.retryAt.Store(0) // the retry delay is over
	if tk := use(); tk.local {
		t.Error("the store answers again, yet the slot is local")
	}
	if !strings.Contains(buf.String(), "answers again") {
		t.Errorf("the recovery was not logged:\n%s", buf.String())
	}
}
