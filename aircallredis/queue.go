package aircallredis

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/seed1279ea27/aircall-go/webhook"
)

// Defaults of a Queue.
const (
	DefaultQueueName   = "webhook"
	DefaultWorkers     = 4
	DefaultVisibility  = time.Minute
	DefaultPoll        = time.Second
	DefaultMaxAttempts = 5
	// group is the consumer group of every worker.
	group = "workers"
)

// QueueOptions configures a Queue. The zero value takes the defaults.
type QueueOptions struct {
	// Prefix starts every key (DefaultPrefix).
	Prefix string
	// Name is the queue's name and hash tag (DefaultQueueName). Receivers
	// and workers of one queue use the same Prefix and Name.
	Name string
	// Consumer names this process in the consumer group; each worker
	// goroutine adds "/" and its number. The default is the host name, the
	// process ID and a random suffix.
	Consumer string
	// Workers is the number of goroutines handling events in Run
	// (DefaultWorkers).
	Workers int
	// Visibility is how long an event may stay with a worker before another
	// worker takes it over (DefaultVisibility): a worker that died holding
	// events loses them to the others after Visibility. A handler's context
	// ends after Visibility, so that a slow handler does not run twice. An
	// event taken over more than MaxAttempts times (its workers keep dying)
	// is dead-lettered.
	Visibility time.Duration
	// Poll bounds how long a worker waits for new events in one call, and
	// how often retries that are due go back to the stream (DefaultPoll).
	Poll time.Duration
	// MaxAttempts is how many times an event's handler runs before the
	// event is moved to the dead-letter stream (DefaultMaxAttempts).
	MaxAttempts int
	// Backoff is the wait before the retry that follows failed attempt n
	// (1, 2, ...). The default doubles from 1s up to 5 minutes, with jitter.
	Backoff func(attempt int) time.Duration
	// Logger receives handler failures and Redis outages (slog.Default()).
	Logger *slog.Logger
	// EncodeAccount and DecodeAccount carry Event.Account (set by the
	// Verifier of a multi-tenant receiver) to the worker as a string, such
	// as a tenant ID. Without them the worker's events have a nil Account.
	// Never encode the webhook token.
	EncodeAccount func(account any) (string, error)
	DecodeAccount func(ctx context.Context, id string) (any, error)
}

// Queue is a durable webhook queue on a Redis stream: receivers persist
// events with it (webhook.WithQueue), and workers in any process handle
// them (Run) with the handlers registered on a webhook.Handler.
//
// Keys, all under the hash tag {Name} so that the scripts that move an
// event between them run on Redis Cluster: Prefix:{Name}:events, the
// stream of events to handle, read through the consumer group "workers";
// Prefix:{Name}:retry and Prefix:{Name}:retrydata, a sorted set and a hash
// of events waiting for their next attempt; Prefix:{Name}:dead, the
// dead-letter stream.
//
// Guarantees: the receiver answers 200 only after XADD succeeded; when
// Redis is unavailable it answers 503 and Aircall delivers the event again.
// An event is removed from the stream only once it is acknowledged: after
// its handler succeeded (XACK and XDEL in one script), or when it moves, in
// the same script, to the retry set or the dead-letter stream; the stream
// is never trimmed by length. Events held by a worker that died are taken
// over by another after Visibility (XAUTOCLAIM). Handling is at least
// once: a worker that dies after its handler succeeded but before the
// acknowledgement leaves the event to be handled again, and a handler that
// outlives Visibility may run twice.
type Queue struct {
	c          redis.UniversalClient
	events     string
	retry      string
	retryData  string
	dead       string
	consumer   string
	workers    int
	visibility time.Duration
	poll       time.Duration
	maxTries   int
	backoff    func(int) time.Duration
	logger     *slog.Logger
	encAccount func(any) (string, error)
	decAccount func(context.Context, string) (any, error)

	failing atomic.Bool
}

var _ webhook.Queue = (*Queue)(nil)

// Dispatcher handles one event; *webhook.Handler is one.
type Dispatcher interface {
	Dispatch(ctx context.Context, ev *webhook.Event) error
}

// NewQueue returns the Queue of o.Name on c.
func NewQueue(c redis.UniversalClient, o QueueOptions) (*Queue, error) {
	if c == nil {
		return nil, errors.New("aircallredis: NewQueue: nil client")
	}
	if o.Workers < 0 || o.Visibility < 0 || o.Poll < 0 || o.MaxAttempts < 0 {
		return nil, errors.New("aircallredis: NewQueue: negative Workers, Visibility, Poll or MaxAttempts")
	}
	name := or(o.Name, DefaultQueueName)
	if strings.ContainsAny(name, "{}") {
		return nil, errors.New("aircallredis: NewQueue: Name must not contain braces")
	}
	base := or(o.Prefix, DefaultPrefix) + ":{" + name + "}:"
	q := &Queue{
		c: c, events: base + "events", retry: base + "retry", retryData: base + "retrydata", dead: base + "dead",
		consumer:   o.Consumer,
		workers:    o.Workers,
		visibility: orDur(o.Visibility, DefaultVisibility),
		poll:       orDur(o.Poll, DefaultPoll),
		maxTries:   o.MaxAttempts,
		backoff:    o.Backoff,
		logger:     o.Logger,
		encAccount: o.EncodeAccount,
		decAccount: o.DecodeAccount,
	}
	if q.consumer == "" {
		host, _ := os.Hostname()
		q.consumer = host + "-" + strconv.Itoa(os.Getpid()) + "-" + randomToken()[:6]
	}
	if q.workers == 0 {
		q.workers = DefaultWorkers
	}
	if q.maxTries == 0 {
		q.maxTries = DefaultMaxAttempts
	}
	if q.backoff == nil {
		q.backoff = defaultBackoff
	}
	if q.logger == nil {
		q.logger = slog.Default()
	}
	return q, nil
}

func defaultBackoff(n int) time.Duration {
	d := min(time.Second<<min(n-1, 20), 5*time.Minute)
	return d/2 + rand.N(d/2+1)
}

// record is a stream entry's "r" field.
type record struct {
	Attempts int             `json:"n"`
	Account  string          `json:"a,omitempty"`
	Event    json.RawMessage `json:"e"`
}

// Enqueue persists ev at the end of the stream (XADD). Its error wraps
// webhook.ErrUnavailable when Redis did not take it.
func (q *Queue) Enqueue(ctx context.Context, ev *webhook.Event) error {
	b, err := webhook.MarshalEvent(ev)
	if err != nil {
		return fmt.Errorf("aircallredis: enqueue: %w", err)
	}
	rec := record{Event: b}
	if q.encAccount != nil && ev.Account != nil {
		if rec.Account, err = q.encAccount(ev.Account); err != nil {
			return fmt.Errorf("aircallredis: enqueue: EncodeAccount: %w", err)
		}
	}
	r, err := json.Marshal(rec)
	if err != nil {
		return fmt.Errorf("aircallredis: enqueue: %w", err)
	}
	if err := q.c.XAdd(ctx, &redis.XAddArgs{Stream: q.events, Values: []any{"r", r}}).Err(); err != nil {
		return fmt.Errorf("aircallredis: enqueue: %w: %w", webhook.ErrUnavailable, err)
	}
	return nil
}

// Scripts that end an entry. KEYS[1] is the stream; ARGV[1] the group,
// ARGV[2] the entry ID, ARGV[3] the consumer that must still hold it.
const ownerCheck = `
local p = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[2], ARGV[2], 1)
if #p == 0 or p[1][2] ~= ARGV[3] then return 0 end
`

var (
	ackScript = redis.NewScript(`
redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
return redis.call('XDEL', KEYS[1], ARGV[2])
`)
	// KEYS[2] retry set, KEYS[3] retry data; ARGV[4] record, ARGV[5] delay ms.
	retryScript = redis.NewScript(ownerCheck + `
local t = redis.call('TIME')
local due = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) + tonumber(ARGV[5])
redis.call('HSET', KEYS[3], ARGV[2], ARGV[4])
redis.call('ZADD', KEYS[2], due, ARGV[2])
redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
redis.call('XDEL', KEYS[1], ARGV[2])
return 1
`)
	// KEYS[2] dead-letter stream; ARGV[4] record, ARGV[5] error.
	deadScript = redis.NewScript(ownerCheck + `
redis.call('XADD', KEYS[2], '*', 'r', ARGV[4], 'error', ARGV[5], 'from', ARGV[2])
redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
redis.call('XDEL', KEYS[1], ARGV[2])
return 1
`)
	// KEYS: stream, retry set, retry data; ARGV[1]: how many at most.
	promoteScript = redis.NewScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local due = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, tonumber(ARGV[1]))
for _, id in ipairs(due) do
  local r = redis.call('HGET', KEYS[3], id)
  if r then redis.call('XADD', KEYS[1], '*', 'r', r) end
  redis.call('HDEL', KEYS[3], id)
  redis.call('ZREM', KEYS[2], id)
end
return #due
`)
	// KEYS: stream, dead-letter stream; ARGV: dead entry ID, record.
	replayScript = redis.NewScript(`
if redis.call('XDEL', KEYS[2], ARGV[1]) == 1 then
  redis.call('XADD', KEYS[1], '*', 'r', ARGV[2])
  return 1
end
return 0
`)
)

// ensureGroup creates the stream and its consumer group if needed.
func (q *Queue) ensureGroup(ctx context.Context) error {
	err := q.c.XGroupCreateMkStream(ctx, q.events, group, "0").Err()
	if err != nil && !strings.HasPrefix(err.Error(), "BUSYGROUP") {
		return fmt.Errorf("aircallredis: create consumer group: %w", err)
	}
	return nil
}

// Run handles the queue's events with d (usually the *webhook.Handler whose
// handlers are registered) in Workers goroutines, until ctx is done; then
// it lets the running handlers finish and returns ctx's error. Events read
// but not started stay with this consumer and are taken over by another
// worker after Visibility. While Redis is unavailable, Run logs it once and
// tries again every Poll.
func (q *Queue) Run(ctx context.Context, d Dispatcher) error {
	if d == nil {
		return errors.New("aircallredis: Run: nil Dispatcher")
	}
	if err := q.ensureGroup(ctx); err != nil {
		q.outage(err) // the workers try again
	}
	var wg sync.WaitGroup
	for i := range q.workers {
		wg.Go(func() { q.work(ctx, d, q.consumer+"/"+strconv.Itoa(i)) })
	}
	wg.Go(func() { q.promote(ctx) })
	wg.Wait()
	return ctx.Err()
}

func (q *Queue) work(ctx context.Context, d Dispatcher, consumer string) {
	cursor := "0-0"
	var lastClaim time.Time
	for ctx.Err() == nil {
		// Look for events that a dead worker held, at most every Poll.
		var msgs []redis.XMessage
		var err error
		reclaimed := false
		if time.Since(lastClaim) >= q.poll {
			var next string
			msgs, next, err = q.c.XAutoClaim(ctx, &redis.XAutoClaimArgs{
				Stream: q.events, Group: group, Consumer: consumer, MinIdle: q.visibility, Start: cursor, Count: 1,
			}).Result()
			if err == nil {
				cursor, reclaimed = next, len(msgs) > 0
				if len(msgs) == 0 && cursor == "0-0" {
					lastClaim = time.Now() // scanned to the end
				}
			}
		}
		if err == nil && len(msgs) == 0 {
			msgs, err = q.read(ctx, consumer)
		}
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			if strings.HasPrefix(err.Error(), "NOGROUP") { // a new or emptied Redis
				err = q.ensureGroup(ctx)
			}
			if err != nil {
				q.outage(err)
				_ = sleepCtx(ctx, q.poll)
			}
			continue
		}
		q.recovered()
		for _, m := range msgs {
			if ctx.Err() != nil {
				return
			}
			if reclaimed && q.poisoned(ctx, consumer, m) {
				continue
			}
			q.handle(ctx, d, consumer, m)
		}
	}
}

// poisoned dead-letters a reclaimed entry that was delivered more than
// MaxAttempts times: each of its workers died (or outlived Visibility)
// while handling it, so it would take down the next one too.
func (q *Queue) poisoned(ctx context.Context, consumer string, m redis.XMessage) bool {
	p, err := q.c.XPendingExt(ctx, &redis.XPendingExtArgs{Stream: q.events, Group: group, Start: m.ID, End: m.ID, Count: 1}).Result()
	if err != nil || len(p) == 0 || p[0].RetryCount <= int64(q.maxTries) {
		return false
	}
	raw, _ := m.Values["r"].(string)
	q.logger.Error("aircallredis: event taken over from dead workers too often, moved to the dead-letter stream", "id", m.ID, "deliveries", p[0].RetryCount)
	q.finish(ctx, deadScript, consumer, m.ID, []any{raw, fmt.Sprintf("delivered %d times to workers that died or timed out while handling it", p[0].RetryCount)})
	return true
}

// read takes new events for consumer, waiting up to Poll.
func (q *Queue) read(ctx context.Context, consumer string) ([]redis.XMessage, error) {
	res, err := q.c.XReadGroup(ctx, &redis.XReadGroupArgs{
		Group: group, Consumer: consumer, Streams: []string{q.events, ">"}, Count: 1, Block: q.poll,
	}).Result()
	if errors.Is(err, redis.Nil) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []redis.XMessage
	for _, s := range res {
		out = append(out, s.Messages...)
	}
	return out, nil
}

// handle runs d for one entry and ends the entry: acknowledged, scheduled
// for a retry, or dead-lettered.
func (q *Queue) handle(ctx context.Context, d Dispatcher, consumer string, m redis.XMessage) {
	raw, _ := m.Values["r"].(string)
	var rec record
	var ev *webhook.Event
	err := json.Unmarshal([]byte(raw), &rec)
	if err == nil {
		ev, err = webhook.UnmarshalEvent(rec.Event)
	}
	if err != nil { // cannot be handled, ever
		q.finish(ctx, deadScript, consumer, m.ID, []any{raw, "undecodable entry: " + err.Error()})
		return
	}
	hctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), q.visibility)
	defer cancel()
	if rec.Account != "" && q.decAccount != nil {
		ev.Account, err = q.decAccount(hctx, rec.Account)
		if err != nil {
			err = fmt.Errorf("aircallredis: DecodeAccount: %w", err)
		}
	}
	if err == nil {
		err = d.Dispatch(webhook.ContextWithAccount(hctx, ev.Account), ev)
	}
	if err == nil {
		if e := ackScript.Run(context.WithoutCancel(ctx), q.c, []string{q.events}, group, m.ID).Err(); e != nil {
			q.logger.Error("aircallredis: acknowledgement failed; the event will be handled again", "event", string(ev.Name), "id", m.ID, "err", e)
		}
		return
	}
	rec.Attempts++
	next, _ := json.Marshal(rec)
	msg := err.Error()
	if len(msg) > 2000 {
		msg = msg[:2000]
	}
	if rec.Attempts >= q.maxTries {
		q.logger.Error("aircallredis: event handler failed, event moved to the dead-letter stream", "event", string(ev.Name), "resource_id", ev.ResourceID(), "attempts", rec.Attempts, "err", err)
		q.finish(ctx, deadScript, consumer, m.ID, []any{next, msg})
		return
	}
	wait := q.backoff(rec.Attempts)
	q.logger.Warn("aircallredis: event handler failed, will retry", "event", string(ev.Name), "resource_id", ev.ResourceID(), "attempts", rec.Attempts, "retry_in", wait, "err", err)
	q.finish(ctx, retryScript, consumer, m.ID, []any{next, wait.Milliseconds()})
}

// finish runs a script that ends entry id held by consumer.
func (q *Queue) finish(ctx context.Context, sc *redis.Script, consumer, id string, args []any) {
	keys := []string{q.events, q.retry, q.retryData}
	if sc == deadScript {
		keys = []string{q.events, q.dead}
	}
	if err := sc.Run(context.WithoutCancel(ctx), q.c, keys, append([]any{group, id, consumer}, args...)...).Err(); err != nil {
		q.logger.Error("aircallredis: could not end a failed event; it will be taken over after the visibility timeout", "id", id, "err", err)
	}
}

// promote moves due retries back to the stream every Poll, and forgets
// idle consumers every ten Visibility timeouts.
func (q *Queue) promote(ctx context.Context) {
	lastSweep := time.Now()
	for sleepCtx(ctx, q.poll) == nil {
		if time.Since(lastSweep) >= 10*q.visibility {
			q.sweepConsumers(ctx)
			lastSweep = time.Now()
		}
		for {
			n, err := promoteScript.Run(ctx, q.c, []string{q.events, q.retry, q.retryData}, 100).Int()
			if err != nil || n < 100 {
				break
			}
		}
	}
}

// sweepConsumers deletes the consumers that hold no event and were idle
// for ten Visibility timeouts: those of processes that stopped. (A live
// worker that is deleted is created again by its next read.)
func (q *Queue) sweepConsumers(ctx context.Context) {
	cs, err := q.c.XInfoConsumers(ctx, q.events, group).Result()
	if err != nil {
		return
	}
	for _, c := range cs {
		if c.Pending == 0 && c.Idle > 10*q.visibility {
			q.c.XGroupDelConsumer(ctx, q.events, group, c.Name)
		}
	}
}

func (q *Queue) outage(err error) {
	if q.failing.CompareAndSwap(false, true) {
		q.logger.Warn("aircallredis: queue workers cannot reach Redis, retrying", "err", err)
	}
}

func (q *Queue) recovered() {
	if q.failing.CompareAndSwap(true, false) {
		q.logger.Info("aircallredis: queue workers reach Redis again")
	}
}

// DeadLetter is an event that failed MaxAttempts times.
type DeadLetter struct {
	// ID is the entry's ID in the dead-letter stream, for Replay and
	// Discard.
	ID string
	// Event is the event; nil when the entry could not be decoded.
	Event *webhook.Event
	// Attempts is how many times its handler ran.
	Attempts int
	// Error is the last handler error.
	Error string
	// FailedAt is when it was dead-lettered.
	FailedAt time.Time
}

// DeadLetters returns up to count dead-lettered events, oldest first.
func (q *Queue) DeadLetters(ctx context.Context, count int64) ([]DeadLetter, error) {
	msgs, err := q.c.XRangeN(ctx, q.dead, "-", "+", count).Result()
	if err != nil {
		return nil, fmt.Errorf("aircallredis: dead letters: %w", err)
	}
	out := make([]DeadLetter, 0, len(msgs))
	for _, m := range msgs {
		dl := DeadLetter{ID: m.ID}
		dl.Error, _ = m.Values["error"].(string)
		if ms, err := strconv.ParseInt(strings.SplitN(m.ID, "-", 2)[0], 10, 64); err == nil {
			dl.FailedAt = time.UnixMilli(ms)
		}
		raw, _ := m.Values["r"].(string)
		var rec record
		if json.Unmarshal([]byte(raw), &rec) == nil {
			dl.Attempts = rec.Attempts
			dl.Event, _ = webhook.UnmarshalEvent(rec.Event)
		}
		out = append(out, dl)
	}
	return out, nil
}

// Replay puts the dead-lettered events ids back at the end of the stream,
// with their attempts reset, and returns how many it moved (an ID already
// replayed or discarded is skipped).
func (q *Queue) Replay(ctx context.Context, ids ...string) (int, error) {
	n := 0
	for _, id := range ids {
		msgs, err := q.c.XRangeN(ctx, q.dead, id, id, 1).Result()
		if err != nil {
			return n, fmt.Errorf("aircallredis: replay: %w", err)
		}
		if len(msgs) == 0 {
			continue
		}
		raw, _ := msgs[0].Values["r"].(string)
		var rec record
		if err := json.Unmarshal([]byte(raw), &rec); err != nil {
			return n, fmt.Errorf("aircallredis: replay %s: undecodable entry: %w", id, err)
		}
		rec.Attempts = 0
		r, _ := json.Marshal(rec)
		moved, err := replayScript.Run(ctx, q.c, []string{q.events, q.dead}, id, r).Int()
		if err != nil {
			return n, fmt.Errorf("aircallredis: replay: %w", err)
		}
		n += moved
	}
	return n, nil
}

// Discard deletes dead-lettered events and returns how many it deleted.
func (q *Queue) Discard(ctx context.Context, ids ...string) (int, error) {
	if len(ids) == 0 {
		return 0, nil
	}
	n, err := q.c.XDel(ctx, q.dead, ids...).Result()
	if err != nil {
		return 0, fmt.Errorf("aircallredis: discard: %w", err)
	}
	return int(n), nil
}

// sleepCtx waits for d or until ctx is done.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
