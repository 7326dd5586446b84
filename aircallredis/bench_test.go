package aircallredis

import (
	"net/http"
	"testing"

	"github.com/seed1279ea27/aircall-go/webhook"
	"github.com/seed1279ea27/aircall-go/webhook/webhooktest"
)

// BenchmarkReceiverAcknowledge measures what a delivery costs a receiver
// with the Redis Deduper and Queue before it answers 200: the claim, the
// XADD and the release, on a local redis-server.
func BenchmarkReceiverAcknowledge(b *testing.B) {
	srv := startRedis(b, false)
	q, err := NewQueue(newClient(b, srv.Addr()), QueueOptions{})
	if err != nil {
		b.Fatal(err)
	}
	d, err := NewDeduper(newClient(b, srv.Addr()), DeduperOptions{})
	if err != nil {
		b.Fatal(err)
	}
	h, err := webhook.NewHandler(webhook.Tokens(testToken), webhook.WithLogger(quietLogger()), webhook.WithDeduper(d), webhook.WithQueue(q))
	if err != nil {
		b.Fatal(err)
	}
	bodies := make([][]byte, 1000)
	for i := range bodies {
		bodies[i] = callBody(b, i+1)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		// Each event once, then redeliveries: both paths are measured.
		if w := webhooktest.Post(h, bodies[i%len(bodies)]); w.Code != http.StatusOK {
			b.Fatalf("status %d", w.Code)
		}
		i++
	}
}
