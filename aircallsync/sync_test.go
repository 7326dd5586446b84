package aircallsync

import (
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	aircall "github.com/seed1279ea27/aircall-go"
	"github.com/seed1279ea27/aircall-go/aircalltest"
)

// fake starts an aircalltest Server with demo data and a budget that never
// makes a test wait.
func fake(t *testing.T, opts ...aircalltest.Option) *aircalltest.Server {
	t.Helper()
	base := []aircalltest.Option{aircalltest.WithDemoData(), aircalltest.WithRateLimit(1_000_000, time.Second)}
	srv, err := aircalltest.New(append(base, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	return srv
}

// client is a Client of srv for t.
func client(t testing.TB, srv *aircalltest.Server) *aircall.Client {
	t.Helper()
	c, err := srv.Client()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// stores opens an empty store of each dialect for t: SQLite always,
// Postgres on a server of the test's own (see pgtest_test.go).
func stores(t *testing.T) map[string]Store {
	t.Helper()
	out := map[string]Store{"sqlite": openStore(t, "sqlite:"+filepath.Join(t.TempDir(), "a.db"))}
	out["postgres"] = openStore(t, postgresDSN(t))
	return out
}

// eachStore runs test on an empty store of each dialect, in parallel.
func eachStore(t *testing.T, test func(t *testing.T, st Store)) {
	t.Helper()
	for name, st := range stores(t) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			test(t, st)
		})
	}
}

func openStore(t *testing.T, dsn string) Store {
	t.Helper()
	st, err := OpenStore(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func newSyncer(t *testing.T, srv *aircalltest.Server, st Store, o Options) *Syncer {
	t.Helper()
	s, err := New(client(t, srv), st, o)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// count runs a COUNT(*) query.
func count(t *testing.T, st Store, q string, args ...any) int {
	t.Helper()
	var n int
	if err := st.DB().QueryRow(sqlOf(st).d.rebind(q), args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// sqlOf is the SQL of st.
func sqlOf(st Store) *sqlStore {
	switch v := st.(type) {
	case *sqliteStore:
		return v.sqlStore
	case *postgresStore:
		return v.sqlStore
	}
	return nil
}

// countsOf returns the summary's counts by resource.
func countsOf(sum *Summary) map[Resource]Counts {
	out := map[Resource]Counts{}
	for _, r := range sum.Resources {
		out[r.Resource] = r.Counts
	}
	return out
}

func TestRunTwice(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, st Store) {
		now := time.Now()
		srv := fake(t, aircalltest.WithGeneratedCalls(420, now.Add(-72*time.Hour), now.Add(-time.Hour)))
		ctx := context.Background()
		s := newSyncer(t, srv, st, Options{})
		sum, err := s.Run(ctx)
		if err != nil {
			t.Fatal(err)
		}
		calls := count(t, st, "SELECT COUNT(*) FROM calls")
		var total int
		for _, err := range client(t, srv).Calls.All(ctx, nil) {
			if err != nil {
				t.Fatal(err)
			}
			total++
		}
		if calls != total || countsOf(sum)[Calls].Inserted != total {
			t.Fatalf("calls: %d rows, %d inserted, the API lists %d", calls, countsOf(sum)[Calls].Inserted, total)
		}
		// The second run reads the last 24 hours again and changes nothing.
		sum2, err := s.Run(ctx)
		if err != nil {
			t.Fatal(err)
		}
		c := countsOf(sum2)[Calls]
		if c.Inserted != 0 || c.Updated != 0 || c.Unchanged == 0 || c.Unchanged >= total {
			t.Errorf("second run: %+v, want only unchanged calls of the last day", c)
		}
		if diff := cmp.Diff(Counts{Unchanged: countsOf(sum)[Users].Inserted}, countsOf(sum2)[Users]); diff != "" {
			t.Errorf("users on the second run (-want +got):\n%s", diff)
		}
		_ = aircall.ID(0)
	})
}

// contactsFake starts a fake holding n contacts created a second or more
// apart, with opts, and returns their ids.
func contactsFake(t *testing.T, n int, opts ...aircalltest.Option) (*aircalltest.Server, []aircall.ID) {
	t.Helper()
	var ticks atomic.Int64 // a clock that ticks a second at each read
	base := time.Now().Add(-time.Hour)
	return contactsFakeAt(t, n, func() time.Time {
		return base.Add(time.Duration(ticks.Add(1)) * time.Second)
	}, opts...)
}

// contactsFakeAt starts a fake on clock holding n contacts, with opts, and
// returns their ids.
func contactsFakeAt(t *testing.T, n int, clock func() time.Time, opts ...aircalltest.Option) (*aircalltest.Server, []aircall.ID) {
	t.Helper()
	srv := fake(t, append(opts, aircalltest.WithClock(clock))...)
	var ids []aircall.ID
	for i := range n {
		ct, _, err := client(t, srv).Contacts.Create(context.Background(), &aircall.ContactCreateParams{FirstName: fmt.Sprint("C", i),
			PhoneNumbers: []aircall.ContactDetailParams{{Label: "Work", Value: fmt.Sprintf("+1916111%04d", i)}}})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, ct.ID)
	}
	return srv, ids
}

// touchContacts changes the last name of every contact of ids.
func touchContacts(t *testing.T, srv *aircalltest.Server, ids []aircall.ID) {
	t.Helper()
	for _, id := range ids {
		if _, _, err := client(t, srv).Contacts.Update(context.Background(), id, &aircall.ContactUpdateParams{LastName: aircall.Ptr("Changed")}); err != nil {
			t.Fatal(err)
		}
	}
}

// TestContactsPastTheCap: when more contacts changed than one walk by
// updated_at can read under the list cap, the sync reads them all by
// created_at instead, and says so.
func TestContactsPastTheCap(t *testing.T) {
	t.Parallel()
	srv, ids := contactsFake(t, 160, aircalltest.WithListCap(100))
	ctx := context.Background()
	st := openStore(t, "sqlite:"+t.TempDir()+"/a.db")
	var msgs []string
	s := newSyncer(t, srv, st, Options{Resources: []Resource{Contacts}, Notify: func(m string) { msgs = append(msgs, m) }})
	if _, err := s.Run(ctx); err != nil {
		t.Fatal(err)
	}
	total := count(t, st, "SELECT COUNT(*) FROM contacts")
	if total < 160 {
		t.Fatalf("%d contacts after the first sync", total)
	}
	touchContacts(t, srv, ids)
	sum, err := s.Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := countsOf(sum)[Contacts]; got.Updated != len(ids) || got.Inserted != 0 {
		t.Errorf("second sync: %+v, want %d updated", got, len(ids))
	}
	if got := count(t, st, "SELECT COUNT(*) FROM contacts WHERE last_name = 'Changed'"); got != len(ids) {
		t.Errorf("%d contacts changed in the database, want %d", got, len(ids))
	}
	if len(msgs) != 1 || !strings.Contains(msgs[0], "by created_at") {
		t.Errorf("messages %q, want one about reading by created_at", msgs)
	}
}

// TestContactsByUpdatedAtStopsAtTheThreshold: a walk of contacts by
// updated_at writes the contacts changed since the cursor minus the
// lookback, and none of the older ones listed on the same page.
func TestContactsByUpdatedAtStopsAtTheThreshold(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, st Store) {
		now := time.Now()
		var clock atomic.Int64 // the fake's time, in Unix seconds
		clock.Store(now.Add(-3 * time.Hour).Unix())
		srv, ids := contactsFakeAt(t, 40, func() time.Time { return time.Unix(clock.Load(), 0) })
		s := newSyncer(t, srv, st, Options{Resources: []Resource{Contacts}, Lookback: 2 * time.Hour})
		if _, err := s.Run(context.Background()); err != nil {
			t.Fatal(err)
		}
		// 5 of the 40 change after the cursor minus the lookback; the
		// first page by updated_at lists them and 35 older ones.
		clock.Store(now.Add(-time.Hour).Unix())
		touchContacts(t, srv, ids[:5])
		sum, err := s.Run(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(Counts{Updated: 5}, countsOf(sum)[Contacts]); diff != "" {
			t.Errorf("second sync (-want +got):\n%s", diff)
		}
	})
}

// stopAfter cancels a sync once it has written n items of a resource.
type stopAfter struct {
	n      int64
	cancel context.CancelFunc
}

func (p stopAfter) Page(_ Resource, items int64) {
	if items >= p.n {
		p.cancel()
	}
}
func (stopAfter) Done(Resource) {}

// TestContactsResume interrupts a walk of contacts by updated_at after two
// pages: the next sync resumes at the last page written (read again, since
// deletions move the list up), not at the first.
func TestContactsResume(t *testing.T) {
	t.Parallel()
	srv, ids := contactsFake(t, 160)
	st := openStore(t, "sqlite:"+t.TempDir()+"/a.db")
	if _, err := newSyncer(t, srv, st, Options{Resources: []Resource{Contacts}}).Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	touchContacts(t, srv, ids)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s := newSyncer(t, srv, st, Options{Resources: []Resource{Contacts}, Progress: stopAfter{100, cancel}})
	if _, err := s.Run(ctx); err == nil {
		t.Fatal("the interrupted sync succeeded")
	}
	if got := count(t, st, "SELECT COUNT(*) FROM contacts WHERE last_name = 'Changed'"); got != 100 {
		t.Fatalf("%d contacts written before the interruption, want 100", got)
	}
	// The resume's requests are counted on its own Client: the server's
	// count may still take in the request the interrupted sync had in
	// flight.
	var requests atomic.Int64
	c, err := srv.Client(aircall.WithTransport(countRequests{http.DefaultTransport.(*http.Transport).Clone(), "/v1/contacts", &requests}))
	if err != nil {
		t.Fatal(err)
	}
	resume, err := New(c, st, Options{Resources: []Resource{Contacts}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := resume.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := count(t, st, "SELECT COUNT(*) FROM contacts WHERE last_name = 'Changed'"); got != len(ids) {
		t.Errorf("%d contacts changed after the resume, want %d", got, len(ids))
	}
	// Pages 2 (again), 3 and 4 of 160 contacts.
	if got := requests.Load(); got != 3 {
		t.Errorf("the resume asked for %d pages, want 3", got)
	}
}

// countRequests counts the requests for path sent through rt.
type countRequests struct {
	rt   http.RoundTripper
	path string
	n    *atomic.Int64
}

func (c countRequests) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.Path == c.path {
		c.n.Add(1)
	}
	return c.rt.RoundTrip(r)
}

// TestSchemaVersions: opening a database again migrates nothing, and a
// database of a newer schema is refused, not written.
func TestSchemaVersions(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, st Store) {
		if got := count(t, st, "SELECT MAX(version) FROM schema_migrations"); got != SchemaVersion {
			t.Fatalf("schema version %d, want %d", got, SchemaVersion)
		}
		if err := sqlOf(st).migrate(context.Background(), ""); err != nil {
			t.Fatalf("migrating a current database: %v", err)
		}
		if got := count(t, st, "SELECT COUNT(*) FROM schema_migrations"); got != SchemaVersion {
			t.Fatalf("%d migrations recorded, want %d", got, SchemaVersion)
		}
		if _, err := st.DB().Exec(sqlOf(st).d.rebind("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)"),
			SchemaVersion+1, sqlOf(st).ts(time.Now())); err != nil {
			t.Fatal(err)
		}
		err := sqlOf(st).migrate(context.Background(), "")
		if err == nil || !strings.Contains(err.Error(), "newer than this release") {
			t.Fatalf("migrating a newer database: %v, want a refusal", err)
		}
	})
}
