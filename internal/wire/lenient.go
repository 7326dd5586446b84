package wire

import (
	stdjson "encoding/json"
	"reflect"
)

// Lenient decodes b into v (a pointer) with unmarshal when a strict decode
// failed on a value that does not fit its Go type (a string where a number
// is expected, say): a list is decoded item by item, and an object that
// still fails is decoded member by member, dropping the members that do not
// fit (an object member that does not fit is cleaned the same way, so that
// an odd id costs the id, not the user). One odd field thus costs that
// field, never the whole page or event.
// b must be valid JSON; a list item that is not an object and does not fit
// is still an error. The SDK passes its own decoding as unmarshal, and the
// tests that compare it with encoding/json pass encoding/json's.
func Lenient(b []byte, v any, unmarshal func([]byte, any) error) error {
	rv := reflect.ValueOf(v).Elem()
	if rv.Kind() == reflect.Slice && firstByte(b) == '[' {
		var items []stdjson.RawMessage
		if err := stdjson.Unmarshal(b, &items); err != nil {
			return err
		}
		out := reflect.MakeSlice(rv.Type(), len(items), len(items))
		for i, it := range items {
			if err := Lenient(it, out.Index(i).Addr().Interface(), unmarshal); err != nil {
				return err
			}
		}
		rv.Set(out)
		return nil
	}
	decode := func(b []byte) error {
		rv.SetZero()
		return unmarshal(b, v)
	}
	err := decode(b)
	if err == nil || firstByte(b) != '{' {
		return err
	}
	good, ok := clean(b, func(x []byte) []byte { return x }, decode)
	if !ok {
		return err
	}
	return decode(good)
}

// clean returns the object b without the members that make decode fail
// once wrapped by wrap (which puts a member back at its place in the whole
// value): a member that fails and holds an object is cleaned in turn, so a
// user with an odd id keeps its name. ok is false when b is not an object.
func clean(b []byte, wrap func([]byte) []byte, decode func([]byte) error) (good []byte, ok bool) {
	var members map[string]stdjson.RawMessage
	if stdjson.Unmarshal(b, &members) != nil || members == nil {
		return nil, false
	}
	for name, val := range members {
		one, _ := stdjson.Marshal(map[string]stdjson.RawMessage{name: val})
		if decode(wrap(one)) == nil {
			continue
		}
		inner := func(x []byte) []byte {
			o, _ := stdjson.Marshal(map[string]stdjson.RawMessage{name: x})
			return wrap(o)
		}
		if sub, ok := clean(val, inner, decode); ok && decode(inner(sub)) == nil {
			members[name] = sub
			continue
		}
		delete(members, name)
	}
	good, _ = stdjson.Marshal(members)
	return good, true
}

// firstByte returns the first byte of b that is not white space, or 0.
func firstByte(b []byte) byte {
	for _, c := range b {
		if !isSpace(c) {
			return c
		}
	}
	return 0
}
