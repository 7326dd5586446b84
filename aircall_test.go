package aircall

import (
	"context"
	stdjson "encoding/json"
	"io"
	"net/http"
	"reflect"
	"testing"

	json "github.com/go-json-experiment/json"
)

// engines are the two ways a wire type is decoded and encoded: with
// encoding/json (aircalltest and users may still use it) and with
// go-json-experiment/json and the SDK's options (the SDK itself).
var engines = []struct {
	name      string
	unmarshal func([]byte, any) error
	marshal   func(any) ([]byte, error)
}{
	{"encoding/json", stdjson.Unmarshal, stdjson.Marshal},
	{"json/v2", func(b []byte, v any) error { return unmarshalSDK(b, v) }, func(v any) ([]byte, error) { return json.Marshal(v) }},
}

func TestIDDecode(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		want    ID
		wantErr bool
	}{
		{`456`, 456, false},
		{`"456"`, 456, false},
		{`"\u0034\u00356"`, 456, false},
		{`-3`, -3, false},
		{`9223372036854775807`, 9223372036854775807, false},
		{`-9223372036854775808`, -9223372036854775808, false},
		{`null`, 7, false}, // null leaves the ID alone
		{`""`, 0, false},
		{`4.0e2`, 400, false},
		{`1.0`, 1, false},
		{`"abc"`, 7, true},
		{`"4 5"`, 7, true},
		{`1.5`, 7, true},
		{`true`, 7, true},
		{`{}`, 7, true},
	}
	for _, e := range engines {
		for _, tt := range tests {
			id := ID(7)
			err := e.unmarshal([]byte(tt.in), &id)
			if (err != nil) != tt.wantErr || id != tt.want {
				t.Errorf("%s: Unmarshal(%s) = %d, %v; want %d, error %v", e.name, tt.in, id, err, tt.want, tt.wantErr)
			}
		}
	}
}

// TestWireTypesDecodeWithoutAllocating checks issue 9's finding: ID and
// Timestamp no longer copy each value to a string (about 580 a page) or
// run a nested Unmarshal.
func TestWireTypesDecodeWithoutAllocating(t *testing.T) {
	// Not parallel: AllocsPerRun counts the allocations of the process.
	for _, in := range []string{`456`, `"456"`} {
		var id ID
		b := []byte(in)
		if n := testing.AllocsPerRun(100, func() { _ = id.UnmarshalJSON(b) }); n != 0 {
			t.Errorf("ID.UnmarshalJSON(%s) allocates %v times, want 0", in, n)
		}
	}
	for _, in := range []string{`1584998199`, `1722317361216`, `"2019-12-29T10:03:18.000Z"`, `"1584998199"`, `null`} {
		var ts Timestamp
		b := []byte(in)
		if n := testing.AllocsPerRun(100, func() { _ = ts.UnmarshalJSON(b) }); n != 0 {
			t.Errorf("Timestamp.UnmarshalJSON(%s) allocates %v times, want 0", in, n)
		}
	}
}

func TestNullableBothEngines(t *testing.T) {
	t.Parallel()
	type params struct {
		Priority Nullable[int]    `json:"priority,omitzero"`
		Name     Nullable[string] `json:"name,omitzero"`
		Left     Nullable[int]    `json:"left,omitzero"`
	}
	for _, e := range engines {
		out, err := e.marshal(params{Priority: Null[int](), Name: NonNull("x")})
		if err != nil || string(out) != `{"priority":null,"name":"x"}` {
			t.Errorf("%s: Marshal = %s, %v; want {\"priority\":null,\"name\":\"x\"}", e.name, out, err)
		}
		var got params
		if err := e.unmarshal([]byte(`{"priority":null,"name":"x"}`), &got); err != nil {
			t.Fatal(err)
		}
		want := params{Priority: Null[int](), Name: NonNull("x")}
		if d := diff(want, got); d != "" {
			t.Errorf("%s: Unmarshal (-want +got):\n%s", e.name, d)
		}
	}
}

func TestIsE164(t *testing.T) {
	t.Parallel()
	for s, want := range map[string]bool{
		"+18001231234": true, "+33176111111": true, "+44": true,
		"18001231234": false, "+1 800-123-4567": false, "+0123456": false, "+": false,
		"+1234567890123456": false, "": false, "+1800abc": false,
	} {
		if got := isE164(s); got != want {
			t.Errorf("isE164(%q) = %v, want %v", s, got, want)
		}
	}
}

// Every service method, called with zero arguments (nil params and
// options, zero IDs, empty strings), returns (or yields) without a panic.
func TestZeroArgumentsDoNotPanic(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	ts.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{}`)
	})
	c := ts.client(t, WithRetryPolicy(RetryPolicy{}))
	cv := reflect.ValueOf(c).Elem()
	ctx := reflect.ValueOf(context.Background())
	for i := range cv.NumField() {
		f := cv.Field(i)
		if !cv.Type().Field(i).IsExported() || f.Kind() != reflect.Pointer {
			continue
		}
		for j := range f.NumMethod() {
			m := f.Method(j)
			name := f.Type().Elem().Name() + "." + f.Type().Method(j).Name
			mt := m.Type()
			args := make([]reflect.Value, mt.NumIn())
			for k := range args {
				if k == 0 && mt.In(0).String() == "context.Context" {
					args[k] = ctx
					continue
				}
				args[k] = reflect.Zero(mt.In(k))
			}
			if mt.IsVariadic() {
				args = args[:len(args)-1]
			}
			func() {
				defer func() {
					if p := recover(); p != nil {
						t.Errorf("%s with zero arguments panics: %v", name, p)
					}
				}()
				out := m.Call(args)
				if len(out) == 1 && out[0].Kind() == reflect.Func { // an iterator: range over it once
					seq := out[0]
					seq.Call([]reflect.Value{reflect.MakeFunc(seq.Type().In(0), func([]reflect.Value) []reflect.Value {
						return []reflect.Value{reflect.ValueOf(false)}
					})})
				}
			}()
		}
	}
}
