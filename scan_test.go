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
	"sync"
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
	// review-scan: suspicions checked against the generic decode.
	{"list emptied then refilled", `{"teams":[{"id":1,"name":"a"}],"teams":[],"teams":[{"id":2}]}`, false},
	{"list emptied then refilled with space", `{"comments":[{"id":1,"content":"a"}],"comments":[ ],"comments":[{"id":2}]}`, false},
	{"three lists", `{"teams":[{"id":1,"name":"a"},{"id":2,"name":"b"},{"id":3,"name":"c"}],"teams":[{"id":4}],"teams":[{"id":5},{"id":6},{"id":7},{"id":8}]}`, true},
	{"three lists grown", `{"teams":[{"name":"a"}],"teams":[{"id":1},{"name":"b"}],"teams":[{"id":2}],"teams":[{"id":3},{"id":4},{"id":5}]}`, true},
	{"five items then two", `{"tags":[{"id":1},{"id":2},{"id":3},{"id":4},{"id":5}],"tags":[{"name":"x"},{"name":"y"}],"tags":[{},{},{},{},{},{}]}`, true},
	{"null list then list", `{"teams":[{"id":1,"name":"a"}],"teams":null,"teams":[{"id":2}]}`, true},
	{"list of lists reused", `{"user":{"numbers":[{"users":[{"id":1,"name":"a"}]}]},"user":{"numbers":[{"users":[{"id":2}]}]}}`, true},
	{"inner list emptied then refilled", `{"user":{"numbers":[{"users":[{"id":1,"name":"a"}]}]},"user":{"numbers":[{"users":[]}]},"user":{"numbers":[{"users":[{"id":2}]}]}}`, false},
	{"null item then item", `{"teams":[{"id":1,"name":"a"}],"teams":[null],"teams":[{"id":2}]}`, true},
	{"repeated id null", `{"id":1,"id":null,"automatic_callback_call_id":"5","automatic_callback_call_id":null}`, true},
	{"repeated id empty string", `{"id":1,"id":""}`, true},
	{"id forms", `{"id":"+5","user":{"id":-3},"contact":{"id":"0012"},"number":{"id":1.0}}`, true},
	{"id with space", `{"id":" 12"}`, false},
	{"id huge", `{"id":99999999999999999999}`, false},
	{"repeated time null", `{"started_at":1,"started_at":null,"ended_at":"2020-01-02T11:41:01Z","ended_at":""}`, true},
	{"repeated priority null", `{"number":{"priority":1,"priority":null,"flow_editor_enabled":true,"flow_editor_enabled":null}}`, true},
	{"repeated priority merge", `{"number":{"priority":1,"flow_editor_enabled":true},"number":{"priority":0,"flow_editor_enabled":false}}`, true},
	{"repeated messages", `{"number":{"messages":{"welcome":"a"}},"number":{"messages":{}},"number":{"messages":{"ivr":"b"}}}`, true},
	{"messages null", `{"number":{"messages":{"welcome":"a"},"messages":null}}`, true},
	{"repeated user null then empty", `{"user":{"id":1},"user":null,"user":{}}`, true},
	{"repeated user empty then full", `{"user":{} ,"user":{"id":1}}`, true},
	{"empty object in list", `{"user":{"numbers":[{}, { }]},"teams":[{"users":[{}]}]}`, true},
	{"tagger replaced by id 0", `{"tags":[{"tagged_by":{"id":1},"tagged_by":{"id":0}}]}`, true},
	{"tagger string id 0", `{"tags":[{"tagged_by":{"id":"0","name":"x"}}]}`, true},
	{"tag times repeated", `{"tags":[{"tagged_at":5,"tagged_at":null,"created_at":6},{"created_at":7,"created_at":null,"tagged_at":""}]}`, true},
	{"tag other case", `{"tags":[{"Created_At":5}]}`, false},
	{"tag repeated list with null tagger", `{"tags":[{"id":1,"tagged_by":{"id":4}}],"tags":[{"tagged_by":null}]}`, true},
	{"ivr option other case", `{"ivr_options":[{"ID":1,"Title":"x"}]}`, true},
	{"ivr option repeated name", `{"ivr_options":[{"id":1,"id":2}]}`, false},
	{"ivr option not an object", `{"ivr_options":[1]}`, false},
	{"ivr option null fields", `{"ivr_options":[{"id":null,"title":null,"key":null,"created_at":null}]}`, true},
	{"ivr option escapes", `{"ivr_options":[{"id":"\u0031","title":"\u00e9\n","key":" 2 "}]}`, true},
	{"ivr option invalid utf-8", "{\"ivr_options\":[{\"title\":\"\xff\"}]}", false},
	{"ivr option lone surrogate", `{"ivr_options":[{"title":"\ud800"}]}`, false},
	{"ivr option with unknown", `{"ivr_options":[{"id":1,"x":{"y":[1,2]}}]}`, true},
	{"ivr options repeated three", `{"ivr_options":[{"id":"1"},{"id":"2"}],"ivr_options":[],"ivr_options":[{"key":"3"}]}`, true},
	{"name without underscore", `{"startedat":1,"rawdigits":"x","countrycodea2":"y"}`, true},
	{"name with other case digit", `{"country_code_A2":"x"}`, false},
	{"name with dash", `{"raw-digits":"x","started-at":5}`, true},
	{"unicode fold name", "{\"\u017fid\":\"x\"}", false},
	{"kelvin name", "{\"user\":{\"\u212aey\":1}}", false},
	{"name is a prefix", `{"i":1,"ids":2,"user_":3}`, true},
	{"nul escape", `{"sid":"\u0000a"}`, true},
	{"max pair", `{"sid":"\uDBFF\uDFFF\uD800\uDC00"}`, true},
	{"replacement char escaped", `{"sid":"\ufffd\uFFFE"}`, true},
	{"del raw", "{\"sid\":\"\x7f\"}", true},
	{"overlong utf-8", "{\"sid\":\"\xc0\x80\"}", false},
	{"utf-8 surrogate", "{\"sid\":\"\xed\xa0\x80\"}", false},
	{"truncated utf-8 before escape", "{\"sid\":\"\xe2\x82\\u00ac\"}", false},
	{"utf-8 then escape", "{\"sid\":\"\xe2\x82\xac\\n\xc3\xa9\"}", true},
	{"escaped high then escaped non-surrogate", `{"sid":"\ud83d\u0041"}`, false},
	{"escaped high then high", `{"sid":"\ud83d\ud83d"}`, false},
	{"interned then escaped", `{"sid":"abc","cost":"a\u0062c","asset":"abc","user":{"name":"abc","email":"a\"b"}}`, true},
	{"escapes reuse buffer", `{"sid":"\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9","cost":"\n","asset":"x\ty"}`, true},
	{"long strings", `{"sid":"` + strings.Repeat("a", 40) + `","cost":"` + strings.Repeat("a", 16) + `","asset":"` + strings.Repeat("a", 17) + `"}`, true},
	{"max int", `{"duration":9007199254740992,"user":{"wrap_up_time":-9007199254740992}}`, true},
	{"above max int", `{"duration":9007199254740993}`, false},
	{"zero int", `{"duration":0}`, true},
	{"minus zero int", `{"duration":-0}`, false},
	{"leading zeros", `{"duration":007}`, false},
	{"plus int", `{"duration":+1}`, false},
	{"int exponent zero", `{"duration":1e0}`, false},
	{"int then letter", `{"duration":1x}`, false},
	{"int at the end", `{"duration":1`, false},
	{"nineteen digits", `{"duration":1234567890123456789}`, false},
	{"minus alone", `{"duration":-}`, false},
	{"bool then letter", `{"archived":truex}`, false},
	{"nul literal", `{"archived":nul}`, false},
	{"null for bool keeps", `{"archived":true,"archived":null}`, true},
	{"false after true", `{"archived":true,"archived":false}`, true},
	{"string for bool", `{"archived":"true"}`, false},
	{"number for string", `{"sid":1}`, false},
	{"list for string", `{"sid":[]}`, false},
	{"object for list", `{"teams":{}}`, false},
	{"string for list", `{"teams":"x"}`, false},
	{"string for object", `{"user":"x"}`, false},
	{"true for object", `{"user":true}`, false},
	{"number for item", `{"teams":[1]}`, false},
	{"list item trailing comma", `{"teams":[{},]}`, false},
	{"list missing comma", `{"teams":[{} {}]}`, false},
	{"object missing comma", `{"id":1 "sid":"x"}`, false},
	{"leading comma", `{,"id":1}`, false},
	{"unknown trailing comma", `{"x":[1,]}`, false},
	{"unknown object trailing comma", `{"x":{"a":1,}}`, false},
	{"unknown missing colon", `{"x":{"a" 1}}`, false},
	{"unknown non-string name", `{"x":{1:1}}`, false},
	{"unknown bad string", "{\"x\":\"\xff\"}", false},
	{"unknown bad name", "{\"x\":{\"\xff\":1}}", false},
	{"unknown lone surrogate", `{"x":"\udc00"}`, false},
	{"unknown deep ok", `{"x":` + strings.Repeat("[", 60) + strings.Repeat("]", 60) + `}`, true},
	{"unknown depth 63", `{"x":` + strings.Repeat("[", 63) + strings.Repeat("]", 63) + `}`, true},
	{"unknown depth 64", `{"x":` + strings.Repeat("[", 64) + strings.Repeat("]", 64) + `}`, false},
	{"unknown numbers", `{"x":[0,-0,0.0,-0.0e-0,1E9,123.456e+78,1e400]}`, true},
	{"unknown bad numbers", `{"x":[.5]}`, false},
	{"unknown bad numbers 2", `{"x":[1.e5]}`, false},
	{"unknown bad numbers 3", `{"x":[-01]}`, false},
	{"unknown literals", `{"x":[true,false,null,{"a":null}]}`, true},
	{"white space everywhere", " \r\n\t{ \"teams\" : [ { \"id\" : 1 , \"users\" : [ ] } , null ] , \"user\" : { } , \"number\" : { \"priority\" : 1 } } \n", true},
	{"form feed", "{\"id\":1\f}", false},
	{"nbsp", "{\"id\":1\u00a0}", false},
	{"bom", "\ufeff{\"id\":1}", false},
	{"empty input", ``, false},
	{"only space", ` `, false},
	{"trailing garbage", `{}x`, false},
	{"trailing null", `{} null`, false},
	{"two objects", `{}{}`, false},
	{"top list", `[]`, false},
	{"top string", `"x"`, false},
	{"top number", `1`, false},
	{"unterminated object", `{"id":1`, false},
	{"unterminated name", `{"id`, false},
	{"unterminated list", `{"teams":[`, false},
	{"ai voice agents null", `{"ai_voice_agents":null}`, false},
	{"ivr options selected", `{"ivr_options_selected":[1]}`, false},
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

// TestScanConcurrent: pooled Scanners (their buffers and shared strings)
// serve goroutines decoding different inputs at once, the edge cases
// mixed, and each result is still the generic decode's (run it with
// -race).
func TestScanConcurrent(t *testing.T) {
	t.Parallel()
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			r := rand.New(rand.NewPCG(uint64(g), 3))
			for range 200 {
				tc := scanEdgeCases[r.IntN(len(scanEdgeCases))]
				compareScan[Call](t, tc.name, []byte(tc.data))
			}
		})
	}
	wg.Wait()
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
		`{"user":{}}`, `{"users":[{}]}`, `{"number":{ }}`, `{"contacts":[{},null]}`, `{"calls":[null]}`,
		`{"calls":[{"teams":[{"id":1,"name":"a"}],"teams":[],"teams":[{"id":2}]}],"meta":{"count":1}}`,
		`{"meta":null,"calls":[],"x":{"meta":1}}`, `{"calls":[],"meta":{"count":1,"count":null}}`,
		`{"calls":[],"meta":{"next_page_link":"\u0068ttps://x"}}`, "{\"calls\":[],\"meta\":{\"next_page_link\":\"\xff\"}}",
		` {"calls" : [ ] , "meta" : { } } `, `{"calls":[]}{}`, `{"calls":[],}`,
	} {
		compareKeys(t, body, []byte(body))
	}
}
