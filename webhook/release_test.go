package webhook

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/seed1279ea27/aircall-go/webhook/webhooktest"
)

// panicQueue panics in its first Enqueue, then stores.
type panicQueue struct {
	sliceQueue
	calls atomic.Int32
}

func (q *panicQueue) Enqueue(ctx context.Context, ev *Event) error {
	if q.calls.Add(1) == 1 {
		panic("queue driver bug")
	}
	return q.sliceQueue.Enqueue(ctx, ev)
}

// post answers like webhooktest.Post, with a panic that escapes the
// Handler reported as status 0 (net/http would drop the connection).
func post(h http.Handler, body []byte) (code int) {
	defer func() {
		if recover() != nil {
			code = 0
		}
	}()
	return webhooktest.Post(h, body).Code
}

// A Queue whose Enqueue panics gets a 500 and its claim released: Aircall's
// retry is queued, not refused with 503 until the webhook is disabled. (A
// panicking handler: TestDedupePanicIsNotSeen.)
func TestQueuePanicReleasesClaim(t *testing.T) {
	t.Parallel()
	q := &panicQueue{}
	var reported atomic.Value
	h := newTestHandler(t, WithQueue(q), WithDeduper(NewMemoryDeduper(10)),
		WithErrorHandler(func(_ context.Context, _ *Event, err error) { reported.Store(err) }))
	body := fixture(t, "call_ended.json")
	if code := post(h, body); code != http.StatusInternalServerError {
		t.Errorf("Enqueue panicked: status %d, want 500", code)
	}
	var pe *PanicError
	if err, _ := reported.Load().(error); !errors.As(err, &pe) || fmt.Sprint(pe.Value) != "queue driver bug" {
		t.Errorf("error handler got %v, want the *PanicError", reported.Load())
	}
	if code := post(h, body); code != http.StatusOK {
		t.Errorf("Aircall's retry: status %d, want 200 (claim released)", code)
	}
	if code := post(h, body); code != http.StatusOK || len(q.got) != 1 {
		t.Errorf("redelivery: status %d, %d events stored, want 200 and 1", code, len(q.got))
	}
}

// A claim whose holder never releases it (a crashed goroutine, a Deduper
// user that forgot) expires after ClaimLease: the event is processed again
// instead of being refused with 503 for ever.
func TestMemoryDeduperClaimExpires(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		d := NewMemoryDeduper(10)
		if ok, err := d.Claim(ctx, "k"); !ok || err != nil {
			t.Fatalf("first Claim = %v, %v", ok, err)
		}
		time.Sleep(ClaimLease - time.Second)
		if ok, err := d.Claim(ctx, "k"); ok || !errors.Is(err, ErrInProgress) {
			t.Errorf("Claim within the lease = %v, %v; want ErrInProgress", ok, err)
		}
		time.Sleep(time.Second)
		if ok, err := d.Claim(ctx, "k"); !ok || err != nil {
			t.Errorf("Claim after ClaimLease = %v, %v; want true", ok, err)
		}
		// Expired claims of keys never seen again are swept.
		for i := range 100 {
			_, _ = d.Claim(ctx, fmt.Sprint("gone", i))
		}
		time.Sleep(2 * ClaimLease)
		_, _ = d.Claim(ctx, "new")
		if n := d.pendingLen(); n != 1 {
			t.Errorf("%d claims pending after the lease, want 1 (the new one)", n)
		}
	})
}
