package aircall

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

// The pacing tests run in synctest bubbles: time is virtual, a window of a
// minute passes at once, and requests go to an http.Handler in process
// (handlerTransport), since a bubble cannot wait on real network I/O.

// bubble runs f in a synctest bubble whose clock starts in 2026 (a
// bubble's starts in 2000, when X-AircallApi-Reset in milliseconds would be
// read as seconds).
func bubble(t *testing.T, f func(t *testing.T)) {
	synctest.Test(t, func(t *testing.T) {
		time.Sleep(time.Until(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)))
		f(t)
	})
}

// handlerTransport answers every request with h, in process.
type handlerTransport struct{ h http.Handler }

func (t handlerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	rec := httptest.NewRecorder()
	t.h.ServeHTTP(rec, r)
	res := rec.Result()
	res.Request = r
	return res, nil
}

// pacedClient returns a Client whose requests h answers in process, with
// fast retries; opts are applied after those defaults.
func pacedClient(t *testing.T, h http.Handler, opts ...Option) *Client {
	t.Helper()
	c, err := NewClient(append([]Option{WithBasicAuth("api-id", "api-token"), WithTransport(handlerTransport{h}),
		WithRetryPolicy(RetryPolicy{MaxRetries: 5, MinWait: time.Millisecond, MaxWait: 10 * time.Millisecond})}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// budget returns X-AircallApi-* headers, Reset in milliseconds.
func budget(limit, remaining int, reset time.Time) http.Header {
	h := http.Header{}
	h.Set("X-AircallApi-Limit", strconv.Itoa(limit))
	h.Set("X-AircallApi-Remaining", strconv.Itoa(remaining))
	h.Set("X-AircallApi-Reset", strconv.FormatInt(reset.UnixMilli(), 10))
	return h
}

// windowServer enforces limit requests per fixed window, like Aircall, and
// counts what it served.
type windowServer struct {
	mu        sync.Mutex
	limit     int
	window    time.Duration
	start     time.Time
	idx       int64
	count     int
	ok, over  int
	overAfter int // 429s after the first window
	// headersAtLimit sends the X-AircallApi-* headers only on answers
	// that spend the budget or refuse a request.
	headersAtLimit bool
}

// atLimitServer is a windowServer that sends the X-AircallApi-* headers
// only when the budget is spent, as Aircall documents.
func atLimitServer(limit int, window time.Duration) *windowServer {
	return &windowServer{limit: limit, window: window, start: time.Now(), headersAtLimit: true}
}

func (s *windowServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	now := time.Now()
	idx := int64(now.Sub(s.start) / s.window)
	if idx != s.idx {
		s.idx, s.count = idx, 0
	}
	s.count++
	reset := s.start.Add(time.Duration(idx+1) * s.window)
	remaining := max(s.limit-s.count, 0)
	over := s.count > s.limit
	if over {
		s.over++
		if idx > 0 {
			s.overAfter++
		}
	} else {
		s.ok++
	}
	s.mu.Unlock()
	if !s.headersAtLimit || remaining == 0 {
		rateHeaders(w, s.limit, remaining, reset)
	}
	if over {
		w.WriteHeader(http.StatusTooManyRequests)
		w.Write([]byte(`{"error":"Too Many Requests","troubleshoot":"slow down"}`))
		return
	}
	w.Write([]byte(`{"ping":"pong"}`))
}

// want fails t unless s served at least ratio of what it allowed in
// windows, with no 429 after the first window.
func (s *windowServer) want(t *testing.T, windows int, ratio float64) {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	got := float64(s.ok) / float64(s.limit*windows)
	t.Logf("served %d of %d allowed (ratio %.3f), %d 429s after the first window", s.ok, s.limit*windows, got, s.overAfter)
	if got < ratio || s.overAfter > 0 {
		t.Errorf("ratio %.3f with %d 429s after the first window; want at least %.3f and none", got, s.overAfter, ratio)
	}
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

// pingEach runs one goroutine per entry of clients, each calling Ping n
// times, and fails t on any error.
func pingEach(t *testing.T, clients []*Client, n int) {
	t.Helper()
	var wg sync.WaitGroup
	for _, c := range clients {
		wg.Go(func() {
			for range n {
				if _, err := c.Ping(context.Background()); err != nil {
					t.Errorf("Ping: %v", err)
				}
			}
		})
	}
	wg.Wait()
}

// leave lets one request through p, answered with status and h.
func leave(t *testing.T, p *Pacer, status int, h http.Header) {
	t.Helper()
	if err := p.wait(context.Background()); err != nil {
		t.Fatal(err)
	}
	p.observe(context.Background(), status, h)
}

// queue starts n goroutines waiting at p and returns a channel that gets
// the time each one was let go.
func queue(t *testing.T, p *Pacer, n int) <-chan time.Time {
	t.Helper()
	left := make(chan time.Time, n)
	for range n {
		go func() {
			if err := p.wait(context.Background()); err != nil {
				t.Errorf("wait: %v", err)
			}
			left <- time.Now()
			p.observe(context.Background(), 200, nil)
		}()
	}
	return left
}

func TestPacerSpacesRequestsEvenly(t *testing.T) {
	t.Parallel()
	bubble(t, func(t *testing.T) {
		p := NewPacer(4, time.Second) // one every 250ms, burst 1
		start := time.Now()
		var got []time.Duration
		for range 4 {
			leave(t, p, 200, nil)
			got = append(got, time.Since(start))
		}
		want := []time.Duration{0, 250 * time.Millisecond, 500 * time.Millisecond, 750 * time.Millisecond}
		if d := diff(want, got); d != "" {
			t.Errorf("departures (-want +got):\n%s", d)
		}
	})
}

func TestPacerRemainingZeroHoldsEveryone(t *testing.T) {
	t.Parallel()
	bubble(t, func(t *testing.T) {
		p := NewPacer(0, time.Second) // no spacing: only the server's word holds
		start := time.Now()
		reset := start.Add(300 * time.Millisecond)
		leave(t, p, 200, budget(60, 0, reset))
		leave(t, p, 200, nil)
		if got, want := time.Since(start), 300*time.Millisecond+p.margin; got != want {
			t.Errorf("after Remaining 0, the next request left at +%v, want the reset plus the margin, +%v", got, want)
		}
		// A Reset an hour away holds for one window at most.
		start = time.Now()
		leave(t, p, 200, budget(60, 0, start.Add(time.Hour)))
		leave(t, p, 200, nil)
		if got := time.Since(start); got != time.Second {
			t.Errorf("a Reset an hour away held the next request %v, want one window (1s)", got)
		}
	})
}

func TestPacerGateHoldsRequestsAlreadyQueued(t *testing.T) {
	t.Parallel()
	bubble(t, func(t *testing.T) {
		p := NewPacer(10, time.Second)                               // one every 100ms
		leave(t, p, 200, budget(10, 5, time.Now().Add(time.Second))) // the limit is known
		left := queue(t, p, 3)                                       // planned at +100, +200, +300ms
		time.Sleep(20 * time.Millisecond)
		// Headers come only at the limit: the first answer says the budget
		// is spent until reset, before the second request's turn is over.
		reset := time.Now().Add(130 * time.Millisecond)
		p.observe(context.Background(), 200, budget(10, 0, reset))
		var got []time.Duration
		for range 3 {
			got = append(got, (<-left).Sub(reset))
		}
		// Then they leave spaced again, from the reset (plus the margin):
		// the turns they were given before are void.
		m := p.margin
		if d := diff([]time.Duration{m, m + 100*time.Millisecond, m + 200*time.Millisecond}, got); d != "" {
			t.Errorf("departures after the reset (-want +got):\n%s", d)
		}
	})
}

func TestPacerQueuedRequestsReplanWhenLimitRises(t *testing.T) {
	t.Parallel()
	bubble(t, func(t *testing.T) {
		p := NewPacer(2, 2*time.Second) // one a second
		if err := p.wait(context.Background()); err != nil {
			t.Fatal(err)
		}
		left := queue(t, p, 2) // planned at +1s, +2s
		time.Sleep(20 * time.Millisecond)
		start := time.Now()
		// The account allows 200 per window: 10ms apart.
		p.observe(context.Background(), 200, budget(200, 150, time.Now().Add(2*time.Second)))
		for range 2 {
			if d := (<-left).Sub(start); d > 20*time.Millisecond {
				t.Errorf("a queued request left %v after the limit rose to 200, want it to plan again at 10ms spacing", d)
			}
		}
	})
}

// TestBare429HoldsForTheWindow: a 429 with neither X-AircallApi-Reset nor
// Retry-After (a proxy's) holds for a growing time and the request gives up
// only once a whole window has passed since its first 429. On the pacer of
// before, the Client gave up after 5 attempts in 0.6s.
func TestBare429HoldsForTheWindow(t *testing.T) {
	t.Parallel()
	bubble(t, func(t *testing.T) {
		var at []time.Duration
		start := time.Now()
		h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			at = append(at, time.Since(start))
			w.WriteHeader(http.StatusTooManyRequests)
			w.Write([]byte(`<html><body>429 Too Many Requests</body></html>`))
		})
		c := pacedClient(t, h, WithRetryPolicy(DefaultRetryPolicy))
		_, err := c.Ping(context.Background())
		if !errors.Is(err, ErrRateLimited) {
			t.Fatalf("err = %v, want ErrRateLimited", err)
		}
		t.Logf("bare 429s: %d attempts, gave up after %v (virtual)", len(at), time.Since(start))
		if last := at[len(at)-1]; last < time.Minute {
			t.Errorf("gave up %v after the first 429, want a whole window (1m) at least; attempts at %v", last, at)
		}
		for i := 2; i < len(at); i++ {
			if gap, prev := at[i]-at[i-1], at[i-1]-at[i-2]; gap < prev && at[i] < time.Minute {
				t.Errorf("holds shrink within the window: attempts at %v", at)
			}
		}
		if at[1] < 5*time.Second {
			t.Errorf("the first retry left %v after a bare 429: not a hold, jitter", at[1])
		}
	})
}

func TestBare429RecoversWithinTheWindow(t *testing.T) {
	t.Parallel()
	bubble(t, func(t *testing.T) {
		start := time.Now()
		var n atomic.Int64
		h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if n.Add(1) <= 2 {
				w.WriteHeader(http.StatusTooManyRequests)
				return
			}
			w.Write([]byte(`{"ping":"pong"}`))
		})
		c := pacedClient(t, h, WithRetryPolicy(RetryPolicy{MaxRetries: 1, MinWait: time.Millisecond, MaxWait: time.Millisecond}))
		if _, err := c.Ping(context.Background()); err != nil {
			t.Fatalf("a bare 429 twice then 200 with MaxRetries 1: %v, want success (a window has not passed)", err)
		}
		// An eighth of the window, then a quarter.
		if got, want := time.Since(start), 7500*time.Millisecond+15*time.Second; got != want {
			t.Errorf("succeeded after %v, want %v", got, want)
		}
	})
}

func TestRetryAfterSecondsAndDate(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name  string
		value func(now time.Time) string
	}{
		{"seconds", func(time.Time) string { return "7" }},
		{"HTTP date", func(now time.Time) string { return now.Add(7 * time.Second).UTC().Format(http.TimeFormat) }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			bubble(t, func(t *testing.T) {
				start := time.Now().Truncate(time.Second)
				time.Sleep(time.Until(start.Add(time.Second))) // a whole second: HTTP dates have no fraction
				start = time.Now()
				var second time.Duration
				h := sequence(func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Retry-After", tt.value(time.Now()))
					w.WriteHeader(http.StatusTooManyRequests)
				}, func(w http.ResponseWriter, r *http.Request) {
					second = time.Since(start)
					w.Write([]byte(`{"ping":"pong"}`))
				})
				if _, err := pacedClient(t, h).Ping(context.Background()); err != nil {
					t.Fatal(err)
				}
				if second < 7*time.Second || second > 8*time.Second {
					t.Errorf("retried %v after Retry-After 7s, want 7s", second)
				}
			})
		})
	}
}

func TestPacingSharedByGoroutines(t *testing.T) {
	t.Parallel()
	bubble(t, func(t *testing.T) {
		const (
			limit      = 5
			window     = 250 * time.Millisecond
			goroutines = 8
			perG       = 4
		)
		srv := &windowServer{limit: limit, window: window, start: time.Now()}
		c := pacedClient(t, srv, WithPacer(NewPacer(limit, window)))
		clients := make([]*Client, goroutines)
		for i := range clients {
			clients[i] = c
		}
		pingEach(t, clients, perG)
		srv.mu.Lock()
		defer srv.mu.Unlock()
		if srv.ok != goroutines*perG {
			t.Errorf("server answered %d requests, want %d", srv.ok, goroutines*perG)
		}
		if srv.over > 1 || srv.overAfter > 0 {
			t.Errorf("429s: %d in all, %d after the first window; want at most 1, in the first window", srv.over, srv.overAfter)
		}
		if r := c.Rate(); r.Limit != limit {
			t.Errorf("c.Rate().Limit = %d, want %d from the headers", r.Limit, limit)
		}
	})
}

// TestPacingKeepsToAKnownLimit is the first pacing target as a test: 8
// goroutines on one Client send at least 98% of what the server allows,
// with no 429 after the first window.
func TestPacingKeepsToAKnownLimit(t *testing.T) {
	t.Parallel()
	bubble(t, func(t *testing.T) {
		const limit, window, windows = 20, time.Minute, 10
		srv := &windowServer{limit: limit, window: window, start: time.Now()}
		c := pacedClient(t, srv, WithPacer(NewPacer(limit, window)))
		hammer([]*Client{c}, 8, windows*window)
		srv.want(t, windows, 0.98)
	})
}

// TestPacingDefaults is the second target: a Client with the defaults only,
// against 120 a minute with headers only at the limit, sends at least 95%
// of what is allowed.
func TestPacingDefaults(t *testing.T) {
	t.Parallel()
	bubble(t, func(t *testing.T) {
		const windows = 8
		srv := atLimitServer(120, time.Minute)
		c := pacedClient(t, srv, WithRetryPolicy(DefaultRetryPolicy))
		hammer([]*Client{c}, 8, windows*time.Minute)
		srv.want(t, windows, 0.95)
	})
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
			bubble(t, func(t *testing.T) {
				const limit, window = 5, 500 * time.Millisecond
				srv := atLimitServer(limit, window)
				p := NewPacer(2*limit, window)
				var clients []*Client
				for range tt.clients {
					clients = append(clients, pacedClient(t, srv, WithPacer(p)))
				}
				hammer(clients, 8, 5*window)
				srv.want(t, 5, 0.8)
			})
		})
	}
}

func TestPacingAdoptsALowerLimit(t *testing.T) {
	t.Parallel()
	bubble(t, func(t *testing.T) {
		// The server allows half the pacer's budget and says so only at
		// the limit, like an account on 60 a minute with a Client on the
		// default 120: at most one 429, retried, and no failed call.
		const limit, window = 4, 600 * time.Millisecond
		srv := atLimitServer(limit, window)
		c := pacedClient(t, srv, WithPacer(NewPacer(2*limit, window)))
		pingEach(t, []*Client{c, c, c, c}, 4)
		srv.mu.Lock()
		defer srv.mu.Unlock()
		if srv.over > 1 {
			t.Errorf("%d 429s, want at most 1", srv.over)
		}
		if r := c.Rate(); r.Limit != limit {
			t.Errorf("Rate().Limit = %d, want %d", r.Limit, limit)
		}
	})
}

func TestSharedPacerAcrossClients(t *testing.T) {
	t.Parallel()
	bubble(t, func(t *testing.T) {
		const limit, window = 4, 250 * time.Millisecond
		srv := &windowServer{limit: limit, window: window, start: time.Now()}
		p := NewPacer(limit, window)
		a, b := pacedClient(t, srv, WithPacer(p)), pacedClient(t, srv, WithPacer(p))
		pingEach(t, []*Client{a, b, a, b}, 3)
		srv.mu.Lock()
		defer srv.mu.Unlock()
		if srv.over > 1 {
			t.Errorf("two clients sharing a pacer got %d 429s, want at most 1", srv.over)
		}
	})
}

// memStore is a PacerStore in process, as a shared store would be seen by
// the Pacers of several processes: a GCRA that reserves one departure
// ahead at most, as aircallredis does with redis_rate.
type memStore struct {
	mu      sync.Mutex
	tat     time.Time // the next free departure
	closed  time.Time
	limit   int
	reserve atomic.Int64
	down    atomic.Bool
}

var errStoreDown = errors.New("store down")

func (m *memStore) Reserve(_ context.Context, limit int, window time.Duration) (time.Duration, bool, error) {
	m.reserve.Add(1)
	if m.down.Load() {
		return 0, false, errStoreDown
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	now, iv := time.Now(), window/time.Duration(limit)
	at := now
	if m.tat.After(now) {
		at = m.tat
	}
	if wait := at.Sub(now); wait > iv {
		return wait - iv, false, nil
	}
	m.tat = at.Add(iv)
	return at.Sub(now), true, nil
}

func (m *memStore) Gate(context.Context) (time.Duration, int, error) {
	if m.down.Load() {
		return 0, 0, errStoreDown
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return max(time.Until(m.closed), 0), m.limit, nil
}

func (m *memStore) Share(_ context.Context, hold time.Duration, limit int) error {
	if m.down.Load() {
		return errStoreDown
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if until := time.Now().Add(hold); until.After(m.closed) {
		m.closed = until
	}
	if limit > 0 {
		m.limit = limit
	}
	return nil
}

func TestPacersSharingAStore(t *testing.T) {
	t.Parallel()
	bubble(t, func(t *testing.T) {
		// Two Pacers, as in two processes, share one company's budget
		// through one store; each starts at the server's limit, headers come
		// only at the limit.
		const limit, window = 5, 250 * time.Millisecond
		srv := atLimitServer(limit, window)
		store := &memStore{}
		a := pacedClient(t, srv, WithPacer(NewPacerWithStore(limit, window, store)))
		b := pacedClient(t, srv, WithPacer(NewPacerWithStore(limit, window, store)))
		hammer([]*Client{a, b}, 8, 8*window)
		srv.want(t, 8, 0.875)
	})
}

// downStore returns a memStore that fails every call, and a logger that
// writes to buf.
func downStore() (store *memStore, buf *bytes.Buffer, logger *slog.Logger) {
	store, buf = &memStore{}, &bytes.Buffer{}
	store.down.Store(true)
	return store, buf, slog.New(slog.NewTextHandler(buf, nil))
}

// loggedOnce fails t unless the log in buf holds msg exactly once.
func loggedOnce(t *testing.T, buf *bytes.Buffer, msg string) {
	t.Helper()
	if n := strings.Count(buf.String(), msg); n != 1 {
		t.Errorf("logged %q %d times, want once:\n%s", msg, n, buf.String())
	}
}

func TestPacerStoreFailureFallsBackAndLogsOnce(t *testing.T) {
	t.Parallel()
	bubble(t, func(t *testing.T) {
		store, buf, logger := downStore()
		p := NewPacerWithStore(4, 400*time.Millisecond, store)
		p.setLogger(logger)
		start := time.Now()
		for range 3 {
			leave(t, p, 200, nil)
		}
		// Local pacing: 3 requests at 4 per 400ms take 200ms.
		if d := time.Since(start); d != 200*time.Millisecond {
			t.Errorf("3 requests took %v: the fallback did not pace", d)
		}
		loggedOnce(t, buf, "aircall: pacer store failed")
	})
}

func TestPacerStoreFailureLoggedThroughClientLogger(t *testing.T) {
	t.Parallel()
	bubble(t, func(t *testing.T) {
		store, buf, logger := downStore()
		h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(`{"ping":"pong"}`)) })
		c := pacedClient(t, h, WithLogger(logger), WithPacer(NewPacerWithStore(0, time.Second, store)))
		pingEach(t, []*Client{c}, 3) // a failing store fails no request
		loggedOnce(t, buf, "aircall: pacer store failed")
	})
}

func TestPacerStoreRetriedAfterAFailure(t *testing.T) {
	t.Parallel()
	bubble(t, func(t *testing.T) {
		store, buf, logger := downStore()
		p := NewPacerWithStore(600, time.Minute, store) // 100ms apart
		p.setLogger(logger)
		for range 3 {
			leave(t, p, 200, nil)
		}
		if n := store.reserve.Load(); n != 0 {
			t.Errorf("the failing store was asked to reserve %d times within a second, want never (its Gate failed first)", n)
		}
		store.down.Store(false)
		time.Sleep(storeRetry)
		leave(t, p, 200, nil)
		if n := store.reserve.Load(); n != 1 {
			t.Errorf("the store answers again a second later, yet it reserved %d departures, want 1", n)
		}
		if !strings.Contains(buf.String(), "answers again") {
			t.Errorf("the recovery was not logged:\n%s", buf.String())
		}
	})
}

// A Pacer not made by NewPacer (its zero value) is refused by WithPacer,
// rather than panicking on the first request.
func TestZeroPacerRefused(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	ts.handle("GET /v1/ping", reply(t, http.StatusOK, `{"ping":"pong"}`))
	c, err := NewClient(WithBasicAuth("api-id", "api-token"), WithBaseURL(ts.URL), WithPacer(&Pacer{}))
	if err != nil {
		return // refused: fine
	}
	defer func() {
		if p := recover(); p != nil {
			t.Errorf("Ping with a zero Pacer panics: %v", p)
		}
	}()
	c.Ping(context.Background())
}
