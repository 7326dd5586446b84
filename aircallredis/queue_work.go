package aircallredis

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/seed1279ea27/aircall-go/webhook"
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
// for a retry, or dead-lettered. An entry whose event is recorded as done
// (a second copy, or an entry taken over after its acknowledgement was
// lost) is acknowledged without running d.
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
	if rec.Key != "" {
		fresh, err := q.begin(ctx, m.ID, rec.Key)
		if err != nil || !fresh {
			return // not started: err means the worker stops, or Redis refuses the script
		}
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
		q.end(ctx, "acknowledge a handled event", m.ID, func(c context.Context) error {
			return ackScript.Run(c, q.c, q.entryKeys(rec.Key), group, m.ID, q.ttl.Milliseconds()).Err()
		})
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

// begin reports whether the event of entry id, whose key is k, is to be
// handled; when it is done already, it acknowledges the entry. Redis
// errors that pass are retried with backoff while ctx lasts.
func (q *Queue) begin(ctx context.Context, id, k string) (bool, error) {
	var n int
	err := retry(ctx, func() bool { return ctx.Err() == nil }, func() error {
		var err error
		n, err = beginScript.Run(context.WithoutCancel(ctx), q.c, q.entryKeys(k), group, id).Int()
		return err
	})
	if err != nil {
		if ctx.Err() == nil {
			q.logger.Error("aircallredis: could not check whether an event was handled; it is left to another worker", "id", id, "err", err)
		}
		return false, err
	}
	return n == 1, nil
}

// finish runs a script that ends entry id held by consumer, after its
// handler failed.
func (q *Queue) finish(ctx context.Context, sc *redis.Script, consumer, id string, args []any) {
	keys := []string{q.events, q.retry, q.retryData}
	if sc == deadScript {
		keys = []string{q.events, q.dead}
	}
	q.end(ctx, "end a failed event", id, func(c context.Context) error {
		return sc.Run(c, q.c, keys, append([]any{group, id, consumer}, args...)...).Err()
	})
}

// end runs op, a script that ends entry id, until Redis takes it: errors
// that pass (Redis down or restarting) are retried with backoff while the
// worker runs, and for at least Visibility, rather than leaving the entry
// to be taken over after Visibility. Each script is safe to run twice.
func (q *Queue) end(ctx context.Context, what, id string, op func(context.Context) error) {
	start := time.Now()
	c := context.WithoutCancel(ctx)
	err := retry(c, func() bool { return ctx.Err() == nil || time.Since(start) < q.visibility }, func() error { return op(c) })
	if err != nil {
		q.logger.Error("aircallredis: could not "+what+"; another worker takes it over after the visibility timeout", "id", id, "err", err)
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
