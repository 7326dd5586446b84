package aircallredis

import (
	"context"
	"errors"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	aircall "github.com/seed1279ea27/aircall-go"
	"github.com/seed1279ea27/aircall-go/webhook"
	"github.com/seed1279ea27/aircall-go/webhook/webhooktest"
)

const testToken = "45XXYYZZa08"

func newDeduper(t *testing.T, addr string, o DeduperOptions) *Deduper {
	t.Helper()
	d, err := NewDeduper(newClient(t, addr), o)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestDeduperSemantics(t *testing.T) {
	t.Parallel()
	srv := startRedis(t, false)
	ctx := context.Background()
	// Two Dedupers on one Redis stand for two replicas.
	a := newDeduper(t, srv.Addr(), DeduperOptions{TTL: 300 * time.Millisecond})
	b := newDeduper(t, srv.Addr(), DeduperOptions{TTL: 300 * time.Millisecond})
	const key = "call.ended/812/1585002050"

	claim := func(d *Deduper, want bool, wantErr error) {
		t.Helper()
		got, err := d.Claim(ctx, key)
		if got != want || !errors.Is(err, wantErr) {
			t.Fatalf("Claim = %v, %v; want %v, %v", got, err, want, wantErr)
		}
	}
	claim(a, true, nil)
	claim(b, false, webhook.ErrInProgress) // the other replica sees the claim
	if err := a.Release(ctx, key, false); err != nil {
		t.Fatal(err)
	}
	claim(b, true, nil) // a failed: Aircall's retry is processed elsewhere
	if err := b.Release(ctx, key, true); err != nil {
		t.Fatal(err)
	}
	claim(a, false, nil) // processed: dropped everywhere
	claim(b, false, nil)
	if ttl := clientOf(t, srv).PTTL(ctx, "aircall:dedupe:"+key).Val(); ttl <= 0 || ttl > 300*time.Millisecond {
		t.Fatalf("processed key TTL %v, want within (0, 300ms]", ttl)
	}
	time.Sleep(350 * time.Millisecond) // past the TTL
	claim(a, true, nil)
}

func TestDeduperLeaseEnds(t *testing.T) {
	t.Parallel()
	srv := startRedis(t, false)
	ctx := context.Background()
	a := newDeduper(t, srv.Addr(), DeduperOptions{Lease: 100 * time.Millisecond})
	b := newDeduper(t, srv.Addr(), DeduperOptions{Lease: time.Minute})
	const key = "contact.updated/99/1700000000"
	if ok, err := a.Claim(ctx, key); !ok || err != nil {
		t.Fatalf("first Claim = %v, %v", ok, err)
	}
	time.Sleep(150 * time.Millisecond) // a's process "died": its lease ends
	if ok, err := b.Claim(ctx, key); !ok || err != nil {
		t.Fatalf("Claim after the lease = %v, %v; want true", ok, err)
	}
	// a comes back late and gives up: b's claim must survive.
	if err := a.Release(ctx, key, false); err != nil {
		t.Fatal(err)
	}
	if ok, err := a.Claim(ctx, key); ok || !errors.Is(err, webhook.ErrInProgress) {
		t.Fatalf("Claim while b holds it = %v, %v; want ErrInProgress", ok, err)
	}
}

func TestDeduperAcrossHandlers(t *testing.T) {
	t.Parallel()
	srv := startRedis(t, false)
	release := make(chan struct{})
	started := make(chan struct{}, 1)
	var calls atomic.Int32
	handler := func(context.Context, *webhook.CallEvent) error {
		calls.Add(1)
		started <- struct{}{}
		<-release
		return nil
	}
	replicas := dedupeReplicas(t, srv.Addr(), 2, func(h *webhook.Handler) { h.OnCall(aircall.EventCallEnded, handler) })
	body := webhooktest.NewBody(t, aircall.EventCallEnded, testToken, map[string]any{"id": 812, "direction": "inbound", "status": "done"})
	first := make(chan int)
	go func() { first <- webhooktest.Post(replicas[0], body).Code }()
	<-started
	// Aircall redelivers to the other replica while the first still runs.
	w := webhooktest.Post(replicas[1], body)
	if w.Code != http.StatusServiceUnavailable || w.Header().Get("Retry-After") == "" {
		t.Fatalf("redelivery during processing: %d (Retry-After %q), want 503 with Retry-After", w.Code, w.Header().Get("Retry-After"))
	}
	close(release)
	if code := <-first; code != http.StatusOK {
		t.Fatalf("first delivery: %d", code)
	}
	if code := webhooktest.Post(replicas[1], body).Code; code != http.StatusOK {
		t.Fatalf("redelivery after success: %d, want 200", code)
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("handler ran %d times, want 1", n)
	}
}

func TestDeduperRedisDown(t *testing.T) {
	t.Parallel()
	srv := startRedis(t, false)
	d := newDeduper(t, srv.Addr(), DeduperOptions{})
	srv.Stop()
	h, err := webhook.NewHandler(webhook.Tokens(testToken), webhook.WithLogger(quietLogger()), webhook.WithDeduper(d))
	if err != nil {
		t.Fatal(err)
	}
	var calls atomic.Int32
	h.OnCall(aircall.EventCallEnded, func(context.Context, *webhook.CallEvent) error { calls.Add(1); return nil })
	w := webhooktest.Send(t, h, aircall.EventCallEnded, testToken, map[string]any{"id": 1})
	if w.Code != http.StatusServiceUnavailable || w.Header().Get("Retry-After") == "" {
		t.Errorf("Redis down: %d (Retry-After %q), want 503 with Retry-After", w.Code, w.Header().Get("Retry-After"))
	}
	if calls.Load() != 0 {
		t.Error("event processed without de-duplication while Redis was down")
	}
	if _, err := d.Claim(context.Background(), "k"); !errors.Is(err, webhook.ErrUnavailable) {
		t.Errorf("Claim error %v does not wrap webhook.ErrUnavailable", err)
	}
}

// TestDeduperClaimReplyLost: a Claim whose reply was lost and that the
// client sends again (go-redis's MaxRetries) gets its claim, instead of
// finding it held and refusing the event until Lease ends.
func TestDeduperClaimReplyLost(t *testing.T) {
	t.Parallel()
	srv := startRedis(t, false)
	p := newReplyDropper(t, srv.Addr(), []byte("'SET', KEYS[1], ARGV[1]"))
	d, err := NewDeduper(newClient(t, p.addr), DeduperOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ok, err := d.Claim(context.Background(), "call.ended/812/1585002050")
	if !p.dropped.Load() {
		t.Fatal("no reply was dropped")
	}
	if !ok || err != nil {
		t.Errorf("Claim after a lost reply = %v, %v; want true, nil", ok, err)
	}
}
