package wire

import (
	"testing"

	json "github.com/go-json-experiment/json"
)

type user struct {
	Name string `json:"name"`
}

type call struct {
	User  *user   `json:"user"`
	Users []*user `json:"users"`
}

var full = json.JoinOptions(Tolerant, json.WithUnmarshalers(NilIfEmpty[user]()))

// TestFor checks that For picks the options with unmarshalers exactly
// when the data may hold an empty object, so that skipping them never
// changes a decode.
func TestFor(t *testing.T) {
	t.Parallel()
	for in, wantFull := range map[string]bool{
		`{"user":{}}`: true, `{"user":{ }}`: true, "{\"user\":{\n\t\r }}": true, `{}`: true,
		`{"name":"a{}b"}`:       true, // in a string: a harmless false positive
		`{"user":{"name":"a"}}`: false, `{"users":[]}`: false, `{`: false, `{ `: false, ``: false, `{"a":"}"}`: false,
	} {
		if got := For([]byte(in), full) == full; got != wantFull {
			t.Errorf("For(%q) is the full options: %v, want %v", in, got, wantFull)
		}
	}
}

// TestNilIfEmpty checks the rule: an empty object is nil as the value of
// a member, but stays a value in an array, merges nothing into a pointer
// set by a repeated name, and is not read past the end of the input.
func TestNilIfEmpty(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		in       string
		nilUser  bool
		wantName string
		users    int
	}{
		{`{"user":{}}`, true, "", 0},
		{`{"user" : { } }`, true, "", 0},
		{`{"user":{"name":"a"}}`, false, "a", 0},
		{`{"user":{"name":"a"},"user":{}}`, false, "a", 0},
		{`{"user":{},"user":{"name":"b"}}`, false, "b", 0},
		{`{"user":null}`, true, "", 0},
		{`{"users":[{},{}]}`, true, "", 2},
	} {
		var c call
		if err := json.Unmarshal([]byte(tt.in), &c, full); err != nil {
			t.Fatalf("%s: %v", tt.in, err)
		}
		if (c.User == nil) != tt.nilUser || (c.User != nil && c.User.Name != tt.wantName) {
			t.Errorf("%s: User = %+v, want nil %v, name %q", tt.in, c.User, tt.nilUser, tt.wantName)
		}
		if len(c.Users) != tt.users {
			t.Errorf("%s: %d users, want %d", tt.in, len(c.Users), tt.users)
		}
		for i, u := range c.Users {
			if u == nil {
				t.Errorf("%s: Users[%d] is nil, want an empty user", tt.in, i)
			}
		}
	}
	var u *user
	if err := json.Unmarshal([]byte(`{}`), &u, full); err != nil || u == nil {
		t.Errorf(`Unmarshal({}) into a top-level *user = %v, %v; want an empty user`, u, err)
	}
	for _, in := range []string{`{"user":{`, `{"user":{}`, `{"user":{}]`} {
		var c call
		if err := json.Unmarshal([]byte(in), &c, full); err == nil {
			t.Errorf("Unmarshal(%s) succeeded, want a syntax error", in)
		}
	}
}
