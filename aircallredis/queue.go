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
	// is dead-lettered. A shorter Visibility hands a dead worker's events
	// on sooner; one shorter than a handler's run lets a slow handler's
	// event be taken over and handled twice.
	Visibility time.Duration
	// TTL is how long the Queue remembers an event it stored, by its key
	// (webhook.Event.Key), as "queued" and then "done" (DefaultDedupeTTL):
	// a redelivery within TTL is not stored again, and a copy of an event
	// already handled is not handled again. Keep it above the time an event
	// may wait in the queue: a redelivery of an event still waiting after
	// TTL would be stored again.
	TTL time.Duration
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
// them (Run) with the handlers registered on a webhook.Handler. It
// de-duplicates on its own: a receiver with a Queue needs no Deduper.
//
// Keys, all under the hash tag {Name} so that the scripts that move an
// event between them run on Redis Cluster: Prefix:{Name}:events, the
// stream of events to handle, read through the consumer group "workers";
// Prefix:{Name}:event:<event key>, each event's record ("queued", then
// "done"), kept for TTL; Prefix:{Name}:retry and Prefix:{Name}:retrydata,
// a sorted set and a hash of events waiting for their next attempt;
// Prefix:{Name}:dead, the dead-letter stream.
//
// Guarantees, with Redis persisting every write (appendonly yes,
// appendfsync always): an event answered 200 is never lost, and it is
// handled once, except when a worker is killed between the end of its
// handler and the event's done-record. In detail: the receiver answers 200
// only after the script that stores the event returned; when Redis is
// unavailable it answers 503 and Aircall delivers the event again. Storing
// is one script per event key, which adds nothing when the event has a
// record, so a redelivery, a delivery to two replicas at once, or a
// script that the client sends again after a lost reply stores one entry.
// Before a handler runs, the worker checks the event's record and
// acknowledges, without handling, an entry whose event is done. After the
// handler succeeded, one script records the event as done and acknowledges
// it (XACK, XDEL); it is retried with backoff while Redis is down or
// loading, rather than left to Visibility. An event is removed from the
// stream only then, or when it moves, in one script, to the retry set or
// the dead-letter stream; the stream is never trimmed by length. Events
// held by a worker that died are taken over by another after Visibility
// (XAUTOCLAIM). A handler that outlives Visibility, or whose
// acknowledgement waits for Redis longer than Visibility, may run twice.
type Queue struct {
	c          redis.UniversalClient
	events     string
	retry      string
	retryData  string
	dead       string
	eventPre   string
	ttl        time.Duration
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
	if o.Workers < 0 || o.Visibility < 0 || o.Poll < 0 || o.MaxAttempts < 0 || o.TTL < 0 {
		return nil, errors.New("aircallredis: NewQueue: negative Workers, Visibility, Poll, MaxAttempts or TTL")
	}
	name := or(o.Name, DefaultQueueName)
	if strings.ContainsAny(name, "{}") {
		return nil, errors.New("aircallredis: NewQueue: Name must not contain braces")
	}
	base := or(o.Prefix, DefaultPrefix) + ":{" + name + "}:"
	q := &Queue{
		c: c, events: base + "events", retry: base + "retry", retryData: base + "retrydata", dead: base + "dead", eventPre: base + "event:",
		ttl:        orDur(o.TTL, DefaultDedupeTTL),
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
	Key      string          `json:"k,omitempty"` // the event's Key
	Attempts int             `json:"n"`
	Account  string          `json:"a,omitempty"`
	Event    json.RawMessage `json:"e"`
}

// Enqueue persists ev at the end of the stream, unless the Queue stored an
// event with the same key (ev.Key()) within TTL: one script adds the
// entry (XADD) and records the key as queued, or finds the record and
// adds nothing. So a redelivery of a stored event, to any replica, is not
// stored again, and neither is a script that the client sends again after
// its reply was lost. Redis errors that pass (a restart, LOADING) are
// retried with backoff for up to 250ms, while ctx lasts. Its error
// wraps webhook.ErrUnavailable when Redis did not answer: the event may
// then be stored or not, and its redelivery is stored only if it was not.
func (q *Queue) Enqueue(ctx context.Context, ev *webhook.Event) error {
	b, err := webhook.MarshalEvent(ev)
	if err != nil {
		return fmt.Errorf("aircallredis: enqueue: %w", err)
	}
	rec := record{Key: ev.Key(), Event: b}
	if q.encAccount != nil && ev.Account != nil {
		if rec.Account, err = q.encAccount(ev.Account); err != nil {
			return fmt.Errorf("aircallredis: enqueue: EncodeAccount: %w", err)
		}
	}
	r, err := json.Marshal(rec)
	if err != nil {
		return fmt.Errorf("aircallredis: enqueue: %w", err)
	}
	err = retry(ctx, briefly(ctx, enqueuePatience), func() error {
		return enqueueScript.Run(ctx, q.c, []string{q.events, q.eventKey(rec.Key)}, r, q.ttl.Milliseconds()).Err()
	})
	if err != nil {
		return fmt.Errorf("aircallredis: enqueue: %w: %w", webhook.ErrUnavailable, err)
	}
	return nil
}

// enqueuePatience bounds Enqueue's retries: the receiver answers 503 after
// it, well inside the 5 seconds that Aircall waits.
const enqueuePatience = 250 * time.Millisecond

// eventKey is the key of the record of the event whose Key is k.
func (q *Queue) eventKey(k string) string { return q.eventPre + k }

// entryKeys are the keys of the scripts that end an entry: the stream,
// and the record of its event when the entry has a key.
func (q *Queue) entryKeys(k string, more ...string) []string {
	keys := append([]string{q.events}, more...)
	if k != "" {
		keys = append(keys, q.eventKey(k))
	}
	return keys
}

// Scripts that end an entry. KEYS[1] is the stream; ARGV[1] the group,
// ARGV[2] the entry ID, ARGV[3] the consumer that must still hold it.
const ownerCheck = `
local p = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[2], ARGV[2], 1)
if #p == 0 or p[1][2] ~= ARGV[3] then return 0 end
`

var (
	// KEYS: stream, event record; ARGV: entry, TTL in ms. Adds the entry
	// and records the event as queued (1), unless it has a record (0).
	enqueueScript = redis.NewScript(`
if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
redis.call('XADD', KEYS[1], '*', 'r', ARGV[1])
redis.call('SET', KEYS[2], 'queued', 'PX', ARGV[2])
return 1
`)
	// KEYS: stream, then the event record if the entry has one. Ends an
	// entry whose event is done already (0), or says to handle it (1).
	beginScript = redis.NewScript(`
if #KEYS > 1 and redis.call('GET', KEYS[2]) == 'done' then
  redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
  redis.call('XDEL', KEYS[1], ARGV[2])
  return 0
end
return 1
`)
	// KEYS: stream, then the event record if the entry has one; ARGV[3]:
	// the record's TTL in ms. Records the event as done and ends the
	// entry, in one step.
	ackScript = redis.NewScript(`
if #KEYS > 1 then redis.call('SET', KEYS[2], 'done', 'PX', ARGV[3]) end
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
