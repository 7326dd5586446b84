package aircallsync

import (
	"os"
	"testing"

	"github.com/seed1279ea27/aircall-go/aircallsync/pgtest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.Stop()
	os.Exit(code)
}

func postgresDSN(t testing.TB) string { return pgtest.DSN(t) }
