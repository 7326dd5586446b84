package aircall

import (
	"context"
	stdjson "encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"reflect"
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
//
// The SDK itself reads calls, users, contacts and numbers with a faster
// decoder of its own, which gives the same result: it declines any input
// it does not read exactly as these options do, and json.Unmarshal with
// them is the reference it is tested against.
func DecodeOptions() json.Options { return decodeOptions }

// decodeKey decodes the value under key of a JSON object body into v (a
// pointer), and the "meta" object into meta when meta is not nil, in one
// pass over data; other members are skipped. Names match as with
// encoding/json: exactly, else case-insensitively. found is false when the
// key is missing or null (v is then not to be used). With key "" the whole body is decoded into v.
//
// A v of a type with a fast path (scan.go) is read with it first.
// A value that does not fit its Go type (a string where a number is
// expected, say) does not fail the answer: decodeKey then decodes it again
// with wire.Lenient, which drops only the members that do not fit. A body
// that is not valid JSON is still an error.
func decodeKey(data []byte, key string, v any, meta *Meta) (found bool, err error) {
	if found, ok := decodeKeyFast(data, key, v, meta); ok {
		return found, nil
	}
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

// decodeKeyFast is decodeKeyStrict on the fast path (wire.Scanner, see
// scan.go) for a v of a type that has one, such as a *Call or a *[]*Call,
// with the key and meta each present once, exactly so named. ok is false
// when it declined: v and meta are then reset, for decodeKeyStrict.
func decodeKeyFast(data []byte, key string, v any, meta *Meta) (found, ok bool) {
	if !wire.Scannable(v) {
		return false, false
	}
	defer func() {
		if !ok {
			reflect.ValueOf(v).Elem().SetZero()
			if meta != nil {
				*meta = Meta{}
			}
		}
	}()
	if key == "" {
		return true, wire.Scan(data, v)
	}
	names := [2]string{key, "meta"}
	known := names[:1]
	if meta != nil {
		known = names[:]
	}
	s := wire.NewScanner(data)
	defer s.Release()
	seenKey, seenMeta := false, false
	for o := s.Object(known); o.Next(s); {
		switch {
		case string(o.Key) == key:
			if seenKey {
				return false, false // a repeated key merges: left to decodeKeyStrict
			}
			seenKey = true
			if found = !s.Null(); found {
				wire.ScanValue(s, v)
			}
		case meta != nil && string(o.Key) == "meta":
			if seenMeta {
				return false, false
			}
			seenMeta = true
			if b := s.Value(); !s.OK() || json.Unmarshal(b, meta, wire.For(b, decodeOptions)) != nil {
				return false, false
			}
		}
	}
	return found, s.End()
}

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
