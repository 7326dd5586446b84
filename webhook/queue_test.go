package webhook

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	aircall "github.com/seed1279ea27/aircall-go"

	"github.com/seed1279ea27/aircall-go/webhook/webhooktest"
)

// sliceQueue is a Queue that stores encoded events, or fails with err.
type sliceQueue struct {
	mu   sync.Mutex
	err  error
	got  [][]byte
	seen int
}

func (q *sliceQueue) Enqueue(_ context.Context, ev *Event) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.seen++
	if q.err != nil {
		return q.err
	}
	b, err := MarshalEvent(ev)
	if err != nil {
		return err
	}
	q.got = append(q.got, b)
	return nil
}

func TestQueueAcknowledgesOnlyPersisted(t *testing.T) {
	t.Parallel()
	q := &sliceQueue{}
	h := newTestHandler(t, WithQueue(q), WithDeduper(NewMemoryDeduper(10)))
	called := false
	h.OnCall(aircall.EventCallEnded, func(context.Context, *CallEvent) error { called = true; return nil })
	body := fixture(t, "call_ended.json")

	q.err = fmt.Errorf("redis: connection refused: %w", ErrUnavailable)
	w := webhooktest.Post(h, body)
	if w.Code != http.StatusServiceUnavailable || w.Header().Get("Retry-After") == "" {
		t.Fatalf("queue down: status %d, Retry-After %q; want 503 with Retry-After", w.Code, w.Header().Get("Retry-After"))
	}
	q.err = nil
	// The failed delivery did not record the key: Aircall's retry is queued.
	if w := webhooktest.Post(h, body); w.Code != http.StatusOK {
		t.Fatalf("queue up: status %d, want 200", w.Code)
	}
	// A redelivery of a persisted event is dropped, not queued twice.
	if w := webhooktest.Post(h, body); w.Code != http.StatusOK {
		t.Fatalf("redelivery: status %d, want 200", w.Code)
	}
	if called {
		t.Error("the handler ran in ServeHTTP; with WithQueue only the queue's workers run it")
	}
	if q.seen != 2 || len(q.got) != 1 {
		t.Fatalf("Enqueue called %d times, %d stored; want 2 calls (the failed one and the retry; the redelivery is dropped by the Deduper) and 1 stored", q.seen, len(q.got))
	}
}

func TestMarshalEventRoundTrip(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"call_ended.json", "contact_updated.json", "user_created.json", "unknown_event.json"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			want, err := Parse(fixture(t, name), Tokens(testToken))
			if err != nil {
				t.Fatal(err)
			}
			b, err := MarshalEvent(want)
			if err != nil {
				t.Fatal(err)
			}
			if got := string(b); strings.Contains(got, testToken) || strings.Contains(got, `"token"`) {
				t.Fatalf("MarshalEvent kept the token: %s", got)
			}
			got, err := UnmarshalEvent(b)
			if err != nil {
				t.Fatal(err)
			}
			if d := diff(want.Key(), got.Key()); d != "" {
				t.Errorf("Key (-want +got):\n%s", d)
			}
			if d := diff(want.Payload(), got.Payload()); d != "" {
				t.Errorf("payload (-want +got):\n%s", d)
			}
			if want.Resource != got.Resource || want.Name != got.Name || !want.Timestamp.Time.Equal(got.Timestamp.Time) {
				t.Errorf("envelope: got %s %s %v, want %s %s %v", got.Resource, got.Name, got.Timestamp, want.Resource, want.Name, want.Timestamp)
			}
		})
	}
}

func TestUnmarshalEventMalformed(t *testing.T) {
	t.Parallel()
	for _, b := range []string{``, `[1]`, `{"event":"call.ended","data":[1]}`} {
		if _, err := UnmarshalEvent([]byte(b)); !errors.Is(err, ErrMalformed) {
			t.Errorf("UnmarshalEvent(%q): err %v, want ErrMalformed", b, err)
		}
	}
}

// unavailableDeduper fails every Claim with ErrUnavailable.
type unavailableDeduper struct{}

func (unavailableDeduper) Claim(context.Context, string) (bool, error) {
	return false, fmt.Errorf("dial tcp 127.0.0.1:6379: connection refused: %w", ErrUnavailable)
}
func (unavailableDeduper) Release(context.Context, string, bool) error { return nil }

func TestDeduperUnavailableRefuses(t *testing.T) {
	t.Parallel()
	h := newTestHandler(t, WithDeduper(unavailableDeduper{}))
	called := false
	h.OnCall(aircall.EventCallEnded, func(context.Context, *CallEvent) error { called = true; return nil })
	w := webhooktest.Post(h, fixture(t, "call_ended.json"))
	if w.Code != http.StatusServiceUnavailable || w.Header().Get("Retry-After") == "" {
		t.Errorf("status %d, Retry-After %q; want 503 with Retry-After", w.Code, w.Header().Get("Retry-After"))
	}
	if called {
		t.Error("handler ran although the Deduper's store was unavailable")
	}
}

func TestQueueExcludesAsync(t *testing.T) {
	t.Parallel()
	if _, err := NewHandler(Tokens(testToken), WithQueue(&sliceQueue{}), WithAsync(1, 1)); err == nil {
		t.Error("NewHandler accepted WithQueue with WithAsync")
	}
	if _, err := NewHandler(Tokens(testToken), WithQueue(nil)); err == nil {
		t.Error("WithQueue(nil) accepted")
	}
}
