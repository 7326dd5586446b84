package aircallredis

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/redis/go-redis/v9"
	aircall "github.com/seed1279ea27/aircall-go"
	"github.com/seed1279ea27/aircall-go/webhook"
	"github.com/seed1279ea27/aircall-go/webhook/webhooktest"
)

// fastQueue returns QueueOptions with millisecond timings.
func fastQueue(o QueueOptions) QueueOptions {
	if o.Visibility == 0 {
		o.Visibility = 2 * time.Second
	}
	if o.Poll == 0 {
		o.Poll = 20 * time.Millisecond
	}
	if o.Backoff == nil {
		o.Backoff = func(int) time.Duration { return 10 * time.Millisecond }
	}
	if o.Logger == nil {
		o.Logger = quietLogger()
	}
	return o
}

func newQueue(t *testing.T, addr string, o QueueOptions) *Queue {
	t.Helper()
	q, err := NewQueue(newClient(t, addr), fastQueue(o))
	if err != nil {
		t.Fatal(err)
	}
	return q
}

// runQueue runs q with d until the test ends.
func runQueue(t *testing.T, q *Queue, d Dispatcher) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { _ = q.Run(ctx, d); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
}

// receiver is a Handler persisting to q, with a Redis Deduper.
func receiver(t *testing.T, addr string, q *Queue, v webhook.Verifier) *webhook.Handler {
	t.Helper()
	h, err := webhook.NewHandler(v, webhook.WithLogger(quietLogger()), webhook.WithQueue(q),
		webhook.WithDeduper(newDeduper(t, addr, DeduperOptions{})))
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// callBody is a call.ended body for call id, as Aircall posts it.
func callBody(t testing.TB, id int) []byte {
	b, err := webhooktest.Body(aircall.EventCallEnded, testToken, map[string]any{
		"id": id, "direct_link": fmt.Sprintf("https://api.aircall.io/v1/calls/%d", id),
		"direction": "inbound", "status": "done", "started_at": 1764600000, "ended_at": 1764600042,
		"duration": 42, "raw_digits": "+33 1 23 45 67 89",
	}, time.Unix(1764600043, 0))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// eventually polls cond every 10ms for up to 10s.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// counter counts handled calls by ID.
type counter struct {
	mu sync.Mutex
	n  map[aircall.ID]int
}

func (c *counter) add(id aircall.ID) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n == nil {
		c.n = map[aircall.ID]int{}
	}
	c.n[id]++
}

func (c *counter) get(id aircall.ID) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n[id]
}

func (c *counter) total() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, v := range c.n {
		n += v
	}
	return n
}

func TestQueueHandlesEachEventOnce(t *testing.T) {
	t.Parallel()
	srv := startRedis(t, false)
	q := newQueue(t, srv.Addr(), QueueOptions{})
	h := receiver(t, srv.Addr(), q, webhook.Tokens(testToken))
	var got counter
	h.OnCall(aircall.EventCallEnded, func(_ context.Context, ev *webhook.CallEvent) error {
		if ev.Call.Duration != 42 {
			return fmt.Errorf("call %d: duration %d, want 42", ev.Call.ID, ev.Call.Duration)
		}
		got.add(ev.Call.ID)
		return nil
	})
	// Events persisted before any worker runs are handled too.
	for id := 1; id <= 50; id++ {
		for range 2 { // each delivered twice
			if w := webhooktest.Post(h, callBody(t, id)); w.Code != http.StatusOK {
				t.Fatalf("call %d: status %d", id, w.Code)
			}
		}
	}
	runQueue(t, q, h)
	eventually(t, "50 events handled", func() bool { return got.total() >= 50 })
	for id := 1; id <= 50; id++ {
		if n := got.get(aircall.ID(id)); n != 1 {
			t.Errorf("call %d handled %d times, want 1", id, n)
		}
	}
	// Acknowledged events are gone from the stream, and nothing is pending.
	c := clientOf(t, srv)
	eventually(t, "an empty stream", func() bool { return c.XLen(context.Background(), "aircall:{webhook}:events").Val() == 0 })
	if p := c.XPending(context.Background(), "aircall:{webhook}:events", group).Val(); p.Count != 0 {
		t.Errorf("%d entries still pending", p.Count)
	}
}

func TestQueueRetriesThenDeadLettersAndReplays(t *testing.T) {
	t.Parallel()
	srv := startRedis(t, false)
	q := newQueue(t, srv.Addr(), QueueOptions{MaxAttempts: 3})
	h := receiver(t, srv.Addr(), q, webhook.Tokens(testToken))
	var mu sync.Mutex
	attempts := map[aircall.ID]int{}
	healthy := false
	h.OnCall(aircall.EventCallEnded, func(_ context.Context, ev *webhook.CallEvent) error {
		mu.Lock()
		defer mu.Unlock()
		attempts[ev.Call.ID]++
		switch {
		case ev.Call.ID == 7 && attempts[7] < 3:
			return errors.New("CRM timeout") // succeeds at the third attempt
		case ev.Call.ID == 8 && !healthy:
			return errors.New("CRM rejected the call")
		}
		return nil
	})
	for _, id := range []int{7, 8} {
		if w := webhooktest.Post(h, callBody(t, id)); w.Code != http.StatusOK {
			t.Fatalf("status %d", w.Code)
		}
	}
	runQueue(t, q, h)
	ctx := context.Background()
	var dead []DeadLetter
	eventually(t, "a dead letter and call 7's third attempt", func() bool {
		var err error
		dead, err = q.DeadLetters(ctx, 10)
		mu.Lock()
		defer mu.Unlock()
		return err == nil && len(dead) > 0 && attempts[7] >= 3
	})
	mu.Lock()
	if attempts[7] != 3 || attempts[8] != 3 {
		t.Errorf("attempts: call 7 %d, call 8 %d; want 3 and 3 (MaxAttempts)", attempts[7], attempts[8])
	}
	healthy = true
	mu.Unlock()
	if len(dead) != 1 || dead[0].Event == nil || dead[0].Event.ResourceID() != 8 || dead[0].Attempts != 3 || dead[0].Error != "CRM rejected the call" {
		t.Fatalf("dead letters = %+v, want call 8 after 3 attempts with its error", dead)
	}
	if n, err := q.Replay(ctx, dead[0].ID, dead[0].ID); n != 1 || err != nil {
		t.Fatalf("Replay = %d, %v; want 1 (the second ID is already replayed)", n, err)
	}
	eventually(t, "the replayed event handled", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return attempts[8] == 4
	})
	if dead, _ := q.DeadLetters(ctx, 10); len(dead) != 0 {
		t.Errorf("dead letters after replay: %+v", dead)
	}
}

func TestQueueDiscardsDeadLetters(t *testing.T) {
	t.Parallel()
	srv := startRedis(t, false)
	q := newQueue(t, srv.Addr(), QueueOptions{MaxAttempts: 1})
	ctx := context.Background()
	// An entry that is not an event cannot be handled: it is dead-lettered
	// at once, not retried.
	clientOf(t, srv).XAdd(ctx, &redis.XAddArgs{Stream: "aircall:{webhook}:events", Values: []any{"r", "not json"}})
	runQueue(t, q, dispatchFunc(func(context.Context, *webhook.Event) error {
		t.Error("an undecodable entry reached the handler")
		return nil
	}))
	var dead []DeadLetter
	eventually(t, "a dead letter", func() bool { dead, _ = q.DeadLetters(ctx, 10); return len(dead) == 1 })
	if dead[0].Event != nil || !strings.Contains(dead[0].Error, "undecodable") {
		t.Errorf("dead letter %+v, want an undecodable entry", dead[0])
	}
	if n, err := q.Discard(ctx, dead[0].ID); n != 1 || err != nil {
		t.Errorf("Discard = %d, %v", n, err)
	}
}

func TestQueueReclaimsAfterVisibility(t *testing.T) {
	t.Parallel()
	srv := startRedis(t, false)
	ctx := context.Background()
	q := newQueue(t, srv.Addr(), QueueOptions{Visibility: 300 * time.Millisecond})
	h := receiver(t, srv.Addr(), q, webhook.Tokens(testToken))
	var got counter
	h.OnCall(aircall.EventCallEnded, func(_ context.Context, ev *webhook.CallEvent) error { got.add(ev.Call.ID); return nil })
	webhooktest.Post(h, callBody(t, 1))
	// A worker that reads the event and dies before acknowledging it.
	c := clientOf(t, srv)
	if err := q.ensureGroup(ctx); err != nil {
		t.Fatal(err)
	}
	read := c.XReadGroup(ctx, &redis.XReadGroupArgs{Group: group, Consumer: "crashed/0", Streams: []string{q.events, ">"}, Count: 1}).Val()
	if len(read) != 1 || len(read[0].Messages) != 1 {
		t.Fatalf("read %v", read)
	}
	died := time.Now()
	runQueue(t, q, h)
	eventually(t, "the event taken over", func() bool { return got.get(1) == 1 })
	if took := time.Since(died); took < 300*time.Millisecond {
		t.Errorf("taken over after %v, before the visibility timeout", took)
	} else {
		t.Logf("reclaimed %v after the worker died (visibility 300ms)", took)
	}
}

func TestQueueCarriesTheAccount(t *testing.T) {
	t.Parallel()
	type tenant struct{ ID string }
	srv := startRedis(t, false)
	tenants := map[string]*tenant{"t-1": {ID: "t-1"}}
	q := newQueue(t, srv.Addr(), QueueOptions{
		EncodeAccount: func(a any) (string, error) { return a.(*tenant).ID, nil },
		DecodeAccount: func(_ context.Context, id string) (any, error) { return tenants[id], nil },
	})
	h := receiver(t, srv.Addr(), q, webhook.TokenAccounts(map[string]*tenant{testToken: tenants["t-1"]}))
	got := make(chan *tenant, 1)
	h.OnCall(aircall.EventCallEnded, func(ctx context.Context, ev *webhook.CallEvent) error {
		a, _ := webhook.AccountAs[*tenant](ctx)
		got <- a
		return nil
	})
	webhooktest.Post(h, callBody(t, 3))
	// The stored entry holds the tenant ID, never the token.
	entries := clientOf(t, srv).XRange(context.Background(), q.events, "-", "+").Val()
	if len(entries) != 1 || strings.Contains(fmt.Sprint(entries[0].Values), testToken) {
		t.Fatalf("stored entries %v: want one, without the token", entries)
	}
	runQueue(t, q, h)
	select {
	case a := <-got:
		if d := cmp.Diff(&tenant{ID: "t-1"}, a); d != "" {
			t.Errorf("account in the worker (-want +got):\n%s", d)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("event not handled")
	}
}

func TestQueueRedisDown(t *testing.T) {
	t.Parallel()
	srv := startRedis(t, false)
	q := newQueue(t, srv.Addr(), QueueOptions{})
	h, err := webhook.NewHandler(webhook.Tokens(testToken), webhook.WithLogger(quietLogger()), webhook.WithQueue(q))
	if err != nil {
		t.Fatal(err)
	}
	srv.Stop()
	w := webhooktest.Post(h, callBody(t, 1))
	if w.Code != http.StatusServiceUnavailable || w.Header().Get("Retry-After") == "" {
		t.Errorf("Redis down: %d (Retry-After %q), want 503 with Retry-After", w.Code, w.Header().Get("Retry-After"))
	}
	if err := q.Enqueue(context.Background(), mustParse(t, callBody(t, 2))); !errors.Is(err, webhook.ErrUnavailable) {
		t.Errorf("Enqueue error %v does not wrap webhook.ErrUnavailable", err)
	}
}

func mustParse(t testing.TB, body []byte) *webhook.Event {
	ev, err := webhook.Parse(body, webhook.Tokens(testToken))
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

// dispatchFunc is a Dispatcher.
type dispatchFunc func(context.Context, *webhook.Event) error

func (f dispatchFunc) Dispatch(ctx context.Context, ev *webhook.Event) error { return f(ctx, ev) }

func TestQueueDeadLettersAnEventThatKillsItsWorkers(t *testing.T) {
	t.Parallel()
	srv := startRedis(t, false)
	ctx := context.Background()
	q := newQueue(t, srv.Addr(), QueueOptions{MaxAttempts: 3, Visibility: 50 * time.Millisecond})
	if err := q.ensureGroup(ctx); err != nil {
		t.Fatal(err)
	}
	c := clientOf(t, srv)
	// Workers take an event in turn and die with it, deaths times.
	died := func(call, deaths int) {
		if err := q.Enqueue(ctx, mustParse(t, callBody(t, call))); err != nil {
			t.Fatal(err)
		}
		read := c.XReadGroup(ctx, &redis.XReadGroupArgs{Group: group, Consumer: "died/0", Streams: []string{q.events, ">"}, Count: 1}).Val()
		id := read[0].Messages[0].ID
		for i := 1; i < deaths; i++ {
			c.XClaim(ctx, &redis.XClaimArgs{Stream: q.events, Group: group, Consumer: fmt.Sprintf("died/%d", i), Messages: []string{id}})
		}
	}
	died(66, 2) // the third try may run: MaxAttempts is 3
	died(67, 3) // a fourth may not
	var got counter
	runQueue(t, q, dispatchFunc(func(_ context.Context, ev *webhook.Event) error {
		got.add(ev.ResourceID())
		return nil
	}))
	eventually(t, "a drained stream", func() bool { return c.XLen(ctx, q.events).Val() == 0 })
	dead, _ := q.DeadLetters(ctx, 10)
	if got.get(66) != 1 || got.get(67) != 0 {
		t.Errorf("handled call 66 %d times and call 67 %d times; want 1 and 0", got.get(66), got.get(67))
	}
	if len(dead) != 1 || dead[0].Event == nil || dead[0].Event.ResourceID() != 67 || !strings.Contains(dead[0].Error, "delivered 4 times") {
		t.Errorf("dead letters %+v, want call 67, delivered 4 times", dead)
	}
}

func TestQueueForgetsIdleConsumers(t *testing.T) {
	t.Parallel()
	srv := startRedis(t, false)
	ctx := context.Background()
	q := newQueue(t, srv.Addr(), QueueOptions{Visibility: 20 * time.Millisecond, Consumer: "live"})
	if err := q.ensureGroup(ctx); err != nil {
		t.Fatal(err)
	}
	c := clientOf(t, srv)
	c.XGroupCreateConsumer(ctx, q.events, group, "stopped-process/0")
	runQueue(t, q, dispatchFunc(func(context.Context, *webhook.Event) error { return nil }))
	eventually(t, "the idle consumer forgotten", func() bool {
		for _, cs := range c.XInfoConsumers(ctx, q.events, group).Val() {
			if cs.Name == "stopped-process/0" {
				return false
			}
		}
		return true
	})
}
