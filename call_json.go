package aircall

import (
	json "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// UnmarshalJSONFrom is UnmarshalJSON for go-json-experiment/json: it
// decodes in the same pass with the caller's options (see DecodeOptions),
// where UnmarshalJSON runs a nested encoding/json decode.
func (t *CallTag) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	type tag CallTag // no methods: no recursion
	var w struct {
		tag
		Created Timestamp `json:"created_at"`
	}
	if err := json.UnmarshalDecode(dec, &w); err != nil {
		return err
	}
	*t = CallTag(w.tag)
	if t.CreatedAt.IsZero() {
		t.CreatedAt = w.Created
	}
	if t.TaggedBy != nil && t.TaggedBy.ID == 0 {
		t.TaggedBy = nil // {}: a user without an ID is no user
	}
	return nil
}
