package aircall

import (
	stdjson "encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// TestCallTagDecodersAgree checks that CallTag decodes the same with the
// SDK's decode as with encoding/json (whose users reach the same
// UnmarshalJSON): either time key, an empty or ID-less
// tagged_by, names in another case, repeated names, nulls, and values of
// the wrong type (an error both ways).
func TestCallTagDecodersAgree(t *testing.T) {
	t.Parallel()
	for _, body := range []string{
		`{"id":545,"name":"Billing","tagged_at":1712048520,"tagged_by":{"id":1,"name":"Ann"}}`,
		`{"id":678,"name":"General","created_at":1587995020,"tagged_by":{"id":456}}`,
		`{"id":1,"created_at":1587995020,"tagged_at":1712048520}`,
		`{"id":1,"tagged_at":null,"created_at":"2020-01-02T11:41:01.000Z"}`,
		`{"id":1,"tagged_by":{}}`,
		`{"id":1,"tagged_by":{"name":"no id"}}`,
		`{"id":1,"tagged_by":null,"name":null}`,
		`{"ID":"7","Name":"upper","Tagged_At":1,"TAGGED_BY":{"ID":3}}`,
		`{"id":1,"name":"a","name":"b","tagged_by":{"id":2},"tagged_by":{"name":"merged"}}`,
		`{"id":1,"unknown":{"x":[1,2]},"name":"\u00e9t\u00e9 \ud83d\ude00"}`,
		"{\"name\":\"bad \xff utf-8\"}",
		`{}`,
		`null`,
		`{"id":1,"name":5}`,
		`{"id":{}}`,
		`{"tagged_by":[]}`,
		`[]`,
		`"tag"`,
	} {
		var want, got CallTag
		werr := stdjson.Unmarshal([]byte(body), &want)
		gerr := unmarshalSDK([]byte(body), &got)
		if (werr == nil) != (gerr == nil) {
			t.Errorf("%s: error %v, encoding/json gives %v", body, gerr, werr)
			continue
		}
		if werr != nil {
			continue
		}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("%s: differs from encoding/json (-std +got):\n%s", body, d)
		}
	}
}

// TestStdMarshalOfACall checks what users who encode an aircall.Call with
// encoding/json get, now that the SDK's types have no go-json-experiment
// methods: every Timestamp in the form its field uses on the wire (Unix
// seconds for started_at, the text "no_available_agent" kept as a string,
// milliseconds when the value was decoded from milliseconds), IDs as
// numbers, and a body that decodes back to the same call, with either
// decoder.
func TestStdMarshalOfACall(t *testing.T) {
	t.Parallel()
	in := `{"id":812,"started_at":1584998199,"answered_at":"no_available_agent","ended_at":"1585000999",` +
		`"user":{"id":"456","created_at":"2019-12-29T10:03:18.000Z"},"tags":[{"id":1,"created_at":1712048520}]}`
	var c Call
	if _, err := Unmarshal([]byte(in), &c); err != nil {
		t.Fatal(err)
	}
	out, err := stdjson.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		ID         stdjson.RawMessage `json:"id"`
		StartedAt  stdjson.RawMessage `json:"started_at"`
		AnsweredAt stdjson.RawMessage `json:"answered_at"`
		EndedAt    stdjson.RawMessage `json:"ended_at"`
		User       struct {
			ID        stdjson.RawMessage `json:"id"`
			CreatedAt stdjson.RawMessage `json:"created_at"`
		} `json:"user"`
		Tags []struct {
			TaggedAt stdjson.RawMessage `json:"tagged_at"`
		} `json:"tags"`
	}
	if err := stdjson.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	for _, f := range []struct{ name, got, want string }{
		{"id", string(got.ID), `812`},
		{"started_at", string(got.StartedAt), `1584998199`},
		{"answered_at", string(got.AnsweredAt), `"no_available_agent"`},
		{"ended_at", string(got.EndedAt), `"1585000999"`},
		{"user.id", string(got.User.ID), `456`},
		{"user.created_at", string(got.User.CreatedAt), `"2019-12-29T10:03:18.000Z"`},
		{"tags[0].tagged_at", string(got.Tags[0].TaggedAt), `1712048520`},
	} {
		if f.got != f.want {
			t.Errorf("encoding/json encodes %s as %s, want %s", f.name, f.got, f.want)
		}
	}
	var sdk, std Call
	if _, err := Unmarshal(out, &sdk); err != nil {
		t.Fatal(err)
	}
	if err := stdjson.Unmarshal(out, &std); err != nil {
		t.Fatal(err)
	}
	// A nil list encodes as [] (the wire rule, encoding.go): equal here.
	if d := cmp.Diff(c, sdk, cmpopts.EquateEmpty()); d != "" {
		t.Errorf("round trip through Unmarshal (-before +after):\n%s", d)
	}
	if d := cmp.Diff(c, std, cmpopts.EquateEmpty()); d != "" {
		t.Errorf("round trip through encoding/json (-before +after):\n%s", d)
	}
}
