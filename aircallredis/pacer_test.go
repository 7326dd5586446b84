package aircallredis

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	aircall "github.com/seed1279ea27/aircall-go"
	"github.com/seed1279ea27/aircall-go/pacerstoretest"
)

func newPacerStore(t *testing.T, addr, company string) *PacerStore {
	t.Helper()
	s, err := NewPacerStore(newClient(t, addr), company, PacerStoreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestPacerStoreMatchesMemoryStore runs the same random sequence of steps
// on the core's MemoryPacerStore, the reference of the documented state
// machine, and on two Redis PacerStores of one company (two processes),
// and wants the same answers at every step.
func TestPacerStoreMatchesMemoryStore(t *testing.T) {
	t.Parallel()
	srv := startRedis(t, false)
	ctx := context.Background()
	for seed := range uint64(8) {
		rng := rand.New(rand.NewPCG(seed, 7))
		company := "diff-" + string(rune('a'+seed))
		shared := []*PacerStore{newPacerStore(t, srv.Addr(), company), newPacerStore(t, srv.Addr(), company)}
		mem := aircall.NewMemoryPacerStore()
		// Whole microseconds: the Redis store keeps times in µs.
		p := aircall.PacerPolicy{Limit: []int{0, 4, 10}[seed%3], Window: 100 * time.Millisecond, Margin: time.Millisecond}
		now := time.Unix(1_764_600_000, 0)
		var out []aircall.PacerSlot // slots taken, not yet ended
		for step := range 1500 {
			now = now.Add(time.Duration(rng.IntN(2000)) * time.Microsecond)
			rs := shared[rng.IntN(2)]
			switch op := rng.IntN(10); {
			case op < 4 || len(out) == 0:
				want, err1 := mem.Take(ctx, now, p)
				got, err2 := rs.Take(ctx, now, p)
				if err1 != nil || err2 != nil {
					t.Fatal(err1, err2)
				}
				if d := cmp.Diff(want, got, timeEqual); d != "" {
					t.Fatalf("seed %d step %d Take (-memory +redis):\n%s", seed, step, d)
				}
				out = append(out, want)
			case op < 6:
				i := rng.IntN(len(out))
				want, _ := mem.Depart(ctx, now, p, out[i])
				got, err := rs.Depart(ctx, now, p, out[i])
				if err != nil || got != want {
					t.Fatalf("seed %d step %d Depart = %v, %v; memory says %v", seed, step, got, err, want)
				}
				if !want {
					out = append(out[:i], out[i+1:]...)
				}
			case op < 7:
				i := rng.IntN(len(out))
				_ = mem.Release(ctx, now, p, out[i])
				if err := rs.Release(ctx, now, p, out[i]); err != nil {
					t.Fatal(err)
				}
				out = append(out[:i], out[i+1:]...)
			default:
				a := randomAnswer(rng, now)
				want, _ := mem.Observe(ctx, now, p, a)
				got, err := rs.Observe(ctx, now, p, a)
				if err != nil || got != want {
					t.Fatalf("seed %d step %d Observe(%+v) = %v, %v; memory says %v", seed, step, a, got, err, want)
				}
				out = out[1:]
			}
		}
	}
}

// TestPacerStoreContract runs the core's contract suite on Redis
// PacerStores, one company per case.
func TestPacerStoreContract(t *testing.T) {
	t.Parallel()
	srv := startRedis(t, false)
	var n atomic.Int32
	pacerstoretest.Run(t, func(t *testing.T) aircall.PacerStore {
		return newPacerStore(t, srv.Addr(), fmt.Sprintf("contract-%d", n.Add(1)))
	})
}

var timeEqual = cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) })

// randomAnswer is an answer as aircalltest or Aircall sends them: 200s
// with headers, 429s with or without Reset, answers without headers, and
// network errors (status 0).
func randomAnswer(rng *rand.Rand, now time.Time) aircall.PacerAnswer {
	a := aircall.PacerAnswer{Status: 200, Remaining: -1}
	switch rng.IntN(6) {
	case 0:
		a.Status = 0
		return a
	case 1:
		a.Status = 429
	case 2:
		return a // no headers
	}
	if rng.IntN(4) > 0 {
		a.Limit = []int{4, 5, 10, 20}[rng.IntN(4)]
		a.Remaining = rng.IntN(8)
		a.Reset = now.Truncate(50 * time.Millisecond).Add(time.Duration(rng.IntN(3)) * 50 * time.Millisecond)
	}
	if a.Status == 429 && rng.IntN(2) == 0 {
		a.RetryAfter = time.Second
	}
	return a
}

func TestPacerStoreSharedAcrossClients(t *testing.T) {
	t.Parallel()
	srv := startRedis(t, false)
	ctx := context.Background()
	a, b := newPacerStore(t, srv.Addr(), "acme"), newPacerStore(t, srv.Addr(), "acme")
	other := newPacerStore(t, srv.Addr(), "globex")
	p := aircall.PacerPolicy{Limit: 4, Window: 400 * time.Millisecond, Margin: 4 * time.Millisecond}
	t0 := time.Unix(1_764_600_000, 0)
	s1, _ := a.Take(ctx, t0, p)
	s2, _ := b.Take(ctx, t0, p)
	s3, _ := other.Take(ctx, t0, p)
	if s1.Wait != 0 || s2.Wait != 100*time.Millisecond || s3.Wait != 0 {
		t.Fatalf("waits %v %v (same company) and %v (another); want 0, 100ms and 0", s1.Wait, s2.Wait, s3.Wait)
	}
	// A 429 seen by a holds b's next request until Reset + Margin.
	reset := t0.Add(time.Second)
	if _, err := a.Observe(ctx, t0, p, aircall.PacerAnswer{Status: 429, Limit: 4, Remaining: 0, Reset: reset}); err != nil {
		t.Fatal(err)
	}
	s4, _ := b.Take(ctx, t0.Add(time.Millisecond), p)
	if want := reset.Add(p.Margin); !s4.At.Equal(want) {
		t.Errorf("after a 429 elsewhere, next departure %v, want Reset+Margin %v", s4.At, want)
	}
	keys := clientOf(t, srv).Keys(ctx, "*").Val()
	slices.Sort(keys)
	if d := cmp.Diff([]string{"aircall:{acme}:pacer", "aircall:{globex}:pacer"}, keys); d != "" {
		t.Errorf("keys (-want +got):\n%s", d)
	}
}

func TestCompanyKeyHidesTheCredential(t *testing.T) {
	t.Parallel()
	const apiID = "a1b2c3d4e5f6"
	k := CompanyKey(apiID)
	if strings.Contains(k, apiID) || k == CompanyKey("other") || k != CompanyKey(apiID) {
		t.Errorf("CompanyKey(%q) = %q: want a stable hash that does not contain it", apiID, k)
	}
	for _, bad := range []string{"", "a{b", "x}", strings.Repeat("x", 201)} {
		if _, err := NewPacerStore(newClient(t, "127.0.0.1:1"), bad, PacerStoreOptions{}); err == nil {
			t.Errorf("NewPacerStore accepted company %q", bad)
		}
	}
}
