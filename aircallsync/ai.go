package aircallsync

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	aircall "github.com/seed1279ea27/aircall-go"
)

// AIKind is a kind of AI result, stored in the table call_<kind>.
type AIKind string

// The AI result kinds (conversation intelligence): one request per call
// and kind, from the same rate budget as the rest of the sync.
const (
	AISummary       AIKind = "summary"
	AITopics        AIKind = "topics"
	AISentiments    AIKind = "sentiments"
	AIActionItems   AIKind = "action_items"
	AITranscription AIKind = "transcription"
)

// AllAIKinds are every AI result kind.
var AllAIKinds = []AIKind{AISummary, AITopics, AISentiments, AIActionItems, AITranscription}

func (k AIKind) valid() bool {
	for _, v := range AllAIKinds {
		if k == v {
			return true
		}
	}
	return false
}

// ParseAIKinds reads a comma-separated list such as "summary,topics".
func ParseAIKinds(s string) ([]AIKind, error) {
	var out []AIKind
	for _, p := range strings.Split(s, ",") {
		k := AIKind(strings.TrimSpace(p))
		if !k.valid() {
			return nil, fmt.Errorf("aircallsync: unknown AI kind %q (want summary, topics, sentiments, action_items, transcription)", p)
		}
		out = append(out, k)
	}
	return out, nil
}

// aiRetryWindow is how long after a call's end a missing AI result is
// tried again on later syncs (Aircall makes them within minutes); aiTries
// is how many times at most.
const (
	aiRetryWindow = 7 * 24 * time.Hour
	aiTries       = 5
)

// errNoAddOn: the account has no AI and Transcription add-on.
var errNoAddOn = errors.New("aircallsync: the account has no AI add-on")

// syncAI fetches the results of kind k of the ended calls that have none.
func (s *Syncer) syncAI(ctx context.Context, k AIKind) (int, error) {
	n := 0
	var after aircall.ID
	for {
		ids, err := s.st.PendingAI(ctx, k, after, time.Now(), 200)
		if err != nil || len(ids) == 0 {
			return n, err
		}
		for _, id := range ids {
			after = id
			var raw json.RawMessage
			_, err := s.c.Do(ctx, "GET", "/v1/calls/"+id.String()+"/"+string(k), nil, nil, &raw)
			s.requests.Add(1)
			switch {
			case err == nil:
				if err := s.st.SaveAI(ctx, k, id, raw, time.Now()); err != nil {
					return n, err
				}
				n++
			case errors.Is(err, aircall.ErrUnauthorized):
				return n, errNoAddOn
			case errors.Is(err, aircall.ErrNotFound):
				if err := s.st.MissAI(ctx, k, id, time.Now()); err != nil {
					return n, err
				}
			default:
				return n, err
			}
		}
	}
}

func (s *sqlStore) PendingAI(ctx context.Context, k AIKind, after aircall.ID, now time.Time, limit int) ([]aircall.ID, error) {
	q := s.d.rebind(fmt.Sprintf(`SELECT c.id FROM calls c
WHERE c.id > ? AND c.ended_at IS NOT NULL AND c.deleted_at IS NULL AND (c.answered_at IS NOT NULL OR c.voicemail IS NOT NULL)
AND NOT EXISTS (SELECT 1 FROM %s r WHERE r.call_id = c.id)
AND NOT EXISTS (SELECT 1 FROM ai_pending p WHERE p.call_id = c.id AND p.kind = ? AND (p.attempts >= ? OR c.ended_at < ?))
ORDER BY c.id LIMIT ?`, aiTable(k)))
	rs, err := s.db.QueryContext(ctx, q, int64(after), string(k), aiTries, s.ts(now.Add(-aiRetryWindow)), limit)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	var ids []aircall.ID
	for rs.Next() {
		var id int64
		if err := rs.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, aircall.ID(id))
	}
	return ids, rs.Err()
}

func (s *sqlStore) SaveAI(ctx context.Context, k AIKind, id aircall.ID, raw []byte, now time.Time) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, s.d.rebind(fmt.Sprintf(`INSERT INTO %s (call_id, raw, synced_at) VALUES (?, ?, ?)
ON CONFLICT (call_id) DO UPDATE SET raw = excluded.raw, synced_at = excluded.synced_at`, aiTable(k))),
			int64(id), string(raw), s.ts(now)); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, s.d.rebind("DELETE FROM ai_pending WHERE call_id = ? AND kind = ?"), int64(id), string(k))
		return err
	})
}

func (s *sqlStore) MissAI(ctx context.Context, k AIKind, id aircall.ID, now time.Time) error {
	_, err := s.db.ExecContext(ctx, s.d.rebind(`INSERT INTO ai_pending (call_id, kind, attempts, last_attempt_at) VALUES (?, ?, 1, ?)
ON CONFLICT (call_id, kind) DO UPDATE SET attempts = ai_pending.attempts + 1, last_attempt_at = excluded.last_attempt_at`),
		int64(id), string(k), s.ts(now))
	return err
}
