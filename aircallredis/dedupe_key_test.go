package aircallredis

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"time"

	aircall "github.com/seed1279ea27/aircall-go"
	"github.com/seed1279ea27/aircall-go/webhook"
	"github.com/seed1279ea27/aircall-go/webhook/webhooktest"
)

// The Redis Deduper stores the Key the Handler passes: two distinct events
// about one call in one second (two tags added) both reach their handler,
// on either replica, and an exact redelivery is dropped on both.
func TestDeduperDistinctEventsInOneSecond(t *testing.T) {
	t.Parallel()
	srv := startRedis(t, false)
	var mu sync.Mutex
	calls := map[int]int{} // number of tags -> handler calls
	replicas := dedupeReplicas(t, srv.Addr(), 2, func(h *webhook.Handler) {
		h.OnCall(aircall.EventCallTagged, func(_ context.Context, ev *webhook.CallEvent) error {
			mu.Lock()
			defer mu.Unlock()
			calls[len(ev.Call.Tags)]++
			return nil
		})
	})
	tag := func(id int, name string) map[string]any {
		return map[string]any{"id": id, "name": name, "created_at": 1587995020}
	}
	body := func(tags ...any) []byte {
		b, err := webhooktest.Body(aircall.EventCallTagged, testToken, map[string]any{"id": 812, "status": "done", "tags": tags}, time.Unix(1585601319, 0))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	one, two := body(tag(678, "General Inquiries")), body(tag(678, "General Inquiries"), tag(679, "Upsell"))
	for i, body := range [][]byte{one, two, one, two} {
		if code := webhooktest.Post(replicas[i%2], body).Code; code != http.StatusOK {
			t.Fatalf("delivery %d: status %d", i+1, code)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if calls[1] != 1 || calls[2] != 1 {
		t.Errorf("handler calls by tag count %v, want one each: none lost, none doubled", calls)
	}
}

// dedupeReplicas returns n Handlers, each with its own Deduper on the Redis
// at addr (n replicas of a receiver), set up by register.
func dedupeReplicas(t *testing.T, addr string, n int, register func(*webhook.Handler)) []*webhook.Handler {
	t.Helper()
	replicas := make([]*webhook.Handler, n)
	for i := range replicas {
		h, err := webhook.NewHandler(webhook.Tokens(testToken), webhook.WithLogger(quietLogger()),
			webhook.WithDeduper(newDeduper(t, addr, DeduperOptions{})))
		if err != nil {
			t.Fatal(err)
		}
		register(h)
		replicas[i] = h
	}
	return replicas
}
