//lint:file-ignore SA1019 the webhook package still receives and dispatches the V1 user events Aircall sends
package webhook

import (
	"context"
	"errors"
	"net/http"
	"sync/atomic"
	"testing"

	aircall "github.com/seed1279ea27/aircall-go"

	"github.com/seed1279ea27/aircall-go/webhook/webhooktest"
)

func TestDedupeDropsRedelivery(t *testing.T) {
	t.Parallel()
	h := newTestHandler(t, WithDeduper(NewMemoryDeduper(100)))
	var n atomic.Int32
	h.OnCall(aircall.EventCallEnded, func(context.Context, *CallEvent) error { n.Add(1); return nil })
	body := fixture(t, "call_ended.json")
	for i := range 3 {
		if w := webhooktest.Post(h, body); w.Code != http.StatusOK {
			t.Fatalf("delivery %d: status %d", i+1, w.Code)
		}
	}
	if got := n.Load(); got != 1 {
		t.Errorf("handler called %d times for 3 deliveries of one event, want 1", got)
	}
	// Another event about the same call (other name or other timestamp) is
	// not a duplicate.
	webhooktest.Post(h, withTimestamp(t, body, 1585002051))
	if got := n.Load(); got != 2 {
		t.Errorf("same call, new timestamp: handler called %d times, want 2", got)
	}
}

func TestDedupeRetriesFailedEvent(t *testing.T) {
	t.Parallel()
	h := newTestHandler(t, WithDeduper(NewMemoryDeduper(100)))
	var n atomic.Int32
	h.OnCall(aircall.EventCallEnded, func(context.Context, *CallEvent) error {
		if n.Add(1) == 1 {
			return errors.New("CRM timeout")
		}
		return nil
	})
	body := fixture(t, "call_ended.json")
	want := []int{http.StatusInternalServerError, http.StatusOK, http.StatusOK}
	for i, code := range want {
		if w := webhooktest.Post(h, body); w.Code != code {
			t.Errorf("delivery %d: status %d, want %d", i+1, w.Code, code)
		}
	}
	if got := n.Load(); got != 2 {
		t.Errorf("handler called %d times, want 2 (the failure, then the retry)", got)
	}
}

func TestDedupePanicIsNotSeen(t *testing.T) {
	t.Parallel()
	d := NewMemoryDeduper(10)
	h := newTestHandler(t, WithDeduper(d))
	var n atomic.Int32
	h.OnUser(aircall.EventUserCreated, func(context.Context, *UserEvent) error {
		if n.Add(1) == 1 {
			panic("first attempt")
		}
		return nil
	})
	body := fixture(t, "user_created.json")
	if w := webhooktest.Post(h, body); w.Code != http.StatusInternalServerError {
		t.Errorf("status %d", w.Code)
	}
	if w := webhooktest.Post(h, body); w.Code != http.StatusOK || n.Load() != 2 {
		t.Errorf("retry: status %d, calls %d", w.Code, n.Load())
	}
	if d.Len() != 1 {
		t.Errorf("Len = %d, want 1", d.Len())
	}
}

func TestMemoryDeduper(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d := NewMemoryDeduper(2)
	claim := func(k string) bool {
		ok, err := d.Claim(ctx, k)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	if !claim("a") {
		t.Fatal("a new key must be claimable")
	}
	if ok, err := d.Claim(ctx, "a"); ok || !errors.Is(err, ErrInProgress) {
		t.Errorf("Claim of a key in progress = %v, %v; want false, ErrInProgress", ok, err)
	}
	_ = d.Release(ctx, "a", false)
	if !claim("a") {
		t.Error("a released, unprocessed key must be claimable again")
	}
	_ = d.Release(ctx, "a", true)
	if claim("a") {
		t.Error("a processed key must be seen")
	}
	for _, k := range []string{"b", "c"} {
		if !claim(k) {
			t.Fatalf("%s not claimable", k)
		}
		_ = d.Release(ctx, k, true)
	}
	// Capacity 2: "a", the oldest, is forgotten; "b" and "c" remain.
	if d.Len() != 2 || claim("b") || claim("c") {
		t.Errorf("Len %d; b and c must still be seen", d.Len())
	}
	if !claim("a") {
		t.Error("the oldest key must be forgotten past capacity")
	}
	if NewMemoryDeduper(0).Len() != 0 || len(NewMemoryDeduper(0).ring) != DefaultDedupeCapacity {
		t.Error("default capacity")
	}
}

// failingDeduper fails every call: events are processed anyway.
type failingDeduper struct{}

func (failingDeduper) Claim(context.Context, string) (bool, error) {
	return false, errors.New("redis down")
}
func (failingDeduper) Release(context.Context, string, bool) error { return errors.New("redis down") }

func TestDeduperFailureProcessesEvent(t *testing.T) {
	t.Parallel()
	h := newTestHandler(t, WithDeduper(failingDeduper{}))
	var n atomic.Int32
	h.OnCall(aircall.EventCallEnded, func(context.Context, *CallEvent) error { n.Add(1); return nil })
	if w := webhooktest.Post(h, fixture(t, "call_ended.json")); w.Code != http.StatusOK || n.Load() != 1 {
		t.Errorf("status %d, calls %d", w.Code, n.Load())
	}
}

// withTimestamp returns body with another envelope timestamp.
func withTimestamp(t testing.TB, body []byte, ts int64) []byte {
	t.Helper()
	ev := mustParseBody(t, body)
	return webhooktestBody(t, ev, ts)
}

func mustParseBody(t testing.TB, body []byte) *Event {
	t.Helper()
	ev, err := Parse(body, Tokens(testToken))
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

func webhooktestBody(t testing.TB, ev *Event, ts int64) []byte {
	t.Helper()
	b, err := webhooktest.Body(ev.Name, testToken, ev.Data, unix(ts).Time)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// A redelivery that arrives while the first delivery is still being handled
// is refused with 503, so that Aircall sends it again if the first one fails.
func TestDedupeRedeliveryWhileProcessing(t *testing.T) {
	t.Parallel()
	h := newTestHandler(t, WithDeduper(NewMemoryDeduper(100)))
	started, finish := make(chan struct{}), make(chan error)
	var n atomic.Int32
	h.OnCall(aircall.EventCallEnded, func(context.Context, *CallEvent) error {
		if n.Add(1) == 1 {
			close(started)
			return <-finish
		}
		return nil
	})
	body := fixture(t, "call_ended.json")
	first := make(chan int)
	go func() { first <- webhooktest.Post(h, body).Code }()
	<-started
	w := webhooktest.Post(h, body) // Aircall's redelivery after its 5 s timeout
	if w.Code != http.StatusServiceUnavailable || w.Header().Get("Retry-After") == "" {
		t.Errorf("redelivery during processing: status %d, Retry-After %q; want 503 with Retry-After", w.Code, w.Header().Get("Retry-After"))
	}
	finish <- errors.New("CRM timeout") // the first delivery fails after all
	if code := <-first; code != http.StatusInternalServerError {
		t.Errorf("first delivery: status %d, want 500", code)
	}
	if code := webhooktest.Post(h, body).Code; code != http.StatusOK {
		t.Errorf("retry after the failure: status %d, want 200", code)
	}
	if got := n.Load(); got != 2 {
		t.Errorf("handler called %d times, want 2 (the failure, then the retry)", got)
	}
}
