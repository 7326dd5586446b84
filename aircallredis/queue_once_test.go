package aircallredis

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	aircall "github.com/seed1279ea27/aircall-go"
	"github.com/seed1279ea27/aircall-go/aircalltest"

	"github.com/google/go-cmp/cmp"
	"github.com/redis/go-redis/v9"
	"github.com/seed1279ea27/aircall-go/aircallredis/internal/redistest"
	"github.com/seed1279ea27/aircall-go/webhook"
	"github.com/seed1279ea27/aircall-go/webhook/webhooktest"
)

// TestQueueStoresAnEventOnce: deliveries of one event to two replicas,
// at the same time or after it was handled, store it once.
func TestQueueStoresAnEventOnce(t *testing.T) {
	t.Parallel()
	srv := startRedis(t, false)
	ctx := context.Background()
	var replicas []*webhook.Handler
	var queues []*Queue
	for range 2 {
		q := newQueue(t, srv.Addr(), QueueOptions{})
		h, err := webhook.NewHandler(webhook.Tokens(testToken), webhook.WithLogger(quietLogger()), webhook.WithQueue(q))
		if err != nil {
			t.Fatal(err)
		}
		queues, replicas = append(queues, q), append(replicas, h)
	}
	c := clientOf(t, srv)
	body := callBody(t, 812)
	var wg sync.WaitGroup
	codes := make([]int, 8)
	for i := range codes {
		wg.Go(func() { codes[i] = webhooktest.Post(replicas[i%2], body).Code })
	}
	wg.Wait()
	if d := cmp.Diff([]int{200, 200, 200, 200, 200, 200, 200, 200}, codes); d != "" {
		t.Fatalf("answers to 8 deliveries at once (-want +got):\n%s", d)
	}
	if n := c.XLen(ctx, queues[0].events).Val(); n != 1 {
		t.Fatalf("8 deliveries at once stored %d entries, want 1", n)
	}
	var got counter
	h := replicas[0]
	h.OnCall(aircall.EventCallEnded, func(_ context.Context, ev *webhook.CallEvent) error { got.add(ev.Call.ID); return nil })
	runQueue(t, queues[0], h)
	eventually(t, "the event handled and acknowledged", func() bool { n, err := c.XLen(ctx, queues[0].events).Result(); return err == nil && n == 0 })
	if w := webhooktest.Post(replicas[1], body); w.Code != http.StatusOK {
		t.Fatalf("redelivery after handling: %d, want 200", w.Code)
	}
	if n := c.XLen(ctx, queues[0].events).Val(); n != 0 {
		t.Errorf("a redelivery of a handled event was stored again (%d entries)", n)
	}
	if rec := c.Get(ctx, queues[0].eventKey(mustParse(t, body).Key())).Val(); rec != "done" {
		t.Errorf("the event's record is %q, want done", rec)
	}
	time.Sleep(50 * time.Millisecond) // a second handling would show by now
	if n := got.get(812); n != 1 {
		t.Errorf("handled %d times, want 1", n)
	}
}

// TestQueueSkipsCopiesOfADoneEvent: a second entry of an event that was
// handled (stored by an older version, or added by hand) is acknowledged
// without running the handler. (One worker: the check is of the
// done-record, so two copies handled at the same time both run.)
func TestQueueSkipsCopiesOfADoneEvent(t *testing.T) {
	t.Parallel()
	srv := startRedis(t, false)
	ctx := context.Background()
	q := newQueue(t, srv.Addr(), QueueOptions{Workers: 1})
	if err := q.Enqueue(ctx, mustParse(t, callBody(t, 5))); err != nil {
		t.Fatal(err)
	}
	c := clientOf(t, srv)
	first := c.XRange(ctx, q.events, "-", "+").Val()
	if len(first) != 1 {
		t.Fatalf("stream holds %d entries, want 1", len(first))
	}
	for range 2 { // two more copies of the same entry
		c.XAdd(ctx, &redis.XAddArgs{Stream: q.events, Values: first[0].Values})
	}
	var got counter
	runQueue(t, q, dispatchFunc(func(_ context.Context, ev *webhook.Event) error { got.add(ev.ResourceID()); return nil }))
	eventually(t, "a drained stream", func() bool { n, err := c.XLen(ctx, q.events).Result(); return err == nil && n == 0 })
	if p := c.XPending(ctx, q.events, group).Val(); p.Count != 0 {
		t.Errorf("%d entries still pending", p.Count)
	}
	if n := got.get(5); n != 1 {
		t.Errorf("3 entries of one event handled %d times, want 1", n)
	}
}

// TestQueueAckRetriedThroughRedisRestart: Redis is killed right after a
// handler succeeded, and restarted from its append-only file with a slow
// load (LOADING for about a second). The acknowledgement is retried until
// Redis takes it, and the event is not handled again after Visibility.
func TestQueueAckRetriedThroughRedisRestart(t *testing.T) {
	t.Parallel()
	srv := redistest.Start(t, true, "--key-load-delay", "500", "--loading-process-events-interval-bytes", "1024") // µs per key; answer LOADING while loading
	ctx := context.Background()
	c := clientOf(t, srv)
	// 2,000 keys in the append-only file's base, so that loading lasts.
	if err := c.Eval(ctx, "for i = 1, 2000 do redis.call('SET', 'filler:' .. i, i) end return 1", nil).Err(); err != nil {
		t.Fatal(err)
	}
	if err := c.BgRewriteAOF(ctx).Err(); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the AOF rewrite", func() bool {
		info := c.Info(ctx, "persistence").Val()
		return bytes.Contains([]byte(info), []byte("aof_rewrite_in_progress:0")) && bytes.Contains([]byte(info), []byte("aof_rewrite_scheduled:0"))
	})
	const visibility = 4 * time.Second
	logs := &aircalltest.LogBuffer{}
	q := newQueue(t, srv.Addr(), QueueOptions{Visibility: visibility, Logger: slog.New(slog.NewTextHandler(logs, nil))})
	if err := q.Enqueue(ctx, mustParse(t, callBody(t, 9))); err != nil {
		t.Fatal(err)
	}
	var got counter
	killed := make(chan struct{})
	runQueue(t, q, dispatchFunc(func(_ context.Context, ev *webhook.Event) error {
		got.add(ev.ResourceID())
		if got.get(9) == 1 {
			srv.Kill() // the acknowledgement that follows fails
			close(killed)
		}
		return nil
	}))
	<-killed
	time.Sleep(100 * time.Millisecond)
	srv.RestartLoading()
	if info := c.Info(ctx, "persistence").Val(); !bytes.Contains([]byte(info), []byte("loading:1")) {
		t.Fatalf("Redis is not loading after the restart:\n%s", info)
	}
	eventually(t, "the event acknowledged", func() bool { n, err := c.XLen(ctx, q.events).Result(); return err == nil && n == 0 })
	if p := c.XPending(ctx, q.events, group).Val(); p.Count != 0 {
		t.Errorf("%d entries still pending", p.Count)
	}
	if n := got.get(9); n != 1 {
		t.Errorf("handled %d times, want 1; logs:\n%s", n, logs)
	}
}

// TestQueueEnqueueReplyLost: Redis stores an event and the reply is lost
// (the connection drops); the client sends the command again, as go-redis
// does by default (MaxRetries), and the event is still stored once.
func TestQueueEnqueueReplyLost(t *testing.T) {
	t.Parallel()
	srv := startRedis(t, false)
	ctx := context.Background()
	p := newReplyDropper(t, srv.Addr(), []byte("XADD"))
	q, err := NewQueue(newClient(t, p.addr), fastQueue(QueueOptions{}))
	if err != nil {
		t.Fatal(err)
	}
	if err := q.Enqueue(ctx, mustParse(t, callBody(t, 77))); err != nil {
		t.Fatalf("Enqueue: %v", err)
	}
	if !p.dropped.Load() {
		t.Fatal("no reply was dropped")
	}
	if n := clientOf(t, srv).XLen(ctx, q.events).Val(); n != 1 {
		t.Errorf("the stream holds %d entries after a lost reply, want 1", n)
	}
}

// replyDropper is a TCP proxy to Redis that forwards everything, except
// that it drops the connection instead of forwarding the reply to the
// first command containing a marker, in any case (after Redis ran it).
type replyDropper struct {
	addr    string
	marker  []byte
	armed   atomic.Bool // the marked command went through; drop its reply
	dropped atomic.Bool
}

func newReplyDropper(t *testing.T, target string, marker []byte) *replyDropper {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	p := &replyDropper{addr: l.Addr().String(), marker: marker}
	go func() {
		for {
			conn, err := l.Accept()
			if err != nil {
				return
			}
			go p.serve(conn, target)
		}
	}()
	return p
}

func (p *replyDropper) serve(conn net.Conn, target string) {
	defer conn.Close()
	up, err := net.Dial("tcp", target)
	if err != nil {
		return
	}
	defer up.Close()
	go func() { // replies
		buf := make([]byte, 64<<10)
		for {
			n, err := up.Read(buf)
			if n > 0 && p.armed.CompareAndSwap(true, false) {
				p.dropped.Store(true)
				conn.Close()
				up.Close()
				return
			}
			if n > 0 {
				if _, err := conn.Write(buf[:n]); err != nil {
					return
				}
			}
			if err != nil {
				return
			}
		}
	}()
	buf := make([]byte, 64<<10)
	for {
		n, err := conn.Read(buf)
		if n > 0 {
			if !p.dropped.Load() && bytes.Contains(bytes.ToUpper(buf[:n]), p.marker) {
				p.armed.Store(true)
			}
			if _, err := up.Write(buf[:n]); err != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// replyError is an error reply of Redis.
type replyError string

func (e replyError) Error() string { return string(e) }
func (replyError) RedisError()     {}

func TestTransient(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		err  error
		want bool
	}{
		{replyError("LOADING Redis is loading the dataset in memory"), true},
		{fmt.Errorf("aircallredis: %w", replyError("LOADING Redis is loading the dataset in memory")), true},
		{replyError("BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE."), true},
		{replyError("TRYAGAIN Multiple keys request during rehashing of slot"), true},
		{replyError("CLUSTERDOWN The cluster is down"), true},
		{replyError("READONLY You can't write against a read only replica."), true},
		{&net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connect: connection refused")}, true},
		{&net.OpError{Op: "dial", Net: "tcp", Err: fmt.Errorf("i/o timeout: %w", context.DeadlineExceeded)}, true}, // go-redis's dial timeout
		{&net.OpError{Op: "read", Net: "tcp", Err: os.ErrDeadlineExceeded}, true},
		{io.EOF, true},
		{replyError("WRONGTYPE Operation against a key holding the wrong kind of value"), false},
		{replyError("BUSYGROUP Consumer Group name already exists"), false},
		{replyError("ERR Error running script"), false},
		{redis.Nil, false},
		{redis.ErrClosed, false},
		{context.Canceled, false},
		{context.DeadlineExceeded, false},
		{nil, false},
	} {
		if got := transient(tc.err); got != tc.want {
			t.Errorf("transient(%v) = %v, want %v", tc.err, got, tc.want)
		}
	}
}

// TestRetryBacksOff: retry sends a transient failure again, with growing
// waits, until it passes; it stops at once on other errors and when its
// patience ends.
func TestRetryBacksOff(t *testing.T) {
	t.Parallel()
	loading := replyError("LOADING Redis is loading the dataset in memory")
	tries := 0
	err := retry(context.Background(), func() bool { return true }, func() error {
		if tries++; tries < 4 {
			return loading
		}
		return nil
	})
	if err != nil || tries != 4 {
		t.Errorf("retry through 3 LOADING errors: %v after %d tries, want nil after 4", err, tries)
	}
	tries = 0
	wrong := replyError("WRONGTYPE Operation against a key holding the wrong kind of value")
	if err := retry(context.Background(), func() bool { return true }, func() error { tries++; return wrong }); !errors.Is(err, wrong) || tries != 1 {
		t.Errorf("retry of WRONGTYPE: %v after %d tries, want it after 1", err, tries)
	}
	tries = 0
	if err := retry(context.Background(), func() bool { return tries < 2 }, func() error { tries++; return loading }); !errors.Is(err, loading) || tries != 2 {
		t.Errorf("retry with patience for 2 tries: %v after %d tries", err, tries)
	}
}
