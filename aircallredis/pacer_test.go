package aircallredis

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	aircall "github.com/seed1279ea27/aircall-go"
	"github.com/seed1279ea27/aircall-go/aircallredis/internal/redistest"
)

func newPacerStore(t *testing.T, addr, company string) *PacerStore {
	t.Helper()
	s, err := NewPacerStore(newClient(t, addr), company, PacerStoreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// twoCompanies starts a Redis for t and returns it with two PacerStores of
// company acme (two processes) and one of company globex on it.
func twoCompanies(t *testing.T) (srv *redistest.Server, a, b, other *PacerStore) {
	t.Helper()
	srv = startRedis(t, false)
	return srv, newPacerStore(t, srv.Addr(), "acme"), newPacerStore(t, srv.Addr(), "acme"), newPacerStore(t, srv.Addr(), "globex")
}

// These tests make no request wait: they read the waits that Redis (whose
// clock cannot be faked) hands out. The waits themselves are the core's,
// tested on a virtual clock; TestPacerStoreFourProcessesShareOneBudget
// runs the whole on the real one.

func TestPacerStoreSpacesDeparturesAcrossStores(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, a, b, other := twoCompanies(t)
	const limit, window, iv = 4, 400 * time.Second, 100 * time.Second // long: the calls take no part of it
	reserve := func(s *PacerStore) (time.Duration, bool) {
		d, ok, err := s.Reserve(ctx, limit, window)
		if err != nil {
			t.Fatal(err)
		}
		return d.Round(time.Second), ok
	}
	type turn struct {
		Wait time.Duration
		OK   bool
	}
	var got []turn
	for _, s := range []*PacerStore{a, b, a, other} {
		d, ok := reserve(s)
		got = append(got, turn{d, ok})
	}
	want := []turn{
		{0, true},   // leaves now
		{iv, true},  // the other process's request: one interval later
		{iv, false}, // a third: declined, ask again when the first has left
		{0, true},   // another company: its own budget
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("turns (-want +got):\n%s", d)
	}
}

func TestPacerStoreSharesTheGateAndTheLimit(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv, a, b, other := twoCompanies(t)
	gate := func(s *PacerStore) (time.Duration, int) {
		hold, limit, err := s.Gate(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return hold.Round(time.Second), limit
	}
	if hold, limit := gate(b); hold != 0 || limit != 0 {
		t.Errorf("a new store: hold %v, limit %d; want none", hold, limit)
	}
	if err := a.Share(ctx, time.Minute, 60); err != nil {
		t.Fatal(err)
	}
	if err := a.Share(ctx, time.Second, 0); err != nil { // a shorter hold does not shorten it
		t.Fatal(err)
	}
	if hold, limit := gate(b); hold != time.Minute || limit != 60 {
		t.Errorf("after a 429 elsewhere: hold %v, limit %d; want 1m0s and 60", hold, limit)
	}
	if hold, limit := gate(other); hold != 0 || limit != 0 {
		t.Errorf("another company: hold %v, limit %d; want none", hold, limit)
	}
	if err := a.Share(ctx, 2*time.Minute, 0); err != nil { // a longer one extends it
		t.Fatal(err)
	}
	if hold, _ := gate(b); hold != 2*time.Minute {
		t.Errorf("after a longer hold: %v, want 2m0s", hold)
	}
	keys := clientOf(t, srv).Keys(ctx, "*").Val()
	slices.Sort(keys)
	if d := cmp.Diff([]string{"aircall:{acme}:gate", "aircall:{acme}:limit"}, keys); d != "" {
		t.Errorf("keys (-want +got):\n%s", d)
	}
}

// TestPacerStoreSharedAcrossClients runs two Clients, as in two
// processes, each with a Pacer on one company's PacerStore: 8 requests
// take 7 intervals at least, where two Pacers on their own would send them
// in 3.
func TestPacerStoreSharedAcrossClients(t *testing.T) {
	t.Parallel()
	srv := startRedis(t, false)
	var mu sync.Mutex
	var last time.Time
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		last = time.Now()
		mu.Unlock()
		w.Write([]byte(`{"ping":"pong"}`))
	}))
	t.Cleanup(api.Close)
	const limit, window = 20, time.Second // 50ms apart
	var clients []*aircall.Client
	for range 2 {
		c, err := aircall.NewClient(aircall.WithBasicAuth("id", "token"), aircall.WithBaseURL(api.URL),
			aircall.WithPacer(aircall.NewPacerWithStore(limit, window, newPacerStore(t, srv.Addr(), "acme"))))
		if err != nil {
			t.Fatal(err)
		}
		clients = append(clients, c)
	}
	start := time.Now()
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Go(func() {
			for range 2 {
				if _, err := clients[i%2].Ping(context.Background()); err != nil {
					t.Errorf("Ping: %v", err)
				}
			}
		})
	}
	wg.Wait()
	mu.Lock()
	defer mu.Unlock()
	// Redis hands out the turns 50ms apart on its own clock; a request may
	// leave late, never early.
	if d := last.Sub(start); d < 7*50*time.Millisecond {
		t.Errorf("8 requests on two Pacers sharing a store took %v, want 350ms at least", d)
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
