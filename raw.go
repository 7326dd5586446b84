package aircall

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// Do sends a request the SDK does not type, such as an endpoint newer than
// this release or a query param it does not know, through the same auth,
// pacing, retries, error mapping and redaction as every typed method.
//
// path is relative to the base URL and starts with "/", such as "/v1/ping";
// it carries no scheme, host, query or fragment (pass the query in query,
// which may be nil). body is nil (no body), a []byte or json.RawMessage
// holding JSON, sent as that JSON value (it must be valid JSON; encoding/json
// compacts it and escapes <, > and & in strings, which leaves the value the
// same), or any other value, which is JSON-encoded. v receives a 2xx answer: nil discards
// it; a *[]byte or *json.RawMessage receives a copy of the raw body; any
// other pointer is decoded into as typed methods decode (see Unmarshal: an
// empty object {} is a nil *User, *Contact or *Number, and a value that
// does not fit its type is dropped and listed in Response.Dropped). An
// empty body leaves v unchanged.
//
// A non-2xx answer is an *APIError (or *RateLimitError), matching the
// sentinel errors, as for typed methods. Retries follow the method: GET, PUT
// and DELETE are retried after a 5xx or a network error, POST only when
// nothing was sent.
func (c *Client) Do(ctx context.Context, method, path string, query url.Values, body, v any) (*Response, error) {
	if err := checkRawPath(path); err != nil {
		return nil, err
	}
	if method == "" || strings.ContainsAny(method, " \t\r\n/") {
		return nil, fmt.Errorf("aircall: Do: invalid method %q", method)
	}
	method = strings.ToUpper(method)
	switch b := body.(type) {
	case []byte:
		body = rawJSONBody(b)
	case json.RawMessage:
		body = rawJSONBody(b)
	}
	if rb, ok := body.(rawJSONBody); ok && !json.Valid(rb) {
		return nil, fmt.Errorf("aircall: %s %s: body is not valid JSON", method, path)
	}
	resp, data, err := c.do(ctx, method, path, query, body)
	if err != nil {
		return resp, err
	}
	if v == nil || len(data) == 0 {
		return resp, nil
	}
	switch out := v.(type) {
	case *[]byte:
		*out = append([]byte(nil), data...)
	case *json.RawMessage:
		*out = append(json.RawMessage(nil), data...)
	default:
		if _, err := c.decode(ctx, resp, data, "", v, nil); err != nil {
			return resp, fmt.Errorf("aircall: %s %s: decoding the answer: %w", method, path, err)
		}
	}
	return resp, nil
}

// rawJSONBody is a body that is JSON already.
type rawJSONBody []byte

// MarshalJSON returns the bytes unchanged.
func (r rawJSONBody) MarshalJSON() ([]byte, error) { return r, nil }

// checkRawPath accepts a path relative to the base URL only, so that Do
// never sends the Client's credentials to another host.
func checkRawPath(path string) error {
	switch {
	case !strings.HasPrefix(path, "/"):
		return errors.New(`aircall: Do: the path must start with "/" and be relative to the base URL`)
	case strings.HasPrefix(path, "//"), strings.Contains(path, "://"):
		return errors.New("aircall: Do: the path must not name a scheme or host")
	case strings.ContainsAny(path, "?#"):
		return errors.New("aircall: Do: pass the query in query, not in the path")
	}
	return nil
}
