package main

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/seed1279ea27/aircall-go/aircalltest"
)

func TestHelpExitsZero(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, args := range [][]string{{"--help"}, {"-h"}, {"export", "--help"}, {"contacts", "import", "--help"}, {"fake", "--help"}, {"help", "listen"}} {
		r := cli(t, dir, nil, args...)
		wantOutput(t, r, 0, strings.Join(args, " "), r.stdout, "Usage:")
	}
}

// TestResourceGroups checks the groups of resource commands: each, by its
// name or its alias, prints its help with its description, its aliases
// and its subcommands, list and get among them.
func TestResourceGroups(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, tc := range []struct {
		args  []string
		short string
		names string // the Aliases line: the name, then the aliases
		subs  []string
	}{
		{[]string{"users"}, "List or get users", "", []string{"get", "list"}},
		{[]string{"contact"}, "List, get and import contacts", "contacts, contact", []string{"get", "import", "list"}},
		{[]string{"webhook"}, "List, create, update and delete webhooks", "webhooks, webhook", []string{"create", "delete", "get", "list", "update"}},
	} {
		args := strings.Join(tc.args, " ")
		r := cli(t, dir, nil, tc.args...)
		wantOutput(t, r, 0, args, r.stdout, tc.short+"\n")
		if tc.names != "" {
			wantOutput(t, r, 0, args, r.stdout, "Aliases:\n  "+tc.names+"\n")
		}
		var subs []string
		for _, m := range regexp.MustCompile(`(?m)^  ([a-z]+) {2,}\S`).FindAllStringSubmatch(r.stdout, -1) {
			if m[1] != "completion" && m[1] != "help" {
				subs = append(subs, m[1])
			}
		}
		if d := cmp.Diff(tc.subs, subs); d != "" {
			t.Errorf("aircall %s: subcommands (-want +got):\n%s", args, d)
		}
	}
}

func TestUsageErrorsExit2(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	env := []string{"AIRCALL_API_ID=x", "AIRCALL_API_TOKEN=y", "AIRCALL_BASE_URL=http://127.0.0.1:1"}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"no-such-command"}, `unknown command "no-such-command"`},
		{[]string{"ping", "--no-such-flag"}, "unknown flag: --no-such-flag"},
		{[]string{"export", "invoices"}, `unknown resource "invoices"`},
		{[]string{"export"}, "wants one of calls|contacts"},
		{[]string{"export", "calls", "--from", "yesterday"}, "RFC 3339"},
		{[]string{"export", "calls", "--format", "xml"}, `--format "xml"`},
		{[]string{"export", "tags", "--from", "1700000000"}, "tags cannot be filtered"},
		{[]string{"export", "calls", "--checkpoint", "cp.json"}, "--checkpoint needs -o FILE"},
		{[]string{"contacts", "import", "x.csv", "--on-existing", "merge"}, `--on-existing "merge"`},
		{[]string{"webhooks", "create"}, "--url is required"},
		{[]string{"trigger", "call.exploded", "--to", "http://127.0.0.1:1", "--token", "t"}, `unknown event "call.exploded"`},
		{[]string{"listen"}, "--token is required"},
		{[]string{"listen", "--token", "t", "--addr", "0.0.0.0:0"}, "not a loopback address"},
		{[]string{"api", "GET"}, "wants METHOD and PATH"},
		{[]string{"api", "POST", "/v1/tags", "-d", "{nope"}, "not valid JSON"},
	} {
		r := cli(t, dir, env, tc.args...)
		wantOutput(t, r, 2, strings.Join(tc.args, " "), r.stderr, tc.want)
		if r.stdout != "" {
			t.Errorf("aircall %s: a usage error wrote to stdout: %q", strings.Join(tc.args, " "), r.stdout)
		}
	}
}

func TestMissingCredentials(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, args := range [][]string{{"ping"}, {"export", "calls"}, {"users", "list"}, {"api", "GET", "/v1/ping"}} {
		r := cli(t, dir, nil, args...)
		wantCode(t, r, 1, strings.Join(args, " "))
		for _, v := range []string{"AIRCALL_API_ID", "AIRCALL_API_TOKEN", "AIRCALL_ACCESS_TOKEN"} {
			if !strings.Contains(r.stderr, v) {
				t.Errorf("aircall %s: the error does not name %s:\n%s", strings.Join(args, " "), v, r.stderr)
			}
		}
	}
	r := cli(t, dir, []string{"AIRCALL_API_ID=id", "AIRCALL_API_TOKEN=tok", "AIRCALL_ACCESS_TOKEN=bearer-1"}, "ping")
	wantOutput(t, r, 1, "ping with an API key and an access token", r.stderr, "both AIRCALL_ACCESS_TOKEN and AIRCALL_API_ID/AIRCALL_API_TOKEN are set")
	r = cli(t, dir, []string{"AIRCALL_API_ID=only-the-id"}, "ping")
	wantOutput(t, r, 1, "ping with AIRCALL_API_ID only", r.stderr, "AIRCALL_API_TOKEN")
}

func TestCredentialsFromEnvAndFlags(t *testing.T) {
	t.Parallel()
	srv := fake(t)
	dir := t.TempDir()
	r := cli(t, dir, envFor(srv), "ping")
	wantCode(t, r, 0, "ping")
	if r.stdout != "pong\n" {
		t.Errorf("ping printed %q, want pong", r.stdout)
	}

	// Wrong credentials in the environment: a 401, and the token never shows.
	wrong := []string{"AIRCALL_API_ID=" + testAPIID, "AIRCALL_API_TOKEN=wrong-secret-1234", "AIRCALL_BASE_URL=" + srv.URL()}
	r = cli(t, dir, wrong, "ping")
	wantCode(t, r, 1, "ping with a wrong token")
	if !strings.Contains(r.stderr, "403 Forbidden") || strings.Contains(r.stderr+r.stdout, "wrong-secret-1234") {
		t.Errorf("ping with a wrong token: want the API's 403 without the token, got:\n%s", r.stderr)
	}
	// Flags override the environment.
	r = cli(t, dir, wrong, "ping", "--api-token", testAPIToken)
	wantCode(t, r, 0, "ping --api-token")
	r = cli(t, dir, envFor(srv), "ping", "--api-token", "wrong-secret-1234", "--rate-limit", "600")
	wantCode(t, r, 1, "ping --api-token wrong")
	if strings.Contains(r.stderr, "wrong-secret-1234") || strings.Contains(r.stderr, testAPIToken) {
		t.Errorf("an error shows a credential:\n%s", r.stderr)
	}

	// An OAuth access token.
	bearer := srv.NewBearerToken()
	r = cli(t, dir, []string{"AIRCALL_ACCESS_TOKEN=" + bearer, "AIRCALL_BASE_URL=" + srv.URL()}, "ping")
	wantCode(t, r, 0, "ping with AIRCALL_ACCESS_TOKEN")
}

func TestRate(t *testing.T) {
	t.Parallel()
	srv := fake(t, aircalltest.WithRateLimit(120, 60_000_000_000))
	r := cli(t, t.TempDir(), envFor(srv), "rate")
	wantCode(t, r, 0, "rate")
	// The ping that rate sends is the window's first request.
	for _, want := range []string{"limit:     120 requests per minute", "remaining: 119", "reset:"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("rate output lacks %q:\n%s", want, r.stdout)
		}
	}
}

func TestAPI(t *testing.T) {
	t.Parallel()
	srv := fake(t, aircalltest.WithDemoData())
	dir := t.TempDir()
	r := cli(t, dir, envFor(srv), "api", "GET", "/v1/ping")
	wantCode(t, r, 0, "api GET /v1/ping")
	var got map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatalf("api GET /v1/ping printed %q: %v", r.stdout, err)
	}
	if diff := cmp.Diff(map[string]any{"ping": "pong"}, got); diff != "" {
		t.Errorf("api GET /v1/ping (-want +got):\n%s", diff)
	}

	// A POST with a body, then a GET with query params, in the path and with -q.
	r = cli(t, dir, envFor(srv), "api", "post", "/v1/tags", "-d", `{"name":"Churn risk","color":"#FF0000"}`)
	wantCode(t, r, 0, "api post /v1/tags")
	var created struct {
		Tag struct {
			ID   int64  `json:"id"`
			Name string `json:"name"`
		} `json:"tag"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &created); err != nil || created.Tag.Name != "Churn risk" || created.Tag.ID == 0 {
		t.Fatalf("api post /v1/tags printed %q (%v)", r.stdout, err)
	}
	r = cli(t, dir, envFor(srv), "api", "GET", "/v1/tags?per_page=1", "-q", "page=1")
	wantCode(t, r, 0, "api GET /v1/tags")
	var page struct {
		Tags []json.RawMessage `json:"tags"`
		Meta struct {
			PerPage int `json:"per_page"`
		} `json:"meta"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &page); err != nil || len(page.Tags) != 1 || page.Meta.PerPage != 1 {
		t.Errorf("api GET /v1/tags?per_page=1 printed %q (%v)", r.stdout, err)
	}

	// A 404 is an error on stderr and exit 1.
	r = cli(t, dir, envFor(srv), "api", "GET", "/v1/users/999999")
	wantCode(t, r, 1, "api GET /v1/users/999999")
	if !strings.Contains(r.stderr, "404") || r.stdout != "" {
		t.Errorf("api GET of a missing user: stdout %q, stderr %q", r.stdout, r.stderr)
	}
}
