package aircallsync

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	aircall "github.com/seed1279ea27/aircall-go"
)

// TestPostgresPageAllOrNothing: a Postgres page goes in one batch; when the
// server refuses one of its rows (raw that is not JSON), none of the page's
// rows nor its state are written, and the state of the page before stays.
func TestPostgresPageAllOrNothing(t *testing.T) {
	t.Parallel()
	st := openStore(t, postgresDSN(t))
	ctx := context.Background()
	observed := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	tag := func(id aircall.ID, raw string) Row {
		return Row{ID: id, Values: []any{"VIP", "#ff0000", time.Time{}}, Raw: []byte(raw), ObservedAt: observed}
	}
	first := State{WalkMode: walkList, WalkStartedAt: observed, WalkPage: 1}
	c, err := st.ApplyPage(ctx, Tags, []Row{tag(1, `{"id":1,"name":"VIP"}`), tag(2, `{"id":2,"name":"VIP"}`)}, first)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(Counts{Inserted: 2}, c); diff != "" {
		t.Errorf("first page counts (-want +got):\n%s", diff)
	}
	second := first
	second.WalkPage = 2
	if _, err := st.ApplyPage(ctx, Tags, []Row{tag(3, `{"id":3,"name":"VIP"}`), tag(4, `{"id":4,`)}, second); err == nil {
		t.Fatal("a page with raw that is not JSON was written")
	}
	if got := count(t, st, "SELECT COUNT(*) FROM tags"); got != 2 {
		t.Errorf("%d tags after the refused page, want the first page's 2", got)
	}
	got, err := st.State(ctx, Tags)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(first, got); diff != "" {
		t.Errorf("state after the refused page (-want +got):\n%s", diff)
	}
	// The connection is usable again, and counts stay exact.
	c, err = st.ApplyPage(ctx, Tags, []Row{tag(2, `{"id":2,"name":"VIP"}`), tag(2, `{"id":2,"name":"Again"}`), tag(3, `{"id":3,"name":"VIP"}`)}, second)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(Counts{Inserted: 1, Unchanged: 1}, c); diff != "" {
		t.Errorf("third page counts (-want +got):\n%s", diff)
	}
}

// TestPostgresAsyncCommitStaysInThePage: a page commits with
// synchronous_commit off for its own transaction only; the connection's
// other writes (webhook events, the end of a walk) still wait for the disk.
// (What the page gains is measured by BenchmarkSync25k/*/postgres-durable.)
func TestPostgresAsyncCommitStaysInThePage(t *testing.T) {
	t.Parallel()
	st := openStore(t, postgresDSN(t))
	st.DB().SetMaxOpenConns(1) // the page's connection is the one asked next
	ctx := context.Background()
	row := Row{ID: 1, Values: []any{"VIP", "#ff0000", time.Time{}}, Raw: []byte(`{"id":1,"name":"VIP"}`), ObservedAt: time.Now()}
	if _, err := st.ApplyPage(ctx, Tags, []Row{row}, State{WalkMode: walkList}); err != nil {
		t.Fatal(err)
	}
	var got string
	if err := st.DB().QueryRowContext(ctx, "SHOW synchronous_commit").Scan(&got); err != nil {
		t.Fatal(err)
	}
	if got != "on" {
		t.Errorf("synchronous_commit after a page = %q, want the server's on", got)
	}
}
