package aircallsync

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/seed1279ea27/aircall-go/aircalltest"
)

// readmeQueries are the SQL examples of the README's "Sync to a database"
// section.
func readmeQueries(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, sec, ok := strings.Cut(string(b), "## Sync to a database\n")
	if !ok {
		t.Fatal("README.md has no Sync to a database section")
	}
	sec, _, _ = strings.Cut(sec, "\n## ")
	var out []string
	for _, part := range strings.Split(sec, "```sql\n")[1:] {
		q, _, _ := strings.Cut(part, "```")
		out = append(out, strings.TrimSuffix(strings.TrimSpace(q), ";"))
	}
	if len(out) != 3 {
		t.Fatalf("%d SQL examples in the README, want 3", len(out))
	}
	return out
}

// TestREADMEQueries runs the README's example queries on a synced account,
// in Postgres as written and in SQLite with the replacements the README
// names; each returns rows.
func TestREADMEQueries(t *testing.T) {
	t.Parallel()
	queries := readmeQueries(t)
	sqlite := strings.NewReplacer("date_trunc('day', started_at)", "date(started_at)",
		"s.raw->'summary'->>'content'", "json_extract(s.raw, '$.summary.content')")
	eachStore(t, func(t *testing.T, st Store) {
		now := time.Now()
		srv := fake(t, aircalltest.WithGeneratedCalls(80, now.Add(-72*time.Hour), now.Add(-24*time.Hour)))
		if _, err := newSyncer(t, srv, st, Options{AI: []AIKind{AISummary}}).Run(context.Background()); err != nil {
			t.Fatal(err)
		}
		for _, q := range queries {
			if st.Dialect() == "sqlite" {
				q = sqlite.Replace(q)
			}
			rs, err := st.DB().Query(q)
			if err != nil {
				t.Fatalf("%s: %v", q, err)
			}
			n := 0
			for rs.Next() {
				n++
			}
			if err := rs.Close(); err != nil {
				t.Fatal(err)
			}
			if n == 0 {
				t.Errorf("no row from %s", q)
			}
		}
	})
}
