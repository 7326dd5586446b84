package webhook

import (
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"

	aircall "github.com/seed1279ea27/aircall-go"
)

// checkFastMatchesStd fails t when the fast decoder accepts data and the
// result differs from encoding/json's, or encoding/json rejects it. It
// reports how many payload types the fast path accepted.
func checkFastMatchesStd(t testing.TB, data []byte) int {
	t.Helper()
	accepted := 0
	for typ, p := range plans {
		fast := reflect.New(typ)
		if fastDecode(data, p, fast.Elem()) != nil {
			continue // declined: encoding/json decides alone
		}
		accepted++
		std := reflect.New(typ)
		if err := json.Unmarshal(data, std.Interface()); err != nil {
			t.Errorf("%v: fast path accepted %q, encoding/json says %v", typ, data, err)
			continue
		}
		// DeepEqual first: cmp is slow, and both sides hold the same
		// time.Time values since they come from the same UnmarshalJSON.
		if reflect.DeepEqual(std.Interface(), fast.Interface()) {
			continue
		}
		if d := diff(std.Interface(), fast.Interface()); d != "" {
			t.Errorf("%v: fast path differs from encoding/json on %q (-std +fast):\n%s", typ, data, d)
		}
	}
	if w, err := scanEnvelope(data); err == nil {
		var std wireEnvelope
		if err := json.Unmarshal(data, &std); err != nil {
			t.Errorf("scanEnvelope accepted %q, encoding/json says %v", data, err)
		} else if d := diff(std, w); !reflect.DeepEqual(std, w) && d != "" {
			t.Errorf("scanEnvelope differs from encoding/json on %q (-std +fast):\n%s", data, d)
		}
	}
	return accepted
}

func TestFastPlansCoverEveryPayload(t *testing.T) {
	t.Parallel()
	for _, typ := range []reflect.Type{
		reflect.TypeFor[aircall.Call](), reflect.TypeFor[aircall.User](), reflect.TypeFor[aircall.Number](),
		reflect.TypeFor[aircall.Contact](), reflect.TypeFor[Integration](),
	} {
		if plans[typ] == nil {
			t.Errorf("no fast decoding plan for %v: it would always take the slow path", typ)
		}
	}
}

func TestFastMatchesStdOnFixtures(t *testing.T) {
	t.Parallel()
	entries, err := os.ReadDir("testdata")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		body := fixture(t, e.Name())
		checkFastMatchesStd(t, body)
		var env struct {
			Data json.RawMessage `json:"data"`
		}
		if err := json.Unmarshal(body, &env); err != nil {
			t.Fatal(err)
		}
		if n := checkFastMatchesStd(t, env.Data); n == 0 {
			t.Errorf("%s: the fast path declined every type", e.Name())
		}
	}
}

func TestFastMatchesStdOnOddInput(t *testing.T) {
	t.Parallel()
	for _, in := range []string{
		`{"id":812,"raw_digits":"+33 6 12 34 56 78"}`,
		`{"ID":812,"Raw_Digits":"x","USER":{"NAME":"a"}}`,               // keys match case-insensitively
		`{"user":{"name":"a","email":"e"},"user":{"name":"b"}}`,         // duplicate keys merge
		`{"tags":[{"id":1,"name":"a"},{"id":2}],"tags":[{"name":"z"}]}`, // a second array reuses elements
		`{"tags":[{"id":1}],"tags":[]}`,                                 // empty array
		`{"tags":[{"id":1}],"tags":null,"user":null,"status":null}`,     // null clears slices and pointers only
		`{"duration":1e3}`, `{"duration":1.5}`, `{"duration":-0}`, `{"duration":99999999999999999999}`,
		`{"duration":"40"}`, `{"archived":"true"}`, `{"archived":1}`, `{"number":[]}`, `{"comments":{}}`,
		`{"raw_digits":"caf\u00e9"}`, `{"raw_digits":"José"}`, "{\"raw_digits\":\"\xff\"}", `{"raw_digits":"a\"b"}`,
		`{"unknown":{"a":[1,2,{"b":"\u00e9\n"}],"c":null,"d":true,"e":-1.5e-3}}`,
		`{"unknown":"\x"}`, `{"unknown":[1,]}`, `{"unknown":{"a" 1}}`, `{"unknown":01}`, `{"unknown":tru}`,
		`{"id":1} x`, `{"id":1}}`, ` {"id":1} `, `{}`, `null`, `[]`, `"x"`, ``, `{`,
		`{"answered_at":"no_available_agent","started_at":"1585000999","ended_at":1585000999.5}`,
		`{"id":"812","number":{"priority":null},"participants":[{"id":"5","type":"user"}]}`,
		`{"ivr_options":[{"id":1,"key":"2"},null]}`,
		`{"created_at":"2020-01-04T19:28:58+00:00","numbers":[{"users":[{"numbers":[]}]}]}`,
		`{"integration_id":42,"company_id":"1"}`,
		strings.Repeat(`{"unknown":`, 100) + `1` + strings.Repeat(`}`, 100),
		`{"unknown":` + strings.Repeat(`[`, 10001) + strings.Repeat(`]`, 10001) + `}`,
	} {
		checkFastMatchesStd(t, []byte(in))
	}
}
