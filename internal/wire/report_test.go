package wire

import (
	"testing"

	json "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	"github.com/google/go-cmp/cmp"
)

// selfDecoding stands for a type that decodes itself leniently: it
// reports one issue at "/odd" of its value.
type selfDecoding struct{ N int }

// TestReportUnderValuePath checks that what an unmarshaler reports for the
// value it read lands under that value's path, in the issues of the
// UnmarshalDecode using the decoder, and nowhere without report.
func TestReportUnderValuePath(t *testing.T) {
	t.Parallel()
	opts := json.JoinOptions(Tolerant, json.WithUnmarshalers(json.UnmarshalFromFunc(func(dec *jsontext.Decoder, v *selfDecoding) error {
		if err := dec.SkipValue(); err != nil {
			return err
		}
		Report(dec, []Issue{{Path: "/odd", Want: "int"}})
		return nil
	})))
	var v struct {
		Items []selfDecoding `json:"items"`
	}
	data := []byte(`{"items":[{"n":1},{"n":2}]}`)
	for _, report := range []bool{true, false} {
		d := NewDecoder(data, opts)
		issues, err := UnmarshalDecode(&d.Decoder, &v, report)
		d.Release()
		if err != nil {
			t.Fatal(err)
		}
		var want []Issue
		if report {
			want = []Issue{{"/items/0/odd", "int"}, {"/items/1/odd", "int"}}
		}
		if diff := cmp.Diff(want, issues); diff != "" {
			t.Errorf("report %v: issues (-want +got):\n%s", report, diff)
		}
	}
}

// TestLenientKeepsIssuesOfFinalDecodes checks that Lenient lists what its
// unmarshal reported for the decodes it kept, under their paths, and not
// what it reported for the decodes it tried while cleaning an object.
func TestLenientKeepsIssuesOfFinalDecodes(t *testing.T) {
	t.Parallel()
	unmarshal := func(b []byte, v any) ([]Issue, error) {
		if err := json.Unmarshal(b, v, Tolerant); err != nil {
			return []Issue{{"/tried", ""}}, err
		}
		return []Issue{{"/kept", ""}}, nil
	}
	var v []struct {
		N int `json:"n"`
		S string
	}
	issues, err := Lenient([]byte(`[{"n":1},{"n":"2","s":"x"}]`), &v, unmarshal, "/data")
	if err != nil {
		t.Fatal(err)
	}
	want := []Issue{{"/data/0/kept", ""}, {"/data/1/kept", ""}, {"/data/1/n", "int"}}
	if diff := cmp.Diff(want, issues); diff != "" {
		t.Errorf("issues (-want +got):\n%s", diff)
	}
}
