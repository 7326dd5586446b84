package aircall

import (
	"bytes"
	stdjson "encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	json "github.com/go-json-experiment/json"
	"github.com/google/go-cmp/cmp"
	"github.com/seed1279ea27/aircall-go/internal/wire"
)

// The fast path (scan.go) must decode exactly as the generic decode with
// DecodeOptions, or decline. These tests compare the two on every
// fixture, on values with every field set, on edge cases, and under
// fuzzing.

// genericDecode is the reference: the generic decode, strict.
func genericDecode[T any](data []byte) (*T, error) {
	v := new(T)
	return v, json.Unmarshal(data, v, wire.For(data, decodeOptions))
}

// compareScan decodes data with both paths and fails t when the fast path
// accepts data and disagrees with the reference, or accepts what the
// reference refuses. It reports whether the fast path accepted data.
func compareScan[T any](t testing.TB, name string, data []byte) bool {
	t.Helper()
	fast := new(T)
	ok := wire.Scan(data, fast)
	want, err := genericDecode[T](data)
	if !ok {
		return false
	}
	if err != nil {
		t.Errorf("%s: the fast path accepts what the generic decode refuses (%v):\n%s", name, err, data)
		return true
	}
	if diff := cmp.Diff(want, fast); diff != "" {
		t.Errorf("%s: fast path differs from the generic decode (-generic +fast):\n%s\ninput:\n%s", name, diff, data)
	}
	return true
}

// compareAny runs compareScan for the type that resource names.
func compareAny(t testing.TB, resource, name string, data []byte) bool {
	switch resource {
	case "call":
		return compareScan[Call](t, name, data)
	case "user":
		return compareScan[User](t, name, data)
	case "contact":
		return compareScan[Contact](t, name, data)
	case "number":
		return compareScan[Number](t, name, data)
	}
	t.Fatalf("no resource %q", resource)
	return false
}

// resourceOfKey maps the member names that hold a scanned type, in REST
// answers and webhook bodies, to that type.
var resourceOfKey = map[string]string{
	"call": "call", "calls": "call",
	"user": "user", "users": "user", "posted_by": "user", "tagged_by": "user",
	"assigned_to": "user", "transferred_by": "user", "transferred_to": "user",
	"contact": "contact", "contacts": "contact",
	"number": "number", "numbers": "number",
}

// scannedObjects returns every object of a JSON fixture that decodes to a
// scanned type, with that type's resource name: the values under the keys
// of resourceOfKey, and the data of a webhook event.
func scannedObjects(t *testing.T, data []byte) (objs []stdjson.RawMessage, resources []string) {
	t.Helper()
	var walk func(raw stdjson.RawMessage)
	add := func(resource string, raw stdjson.RawMessage) {
		switch firstByte(raw) {
		case '{':
			objs, resources = append(objs, raw), append(resources, resource)
		case '[':
			var items []stdjson.RawMessage
			if err := stdjson.Unmarshal(raw, &items); err != nil {
				t.Fatal(err)
			}
			for _, it := range items {
				if firstByte(it) == '{' {
					objs, resources = append(objs, it), append(resources, resource)
				}
			}
		}
	}
	walk = func(raw stdjson.RawMessage) {
		switch firstByte(raw) {
		case '{':
			var m map[string]stdjson.RawMessage
			if err := stdjson.Unmarshal(raw, &m); err != nil {
				t.Fatal(err)
			}
			if res, ok := m["resource"]; ok {
				var r string
				_ = stdjson.Unmarshal(res, &r)
				if _, scanned := map[string]bool{"call": true, "user": true, "contact": true, "number": true}[r]; scanned {
					add(r, m["data"])
				}
			}
			for k, v := range m {
				if r, ok := resourceOfKey[k]; ok {
					add(r, v)
				}
				walk(v)
			}
		case '[':
			var items []stdjson.RawMessage
			if err := stdjson.Unmarshal(raw, &items); err != nil {
				t.Fatal(err)
			}
			for _, it := range items {
				walk(it)
			}
		}
	}
	walk(data)
	return objs, resources
}

func firstByte(b []byte) byte {
	b = bytes.TrimLeft(b, " \t\r\n")
	if len(b) == 0 {
		return 0
	}
	return b[0]
}

// TestScanFixtures: on every call, user, contact and number of the REST
// and webhook fixtures, the fast path agrees with the generic decode, and
// takes nearly all of them (those it declines are named).
func TestScanFixtures(t *testing.T) {
	t.Parallel()
	var files []string
	for _, dir := range []string{"testdata", filepath.Join("webhook", "testdata")} {
		m, err := filepath.Glob(filepath.Join(dir, "*.json"))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	total, taken := 0, 0
	var declined []string
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if !stdjson.Valid(data) {
			continue
		}
		objs, resources := scannedObjects(t, data)
		for i, obj := range objs {
			total++
			name := fmt.Sprintf("%s #%d (%s)", f, i, resources[i])
			if compareAny(t, resources[i], name, obj) {
				taken++
			} else if _, err := genericDecode[Call](obj); resources[i] != "call" || err == nil {
				declined = append(declined, name)
			}
		}
	}
	t.Logf("fast path: %d of %d objects; declined: %v", taken, total, declined)
	if total < 150 {
		t.Fatalf("only %d objects found in the fixtures", total)
	}
	// The fast path declines on purpose only odd inputs (a value of another
	// kind, an ai_voice_agents list): a realistic payload must take it.
	if taken < total*9/10 {
		t.Errorf("the fast path took %d of %d fixture objects; declined: %v", taken, total, declined)
	}
}

// TestScanEveryField: a value of each scanned type with every field set
// (nested types included) takes the fast path, and decodes as with the
// generic decode. A field added to a type without its scan case fails
// here.
func TestScanEveryField(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 50 {
		for _, tc := range []struct {
			name string
			v    any
		}{
			{"call", new(Call)}, {"user", new(User)}, {"contact", new(Contact)}, {"number", new(Number)},
		} {
			fill(r, reflect.ValueOf(tc.v).Elem(), 0)
			data, err := stdjson.Marshal(tc.v)
			if err != nil {
				t.Fatal(err)
			}
			if !compareAny(t, tc.name, fmt.Sprintf("%s %d", tc.name, i), data) {
				t.Errorf("%s %d: the fast path declined a value with every field set:\n%s", tc.name, i, data)
			}
		}
	}
}

// fill sets every exported field of v to a random non-zero value, but the
// REST-only fields the fast path leaves to the generic decode.
func fill(r *rand.Rand, v reflect.Value, depth int) {
	switch v.Interface().(type) {
	case Timestamp:
		sec := r.Int64N(2e9)
		switch r.IntN(3) {
		case 0:
			v.Set(reflect.ValueOf(Timestamp{Time: time.Unix(sec, 0).UTC(), Form: FormUnix}))
		case 1:
			v.Set(reflect.ValueOf(Timestamp{Time: time.UnixMilli(sec * 1000).UTC(), Form: FormISO}))
		default:
			v.Set(reflect.ValueOf(Timestamp{Text: "no_available_agent", Form: FormText}))
		}
		return
	case ID:
		v.SetInt(1 + r.Int64N(1e12))
		return
	case AIVoiceAgentSegments, stdjson.RawMessage:
		return
	}
	switch v.Kind() {
	case reflect.String:
		words := []string{"John Doe", "+33 1 76 11 11 11", "é à ü", "a\"quote\\", "line\nbreak", "tab\t", "😀", "<>&", "https://example.com/x?y=1"}
		v.SetString(words[r.IntN(len(words))])
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int:
		v.SetInt(r.Int64N(100000))
	case reflect.Pointer:
		if depth > 2 {
			return
		}
		v.Set(reflect.New(v.Type().Elem()))
		fill(r, v.Elem(), depth+1)
	case reflect.Slice:
		if depth > 2 {
			return
		}
		n := 1 + r.IntN(2)
		s := reflect.MakeSlice(v.Type(), n, n)
		for i := range n {
			fill(r, s.Index(i), depth+1)
		}
		v.Set(s)
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(r, v.Field(i), depth)
			}
		}
	}
}

// scanEdgeCases are inputs at the edges of what the fast path accepts.
// accept says whether it must take them (it may always decline the
// others, then the generic decode decides).
var scanEdgeCases = []struct {
	name, data string
	accept     bool
}{
	{"empty", `{}`, true},
	{"null", `null`, true},
	{"white space", " {\n\t\"id\" :\r 1 , \"duration\":40 }\n", true},
	{"nulls", `{"id":null,"sid":null,"duration":null,"archived":null,"started_at":null,"user":null,"teams":null,"tags":null,"number":null}`, true},
	{"empty objects", `{"user":{},"contact":{},"number":{},"assigned_to":{},"comments":[{"posted_by":{}}],"tags":[{"tagged_by":{}}]}`, true},
	{"empty object with space", `{"user":{ }, "number":{"messages":{}}}`, true},
	{"empty lists", `{"teams":[],"comments":[],"tags":[],"participants":[],"ivr_options":[]}`, true},
	{"null items", `{"teams":[null],"tags":[null,{"id":1}],"comments":[null]}`, true},
	{"escapes", `{"raw_digits":"\u002b33 \"x\" \\ \/ \b\f\n\r\t \u00e9 \ud83d\ude00"}`, true},
	{"hex escapes", `{"sid":"\u00C9\u00e9\uD83D\uDE00"}`, true},
	{"bad escape", `{"sid":"\x"}`, false},
	{"bad hex", `{"sid":"\u00g9"}`, false},
	{"short hex", `{"sid":"\u00"}`, false},
	{"surrogate then letter", `{"sid":"\ud83dx"}`, false},
	{"surrogate then escape", `{"sid":"\ud83d\n"}`, false},
	{"low surrogate first", `{"sid":"\ude00\ud83d"}`, false},
	{"escape at the end", `{"sid":"ab\`, false},
	{"numbers skipped", `{"a":-0,"b":0.5,"c":1e5,"d":1E+5,"e":-2.5e-3,"f":10}`, true},
	{"bad numbers skipped", `{"a":-}`, false},
	{"bad fraction", `{"a":1.}`, false},
	{"bad exponent", `{"a":1e}`, false},
	{"utf-8", `{"cost":"é 😀"}`, true},
	{"string ids", `{"id":"1001","user":{"id":"456"},"automatic_callback_call_id":""}`, true},
	{"float id", `{"id":4.0e2}`, true},
	{"timestamps", `{"started_at":"2020-01-02T11:41:01.000Z","answered_at":"no_available_agent","ended_at":1585001039123}`, true},
	{"unknown members", `{"new_field":{"a":[1,2.5e-3,{"b":null}],"c":"\u00e9"},"id":1,"other":[true,false]}`, true},
	{"tag created_at", `{"tags":[{"id":1,"created_at":1587995020},{"id":2,"tagged_at":5,"created_at":6}]}`, true},
	{"tagger without id", `{"tags":[{"id":1,"tagged_by":{"name":"x"}}]}`, true},
	{"ivr options", `{"ivr_options":[{"id":12,"title":"Sales","key":1,"created_at":1585001000},{"id":"a","key":"2"}]}`, true},
	{"priority and flow", `{"number":{"priority":0,"flow_editor_enabled":false}}`, true},
	{"priority null", `{"number":{"priority":null,"flow_editor_enabled":null}}`, true},
	{"negative int", `{"duration":-5}`, true},
	{"repeated scalar", `{"duration":1,"duration":2,"sid":"a","sid":null}`, true},
	{"repeated object", `{"user":{"id":1,"name":"a"},"user":{"email":"b"}}`, true},
	{"repeated empty object", `{"user":{"id":1},"user":{}}`, true},
	{"repeated list", `{"tags":[{"id":1},{"id":2}],"tags":[{"id":3}]}`, true},
	{"repeated list merges", `{"comments":[{"id":1,"content":"a","posted_by":{"id":4}},{"id":2}],"comments":[{"id":3,"posted_by":{"name":"b"}}]}`, true},
	{"repeated list of tags", `{"tags":[{"id":1,"name":"a","tagged_by":{"id":4}}],"tags":[{"id":2}]}`, true},
	{"repeated list with null", `{"teams":[{"id":1}],"teams":[null,{"id":2}]}`, true},
	{"repeated list emptied", `{"teams":[{"id":1}],"teams":[]}`, true},
	{"repeated ivr options", `{"ivr_options":[{"id":"1","title":"a"}],"ivr_options":[{"key":"2"}]}`, true},
	{"repeated priority", `{"number":{"priority":1},"number":{"priority":2}}`, true},
	{"repeated time", `{"started_at":1,"started_at":null}`, false},
	{"other case", `{"ID":1}`, false},
	{"other case nested", `{"user":{"Name":"x"}}`, false},
	{"escaped name", `{"\u0069d":1}`, false},
	{"fraction", `{"duration":4.5}`, false},
	{"exponent", `{"duration":4e1}`, false},
	{"huge int", `{"duration":123456789012345678901234}`, false},
	{"string for int", `{"duration":"40"}`, false},
	{"object for string", `{"sid":{}}`, false},
	{"list for object", `{"user":[]}`, false},
	{"invalid utf-8", "{\"sid\":\"\xff\"}", false},
	{"lone surrogate", `{"sid":"\ud800"}`, false},
	{"control character", "{\"sid\":\"a\tb\"}", false},
	{"ai voice agents", `{"ai_voice_agents":[{"agent_id":"a"}]}`, false},
	{"trailing comma", `{"id":1,}`, false},
	{"trailing value", `{"id":1} {}`, false},
	{"missing colon", `{"id" 1}`, false},
	{"bad number", `{"other":01}`, false},
	{"bad literal", `{"archived":tru}`, false},
	{"unterminated", `{"sid":"abc`, false},
	{"nested lists", `{"user":{"numbers":[{"users":[{"numbers":[{"users":[{"name":"deep"}]}]}]}]}}`, true},
	{"too deep", `{"user":` + strings.Repeat(`{"numbers":[{"users":[`, 5001) + strings.Repeat(`]}]}`, 5001) + `}`, false},
	{"deep unknown", `{"x":` + strings.Repeat("[", 100) + strings.Repeat("]", 100) + `}`, false},
}

// TestScanEdgeCases: the fast path takes the edge cases it must take, and
// agrees with the generic decode on every one it takes.
func TestScanEdgeCases(t *testing.T) {
	t.Parallel()
	for _, tc := range scanEdgeCases {
		if took := compareScan[Call](t, tc.name, []byte(tc.data)); tc.accept && !took {
			t.Errorf("%s: the fast path declined %s", tc.name, tc.data)
		}
	}
}

// FuzzScanCall: on any input, the fast path declines or agrees with the
// generic decode.
func FuzzScanCall(f *testing.F) {
	for _, tc := range scanEdgeCases {
		f.Add([]byte(tc.data))
	}
	for _, name := range []string{"calls_get.json", "calls_get_fetch_all.json", "calls_get_missed_inbound.json"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		var body struct{ Call stdjson.RawMessage }
		if err := stdjson.Unmarshal(data, &body); err != nil {
			f.Fatal(err)
		}
		f.Add([]byte(body.Call))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		compareScan[Call](t, "fuzz", data)
	})
}

// compareDecodeKey decodes data with decodeKeyFast and decodeKeyStrict
// into a new T under key, with a Meta, and fails t when the fast path
// accepts data and gives another result. It reports whether it accepted.
func compareDecodeKey[T any](t *testing.T, name string, data []byte, key string) bool {
	t.Helper()
	fast, fastMeta := new(T), new(Meta)
	found, ok := decodeKeyFast(data, key, fast, fastMeta)
	if !ok {
		if !cmp.Equal(fast, new(T)) || *fastMeta != (Meta{}) {
			t.Errorf("%s: decodeKeyFast declined but left %+v, %+v", name, fast, fastMeta)
		}
		return false
	}
	want, wantMeta := new(T), new(Meta)
	wantFound, err := decodeKeyStrict(data, key, want, wantMeta)
	if err != nil {
		t.Errorf("%s: decodeKeyFast accepts what decodeKeyStrict refuses (%v):\n%s", name, err, data)
		return true
	}
	if found != wantFound {
		t.Errorf("%s: found = %v, decodeKeyStrict says %v", name, found, wantFound)
	}
	if diff := cmp.Diff(want, fast); diff != "" {
		t.Errorf("%s: decodeKeyFast differs (-strict +fast):\n%s", name, diff)
	}
	if diff := cmp.Diff(wantMeta, fastMeta); diff != "" {
		t.Errorf("%s: meta differs (-strict +fast):\n%s", name, diff)
	}
	return true
}

// compareKeys runs compareDecodeKey on data for each key of a scanned
// type, and returns how many the fast path took, of how many keys the
// body holds.
func compareKeys(t *testing.T, name string, data []byte) (taken, present int) {
	t.Helper()
	var members map[string]stdjson.RawMessage
	_ = stdjson.Unmarshal(data, &members)
	for _, tc := range []struct {
		key  string
		test func() bool
	}{
		{"call", func() bool { return compareDecodeKey[Call](t, name, data, "call") }},
		{"calls", func() bool { return compareDecodeKey[[]*Call](t, name, data, "calls") }},
		{"user", func() bool { return compareDecodeKey[User](t, name, data, "user") }},
		{"users", func() bool { return compareDecodeKey[[]*User](t, name, data, "users") }},
		{"contact", func() bool { return compareDecodeKey[Contact](t, name, data, "contact") }},
		{"contacts", func() bool { return compareDecodeKey[[]*Contact](t, name, data, "contacts") }},
		{"number", func() bool { return compareDecodeKey[Number](t, name, data, "number") }},
		{"numbers", func() bool { return compareDecodeKey[[]*Number](t, name, data, "numbers") }},
	} {
		if tc.test() {
			taken++
		}
		if _, ok := members[tc.key]; ok {
			present++
		}
	}
	return taken, present
}

// TestDecodeKeyFast: on every REST fixture, under every key of a scanned
// type, decodeKey's fast path declines (leaving nothing behind) or agrees
// with decodeKeyStrict, answer and meta; the list and get fixtures of
// calls, users, contacts and numbers take it.
func TestDecodeKeyFast(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob(filepath.Join("testdata", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		taken, present := compareKeys(t, f, data)
		base := filepath.Base(f)
		for _, prefix := range []string{"calls_list", "calls_get.json", "users_list", "contacts_list", "contacts_get.json", "numbers_list", "numbers_get.json"} {
			if strings.HasPrefix(base, prefix) && taken < present {
				t.Errorf("%s: the fast path took %d of the %d keys present", f, taken, present)
			}
		}
	}
	for _, body := range []string{
		`{"calls":[{"id":1}],"meta":{"count":1,"total":1,"current_page":1,"per_page":50,"next_page_link":null}}`,
		`{"meta":{"count":1},"calls":[{"id":1}]}`,
		`{"calls":null,"meta":{}}`, `{"calls":[]}`, `{}`, `null`, ``, `[]`, `{"calls":[{"id":1}]} x`,
		`{"Calls":[{"id":1}]}`, `{"calls":[{"id":1}],"calls":[{"sid":"x"}]}`, `{"calls":[],"Meta":{}}`,
		`{"calls":[{"id":1}],"meta":{"count":"x"}}`, `{"calls":[{"id":1}],"meta":null}`, `{"calls":{"id":1}}`,
		`{"call":{"id":1,"user":{}},"other":[1,2]}`, `{"call":null}`, `{"call":{"id":"x"}}`,
		`{"calls":[{"id":1}],"meta":{"count":1},"meta":{"total":2}}`,
	} {
		compareKeys(t, body, []byte(body))
	}
}
