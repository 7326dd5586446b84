package aircallredis

import (
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/redis/go-redis/v9"
	"github.com/seed1279ea27/aircall-go/aircallredis/internal/redistest"
)

// newClient returns a client of addr with short timeouts, closed when t
// ends.
func newClient(t testing.TB, addr string) *redis.Client {
	c := redis.NewClient(redistest.ClientOptions(addr))
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// quietLogger discards everything.
func quietLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// startRedis starts a redis-server for t (see redistest.Start).
func startRedis(t testing.TB, aof bool) *redistest.Server { return redistest.Start(t, aof) }

// clientOf returns a plain client of s for assertions.
func clientOf(t testing.TB, s *redistest.Server) *redis.Client { return newClient(t, s.Addr()) }

// redisClientFor is newClient for child processes, which have no test.
func redisClientFor(addr string) *redis.Client { return redis.NewClient(redistest.ClientOptions(addr)) }

func TestHarnessSaysHowToInstallRedis(t *testing.T) {
	t.Setenv("PATH", t.TempDir()) // no redis-server there
	err := redistest.FindRedis()
	if err == nil || !strings.Contains(err.Error(), "apt-get install -y redis-server") {
		t.Errorf("redistest.FindRedis() = %v, want an error saying `apt-get install -y redis-server`", err)
	}
}
