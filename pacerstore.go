package aircall

import (
	"context"
	"time"
)

// PacerStore shares the pacing of one company between processes, so that
// every Pacer given the same store (NewPacerWithStore) keeps to the
// company's budget together with the others. It holds three things: the
// spacing of departures (a GCRA at limit requests per window, burst 1, such
// as github.com/go-redis/redis_rate), a time until which every request is
// held, and the limit the server announced. Package aircallredis has one on
// Redis.
//
// Durations, not times, cross the interface, so that processes need no
// common clock. When a method fails, the Pacer paces in process and logs
// it once, and asks the store again a second later.
type PacerStore interface {
	// Reserve takes the next departure for one request at limit requests
	// per window (limit is 1 at least), spaced evenly, and returns how
	// long the request waits for it (0: it leaves now). Departures
	// reserved one after the other are at least window/limit apart. When
	// departures are reserved far enough ahead already, Reserve may
	// decline (ok false): the request asks again after wait.
	Reserve(ctx context.Context, limit int, window time.Duration) (wait time.Duration, ok bool, err error)

	// Gate returns how long every request is still held (0: not held) and
	// the limit shared by Share (0: none).
	Gate(ctx context.Context) (hold time.Duration, limit int, err error)

	// Share holds every request for hold from now, unless they are held
	// longer already (0: no hold), and records limit as the company's
	// requests per window (0: no news).
	Share(ctx context.Context, hold time.Duration, limit int) error
}
