package aircall

import (
	"context"
	stdjson "encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"

	json "github.com/go-json-experiment/json"
	"github.com/seed1279ea27/aircall-go/internal/wire"
)

// decodeOptions are the options of every decode of the SDK, REST answers
// and webhook bodies alike; see DecodeOptions.
var decodeOptions = json.JoinOptions(
	wire.Tolerant,
	json.WithUnmarshalers(json.JoinUnmarshalers(
		wire.NilIfEmpty[User](),
		wire.NilIfEmpty[Contact](),
		wire.NilIfEmpty[Number](),
	)),
)

// DecodeOptions returns the github.com/go-json-experiment/json options with
// which the SDK decodes REST answers and webhook bodies. Pass them to
// json.Unmarshal to read raw JSON the same way, such as a stored webhook
// Data or an answer the SDK does not type:
//
//	var call aircall.Call
//	err := json.Unmarshal(data, &call, aircall.DecodeOptions())
//
// They follow encoding/json where real payloads need it: names match
// case-insensitively, a repeated name merges into what an earlier one
// decoded, null leaves a string, number, bool or struct alone, invalid
// UTF-8 becomes U+FFFD and unknown names are ignored. On top of that, an
// empty object {} where a *User, *Contact or *Number is expected (such as
// the "user": {} of a call.created event, or a tag's "tagged_by": {})
// decodes to nil, as an absent or null one does.
func DecodeOptions() json.Options { return decodeOptions }

// decodeKey decodes the value under key of a JSON object body into v (a
// pointer), and the "meta" object into meta when meta is not nil, in one
// pass over data; other members are skipped. Names match as with
// encoding/json: exactly, else case-insensitively. found is false when the
// key is missing or null (v is then not to be used). With key "" the whole body is decoded into v.
//
// A value that does not fit its Go type (a string where a number is
// expected, say) does not fail the answer: decodeKey then decodes it again
// with wire.Lenient, which drops only the members that do not fit. A body
// that is not valid JSON is still an error.
func decodeKey(data []byte, key string, v any, meta *Meta) (found bool, err error) {
	found, err = decodeKeyStrict(data, key, v, meta)
	if err == nil || !stdjson.Valid(data) {
		return found, err
	}
	if key == "" {
		return true, wire.Lenient(data, v, unmarshalSDK)
	}
	var body map[string]stdjson.RawMessage
	if stdjson.Unmarshal(data, &body) != nil {
		return false, err
	}
	var val stdjson.RawMessage
	for name, raw := range body {
		switch {
		case name == key || (val == nil && matchName(name, key)):
			val = raw
		case meta != nil && matchName(name, "meta"):
			*meta = Meta{}
			if wire.Lenient(raw, meta, unmarshalSDK) != nil {
				return false, err
			}
		}
	}
	if val == nil || string(val) == "null" {
		return false, nil
	}
	if wire.Lenient(val, v, unmarshalSDK) != nil {
		return false, nil // a value of another kind (an object for a list): not the key's
	}
	return true, nil
}

// unmarshalSDK decodes b into v with the SDK's options.
func unmarshalSDK(b []byte, v any) error { return json.Unmarshal(b, v, wire.For(b, decodeOptions)) }

// decodeKeyStrict is decodeKey without the lenient second try.
func decodeKeyStrict(data []byte, key string, v any, meta *Meta) (found bool, err error) {
	opts := wire.For(data, decodeOptions)
	if key == "" {
		return true, json.Unmarshal(data, v, opts)
	}
	d := wire.NewDecoder(data, opts)
	defer d.Release()
	tok, err := d.ReadToken()
	if err != nil {
		return false, err
	}
	switch tok.Kind() {
	case 'n':
	case '{':
		for d.PeekKind() != '}' {
			name, err := d.ReadToken()
			if err != nil {
				return false, err
			}
			switch n := name.String(); {
			case matchName(n, key):
				if found = d.PeekKind() != 'n'; found {
					err = json.UnmarshalDecode(&d.Decoder, v)
				} else {
					err = d.SkipValue()
				}
			case meta != nil && matchName(n, "meta"):
				err = json.UnmarshalDecode(&d.Decoder, meta)
			default:
				err = d.SkipValue()
			}
			if err != nil {
				return false, err
			}
		}
		if _, err := d.ReadToken(); err != nil { // '}'
			return false, err
		}
	default:
		return false, errors.New("the answer is not a JSON object")
	}
	if _, err := d.ReadToken(); err != io.EOF {
		if err == nil {
			err = errors.New("the answer holds more than one JSON value")
		}
		return false, err
	}
	return found, nil
}

// matchName reports whether the member name matches the Go field name
// want, as encoding/json matches them.
func matchName(name, want string) bool { return name == want || strings.EqualFold(name, want) }

// doOne sends a request whose answer wraps one resource in key, such as
// {"user": {...}}.
func doOne[T any](ctx context.Context, c *Client, method, path string, query url.Values, body any, key string) (*T, *Response, error) {
	resp, data, err := c.do(ctx, method, path, query, body)
	if err != nil {
		return nil, resp, err
	}
	v := new(T)
	found, err := decodeKey(data, key, v, nil)
	if err != nil {
		return nil, resp, fmt.Errorf("aircall: %s %s: decoding %q: %w", method, path, key, err)
	}
	if !found {
		return nil, resp, fmt.Errorf("aircall: %s %s: answer has no %q object", method, path, key)
	}
	return v, resp, nil
}

// doNoContent sends a request whose answer body, if any, is not needed.
func (c *Client) doNoContent(ctx context.Context, method, path string, query url.Values, body any) (*Response, error) {
	resp, _, err := c.do(ignoreBody(ctx), method, path, query, body)
	return resp, err
}
