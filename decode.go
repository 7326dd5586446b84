package aircall

import (
	"context"
	stdjson "encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"strings"

	json "github.com/go-json-experiment/json"
	"github.com/seed1279ea27/aircall-go/internal/wire"
)

// decodeOptions are the options of every decode of the SDK, REST answers,
// Client.Do and webhook bodies alike (see Unmarshal): wire.Tolerant, plus
// the unexported rule that an empty object is a nil *User, *Contact or
// *Number.
var decodeOptions = json.JoinOptions(wire.Tolerant, json.WithUnmarshalers(nilIfEmpty))

// nilIfEmpty are the unmarshalers that make an empty object a nil *User,
// *Contact or *Number.
var nilIfEmpty = json.JoinUnmarshalers(
	wire.NilIfEmpty[User](),
	wire.NilIfEmpty[Contact](),
	wire.NilIfEmpty[Number](),
)

func init() { wire.SDKOptions = optionsFor }

// DecodeIssue is a value that the SDK's lenient decode dropped because it
// did not fit its Go type, such as a string where a number is expected:
// the rest of the answer or event is decoded, and the field keeps its zero
// value. See Response.Dropped, webhook's Event.Dropped and Unmarshal.
//
// The values dropped inside the types that decode themselves leniently
// (Message, GroupMessage, the conversation intelligence results,
// AIVoiceAgentSession, AnalyticsExport, WhatsAppTemplate, ...) are listed
// too, with their paths from the root of the body (such as
// "/summary/content"), when the SDK decodes them; their UnmarshalJSON,
// which encoding/json calls, drops the same values but has no one to
// report them to.
type DecodeIssue struct {
	// Path is where the value was in the JSON body, as a JSON Pointer
	// (RFC 6901), such as "/calls/3/duration".
	Path string
	// Want is the Go type the value did not fit, such as "int" or
	// "aircall.ID"; "" when the decoder did not say.
	Want string
}

// Unmarshal decodes the JSON data into v (a pointer) exactly as the SDK
// decodes REST answers and webhook data: use it for JSON the SDK does not
// read itself, such as a stored webhook Data.
//
//	var call aircall.Call
//	dropped, err := aircall.Unmarshal(data, &call)
//
// It follows encoding/json where real payloads need it: names match
// case-insensitively, a repeated name merges into what an earlier one
// decoded, null leaves a string, number, bool or struct alone, invalid
// UTF-8 becomes U+FFFD and unknown names are ignored. On top of that, an
// empty object {} where a *User, *Contact or *Number is expected (such as
// the "user": {} of a call.created event) decodes to nil, as an absent or
// null one does.
//
// A value that does not fit its Go type does not fail the decode: it is
// dropped alone and listed in dropped (paths from the root of data). err
// is for data that is not JSON, or that does not fit v at all (an array
// for a struct, say).
func Unmarshal(data []byte, v any) (dropped []DecodeIssue, err error) {
	_, dropped, err = decodeKey(data, "", v, nil)
	return dropped, err
}

// decodeKey decodes the value under key of a JSON object body into v (a
// pointer), and the "meta" object into meta when meta is not nil, in one
// pass over data; other members are skipped. Names match as with
// encoding/json: exactly, else case-insensitively. found is false when the
// key is missing or null (v is then not to be used). With key "" the
// whole body is decoded into v.
//
// A value that does not fit its Go type (a string where a number is
// expected, say) does not fail the answer: decodeKey then decodes it again
// with wire.Lenient, which drops only the members that do not fit, and
// returns them in dropped. A body that is not valid JSON is still an
// error.
func decodeKey(data []byte, key string, v any, meta *Meta) (found bool, dropped []DecodeIssue, err error) {
	found, issues, err := decodeKeyStrict(data, key, v, meta)
	if err == nil || !stdjson.Valid(data) {
		return found, decodeIssues(issues), err
	}
	if key == "" {
		issues, lerr := wire.Lenient(data, v, decodeSDK, "")
		return true, decodeIssues(issues), lerr
	}
	var body map[string]stdjson.RawMessage
	if stdjson.Unmarshal(data, &body) != nil {
		return false, nil, err
	}
	var val stdjson.RawMessage
	var valName string
	for name, raw := range body {
		switch {
		case name == key || (val == nil && matchName(name, key)):
			val, valName = raw, name
		case meta != nil && matchName(name, "meta"):
			*meta = Meta{}
			issues, lerr := wire.Lenient(raw, meta, decodeSDK, "/"+wire.PointerToken(name))
			if lerr != nil {
				return false, nil, err
			}
			dropped = append(dropped, decodeIssues(issues)...)
		}
	}
	if val == nil || string(val) == "null" {
		return false, dropped, nil
	}
	issues, lerr := wire.Lenient(val, v, decodeSDK, "/"+wire.PointerToken(valName))
	if lerr != nil {
		return false, nil, nil // a value of another kind (an object for a list): not the key's
	}
	return true, append(dropped, decodeIssues(issues)...), nil
}

// decodeIssues converts wire's issues to DecodeIssues.
func decodeIssues(issues []wire.Issue) []DecodeIssue {
	if len(issues) == 0 {
		return nil
	}
	out := make([]DecodeIssue, len(issues))
	for i, is := range issues {
		out[i] = DecodeIssue(is)
	}
	return out
}

// decodeKeyStrict is decodeKey without the lenient second try: issues are
// the values dropped inside the types that decode themselves leniently.
func decodeKeyStrict(data []byte, key string, v any, meta *Meta) (found bool, issues []wire.Issue, err error) {
	opts, report := optionsFor(data, v)
	d := wire.NewDecoder(data, opts)
	defer d.Release()
	if key == "" {
		issues, err = unmarshalWhole(d, v, report)
		return true, issues, err
	}
	if d.PeekKind() == 'n' {
		_, err = d.ReadToken()
	} else {
		err = wire.WalkObject(&d.Decoder, func(n string) (bool, error) {
			switch {
			case matchName(n, key):
				if found = d.PeekKind() != 'n'; !found {
					return false, nil
				}
				issues, err = wire.UnmarshalDecode(&d.Decoder, v, report)
				return true, err
			case meta != nil && matchName(n, "meta"):
				return true, json.UnmarshalDecode(&d.Decoder, meta)
			}
			return false, nil
		})
	}
	if errors.Is(err, wire.ErrNotObject) {
		return false, nil, fmt.Errorf("the answer is %w", err)
	} else if err != nil {
		return false, nil, err
	}
	if _, err := d.ReadToken(); err != io.EOF {
		if err == nil {
			err = errors.New("the answer holds more than one JSON value")
		}
		return false, nil, err
	}
	return found, issues, nil
}

// decode is decodeKey for an answer of the Client: the dropped values go
// to resp.Dropped and, each, to a warning through the Client's logger.
func (c *Client) decode(ctx context.Context, resp *Response, data []byte, key string, v any, meta *Meta) (found bool, err error) {
	found, dropped, err := decodeKey(data, key, v, meta)
	if err != nil || len(dropped) == 0 {
		return found, err
	}
	if resp != nil {
		resp.Dropped = append(resp.Dropped, dropped...)
	}
	if c.logger != nil {
		var method, path string
		if resp != nil && resp.Response != nil && resp.Request != nil {
			method, path = resp.Request.Method, shownPath(resp.Request.URL, personalOf(ctx)).Path
		}
		for _, d := range dropped {
			c.logger.LogAttrs(ctx, slog.LevelWarn, "aircall: dropped a value that does not fit its type",
				slog.String("method", method), slog.String("path", path),
				slog.String("json_path", d.Path), slog.String("want", d.Want))
		}
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
	found, err := c.decode(ctx, resp, data, key, v, nil)
	if err != nil || !found {
		path = redactSegment(path, personalOf(ctx))
	}
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
