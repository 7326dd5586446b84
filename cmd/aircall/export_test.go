package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	aircall "github.com/seed1279ea27/aircall-go"
	"github.com/seed1279ea27/aircall-go/aircalltest"
)

// manyCalls is a fake with 25,000 generated calls (and the demo data), past
// the 10,000-item cap of the list.
func manyCalls(t *testing.T, opts ...aircalltest.Option) (*aircalltest.Server, int) {
	t.Helper()
	end := time.Now().Add(-time.Hour)
	srv := fake(t, append([]aircalltest.Option{aircalltest.WithDemoData(), aircalltest.WithGeneratedCalls(25_000, end.Add(-80*24*time.Hour), end)}, opts...)...)
	return srv, callCount(t, srv)
}

// callCount is the server's own count of calls.
func callCount(t *testing.T, srv *aircalltest.Server) int {
	t.Helper()
	_, resp, err := sdk(t, srv).Calls.List(context.Background(), &aircall.CallListOptions{ListOptions: aircall.ListOptions{PerPage: 1}})
	if err != nil {
		t.Fatal(err)
	}
	if resp.Meta.Total < 25_000 {
		t.Fatalf("the fake holds %d calls, want at least 25,000", resp.Meta.Total)
	}
	return resp.Meta.Total
}

// jsonlIDs checks that every line of a JSONL export is a whole object and
// returns the IDs in file order.
func jsonlIDs(t *testing.T, data string) []int64 {
	t.Helper()
	if data != "" && !strings.HasSuffix(data, "\n") {
		t.Errorf("the export ends with a truncated line: %q", data[max(0, len(data)-80):])
	}
	var ids []int64
	for i, line := range strings.Split(strings.TrimSuffix(data, "\n"), "\n") {
		var v struct {
			ID int64 `json:"id"`
		}
		if err := json.Unmarshal([]byte(line), &v); err != nil || v.ID == 0 {
			t.Fatalf("line %d is not an object with an id: %q (%v)", i+1, line, err)
		}
		ids = append(ids, v.ID)
	}
	return ids
}

// wantEachOnce fails unless ids holds n distinct IDs, none twice.
func wantEachOnce(t *testing.T, ids []int64, n int) {
	t.Helper()
	seen := map[int64]int{}
	for _, id := range ids {
		seen[id]++
	}
	dups := 0
	for _, c := range seen {
		if c > 1 {
			dups++
		}
	}
	if len(seen) != n || len(ids) != n || dups > 0 {
		t.Errorf("export: %d lines, %d distinct IDs, %d IDs more than once; want each of the server's %d calls once", len(ids), len(seen), dups, n)
	}
}

func TestExportCallsPastTheCapJSONL(t *testing.T) {
	t.Parallel()
	srv, n := manyCalls(t)
	dir := t.TempDir()
	r := cli(t, dir, envFor(srv), "export", "calls", "-o", "calls.jsonl")
	wantCode(t, r, 0, "export calls")
	data := readFile(t, filepath.Join(dir, "calls.jsonl"))
	ids := jsonlIDs(t, data)
	wantEachOnce(t, ids, n)
	if r.stdout != "" {
		t.Errorf("export -o wrote to stdout: %q", r.stdout[:min(len(r.stdout), 200)])
	}

	// The lines are the objects as the API sent them: the first page, raw.
	var body []byte
	q := url.Values{"per_page": {"50"}, "order": {"asc"}}
	if _, err := sdk(t, srv).Do(context.Background(), http.MethodGet, "/v1/calls", q, nil, &body); err != nil {
		t.Fatal(err)
	}
	var page struct {
		Calls []json.RawMessage `json:"calls"`
	}
	if err := json.Unmarshal(body, &page); err != nil {
		t.Fatal(err)
	}
	got := strings.Split(data, "\n")[:len(page.Calls)]
	for i, raw := range page.Calls {
		if got[i] != string(raw) {
			t.Fatalf("line %d is not the object the API sent:\n got %s\nwant %s", i+1, got[i], raw)
		}
	}
}

func TestExportCallsPastTheCapCSV(t *testing.T) {
	t.Parallel()
	srv, n := manyCalls(t)
	r := cli(t, t.TempDir(), envFor(srv), "export", "calls", "--format", "csv", "--order", "desc")
	wantCode(t, r, 0, "export calls --format csv")
	rows, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
	if err != nil {
		t.Fatalf("the CSV does not parse: %v", err)
	}
	header := rows[0]
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	for _, want := range []string{"id", "started_at", "direction", "user.name", "number.digits", "number.messages.welcome", "tags"} {
		if _, ok := col[want]; !ok {
			t.Errorf("the CSV header lacks %q: %v", want, header)
		}
	}
	var ids []int64
	var prev int64 = 1 << 62
	tagsSeen := false
	for i, row := range rows[1:] {
		if len(row) != len(header) {
			t.Fatalf("row %d has %d cells, the header %d", i+2, len(row), len(header))
		}
		var id, started int64
		if err := json.Unmarshal([]byte(row[col["id"]]), &id); err != nil {
			t.Fatalf("row %d: id %q", i+2, row[col["id"]])
		}
		if err := json.Unmarshal([]byte(row[col["started_at"]]), &started); err != nil || started > prev {
			t.Fatalf("row %d: started_at %q after %d: not in descending order", i+2, row[col["started_at"]], prev)
		}
		prev = started
		if cell := row[col["tags"]]; cell != "" {
			var tags []map[string]any
			if err := json.Unmarshal([]byte(cell), &tags); err != nil {
				t.Fatalf("row %d: the tags cell is not a JSON list: %q", i+2, cell)
			}
			tagsSeen = true
		}
		ids = append(ids, id)
	}
	wantEachOnce(t, ids, n)
	if !tagsSeen {
		t.Error("no call has tags: the list column is not exercised")
	}
}

var checkpointItems = regexp.MustCompile(`"items":(\d+)`)

// TestExportKilledAndResumed kills an export with SIGKILL twice, before and
// past the cap, and runs the same command again each time: the file ends
// with every call once. The fake caps lists at 1,000 items, so that 6,000
// calls take six windows.
func TestExportKilledAndResumed(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		args    []string
		ids     func(t *testing.T, data string) []int64
		signals []syscall.Signal
	}{
		{"jsonl asc", []string{"-o", "calls.out", "--from", "1"}, jsonlIDs, []syscall.Signal{syscall.SIGKILL, syscall.SIGKILL}},
		{"csv desc", []string{"-o", "calls.out", "--order", "desc", "--format", "csv"}, csvIDs, []syscall.Signal{syscall.SIGINT, syscall.SIGKILL}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			// A budget of 6,000 requests a minute, which the SDK paces evenly
			// (one request each 10ms), keeps the export slow enough to be
			// killed mid-way and fast enough for the test (1.2 s in all).
			end := time.Now().Add(-time.Hour)
			srv := fake(t, aircalltest.WithGeneratedCalls(6_000, end.Add(-30*24*time.Hour), end),
				aircalltest.WithListCap(1_000), aircalltest.WithRateLimit(6_000, time.Minute))
			n := 6_000
			dir := t.TempDir()
			cp := filepath.Join(dir, "calls.checkpoint")
			args := append([]string{"export", "calls", "--checkpoint", cp}, tc.args...)
			for i, killAt := range []int{700, 3300} {
				p := start(t, dir, envFor(srv), args...)
				waitCheckpoint(t, cp, killAt, p)
				if err := p.cmd.Process.Signal(tc.signals[i]); err != nil {
					t.Fatal(err)
				}
				<-p.done
				if tc.signals[i] == syscall.SIGINT {
					// Ctrl-C: a clean stop, exit 1, and how to go on.
					if code := p.cmd.ProcessState.ExitCode(); code != 1 || !strings.Contains(p.stderr.String(), "run the same command again to resume") {
						t.Errorf("export after SIGINT: exit %d, stderr:\n%s", code, p.stderr.String())
					}
				}
			}
			// A page written after the last checkpoint, cut mid-line, as a
			// kill during a write leaves it: the resume truncates it away.
			f, err := os.OpenFile(filepath.Join(dir, "calls.out"), os.O_APPEND|os.O_WRONLY, 0)
			if err != nil {
				t.Fatal(err)
			}
			f.WriteString(`{"id":1000001,"direct_link":"http://127.0.0.1/v1/calls/1000001"}` + "\n" + `{"id":10000`)
			f.Close()

			r := cli(t, dir, envFor(srv), args...)
			wantCode(t, r, 0, "export resumed")
			wantEachOnce(t, tc.ids(t, readFile(t, filepath.Join(dir, "calls.out"))), n)

			// Once complete, the same command does not export again.
			r = cli(t, dir, envFor(srv), args...)
			wantOutput(t, r, 0, "export after completion", r.stderr, "already complete")
			// Another command refuses the checkpoint.
			r = cli(t, dir, envFor(srv), "export", "calls", "-o", "calls.out", "--checkpoint", cp, "--format", "jsonl", "--to", "2000000000")
			wantCode(t, r, 2, "export with another command's checkpoint")
		})
	}
}

// csvIDs reads the id column of a CSV export, checking that the header
// comes once and every row is whole.
func csvIDs(t *testing.T, data string) []int64 {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatalf("the CSV does not parse: %v", err)
	}
	if len(rows) == 0 || rows[0][0] != "id" {
		t.Fatalf("the CSV has no header")
	}
	var ids []int64
	for i, row := range rows[1:] {
		var id int64
		if len(row) != len(rows[0]) || json.Unmarshal([]byte(row[0]), &id) != nil || id == 0 {
			t.Fatalf("row %d is not a whole call: %q", i+2, row)
		}
		ids = append(ids, id)
	}
	return ids
}

// waitCheckpoint waits until the checkpoint records at least n items.
func waitCheckpoint(t *testing.T, path string, n int, p *process) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		b, _ := os.ReadFile(path)
		if m := checkpointItems.FindSubmatch(b); m != nil {
			var got int
			_ = json.Unmarshal(m[1], &got)
			if got >= n {
				return
			}
		}
		select {
		case <-p.done:
			t.Fatalf("the export ended before %d items:\n%s", n, p.stderr.String())
		case <-time.After(5 * time.Millisecond):
		}
	}
	t.Fatalf("the checkpoint never reached %d items", n)
}

func TestExportSmallLists(t *testing.T) {
	t.Parallel()
	srv := fake(t, aircalltest.WithDemoData())
	dir := t.TempDir()
	for _, res := range []string{"users", "teams", "numbers", "tags", "webhooks", "contacts"} {
		r := cli(t, dir, envFor(srv), "export", res, "--checkpoint", res+".cp", "-o", res+".jsonl")
		wantCode(t, r, 0, "export "+res)
		path := "/v1/" + res
		if res == "users" {
			path = "/v2/users" // Users.All reads the v2 list
		}
		var body []byte
		if _, err := sdk(t, srv).Do(context.Background(), http.MethodGet, path, url.Values{"per_page": {"50"}}, nil, &body); err != nil {
			t.Fatal(err)
		}
		var page map[string]json.RawMessage
		var items []json.RawMessage
		if err := json.Unmarshal(body, &page); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(page[res], &items); err != nil {
			t.Fatal(err)
		}
		var want bytes.Buffer
		for _, it := range items {
			want.Write(it)
			want.WriteByte('\n')
		}
		if diff := cmp.Diff(want.String(), readFile(t, filepath.Join(dir, res+".jsonl"))); diff != "" {
			t.Errorf("export %s (-want +got):\n%s", res, diff)
		}
	}
}
