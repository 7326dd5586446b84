package webhook

import (
	"context"
	"encoding/json"
	"os"
	"testing"
)

// FuzzParse checks that Parse never panics, that what it accepts is
// coherent, and that the fast decoder agrees with encoding/json whenever it
// does not decline. The seeds (every testdata body and a few broken ones)
// run in the normal go test.
func FuzzParse(f *testing.F) {
	entries, err := os.ReadDir("testdata")
	if err != nil {
		f.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		b, err := os.ReadFile("testdata/" + e.Name())
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range []string{
		``, `{}`, `null`, `[]`, `{"event":"call.ended"}`, `{"event":"call.ended","token":"45XXYYZZa08"}`,
		`{"event":"call.ended","token":"45XXYYZZa08","data":{"id":"812","answered_at":"no_available_agent"}}`,
		`{"event":"user.created","token":"45XXYYZZa08","data":{"numbers":[{"users":[{"id":1}]}]}}`,
		`{"event":"integration.deleted","token":"45XXYYZZa08","data":{"integration_id":1e2}}`,
		`{"event":"call.ended","token":"45XXYYZZa08","data":{"tags":[{"tagged_by":null}],"ivr_options":[{"key":3}]}}`,
		`{"EVENT":"contact.created","Token":"45XXYYZZa08","data":{"emails":[{"value":"a\u00e9"}]}}`,
		`{"event":"call.ended","token":"45XXYYZZa08","timestamp":"2020-01-01T00:00:00.5+02:00","data":{}}`,
	} {
		f.Add([]byte(s))
	}
	v := Tokens(testToken)
	h, err := NewHandler(v, WithLogger(quietLogger()))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, ver := range []Verifier{v, InsecureSkipVerify()} {
			ev, err := Parse(body, ver)
			if err != nil {
				if ev != nil {
					t.Fatalf("Parse returned an event and an error %v", err)
				}
				continue
			}
			if ev == nil || ev.Name == "" {
				t.Fatalf("Parse accepted %q without an event name", body)
			}
			if _, known := dataResource[ev.Name]; known != ev.Known() {
				t.Fatalf("%s: Known = %v", ev.Name, ev.Known())
			}
			_ = ev.Key()
			_ = h.Dispatch(context.Background(), ev)
		}
		checkFastMatchesStd(t, body)
		var env struct {
			Data json.RawMessage `json:"data"`
		}
		if json.Unmarshal(body, &env) == nil && len(env.Data) > 0 {
			checkFastMatchesStd(t, env.Data)
		}
	})
}
