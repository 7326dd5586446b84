package main

import (
	"context"
	"database/sql"
	"fmt"
	"net"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	_ "modernc.org/sqlite" // the test reads the database the binary writes

	aircall "github.com/seed1279ea27/aircall-go"
	"github.com/seed1279ea27/aircall-go/aircallsync/pgtest"
	"github.com/seed1279ea27/aircall-go/aircalltest"
)

// openDB opens the SQLite database the binary writes, for the test's
// checks (WAL: readable while a sync writes).
func openDB(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func queryInt(t *testing.T, db *sql.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// summaryRow reads a resource's line of the summary: inserted, updated,
// deleted, unchanged.
func summaryRow(t *testing.T, out, resource string) [4]int {
	t.Helper()
	m := regexp.MustCompile(`(?m)^\s*` + resource + `\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*$`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no %s line in the summary:\n%s", resource, out)
	}
	var r [4]int
	for i := range r {
		fmt.Sscan(m[i+1], &r[i])
	}
	return r
}

func callsRequests(srv *aircalltest.Server) int { return srv.Stats().Routes["GET /v1/calls"].Requests }

// TestSyncKilledResumes kills a sync of 25,000 calls (past the 10,000 cap)
// with SIGKILL mid-way, runs it again, and finds every call once, with no
// request for the pages committed before the kill.
func TestSyncKilledResumes(t *testing.T) {
	t.Parallel()
	const n = 25_000
	end := time.Now().Add(-time.Hour).Truncate(time.Second)
	srv := fake(t, aircalltest.WithDemoData(), aircalltest.WithGeneratedCalls(n, end.Add(-30*24*time.Hour), end))
	dir := t.TempDir()
	path := filepath.Join(dir, "a.db")
	args := []string{"sync", "--db", "sqlite:" + path, "--resources", "calls", "--progress", "none"}
	p := start(t, dir, envFor(srv), args...)
	db := openDB(t, path)
	deadline := time.Now().Add(30 * time.Second)
	for {
		var rows int
		_ = db.QueryRow("SELECT COUNT(*) FROM calls").Scan(&rows) // the table may not exist yet
		if rows >= 12_000 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the sync wrote %d calls in 30s\nstderr:\n%s", rows, p.stderr.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-p.done
	committed := queryInt(t, db, "SELECT COUNT(*) FROM calls")
	if committed >= n {
		t.Fatalf("the sync was done (%d calls) before the kill", committed)
	}
	before := callsRequests(srv)
	r := cli(t, dir, envFor(srv), args...)
	wantCode(t, r, 0, strings.Join(args, " "))
	spent := callsRequests(srv) - before
	// Every call of the API (the generated ones and the demo's), once.
	c := sdk(t, srv)
	total := 0
	for call, err := range c.Calls.All(context.Background(), nil) {
		if err != nil {
			t.Fatal(err)
		}
		if queryInt(t, db, "SELECT COUNT(*) FROM calls WHERE id = ?", int64(call.ID)) != 1 {
			t.Fatalf("call %d is not in the database", call.ID)
		}
		total++
	}
	if total < n {
		t.Fatalf("the API lists %d calls, want at least %d", total, n)
	}
	if got := queryInt(t, db, "SELECT COUNT(*) FROM calls"); got != total {
		t.Fatalf("%d calls after the resume, want %d", got, total)
	}
	// No page committed before the kill is asked for again: the pages of
	// what was left, as the SDK's cursor walk reads them (each page after
	// the first re-reads the call of the second it starts at: 49 new calls
	// a page, the generated calls holding one call a second at most pages'
	// ends), plus the overlap of the resumed second and two seconds of two
	// calls at a page's end.
	left := total - committed
	t.Logf("killed after %d calls committed; the resume read %d calls in %d requests", committed, left, spent)
	if bound := 1 + (left-50+48)/49 + 3; spent > bound {
		t.Errorf("the resume spent %d requests on calls for %d calls left, more than %d", spent, left, bound)
	}
	got := summaryRow(t, r.stdout, "calls")
	if got[0] != left || got[1] != 0 {
		t.Errorf("summary of the resume: inserted %d updated %d, want %d and 0\n%s", got[0], got[1], left, r.stdout)
	}
}

// TestSyncChangesBetweenRuns changes the account between two runs: a tag
// added to a call, a contact edited, a user deleted.
func TestSyncChangesBetweenRuns(t *testing.T) {
	t.Parallel()
	srv := fake(t, aircalltest.WithDemoData())
	dir := t.TempDir()
	path := filepath.Join(dir, "a.db")
	args := []string{"sync", "--db", path, "--progress", "none"}
	r := cli(t, dir, envFor(srv), "sync", "--db", path, "--progress", "lines")
	wantCode(t, r, 0, "sync")
	if !regexp.MustCompile(`(?m)^calls: \d+ done in `).MatchString(r.stderr) {
		t.Errorf("no progress line for calls on stderr:\n%s", r.stderr)
	}
	db := openDB(t, path)
	ctx := context.Background()
	c := sdk(t, srv)

	calls, _, err := c.Calls.List(ctx, nil)
	if err != nil || len(calls) == 0 {
		t.Fatalf("calls: %v %d", err, len(calls))
	}
	tags, _, err := c.Tags.List(ctx, nil)
	if err != nil || len(tags) == 0 {
		t.Fatalf("tags: %v %d", err, len(tags))
	}
	call := calls[0]
	if _, err := c.Calls.AddTags(ctx, call.ID, &aircall.CallTagsParams{Tags: []aircall.ID{tags[0].ID}}); err != nil {
		t.Fatal(err)
	}
	contacts, _, err := c.Contacts.List(ctx, nil)
	if err != nil || len(contacts) == 0 {
		t.Fatalf("contacts: %v %d", err, len(contacts))
	}
	contact := contacts[0]
	if _, _, err := c.Contacts.Update(ctx, contact.ID, &aircall.ContactUpdateParams{FirstName: aircall.Ptr("Renamed")}); err != nil {
		t.Fatal(err)
	}
	users, _, err := c.Users.List(ctx, nil)
	if err != nil || len(users) < 2 {
		t.Fatalf("users: %v %d", err, len(users))
	}
	gone := users[len(users)-1]
	if _, err := c.Users.Delete(ctx, gone.ID); err != nil {
		t.Fatal(err)
	}
	removed := contacts[len(contacts)-1]
	if _, err := c.Contacts.Delete(ctx, removed.ID); err != nil {
		t.Fatal(err)
	}

	r = cli(t, dir, envFor(srv), args...)
	wantCode(t, r, 0, "sync")
	if got := summaryRow(t, r.stdout, "calls"); got[1] < 1 {
		t.Errorf("calls updated %d, want at least the tagged one\n%s", got[1], r.stdout)
	}
	if got := summaryRow(t, r.stdout, "contacts"); got[1] != 1 {
		t.Errorf("contacts updated %d, want 1\n%s", got[1], r.stdout)
	}
	if got := summaryRow(t, r.stdout, "users"); got[2] != 1 || got[0] != 0 {
		t.Errorf("users inserted %d deleted %d, want 0 and 1\n%s", got[0], got[2], r.stdout)
	}
	var raw string
	if err := db.QueryRow("SELECT raw FROM calls WHERE id = ?", int64(call.ID)).Scan(&raw); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(raw, fmt.Sprintf(`"id":%d`, tags[0].ID)) && !strings.Contains(raw, fmt.Sprintf(`"id": %d`, tags[0].ID)) {
		t.Errorf("the call's raw has no tag %d: %s", tags[0].ID, raw)
	}
	if got := queryInt(t, db, "SELECT COUNT(*) FROM contacts WHERE id = ? AND first_name = 'Renamed'", int64(contact.ID)); got != 1 {
		t.Error("the contact's first_name is not updated")
	}
	if got := queryInt(t, db, "SELECT COUNT(*) FROM users WHERE id = ? AND deleted_at IS NOT NULL", int64(gone.ID)); got != 1 {
		t.Error("the deleted user has no deleted_at")
	}
	if got := queryInt(t, db, "SELECT COUNT(*) FROM users WHERE deleted_at IS NULL"); got != len(users)-1 {
		t.Errorf("%d users not deleted, want %d", got, len(users)-1)
	}
	// A deleted contact is not listed by updated_at: --full finds it gone.
	if got := queryInt(t, db, "SELECT COUNT(*) FROM contacts WHERE deleted_at IS NOT NULL"); got != 0 {
		t.Errorf("%d contacts deleted before --full", got)
	}
	r = cli(t, dir, envFor(srv), "sync", "--db", path, "--full", "--progress", "bar")
	wantCode(t, r, 0, "sync --full")
	if !strings.Contains(r.stderr, "calls") || !strings.Contains(r.stderr, "\r") {
		t.Errorf("no progress bar of calls on stderr:\n%s", r.stderr)
	}
	if got := summaryRow(t, r.stdout, "contacts"); got[2] != 1 || got[0] != 0 || got[1] != 0 {
		t.Errorf("--full: contacts %v, want 1 deleted and the rest unchanged\n%s", got, r.stdout)
	}
	if got := queryInt(t, db, "SELECT COUNT(*) FROM contacts WHERE id = ? AND deleted_at IS NOT NULL", int64(removed.ID)); got != 1 {
		t.Error("--full did not mark the deleted contact")
	}
	if got := summaryRow(t, r.stdout, "calls"); got[2] != 0 || got[0] != 0 {
		t.Errorf("--full: calls %v, want none inserted or deleted\n%s", got, r.stdout)
	}
}

// TestSyncFollow has the fake post a call's events to sync --follow, and
// finds the call's row within a second of the delivery.
func TestSyncFollow(t *testing.T) {
	t.Parallel()
	srv := fake(t, aircalltest.WithDemoData())
	dir := t.TempDir()
	path := filepath.Join(dir, "a.db")
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	ctx := context.Background()
	c := sdk(t, srv)
	wh, _, err := c.Webhooks.Create(ctx, &aircall.WebhookCreateParams{URL: "http://" + addr + "/"})
	if err != nil {
		t.Fatal(err)
	}
	env := append(envFor(srv), "AIRCALL_WEBHOOK_TOKEN="+wh.Token)
	p := start(t, dir, env, "sync", "--db", path, "--follow", "--listen", addr, "--progress", "none")
	waitFor(t, p.stderr, regexp.MustCompile(`following webhook events`))
	db := openDB(t, path)
	before := queryInt(t, db, "SELECT COUNT(*) FROM calls")
	call, err := srv.SimulateInboundCall()
	if err != nil {
		t.Fatal(err)
	}
	fctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := srv.Flush(fctx); err != nil {
		t.Fatal(err)
	}
	delivered := time.Now()
	for queryInt(t, db, "SELECT COUNT(*) FROM calls WHERE id = ? AND status = 'done'", int64(call.ID)) == 0 {
		if time.Since(delivered) > time.Second {
			t.Fatalf("call %d is not done in the database a second after delivery\nstderr:\n%s", call.ID, p.stderr.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	if got := queryInt(t, db, "SELECT COUNT(*) FROM calls"); got != before+1 {
		t.Errorf("%d calls, want %d", got, before+1)
	}
}

// TestSyncPostgres syncs into a real Postgres, twice, and checks that the
// DSN's password is never shown.
func TestSyncPostgres(t *testing.T) {
	t.Parallel()
	dsn := pgtest.DSN(t)
	srv := fake(t, aircalltest.WithDemoData())
	dir := t.TempDir()
	r := cli(t, dir, envFor(srv), "sync", "--db", dsn, "--progress", "none")
	wantCode(t, r, 0, "sync")
	if got := summaryRow(t, r.stdout, "users"); got[0] == 0 {
		t.Fatalf("no user inserted:\n%s", r.stdout)
	}
	r = cli(t, dir, envFor(srv), "sync", "--db", dsn, "--progress", "none")
	wantCode(t, r, 0, "sync")
	if got := summaryRow(t, r.stdout, "users"); got[0] != 0 || got[1] != 0 || got[3] == 0 {
		t.Fatalf("second run: users %v, want only unchanged\n%s", got, r.stdout)
	}

	const secret = "s3cret-pw-81"
	bad := "postgres://someone:" + secret + "@127.0.0.1:1/db?sslmode=disable"
	r = cli(t, dir, envFor(srv), "sync", "--db", bad, "--progress", "none")
	wantCode(t, r, 1, "sync --db bad")
	if strings.Contains(r.stdout+r.stderr, secret) {
		t.Fatalf("the password shows:\n%s%s", r.stdout, r.stderr)
	}
	if !strings.Contains(r.stderr, "someone:xxxxx@") {
		t.Errorf("the error does not name the redacted DSN:\n%s", r.stderr)
	}
}

// TestSyncPrintSchema prints each dialect's schema.
func TestSyncPrintSchema(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	r := cli(t, dir, nil, "sync", "--print-schema", "sqlite:x.db")
	wantCode(t, r, 0, "sync --print-schema")
	for _, want := range []string{"CREATE TABLE calls", "started_at TEXT", "raw TEXT NOT NULL", "CREATE TABLE sync_state"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("no %q in the SQLite schema", want)
		}
	}
	r = cli(t, dir, nil, "sync", "--print-schema", "postgres://u:pw@h/db")
	wantCode(t, r, 0, "sync --print-schema")
	for _, want := range []string{"started_at TIMESTAMPTZ", "raw JSONB NOT NULL", "cost NUMERIC"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("no %q in the Postgres schema", want)
		}
	}
	r = cli(t, dir, nil, "sync", "--resources", "calls,bogus")
	wantCode(t, r, 2, "sync --resources calls,bogus")
}
