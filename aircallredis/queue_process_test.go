package aircallredis

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	aircall "github.com/seed1279ea27/aircall-go"

	"github.com/redis/go-redis/v9"
	"github.com/seed1279ea27/aircall-go/webhook"
	"github.com/seed1279ea27/aircall-go/webhook/webhooktest"
)

func init() { children["receiver"] = receiverChild }

// Test keys the receiver children write, outside the package's keys.
const (
	handledKey = "test:handled" // call IDs, one per successful handling
	blockedKey = "test:blocked" // call IDs whose handler blocks forever
)

// receiverChild is one replica of a multi-replica receiver: a
// webhook.Handler with the Redis Queue (which de-duplicates on its own),
// serving on a loopback port it prints ("addr ..."), and Queue workers in
// the same process. Its handler records each call ID in handledKey, or,
// with HANDLED_DIR, in a file of that directory (which outlives a SIGKILL
// of the process and of Redis); with BLOCK_AFTER=n, every event after the
// n-th blocks forever instead (recorded in blockedKey). With LEASE set,
// the Handler has a Redis Deduper too, with that Lease. It runs until
// SIGTERM.
func receiverChild() error {
	env := os.Getenv
	rc := redisClientFor(env("REDIS_ADDR"))
	defer rc.Close()
	ms := func(name string, def time.Duration) time.Duration {
		if d, err := time.ParseDuration(env(name)); err == nil {
			return d
		}
		return def
	}
	workers, _ := strconv.Atoi(env("WORKERS"))
	blockAfter, _ := strconv.Atoi(env("BLOCK_AFTER"))
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	q, err := NewQueue(rc, QueueOptions{Workers: workers, Visibility: ms("VISIBILITY", 2*time.Second),
		Poll: 20 * time.Millisecond, Backoff: func(int) time.Duration { return 20 * time.Millisecond }, MaxAttempts: 50, Logger: logger})
	if err != nil {
		return err
	}
	opts := []webhook.Option{webhook.WithQueue(q), webhook.WithLogger(slog.New(slog.DiscardHandler))}
	if env("LEASE") != "" {
		d, err := NewDeduper(rc, DeduperOptions{Lease: ms("LEASE", time.Second)})
		if err != nil {
			return err
		}
		opts = append(opts, webhook.WithDeduper(d))
	}
	h, err := webhook.NewHandler(webhook.Tokens(testToken), opts...)
	if err != nil {
		return err
	}
	record := func(ctx context.Context, id string) error { return rc.RPush(ctx, handledKey, id).Err() }
	if dir := env("HANDLED_DIR"); dir != "" {
		f, err := os.OpenFile(filepath.Join(dir, strconv.Itoa(os.Getpid())), os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
		if err != nil {
			return err
		}
		defer f.Close()
		record = func(_ context.Context, id string) error {
			_, err := f.WriteString(id + "\n") // one write: it survives a SIGKILL
			return err
		}
	}
	work := ms("HANDLER_WORK", 0) // the time a handler takes, such as a CRM call
	var handled atomic.Int64
	h.OnCall(aircall.EventCallEnded, func(ctx context.Context, ev *webhook.CallEvent) error {
		id := ev.Call.ID.String()
		if blockAfter > 0 && handled.Add(1) > int64(blockAfter) {
			rc.RPush(ctx, blockedKey, id)
			<-make(chan struct{}) // "crashes" here: the test kills the process
		}
		if work > 0 {
			time.Sleep(work)
		}
		return record(ctx, id)
	})
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(l) }()
	fmt.Println("addr " + l.Addr().String())
	ctx, cancel := childContext()
	defer cancel()
	_ = q.Run(ctx, h)
	return srv.Shutdown(context.Background())
}

// startReceivers starts n receiver children and returns their URLs.
func startReceivers(t *testing.T, n int, env ...string) ([]string, []*child) {
	var urls []string
	var procs []*child
	for range n {
		c := startChild(t, "receiver", env...)
		procs = append(procs, c)
		urls = append(urls, "http://"+c.line("addr ", 60*time.Second))
	}
	return urls, procs
}

// deliverer posts events as Aircall does: again until a 2xx, after a short
// pause (Aircall waits longer).
type deliverer struct {
	client   *http.Client
	mu       sync.Mutex
	urls     []string
	resend   int          // with n > 0, every event whose ID is a multiple of n is sent again after its 2xx
	refused  atomic.Int64 // non-2xx answers and transport errors
	accepted sync.Map     // call ID -> true once a delivery got 200
}

// url returns a random replica's URL.
func (d *deliverer) url() string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.urls[rand.IntN(len(d.urls))]
}

// setURL replaces the URL of replica i (restarted on another port).
func (d *deliverer) setURL(i int, url string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.urls[i] = url
}

func newDeliverer(urls []string) *deliverer {
	return &deliverer{urls: urls, client: &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 64}}}
}

// deliver posts the event of call id to a random replica until one
// answers 2xx (and again, with resend), giving up at ctx's end.
func (d *deliverer) deliver(ctx context.Context, t *testing.T, id int) {
	body := callBody(t, id)
	sends := 1
	if d.resend > 0 && id%d.resend == 0 {
		sends = 2
	}
	for ctx.Err() == nil && sends > 0 {
		resp, err := webhooktest.Deliver(ctx, d.client, d.url(), body)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				d.accepted.Store(id, true)
				sends--
				continue
			}
		}
		d.refused.Add(1)
		time.Sleep(5 * time.Millisecond)
	}
}

// acceptedCount is how many events got a 2xx.
func (d *deliverer) acceptedCount() int {
	n := 0
	d.accepted.Range(func(any, any) bool { n++; return true })
	return n
}

// run delivers each ID copies times, the IDs in random order, from 16
// goroutines.
func (d *deliverer) run(t *testing.T, ids []int, copies int) error {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			for id := range jobs {
				d.deliver(ctx, t, id)
			}
		})
	}
	// The copies of an event follow each other, so that they are often
	// delivered at the same time to two replicas (the second then waits
	// for the first with 503s).
	order := slices.Clone(ids)
	rand.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
	for _, id := range order {
		for range copies {
			jobs <- id
		}
	}
	close(jobs)
	wg.Wait()
	if ctx.Err() != nil {
		return fmt.Errorf("deliveries did not all succeed within 60s")
	}
	return nil
}

// handledCounts waits until the queue is drained and at least want events
// were handled, then returns how often each call ID was handled.
func handledCounts(t *testing.T, c *redis.Client, want int) map[int]int {
	t.Helper()
	ctx := context.Background()
	eventually := func(what string, cond func() bool) {
		deadline := time.Now().Add(60 * time.Second)
		for !cond() {
			if time.Now().After(deadline) {
				t.Fatalf("timed out waiting for %s", what)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	eventually(fmt.Sprintf("%d events handled", want), func() bool { return c.LLen(ctx, handledKey).Val() >= int64(want) })
	eventually("a drained queue", func() bool {
		return c.XLen(ctx, "aircall:{webhook}:events").Val() == 0 && c.ZCard(ctx, "aircall:{webhook}:retry").Val() == 0
	})
	time.Sleep(200 * time.Millisecond) // a late double would show by now
	ids, err := c.LRange(ctx, handledKey, 0, -1).Result()
	if err != nil {
		t.Fatal(err)
	}
	counts := map[int]int{}
	for _, s := range ids {
		id, _ := strconv.Atoi(s)
		counts[id]++
	}
	return counts
}

// lostAndDoubled compares counts with ids.
func lostAndDoubled(ids []int, counts map[int]int) (lost, doubled []int) {
	for _, id := range ids {
		switch n := counts[id]; {
		case n == 0:
			lost = append(lost, id)
		case n > 1:
			doubled = append(doubled, id)
		}
	}
	return lost, doubled
}

func seq(from, n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = from + i
	}
	return out
}

// TestThreeReceiversHandleEachEventOnce: 3 receiver processes, 1,000
// events each (3,000), every event delivered twice to random replicas.
func TestThreeReceiversHandleEachEventOnce(t *testing.T) {
	t.Parallel()
	srv := startRedis(t, false)
	urls, _ := startReceivers(t, 3, "REDIS_ADDR="+srv.Addr(), "WORKERS=4")
	ids := seq(1, 3000)
	d := newDeliverer(urls)
	start := time.Now()
	if err := d.run(t, ids, 2); err != nil {
		t.Fatal(err)
	}
	counts := handledCounts(t, clientOf(t, srv), len(ids))
	lost, doubled := lostAndDoubled(ids, counts)
	t.Logf("%d events x 2 deliveries to 3 replicas in %v: %d lost, %d handled twice, %d deliveries refused with 503 and retried",
		len(ids), time.Since(start).Round(time.Millisecond), len(lost), len(doubled), d.refused.Load())
	if len(lost) != 0 || len(doubled) != 0 {
		t.Errorf("lost %v, handled more than once %v", head(lost), head(doubled))
	}
}

// TestKilledWorkerEventsTakenOver: a worker process is killed (SIGKILL)
// while its 4 workers are each in a handler; another process takes their
// events over after the visibility timeout.
func TestKilledWorkerEventsTakenOver(t *testing.T) {
	t.Parallel()
	srv := startRedis(t, false)
	ctx := context.Background()
	q := newQueue(t, srv.Addr(), QueueOptions{})
	ids := seq(1, 200)
	for _, id := range ids {
		if err := q.Enqueue(ctx, mustParse(t, callBody(t, id))); err != nil {
			t.Fatal(err)
		}
	}
	const visibility = 500 * time.Millisecond
	env := []string{"REDIS_ADDR=" + srv.Addr(), "WORKERS=4", "VISIBILITY=" + visibility.String()}
	_, a := startReceivers(t, 1, append(env, "BLOCK_AFTER=60")...)
	c := clientOf(t, srv)
	deadline := time.Now().Add(60 * time.Second)
	for c.LLen(ctx, blockedKey).Val() < 4 {
		if time.Now().After(deadline) {
			t.Fatal("the worker process never blocked")
		}
		time.Sleep(10 * time.Millisecond)
	}
	blocked := c.LRange(ctx, blockedKey, 0, -1).Val()
	handledBefore := c.LLen(ctx, handledKey).Val()
	a[0].Kill()
	killed := time.Now()
	startReceivers(t, 1, env...)
	// Time until the last of the killed worker's events is handled.
	var reclaim time.Duration
	for reclaim == 0 {
		if time.Since(killed) > 60*time.Second {
			t.Fatal("the killed worker's events were never taken over")
		}
		got := map[string]bool{}
		for _, s := range c.LRange(ctx, handledKey, 0, -1).Val() {
			got[s] = true
		}
		all := true
		for _, b := range blocked {
			all = all && got[b]
		}
		if all {
			reclaim = time.Since(killed)
		}
		time.Sleep(5 * time.Millisecond)
	}
	counts := handledCounts(t, c, len(ids))
	lost, doubled := lostAndDoubled(ids, counts)
	t.Logf("killed a worker process holding %d events (%v) after %d were handled; all taken over %v after the kill (visibility %v); %d lost, %d handled twice",
		len(blocked), blocked, handledBefore, reclaim.Round(time.Millisecond), visibility, len(lost), len(doubled))
	if len(lost) != 0 || len(doubled) != 0 {
		t.Errorf("lost %v, handled more than once %v", head(lost), head(doubled))
	}
	if n := c.XPending(ctx, "aircall:{webhook}:events", group).Val().Count; n != 0 {
		t.Errorf("%d events still pending", n)
	}
}

// TestRedisStoppedMidRun: Redis is killed while 2 receiver processes are
// taking deliveries, then restarted from its append-only file. Deliveries
// during the outage are refused (503), never acknowledged and lost.
func TestRedisStoppedMidRun(t *testing.T) {
	t.Parallel()
	srv := startRedis(t, true)
	urls, _ := startReceivers(t, 2, "REDIS_ADDR="+srv.Addr(), "WORKERS=4", "VISIBILITY=1s")
	ids := seq(1, 600)
	d := newDeliverer(urls)
	done := make(chan error, 1)
	go func() { done <- d.run(t, ids, 1) }()
	accepted := d.acceptedCount
	for accepted() < 150 {
		time.Sleep(5 * time.Millisecond)
	}
	srv.Kill()
	refusedBefore := d.refused.Load()
	during := accepted()
	time.Sleep(500 * time.Millisecond)
	acceptedDown := accepted() - during
	refusedDown := d.refused.Load() - refusedBefore
	srv.Restart()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	counts := handledCounts(t, clientOf(t, srv), len(ids))
	lost, doubled := lostAndDoubled(ids, counts)
	t.Logf("Redis killed after %d of %d events were accepted, down 500ms: %d deliveries refused meanwhile, %d accepted; after the restart: %d lost, %d handled twice",
		during, len(ids), refusedDown, acceptedDown, len(lost), len(doubled))
	if len(lost) != 0 {
		t.Errorf("acknowledged and lost: %v", head(lost))
	}
	if refusedDown == 0 {
		t.Error("no delivery was refused while Redis was down")
	}
	if acceptedDown > 16 { // at most the deliveries in flight at the kill
		t.Errorf("%d deliveries acknowledged while Redis was down", acceptedDown)
	}
}

func head(s []int) []int { return s[:min(len(s), 10)] }
