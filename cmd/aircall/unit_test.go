package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	aircall "github.com/seed1279ea27/aircall-go"
	"github.com/seed1279ea27/aircall-go/aircalltest"
)

var ansi = regexp.MustCompile(`\x1b\[[0-9;]*[A-Za-z]|\r`)

func TestProgressRendering(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name   string
		q      listQuery
		budget int
		pages  [][3]int64 // done, ts offset from t0 (-1: no timestamp), Meta.Total
		want   []string
	}{
		{
			// A quarter of the window [t0, t0+1000s] covers 250 calls: 1,000
			// in all, 750 left, 15 requests at 60 a minute.
			name: "time window", q: listQuery{from: t0, to: t0.Add(1000 * time.Second)}, budget: 60,
			pages: [][3]int64{{50, 50, 0}, {250, 250, 0}},
			want:  []string{"calls", "(ETA 15s at 60 req/min)", "250/1000"},
		},
		{
			// Descending from --to: the share covered counts from the top.
			name: "descending", q: listQuery{from: t0, to: t0.Add(1000 * time.Second), order: aircall.OrderDesc}, budget: 120,
			pages: [][3]int64{{500, 500, 0}},
			want:  []string{"(ETA 5s at 120 req/min)", "500/1000"},
		},
		{
			// No time order: Meta.Total of the first page; 70 left, 2 requests.
			name: "list total", budget: 60,
			pages: [][3]int64{{50, -1, 120}},
			want:  []string{"(ETA 2s at 60 req/min)", "50/120"},
		},
		{
			// Meta.Total while it holds more than is done, then the time window
			// (a total capped at 10,000): 12,000 done at 60% of the window.
			name: "capped total", q: listQuery{from: t0, to: t0.Add(1000 * time.Second)}, budget: 6000,
			pages: [][3]int64{{5000, 250, 10000}, {12000, 600, 10000}},
			want:  []string{"(ETA 2s at 6000 req/min)", "12000/20000"},
		},
		{
			// No budget announced yet: the SDK's default, 120 a minute.
			name: "default budget", q: listQuery{from: t0, to: t0.Add(100 * time.Second)}, budget: 0,
			pages: [][3]int64{{5000, 50, 0}},
			want:  []string{"(ETA 50s at 120 req/min)", "5000/10000"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var buf aircalltest.LogBuffer // the bar draws from a goroutine of its own too
			now := func() time.Time { return t0.Add(1000 * time.Second) }
			p := &progress{w: &buf, what: "calls", mode: "bar", now: now, started: now(),
				rate: func() aircall.Rate { return aircall.Rate{Limit: tc.budget} }}
			p.PerRequest(aircall.MaxPerPage)
			t.Cleanup(func() {
				if p.bar != nil {
					_ = p.bar.Exit()
				}
			})
			est := exportEstimate{q: tc.q, now: now}
			for _, pg := range tc.pages {
				var ts int64
				switch {
				case pg[1] < 0:
				case tc.q.order == aircall.OrderDesc:
					ts = tc.q.to.Unix() - pg[1]
				default:
					ts = t0.Unix() + pg[1]
				}
				if total := est.page(pg[0], ts, int(pg[2])); total > 0 {
					p.SetTotal(total)
				}
				p.Set(pg[0])
			}
			screen := ansi.ReplaceAllString(buf.String(), "\n")
			last := lines(screen)
			for _, want := range tc.want {
				if !strings.Contains(last[len(last)-1], want) {
					t.Errorf("the bar's last render lacks %q:\n%q", want, last[len(last)-1])
				}
			}
		})
	}
}

func TestFlattenCSV(t *testing.T) {
	t.Parallel()
	items := []rawItem{
		{id: "1", raw: json.RawMessage(`{"id":1,"user":{"id":456,"name":"John \"JD\" Doe"},"tags":[{"id":1,"name":"VIP"}],"answered_at":null,"cost":"2.34","archived":false,"number":{"messages":{"welcome":"https://x/w.mp3"}}}`)},
		{id: "2", raw: json.RawMessage(`{"id":2,"user":null,"tags":[],"answered_at":1585001018,"extra":"only here"}`)},
	}
	var buf bytes.Buffer
	w := newCSVWriter(&buf, nil)
	if err := w.writePage(items); err != nil {
		t.Fatal(err)
	}
	// A later page keeps the columns of the first.
	if err := w.writePage([]rawItem{{id: "3", raw: json.RawMessage(`{"id":3,"new_key":"dropped","user":{"name":"Amy"}}`)}}); err != nil {
		t.Fatal(err)
	}
	want := `id,user.id,user.name,tags,answered_at,cost,archived,number.messages.welcome,user,extra
1,456,"John ""JD"" Doe","[{""id"":1,""name"":""VIP""}]",,2.34,false,https://x/w.mp3,,
2,,,[],1585001018,,,,,only here
3,,Amy,,,,,,,
`
	if diff := cmp.Diff(want, buf.String()); diff != "" {
		t.Errorf("CSV (-want +got):\n%s", diff)
	}
}

func TestParseTime(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]time.Time{
		"1700000000":                time.Unix(1700000000, 0).UTC(),
		"2026-01-31T09:00:00Z":      time.Date(2026, 1, 31, 9, 0, 0, 0, time.UTC),
		"2026-01-31T10:00:00+01:00": time.Date(2026, 1, 31, 9, 0, 0, 0, time.UTC),
	} {
		got, err := parseTime("--from", in)
		if err != nil || !got.Equal(want) {
			t.Errorf("parseTime(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	if _, err := parseTime("--from", "31/01/2026"); err == nil {
		t.Error("parseTime accepted 31/01/2026")
	}
}

// TestResumeRefusesShortOutput: an output shorter than the checkpoint says
// was changed by something else; resuming would leave a gap.
func TestResumeRefusesShortOutput(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	out, cp := filepath.Join(dir, "calls.jsonl"), filepath.Join(dir, "cp.json")
	spec := exportSpec{Resource: "calls", Format: "jsonl", Output: out}
	b, _ := json.Marshal(checkpoint{Version: checkpointVersion, Export: spec, OutputBytes: 100, Items: 2, HasLast: true, LastTS: 5})
	if err := os.WriteFile(cp, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(out, []byte(`{"id":1}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	e := &export{r: callResource, spec: spec, cpPath: cp, format: "jsonl"}
	err := e.run(t.Context(), out, &bytes.Buffer{}, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "fewer than the 100 the checkpoint saved") {
		t.Errorf("resume with a short output: %v", err)
	}
}
