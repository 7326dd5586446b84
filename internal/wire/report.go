package wire

import (
	"sync"

	json "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// collectors maps each decoder that an UnmarshalDecode is using to the
// issues reported for it: the values dropped inside the types that decode
// themselves leniently (see Report).
var collectors sync.Map // *jsontext.Decoder → *[]Issue

// UnmarshalDecode decodes the next value of dec into v with opts added to
// dec's, as json.UnmarshalDecode, and, when report is true, returns the
// issues that Report added for dec meanwhile, with paths from the root of
// dec's input.
func UnmarshalDecode(dec *jsontext.Decoder, v any, report bool, opts ...json.Options) ([]Issue, error) {
	if !report {
		return nil, json.UnmarshalDecode(dec, v, opts...)
	}
	var issues []Issue
	collectors.Store(dec, &issues)
	err := json.UnmarshalDecode(dec, v, opts...)
	collectors.Delete(dec)
	return issues, err
}

// Report is for an unmarshaler of a type that decodes itself leniently:
// it adds issues, the values dropped inside the value that dec has just
// read (paths from that value), to the issues of the UnmarshalDecode
// using dec, if any, under the value's path. Without one they are lost, as
// when encoding/json calls the type's UnmarshalJSON.
func Report(dec *jsontext.Decoder, issues []Issue) {
	if len(issues) == 0 {
		return
	}
	c, ok := collectors.Load(dec)
	if !ok {
		return
	}
	at := string(dec.StackPointer())
	all := c.(*[]Issue)
	for _, is := range issues {
		*all = append(*all, Issue{Path: at + is.Path, Want: is.Want})
	}
}

// SDKOptions returns the SDK's decode options for decoding data into v
// (the core package's, set when it is initialised), for the packages that
// decode from a jsontext.Decoder of their own (webhook), and whether v may
// hold a type that decodes itself and reports to UnmarshalDecode (pass it
// as UnmarshalDecode's report).
var SDKOptions func(data []byte, v any) (opts json.Options, report bool)
