// Package endpointcov checks, at the end of a test binary, that its tests
// served every endpoint of the spec's endpoint tables. Package aircall's
// tests (the SDK against per-test servers) and package aircalltest's (the
// fake server) both run it from their TestMain.
package endpointcov

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
)

// Tables are the endpoint tables, as a package's testdata holds them: the
// reference's and the 2024-2026 additions', both copied from the spec.
var Tables = []string{"testdata/endpoints.tsv", "testdata/endpoints-additions.tsv"}

// replacedByV2 maps the v1 user rows that Users.List/Get/Create/Update no
// longer call to their v2 replacement: such a row is covered when the v2
// endpoint is served.
var replacedByV2 = map[string]string{
	"GET /v1/users":     "GET /v2/users",
	"GET /v1/users/:id": "GET /v2/users/:id",
	"POST /v1/users":    "POST /v2/users",
	"PUT /v1/users/:id": "PUT /v2/users/:id",
}

var paramSeg = regexp.MustCompile(`(:[a-z_]+|\{[a-z_]+\})`)

// key normalises "GET /v1/users/:id" and "GET /v1/users/{id}" to
// "GET /v1/users/*".
func key(row string) string { return paramSeg.ReplaceAllString(row, "*") }

// Set is the endpoints a test binary's servers served. The zero Set is
// empty and ready to use; a Set is safe for concurrent use.
type Set struct{ m sync.Map }

// Add records that the endpoint row ("METHOD /path") was served; the path
// names its parameters as endpoints.tsv (":id") or http.ServeMux ("{id}")
// does.
func (s *Set) Add(row string) { s.m.Store(key(row), true) }

// Has reports whether the endpoint row ("METHOD /path") was served.
func (s *Set) Has(row string) bool {
	_, ok := s.m.Load(key(row))
	return ok
}

// Missing returns, sorted, the rows of Tables that s lacks; a v1 users row
// is covered by its v2 replacement. A table it cannot read is a row of its
// own saying so.
func (s *Set) Missing() []string {
	rows, err := All()
	if err != nil {
		return []string{"cannot read the endpoint tables: " + err.Error()}
	}
	return s.lacks(rows)
}

// lacks returns, sorted, the rows that s lacks; a v1 users row is covered
// by its v2 replacement.
func (s *Set) lacks(rows []string) []string {
	var missing []string
	for _, row := range rows {
		if s.Has(row) {
			continue
		}
		if v2, ok := replacedByV2[row]; ok && s.Has(v2) {
			continue
		}
		missing = append(missing, row)
	}
	sort.Strings(missing)
	return missing
}

// Rows reads the "METHOD /path" of each row of the table name, after its
// header line.
func Rows(name string) ([]string, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var rows []string
	sc := bufio.NewScanner(f)
	sc.Scan() // header
	for sc.Scan() {
		if cols := strings.Split(sc.Text(), "\t"); len(cols) >= 2 {
			rows = append(rows, cols[0]+" "+cols[1])
		}
	}
	return rows, sc.Err()
}

// All reads the rows of every table of Tables, in order.
func All() ([]string, error) {
	var out []string
	for _, name := range Tables {
		rows, err := Rows(name)
		if err != nil {
			return nil, err
		}
		out = append(out, rows...)
	}
	return out, nil
}

// Main runs the tests of m and exits with their code. A run of the whole
// binary (no -run, no -skip) that passed fails when s lacks a row of
// Tables, and lists the rows on standard error, after how (what the
// package's servers count as served, e.g. "never served by a test").
func Main(m *testing.M, s *Set, how string) {
	flag.Parse()
	code := m.Run()
	if code == 0 && flag.Lookup("test.run").Value.String() == "" && flag.Lookup("test.skip").Value.String() == "" {
		if missing := s.Missing(); len(missing) > 0 {
			fmt.Fprintf(os.Stderr, "endpoint coverage: %d endpoint(s) of %s %s:\n  %s\n",
				len(missing), strings.Join(Tables, " and "), how, strings.Join(missing, "\n  "))
			code = 1
		}
	}
	os.Exit(code)
}
