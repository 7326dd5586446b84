package endpointcov

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSetLacks(t *testing.T) {
	t.Parallel()
	var s Set
	s.Add("GET /v1/calls/{id}")            // a ServeMux pattern covers the :id row
	s.Add("GET /v2/users/:id")             // the v2 replacement covers the v1 row
	s.Add("POST /v1/calls/{id}/transfers") // a served route that no row lists
	rows := []string{"PUT /v1/users/:id", "GET /v1/calls/:id", "GET /v1/users/:id", "DELETE /v1/calls/:id", "GET /v1/users"}
	want := []string{"DELETE /v1/calls/:id", "GET /v1/users", "PUT /v1/users/:id"}
	if d := cmp.Diff(want, s.lacks(rows)); d != "" {
		t.Errorf("lacks (-want +got):\n%s", d)
	}
	if !s.Has("GET /v1/calls/:call_id") || s.Has("GET /v1/calls") {
		t.Error("Has: a row matches a served route whatever its parameters' names, and only that route")
	}
}

func TestRows(t *testing.T) {
	t.Parallel()
	name := filepath.Join(t.TempDir(), "endpoints.tsv")
	table := "method\tpath\tsdk\n" +
		"GET\t/v1/users\tUsers.List\n" +
		"POST\t/v1/calls/:id/transfers\tCalls.Transfer\n" +
		"a line without a tab\n"
	if err := os.WriteFile(name, []byte(table), 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := Rows(name)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{"GET /v1/users", "POST /v1/calls/:id/transfers"}, got); d != "" {
		t.Errorf("Rows (-want +got):\n%s", d)
	}
	if _, err := Rows(filepath.Join(t.TempDir(), "none.tsv")); err == nil {
		t.Error("Rows of a missing table: err = nil")
	}
}
