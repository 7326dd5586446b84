package aircallredis

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/seed1279ea27/aircall-go/webhook"
)

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
