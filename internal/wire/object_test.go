package wire

import (
	"bytes"
	"errors"
	"testing"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/google/go-cmp/cmp"
)

// TestWalkObject checks that WalkObject hands every member name over in
// order, skips the values member leaves, stops at member's error, and
// refuses a value that is not an object.
func TestWalkObject(t *testing.T) {
	t.Parallel()
	errStop := errors.New("stop")
	for _, tc := range []struct {
		in      string
		names   []string
		read    string // the value of "x", which member consumes
		wantErr error
	}{
		{in: `{}`},
		{in: `{"a":{"x":[1]},"x":[2,{}],"b":"s"}`, names: []string{"a", "x", "b"}, read: `[2,{}]`},
		{in: ` { "x" : 1 } `, names: []string{"x"}, read: `1`},
		{in: `{"a":1,"stop":2,"b":3}`, names: []string{"a", "stop"}, wantErr: errStop},
		{in: `null`, wantErr: ErrNotObject},
		{in: `[{"a":1}]`, wantErr: ErrNotObject},
		{in: `"{}"`, wantErr: ErrNotObject},
	} {
		dec := jsontext.NewDecoder(bytes.NewReader([]byte(tc.in)))
		var names []string
		var read string
		err := WalkObject(dec, func(name string) (bool, error) {
			names = append(names, name)
			switch name {
			case "stop":
				return false, errStop
			case "x":
				v, err := dec.ReadValue()
				read = string(v)
				return true, err
			}
			return false, nil
		})
		if !errors.Is(err, tc.wantErr) {
			t.Errorf("%s: error %v, want %v", tc.in, err, tc.wantErr)
		}
		if d := cmp.Diff(tc.names, names); d != "" {
			t.Errorf("%s: names (-want +got):\n%s", tc.in, d)
		}
		if read != tc.read {
			t.Errorf("%s: member read %q, want %q", tc.in, read, tc.read)
		}
	}
}
