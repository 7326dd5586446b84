package aircall

import (
	stdjson "encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
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
