package aircallredis

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/seed1279ea27/aircall-go/webhook"
)

// DefaultPrefix starts every key this package writes.
const DefaultPrefix = "aircall"

// Default durations of a Deduper.
const (
	// DefaultDedupeTTL is how long a processed event is remembered.
	DefaultDedupeTTL = 24 * time.Hour
	// DefaultDedupeLease is how long a claim lasts when its process dies
	// before releasing it.
	DefaultDedupeLease = time.Minute
)

// DeduperOptions configures a Deduper. The zero value takes the defaults.
type DeduperOptions struct {
	// Prefix starts every key (DefaultPrefix).
	Prefix string
	// TTL is how long a processed event is remembered (DefaultDedupeTTL).
	TTL time.Duration
	// Lease bounds a claim (DefaultDedupeLease): if the process holding it
	// dies, redeliveries are answered 503 until the lease ends, and then
	// processed. A shorter Lease lets them through sooner; one shorter
	// than a handler's run lets a redelivery run beside it, twice. Keep it
	// above the longest handler run.
	Lease time.Duration
}

// Deduper is a webhook.Deduper on Redis, shared by every receiver that uses
// the same Redis and Prefix, with the semantics of webhook.MemoryDeduper:
// Claim of a key being processed (by any process) returns
// webhook.ErrInProgress, so the Handler answers 503 with Retry-After; a key
// released as processed is remembered for TTL; a key released as not
// processed is forgotten, so that Aircall's retry is processed.
//
// Each event uses one key, Prefix + ":dedupe:" + the event's Key (such as
// "aircall:dedupe:call.ended/812/1585002050/<hash>"), holding "done" or the
// claim's random token; every change is one atomic script on that key.
//
// When Redis cannot be reached, Claim returns an error wrapping
// webhook.ErrUnavailable, and the Handler answers 503: Aircall delivers the
// event again later. Nothing is processed without de-duplication.
//
// A Deduper is for receivers that run their handlers in ServeHTTP. A
// receiver with a Queue needs none: the Queue de-duplicates in the same
// script that stores the event, while a Deduper's claim, left behind by a
// replica that died or lost Redis between Claim and Release, holds the
// event's redeliveries off (503) until Lease ends.
type Deduper struct {
	c     redis.UniversalClient
	pre   string
	ttl   time.Duration
	lease time.Duration

	mu     sync.Mutex
	claims map[string]string // key -> token of the claims this process holds
}

var _ webhook.Deduper = (*Deduper)(nil)

// NewDeduper returns a Deduper storing its keys through c.
func NewDeduper(c redis.UniversalClient, o DeduperOptions) (*Deduper, error) {
	if c == nil {
		return nil, fmt.Errorf("aircallredis: NewDeduper: nil client")
	}
	if o.TTL < 0 || o.Lease < 0 {
		return nil, fmt.Errorf("aircallredis: NewDeduper: negative TTL or Lease")
	}
	d := &Deduper{c: c, pre: or(o.Prefix, DefaultPrefix), ttl: orDur(o.TTL, DefaultDedupeTTL), lease: orDur(o.Lease, DefaultDedupeLease), claims: make(map[string]string)}
	return d, nil
}

// claimScript sets KEYS[1] to the token ARGV[1] for ARGV[2] ms when it is
// absent (1), and otherwise says whether it is done (0) or claimed (-1).
// Run again after its reply was lost, it finds its own token (1).
var claimScript = redis.NewScript(`
local v = redis.call('GET', KEYS[1])
if not v then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
if v == ARGV[1] then return 1 end
if v == 'done' then return 0 end
return -1
`)

// forgetScript deletes KEYS[1] if it still holds the claim token ARGV[1].
var forgetScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`)

func (d *Deduper) key(k string) string { return d.pre + ":dedupe:" + k }

// Claim reports whether the event with key should be processed: false when
// some process processed it within TTL, false with webhook.ErrInProgress
// when some process holds a claim on it.
func (d *Deduper) Claim(ctx context.Context, key string) (bool, error) {
	tok := "p:" + randomToken()
	n, err := claimScript.Run(ctx, d.c, []string{d.key(key)}, tok, d.lease.Milliseconds()).Int64()
	if err != nil {
		return false, fmt.Errorf("aircallredis: dedupe claim: %w: %w", webhook.ErrUnavailable, err)
	}
	switch n {
	case 1:
		d.mu.Lock()
		d.claims[key] = tok
		d.mu.Unlock()
		return true, nil
	case 0:
		return false, nil
	default:
		return false, webhook.ErrInProgress
	}
}

// Release ends this process's claim on key: processed=true records it as
// done for TTL; false deletes the claim unless another process has taken
// the key since (its lease ran out). Redis errors that pass (a restart,
// LOADING) are retried with backoff for up to a second, while ctx lasts:
// a claim left behind holds redeliveries off until Lease ends, and then
// lets them be handled again.
func (d *Deduper) Release(ctx context.Context, key string, processed bool) error {
	d.mu.Lock()
	tok, ok := d.claims[key]
	delete(d.claims, key)
	d.mu.Unlock()
	err := retry(ctx, briefly(ctx, releasePatience), func() error {
		switch {
		case processed:
			return d.c.Set(ctx, d.key(key), "done", d.ttl).Err()
		case ok:
			return forgetScript.Run(ctx, d.c, []string{d.key(key)}, tok).Err()
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("aircallredis: dedupe release: %w", err)
	}
	return nil
}

// releasePatience bounds Release's retries.
const releasePatience = time.Second

func randomToken() string {
	var b [12]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	return hex.EncodeToString(b[:])
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func orDur(d, def time.Duration) time.Duration {
	if d == 0 {
		return def
	}
	return d
}
