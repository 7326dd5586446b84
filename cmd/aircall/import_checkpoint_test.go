package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"

	aircall "github.com/seed1279ea27/aircall-go"
	"github.com/seed1279ea27/aircall-go/aircalltest"
)

// rowPhone is the phone number of row i of a generated import file.
func rowPhone(i int) string { return fmt.Sprintf("+4930%08d", i) }

// rowOf finds the row a request is about by the number in its query or body.
var rowOf = regexp.MustCompile(`4930(\d{8})`)

// handlerTransport serves requests with a handler in process: seeding a
// fake's contacts through it takes no sockets.
type handlerTransport struct{ h http.Handler }

func (t handlerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	w := httptest.NewRecorder()
	t.h.ServeHTTP(w, r)
	return w.Result(), nil
}

// seedContacts creates n contacts (+3361...) on srv, and one with extra's
// number.
func seedContacts(t *testing.T, srv *aircalltest.Server, n int, extra string) {
	t.Helper()
	c, err := srv.Client(aircall.WithTransport(handlerTransport{srv}))
	if err != nil {
		t.Fatal(err)
	}
	phones := []string{extra}
	for i := range n {
		phones = append(phones, fmt.Sprintf("+3361%07d", i))
	}
	for i, ph := range phones {
		if _, _, err := c.Contacts.Create(context.Background(), &aircall.ContactCreateParams{LastName: fmt.Sprint("Existing ", i),
			PhoneNumbers: []aircall.ContactDetailParams{{Label: "Work", Value: ph}}}); err != nil {
			t.Fatal(err)
		}
	}
}

// rowProxy stands on loopback in front of a fake and notes which row of a
// generated file each request is about. On the killAt-th create it lets
// the fake create the contact, then kills the command before the answer
// reaches it: the crash window between a create and its checkpoint.
type rowProxy struct {
	srv    *aircalltest.Server
	killAt int
	killer chan func() // the kill, handed over once the command started

	mu                sync.Mutex
	searched, created []int    // rows searched and created, in order
	other             []string // any other request
}

func newRowProxy(t *testing.T, srv *aircalltest.Server, killAt int) (*rowProxy, string) {
	t.Helper()
	p := &rowProxy{srv: srv, killAt: killAt, killer: make(chan func(), 1)}
	hs := httptest.NewServer(p)
	t.Cleanup(hs.Close)
	return p, hs.URL
}

func (p *rowProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(body))
	row := -1
	if m := rowOf.FindStringSubmatch(r.URL.RawQuery + string(body)); m != nil {
		row, _ = strconv.Atoi(m[1])
	}
	p.mu.Lock()
	switch {
	case r.Method == http.MethodPost && r.URL.Path == "/v1/contacts":
		p.created = append(p.created, row)
	case r.Method == http.MethodGet && r.URL.Path == "/v1/contacts/search":
		p.searched = append(p.searched, row)
	default:
		p.other = append(p.other, r.Method+" "+r.URL.Path)
	}
	kill := r.Method == http.MethodPost && len(p.created) == p.killAt
	p.mu.Unlock()
	if kill {
		p.srv.ServeHTTP(httptest.NewRecorder(), r) // the contact is created...
		(<-p.killer)()                             // ...and the command dies before it hears so
		return
	}
	p.srv.ServeHTTP(w, r)
}

// take returns the requests noted so far and forgets them.
func (p *rowProxy) take() (searched, created []int, other []string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	searched, created, other = p.searched, p.created, p.other
	p.searched, p.created, p.other, p.killAt = nil, nil, nil, 0
	return searched, created, other
}

func withBaseURL(env []string, url string) []string {
	return append(slices.Clone(env), "AIRCALL_BASE_URL="+url) // the last value wins
}

func readCheckpoint(t *testing.T, path string) importCheckpoint {
	t.Helper()
	var cp importCheckpoint
	if err := json.Unmarshal([]byte(readFile(t, path)), &cp); err != nil {
		t.Fatalf("the checkpoint is not JSON: %v", err)
	}
	return cp
}

// TestImportCheckpointKilledAndResumed kills an import with SIGKILL (or
// stops it with SIGINT) between a create reaching the API and its answer
// reaching the command, and runs the same command again. The account is large enough for import to search
// each row (a request per row), so a row re-matched from the start would
// show: the resumed run sends nothing for the rows before the checkpoint,
// matches the row at the checkpoint (the contact the lost answer created)
// instead of creating it again, and every row ends as one contact.
func TestImportCheckpointKilledAndResumed(t *testing.T) {
	t.Parallel()
	for _, sig := range []syscall.Signal{syscall.SIGKILL, syscall.SIGINT} {
		t.Run(sig.String(), func(t *testing.T) {
			t.Parallel()
			srv := fake(t)
			const rows = 20
			// 2,051 contacts, 42 pages: more than 2 requests for each of the 19 good rows.
			seedContacts(t, srv, 2_050, rowPhone(5))
			var b strings.Builder
			b.WriteString("first_name,last_name,phone_number\n")
			for i := range rows {
				if i == 3 {
					fmt.Fprintf(&b, "Bad,%d,0612345678\n", i) // line 5: not E.164
					continue
				}
				fmt.Fprintf(&b, "Row,%d,%s\n", i, rowPhone(i)) // row 5 matches a seeded contact
			}
			dir := t.TempDir()
			file := writeCSV(t, dir, "rows.csv", b.String())
			cpPath := filepath.Join(dir, "import.cp")

			// Creates: rows 0, 1, 2, 4, 6, then row 7 (line 9), the 6th.
			proxy, url := newRowProxy(t, srv, 6)
			env := withBaseURL(envFor(srv), url)
			p := start(t, dir, env, "contacts", "import", file, "--checkpoint", cpPath)
			proxy.killer <- func() {
				_ = p.cmd.Process.Signal(sig)
				<-p.done
			}
			<-p.done
			if sig == syscall.SIGKILL {
				if st, ok := p.cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || st.Signal() != syscall.SIGKILL {
					t.Fatalf("the import was not killed: %v\nstdout:\n%s\nstderr:\n%s", p.cmd.ProcessState, p.stdout.String(), p.stderr.String())
				}
			} else if code, out, errs := p.cmd.ProcessState.ExitCode(), p.stdout.String(), p.stderr.String(); code != 1 || out != "created 5, updated 0, skipped 2 (1 invalid), failed 0\n" ||
				!strings.Contains(errs, "import interrupted; run the same command again to resume from "+cpPath) {
				// Ctrl-C: the row in flight is abandoned, not counted.
				t.Errorf("import after SIGINT: exit %d, stdout %q, stderr:\n%s", code, out, errs)
			}
			searched, created, _ := proxy.take()
			if diff := cmp.Diff([]int{0, 1, 2, 4, 6, 7}, created); diff != "" {
				t.Fatalf("rows created before the kill (-want +got):\n%s", diff)
			}
			if searched[len(searched)-1] != 7 {
				t.Fatalf("rows searched before the kill: %v, want the last to be row 7", searched)
			}
			cp := readCheckpoint(t, cpPath)
			// Row 7 was created, but the command never heard so: rows 0-6 are done.
			if cp.Rows != 7 || cp.Line != 8 || cp.Done || cp.Totals != (importSummary{Created: 5, Skipped: 2, Invalid: 1}) {
				t.Errorf("checkpoint after the kill: %+v, want rows 7, line 8, created 5, skipped 2 (1 invalid), not done", cp)
			}

			r := cli(t, dir, env, "contacts", "import", file, "--checkpoint", cpPath)
			wantCode(t, r, 0, "contacts import, resumed")
			if want := "created 12, updated 0, skipped 1, failed 0; 7 row(s) done by an earlier run\n"; r.stdout != want {
				t.Errorf("summary of the resumed run:\n got %q\nwant %q", r.stdout, want)
			}
			if strings.Contains(r.stderr, "line 5") {
				t.Errorf("the resumed run reported the bad row before the checkpoint again:\n%s", r.stderr)
			}
			searched, created, other := proxy.take()
			var want []int
			for i := 7; i < rows; i++ {
				want = append(want, i)
			}
			if diff := cmp.Diff(want, searched); diff != "" {
				t.Errorf("rows searched by the resumed run (-want +got): none before row 7, row 7 again\n%s", diff)
			}
			if diff := cmp.Diff(want[1:], created); diff != "" {
				t.Errorf("rows created by the resumed run (-want +got): row 7 matched, not created again\n%s", diff)
			}
			if diff := cmp.Diff([]string{"GET /v1/contacts"}, other); diff != "" {
				t.Errorf("other requests of the resumed run (-want +got): only the size probe\n%s", diff)
			}

			byPhone := map[string]int{}
			for _, c := range contacts(t, srv) {
				for _, ph := range c.PhoneNumbers {
					byPhone[ph.Value]++
				}
			}
			for i := range rows {
				if n := byPhone[rowPhone(i)]; i != 3 && n != 1 {
					t.Errorf("row %d (%s) is on %d contacts, want 1", i, rowPhone(i), n)
				}
			}
			cp = readCheckpoint(t, cpPath)
			if cp.Rows != rows || !cp.Done || cp.Totals != (importSummary{Created: 17, Skipped: 3, Invalid: 1}) {
				t.Errorf("checkpoint at the end: %+v, want rows %d, created 17, skipped 3 (1 invalid), done", cp, rows)
			}
		})
	}
}

// TestImportCheckpointFinished: the same command after a finished import
// sends no request and says so.
func TestImportCheckpointFinished(t *testing.T) {
	t.Parallel()
	srv := fake(t, aircalltest.WithDemoData())
	dir := t.TempDir()
	file := writeCSV(t, dir, "contacts.csv", importFile)
	args := []string{"contacts", "import", file, "--checkpoint", filepath.Join(dir, "import.cp")}
	r := cli(t, dir, envFor(srv), args...)
	wantCode(t, r, 0, "contacts import --checkpoint") // the bad rows are skipped
	if r.stdout != "created 3, updated 0, skipped 5 (3 invalid), failed 0\n" {
		t.Errorf("summary of the first run: %q", r.stdout)
	}
	before := len(contacts(t, srv))
	requests := srv.Stats().Requests

	r = cli(t, dir, envFor(srv), args...)
	wantCode(t, r, 0, "contacts import --checkpoint, finished")
	// One summary line: the totals of every run.
	if want := "import already complete: created 3, updated 0, skipped 5 (3 invalid), failed 0 (delete " + args[4] + " to import again)\n"; r.stdout != want {
		t.Errorf("summary of the finished run:\n got %q\nwant %q", r.stdout, want)
	}
	if got := srv.Stats().Requests - requests; got != 0 {
		t.Errorf("the finished run sent %d requests, want none", got)
	}
	if got := len(contacts(t, srv)); got != before {
		t.Errorf("the finished run changed the contact count from %d to %d", before, got)
	}
}

// TestImportCheckpointRefused: a checkpoint resumes only the import that
// saved it, and changes nothing when it refuses; a checkpoint that cannot
// be written stops the import before its first request.
func TestImportCheckpointRefused(t *testing.T) {
	t.Parallel()
	srv := fake(t)
	dir := t.TempDir()
	content := "last_name,phone_number\nA,+33612345601\nB,+33612345602\n"
	file := writeCSV(t, dir, "a.csv", content)
	cpPath := filepath.Join(dir, "import.cp")
	r := cli(t, dir, envFor(srv), "contacts", "import", file, "--checkpoint", cpPath)
	wantCode(t, r, 0, "contacts import a.csv")
	saved := readFile(t, cpPath)
	requests := srv.Stats().Requests

	other := writeCSV(t, dir, "b.csv", "last_name,phone_number\nA,+33612345601\nB,+33612345602\nC,+33612345603\n")
	if err := os.WriteFile(filepath.Join(dir, "garbage.cp"), []byte(`{"version":1,"export":{"resource":"calls"}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{other, "--checkpoint", cpPath}, 2, fmt.Sprintf("import.cp was saved by an import of another file (%s: %d bytes, SHA-256 ", file, len(content))},
		{[]string{file, "--checkpoint", cpPath, "--on-existing", "update"}, 2, "import.cp was saved by an import with --on-existing skip, not update"},
		{[]string{file, "--checkpoint", cpPath, "--dry-run"}, 2, "--checkpoint with --dry-run"},
		{[]string{file, "--checkpoint", filepath.Join(dir, "garbage.cp")}, 1, "garbage.cp is not an aircall contacts import checkpoint"},
		{[]string{other, "--checkpoint", filepath.Join(dir, "missing", "import.cp")}, 1, "saving the checkpoint: "},
	} {
		r := cli(t, dir, envFor(srv), append([]string{"contacts", "import"}, tc.args...)...)
		wantOutput(t, r, tc.code, strings.Join(tc.args, " "), r.stderr, tc.want)
	}
	if got := srv.Stats().Requests - requests; got != 0 {
		t.Errorf("the refused runs sent %d requests, want none", got)
	}
	if got := readFile(t, cpPath); got != saved {
		t.Errorf("a refused run changed the checkpoint:\n got %s\nwant %s", got, saved)
	}
	// The same content under another name is the same import.
	moved := filepath.Join(dir, "moved.csv")
	if err := os.Rename(file, moved); err != nil {
		t.Fatal(err)
	}
	r = cli(t, dir, envFor(srv), "contacts", "import", moved, "--checkpoint", cpPath)
	wantOutput(t, r, 0, "contacts import moved.csv", r.stdout, "import already complete: created 2")
}

// TestImportCheckpointStopsOnOutcomeUnknown: with a checkpoint, a create
// whose outcome is unknown (a 503 to a POST, not retried) stops the import
// at that row, saved as not done; the resumed run imports it.
func TestImportCheckpointStopsOnOutcomeUnknown(t *testing.T) {
	t.Parallel()
	srv := fake(t)
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("last_name,phone_number\n")
	for i := range 6 {
		fmt.Fprintf(&b, "Row %d,%s\n", i, rowPhone(i))
	}
	file := writeCSV(t, dir, "rows.csv", b.String())
	cpPath := filepath.Join(dir, "import.cp")
	// The first create (row 0, line 2) fails.
	if err := srv.InjectFault(aircalltest.Fault{Method: http.MethodPost, Path: "/v1/contacts", Status: http.StatusServiceUnavailable, Times: 1}); err != nil {
		t.Fatal(err)
	}
	r := cli(t, dir, envFor(srv), "contacts", "import", file, "--checkpoint", cpPath)
	wantCode(t, r, 1, "contacts import, a create failing with 503")
	if r.stdout != "created 0, updated 0, skipped 0, failed 0\n" {
		t.Errorf("summary of the stopped run: %q", r.stdout)
	}
	if !strings.Contains(r.stderr, "import stopped at line 2:") || !strings.Contains(r.stderr, "run the same command again to resume from "+cpPath) {
		t.Errorf("stderr of the stopped run:\n%s", r.stderr)
	}
	if cp := readCheckpoint(t, cpPath); cp.Rows != 0 || cp.Done {
		t.Errorf("checkpoint after the stop: %+v, want no row done", cp)
	}
	r = cli(t, dir, envFor(srv), "contacts", "import", file, "--checkpoint", cpPath)
	wantCode(t, r, 0, "contacts import, resumed")
	if r.stdout != "created 6, updated 0, skipped 0, failed 0\n" {
		t.Errorf("summary of the resumed run: %q", r.stdout)
	}
}

// TestImportCheckpointPassesARejectedRow: a row the API refuses (422) is
// done, failed: the import goes on past it and the checkpoint with it.
func TestImportCheckpointPassesARejectedRow(t *testing.T) {
	t.Parallel()
	srv := fake(t)
	dir := t.TempDir()
	file := writeCSV(t, dir, "rows.csv", "last_name,phone_number\nRow 0,"+rowPhone(0)+"\nRow 1,"+rowPhone(1)+"\n")
	cpPath := filepath.Join(dir, "import.cp")
	if err := srv.InjectFault(aircalltest.Fault{Method: http.MethodPost, Path: "/v1/contacts", Status: http.StatusUnprocessableEntity, Times: 1}); err != nil {
		t.Fatal(err)
	}
	r := cli(t, dir, envFor(srv), "contacts", "import", file, "--checkpoint", cpPath)
	wantCode(t, r, 1, "contacts import, a create refused with 422")
	if r.stdout != "created 1, updated 0, skipped 0, failed 1\n" || !strings.Contains(r.stderr, "line 2: failed: ") {
		t.Errorf("stdout %q, stderr:\n%s", r.stdout, r.stderr)
	}
	if cp := readCheckpoint(t, cpPath); cp.Rows != 2 || !cp.Done || cp.Totals != (importSummary{Created: 1, Failed: 1}) {
		t.Errorf("checkpoint: %+v, want 2 rows done, created 1, failed 1, done", cp)
	}
}

// BenchmarkImportCheckpointSave measures one save of the checkpoint (write,
// sync, rename, sync of the folder): what --checkpoint adds to a row that
// sent a request (at 120 requests a minute, 500ms).
func BenchmarkImportCheckpointSave(b *testing.B) {
	path := filepath.Join(b.TempDir(), "import.cp")
	cp := &importCheckpoint{Version: importCheckpointVersion, Import: &importSpec{File: "crm.csv", Size: 5 << 20,
		SHA256: strings.Repeat("ab", 32), OnExisting: "skip"}, Rows: 25_000, Line: 25_001, Totals: importSummary{Created: 20_000, Skipped: 5_000}}
	for b.Loop() {
		cp.Rows++
		if err := cp.save(path); err != nil {
			b.Fatal(err)
		}
	}
}
