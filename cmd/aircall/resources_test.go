package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/seed1279ea27/aircall-go/aircalltest"
)

// get reads every resource through the SDK's Get method, so each goes to
// the endpoint the SDK uses: users to /v2/users/:id (the v1 endpoint is
// being deprecated), not /v1/users/:id.
func TestGetUsesTheSDKEndpoint(t *testing.T) {
	t.Parallel()
	srv := fake(t, aircalltest.WithDemoData())
	dir, env := t.TempDir(), envFor(srv)
	for _, tc := range []struct {
		args  []string
		route string // the endpoint the SDK's Get uses
		field string // a value of the object, in its JSON
	}{
		{[]string{"users", "get", "456", "--json"}, "GET /v2/users/:id", `"John Doe"`},
		{[]string{"numbers", "get", "1234", "--json"}, "GET /v1/numbers/:id", `"French Office"`},
		{[]string{"contacts", "get", "710", "--json"}, "GET /v1/contacts/:id", `"id": 710`},
	} {
		before := srv.Stats().Routes
		r := cli(t, dir, env, tc.args...)
		wantCode(t, r, 0, strings.Join(tc.args, " "))
		after := srv.Stats().Routes
		if got := after[tc.route].Requests - before[tc.route].Requests; got != 1 {
			t.Errorf("%s: %d requests to %s, want 1 (routes %v)", strings.Join(tc.args, " "), got, tc.route, after)
		}
		var obj map[string]any
		if err := json.Unmarshal([]byte(r.stdout), &obj); err != nil || !strings.Contains(r.stdout, tc.field) {
			t.Errorf("%s: %s (%v), want an object with %s", strings.Join(tc.args, " "), r.stdout, err, tc.field)
		}
	}
	if n := srv.Stats().Routes["GET /v1/users/:id"].Requests; n != 0 {
		t.Errorf("%d requests to GET /v1/users/:id", n)
	}
	wantCode(t, cli(t, dir, env, "users", "get", "abc"), 2, "users get abc")
}
