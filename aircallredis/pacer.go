package aircallredis

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/go-redis/redis_rate/v10"
	"github.com/redis/go-redis/v9"
	aircall "github.com/seed1279ea27/aircall-go"
)

// PacerStore is an aircall.PacerStore on Redis: every Pacer that uses a
// PacerStore of the same company on the same Redis (in any process, on any
// machine) shares one rate budget: the spacing between requests, the hold
// a 429 or an exhausted budget puts on every request, and the limit
// learned from X-AircallApi-Limit.
//
// The spacing is github.com/go-redis/redis_rate (a GCRA kept by the
// go-redis team) on the key "rate:" + Prefix + ":{" + company + "}:pacer",
// which reserves at most one departure ahead; the hold is the key
// Prefix + ":{" + company + "}:gate", which lives as long as the hold; the
// learned limit is Prefix + ":{" + company + "}:limit", which expires an
// hour after the last answer that announced it. The company is the keys' hash tag, so
// they work on Redis Cluster too. Times are Redis's own and only durations
// reach the processes, so their clocks need not agree. It needs Redis 7.0
// or later (PEXPIRE GT).
//
// When Redis fails, the Pacer paces in process, logs it once and tries
// Redis again a second later (aircall.NewPacerWithStore): each process then
// keeps to the whole budget on its own, so N processes may together send up
// to N times the budget, and the server's 429s and headers hold each of
// them back, until Redis answers again.
type PacerStore struct {
	c    redis.UniversalClient
	gcra *redis_rate.Limiter
	base string // Prefix + ":{" + company + "}:"
}

var _ aircall.PacerStore = (*PacerStore)(nil)

// PacerStoreOptions configures a PacerStore. The zero value takes the
// defaults.
type PacerStoreOptions struct {
	// Prefix starts the keys (DefaultPrefix).
	Prefix string
}

// NewPacerStore returns the PacerStore of company, a name the caller
// chooses for one Aircall company (the same in every process), such as
// CompanyKey(apiID). It is part of a Redis key: it must not be a
// credential, and must not contain braces.
func NewPacerStore(c redis.UniversalClient, company string, o PacerStoreOptions) (*PacerStore, error) {
	if c == nil {
		return nil, errors.New("aircallredis: NewPacerStore: nil client")
	}
	if company == "" || len(company) > 200 || strings.ContainsAny(company, "{}") {
		return nil, errors.New("aircallredis: NewPacerStore: company must be 1 to 200 bytes without braces")
	}
	return &PacerStore{c: c, gcra: redis_rate.NewLimiter(c), base: or(o.Prefix, DefaultPrefix) + ":{" + company + "}:"}, nil
}

// CompanyKey derives a company name for NewPacerStore from an api_id (or
// an OAuth app's company ID): a hash, so that the key never holds a
// credential or an identifier in clear.
func CompanyKey(apiID string) string {
	sum := sha256.Sum256([]byte("aircall-go company " + apiID))
	return "c" + hex.EncodeToString(sum[:12])
}

// limitTTL is how long a learned limit is kept after the last answer that
// announced it.
const limitTTL = time.Hour

// Reserve implements aircall.PacerStore. The GCRA allows a burst of 2: the
// departure being waited for and the one reserved now, which leaves one
// emission interval after it; a third is declined until the first left.
func (s *PacerStore) Reserve(ctx context.Context, limit int, window time.Duration) (time.Duration, bool, error) {
	if limit < 1 || window <= 0 {
		return 0, true, nil
	}
	res, err := s.gcra.Allow(ctx, s.base+"pacer", redis_rate.Limit{Rate: limit, Burst: 2, Period: window})
	if err != nil {
		return 0, false, fmt.Errorf("aircallredis: pacer reserve: %w", err)
	}
	if res.Allowed == 0 {
		return max(res.RetryAfter, 0), false, nil
	}
	// ResetAfter runs to the departure after this one.
	return max(res.ResetAfter-window/time.Duration(limit), 0), true, nil
}

// Gate implements aircall.PacerStore.
func (s *PacerStore) Gate(ctx context.Context) (time.Duration, int, error) {
	pipe := s.c.Pipeline()
	hold := pipe.PTTL(ctx, s.base+"gate")
	limit := pipe.Get(ctx, s.base+"limit")
	if _, err := pipe.Exec(ctx); err != nil && !errors.Is(err, redis.Nil) {
		return 0, 0, fmt.Errorf("aircallredis: pacer gate: %w", err)
	}
	n, _ := limit.Int()
	return max(hold.Val(), 0), n, nil
}

// Share implements aircall.PacerStore.
func (s *PacerStore) Share(ctx context.Context, hold time.Duration, limit int) error {
	if hold <= 0 && limit <= 0 {
		return nil
	}
	pipe := s.c.TxPipeline()
	if hold > 0 {
		hold = max(hold, time.Millisecond)
		pipe.SetNX(ctx, s.base+"gate", 1, hold)
		pipe.Do(ctx, "PEXPIRE", s.base+"gate", hold.Milliseconds(), "GT")
	}
	if limit > 0 {
		pipe.Set(ctx, s.base+"limit", limit, limitTTL)
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return fmt.Errorf("aircallredis: pacer share: %w", err)
	}
	return nil
}
