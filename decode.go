package aircall

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"reflect"
	"sync"
)

// decodeKey decodes the value under key of a JSON object body into v (a
// pointer), and the "meta" object into meta when meta is not nil, in one
// json.Unmarshal: the envelope struct {V *T `json:"<key>"`; Meta *Meta} is
// built once per (type, key) with reflect.StructOf and cached. found is false
// when the key is missing or null. With key "" the whole body is decoded
// into v.
func decodeKey(data []byte, key string, v any, meta *Meta) (found bool, err error) {
	if key == "" {
		return true, json.Unmarshal(data, v)
	}
	rv := reflect.ValueOf(v)
	env := reflect.New(envelopeType(rv.Type().Elem(), key)).Elem()
	if meta != nil {
		env.Field(1).Set(reflect.ValueOf(meta))
	}
	if err := json.Unmarshal(data, env.Addr().Interface()); err != nil {
		return false, err
	}
	if got := env.Field(0); !got.IsNil() {
		rv.Elem().Set(got.Elem())
		return true, nil
	}
	return false, nil
}

type envelopeKey struct {
	t   reflect.Type
	key string
}

var envelopeTypes sync.Map // envelopeKey -> reflect.Type

func envelopeType(t reflect.Type, key string) reflect.Type {
	k := envelopeKey{t, key}
	if et, ok := envelopeTypes.Load(k); ok {
		return et.(reflect.Type)
	}
	et := reflect.StructOf([]reflect.StructField{
		{Name: "V", Type: reflect.PointerTo(t), Tag: reflect.StructTag(`json:"` + key + `"`)},
		{Name: "Meta", Type: reflect.TypeFor[*Meta](), Tag: `json:"meta"`},
	})
	envelopeTypes.Store(k, et)
	return et
}

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
