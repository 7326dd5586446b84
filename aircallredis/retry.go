package aircallredis

import (
	"context"
	"errors"
	"math/rand/v2"
	"net"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// transientPrefixes start the Redis error replies that pass: a server
// loading its data after a restart, a busy script, a cluster or replica
// that is failing over.
var transientPrefixes = []string{"LOADING ", "BUSY ", "TRYAGAIN ", "CLUSTERDOWN ", "MASTERDOWN ", "READONLY ", "NOREPLICAS ", "ERR max number of clients"}

// transient reports whether err may pass if the command is sent again:
// Redis unreachable (connection refused or reset, timeouts, a full pool) or
// answering one of transientPrefixes. Other replies of Redis, a closed
// client and the caller's context errors are not; a network error is, even
// when it wraps a context error (go-redis's dial timeout does).
func transient(err error) bool {
	var opErr *net.OpError
	if errors.As(err, &opErr) {
		return true
	}
	if err == nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, redis.ErrClosed) {
		return false
	}
	var reply redis.Error
	if !errors.As(err, &reply) {
		return true
	}
	msg := reply.Error()
	for _, p := range transientPrefixes {
		if strings.HasPrefix(msg, p) {
			return true
		}
	}
	return false
}

// Backoff between tries of retry: from retryMin, doubling, up to retryMax,
// with jitter. retryMax is short so that an acknowledgement lands soon
// after Redis is back, before other workers may take its event over.
const (
	retryMin = 10 * time.Millisecond
	retryMax = 250 * time.Millisecond
)

// retry runs op until it succeeds or fails with an error that is not
// transient, waiting with backoff between tries, for as long as patient
// returns true; it returns op's last error. The waits end early when ctx
// is done (patient then decides whether to go on).
//
// Every op given to retry is safe to send twice: the scripts of this
// package check the state they change, so that a command whose reply was
// lost and that is sent again changes nothing more.
func retry(ctx context.Context, patient func() bool, op func() error) error {
	for n := 0; ; n++ {
		err := op()
		if !transient(err) || !patient() {
			return err
		}
		d := min(retryMin<<min(n, 10), retryMax)
		_ = sleepCtx(ctx, d/2+rand.N(d/2+1))
	}
}

// briefly is the patience of a caller that answers a request: while ctx
// lasts and for at most d from now.
func briefly(ctx context.Context, d time.Duration) func() bool {
	deadline := time.Now().Add(d)
	return func() bool { return ctx.Err() == nil && time.Now().Before(deadline) }
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
