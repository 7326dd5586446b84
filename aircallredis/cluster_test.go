package aircallredis

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	aircall "github.com/seed1279ea27/aircall-go"
	"github.com/seed1279ea27/aircall-go/aircallredis/internal/redistest"
	"github.com/seed1279ea27/aircall-go/webhook"
	"github.com/seed1279ea27/aircall-go/webhook/webhooktest"
)

// TestRedisCluster runs the Deduper, the PacerStore and the Queue through a
// ClusterClient on a one-node Redis Cluster, which refuses (CROSSSLOT) any
// script or command whose keys are not in one hash slot.
func TestRedisCluster(t *testing.T) {
	t.Parallel()
	srv := redistest.Start(t, false, "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf")
	ctx := context.Background()
	node := clientOf(t, srv)
	if err := node.Do(ctx, "CLUSTER", "ADDSLOTSRANGE", 0, 16383).Err(); err != nil {
		t.Fatal(err)
	}
	eventually(t, "cluster_state:ok", func() bool {
		return strings.Contains(node.ClusterInfo(ctx).Val(), "cluster_state:ok")
	})
	cc := redis.NewClusterClient(&redis.ClusterOptions{Addrs: []string{srv.Addr()}, DialTimeout: time.Second, ReadTimeout: time.Second})
	t.Cleanup(func() { _ = cc.Close() })
	// A sanity check that the cluster enforces slots.
	if err := cc.Do(ctx, "MSET", "a", "1", "b", "2").Err(); err == nil || !strings.Contains(err.Error(), "CROSSSLOT") {
		t.Fatalf("MSET across slots: %v, want CROSSSLOT", err)
	}

	store, err := NewPacerStore(cc, CompanyKey("api-id"), PacerStoreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := store.Reserve(ctx, 4, 400*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	if err := store.Share(ctx, time.Second, 4); err != nil {
		t.Fatal(err)
	}
	if _, _, err := store.Gate(ctx); err != nil {
		t.Fatal(err)
	}

	d, err := NewDeduper(cc, DeduperOptions{})
	if err != nil {
		t.Fatal(err)
	}
	q, err := NewQueue(cc, fastQueue(QueueOptions{MaxAttempts: 2}))
	if err != nil {
		t.Fatal(err)
	}
	h, err := webhook.NewHandler(webhook.Tokens(testToken), webhook.WithLogger(quietLogger()), webhook.WithDeduper(d), webhook.WithQueue(q))
	if err != nil {
		t.Fatal(err)
	}
	var got counter
	h.OnCall(aircall.EventCallEnded, func(_ context.Context, ev *webhook.CallEvent) error {
		got.add(ev.Call.ID)
		if ev.Call.ID == 2 && got.get(2) <= 2 {
			return errors.New("CRM down") // retried once, then dead-lettered
		}
		return nil
	})
	for _, id := range []int{1, 2, 1} {
		if w := webhooktest.Post(h, callBody(t, id)); w.Code != http.StatusOK {
			t.Fatalf("call %d: status %d", id, w.Code)
		}
	}
	runQueue(t, q, h)
	var dead []DeadLetter
	eventually(t, "call 2 dead-lettered", func() bool { dead, _ = q.DeadLetters(ctx, 10); return len(dead) == 1 })
	if dead[0].Attempts != 2 || dead[0].Error != "CRM down" {
		t.Fatalf("dead letter %+v, want 2 attempts failed with the handler's error", dead[0])
	}
	if n, err := q.Replay(ctx, dead[0].ID); n != 1 || err != nil {
		t.Fatalf("Replay = %d, %v", n, err)
	}
	eventually(t, "call 2 replayed", func() bool { return got.get(2) == 3 })
	if got.get(1) != 1 {
		t.Errorf("call 1 handled %d times, want 1", got.get(1))
	}
}
