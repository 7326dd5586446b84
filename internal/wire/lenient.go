package wire

import (
	stdjson "encoding/json"
	"errors"
	"reflect"
	"sort"
	"strconv"
	"strings"

	json "github.com/go-json-experiment/json"
)

// Issue is a value that Lenient dropped: where it was, as a JSON Pointer
// (RFC 6901) from the decoded value's root, and the Go type that it did
// not fit.
type Issue struct {
	Path string
	Want string
}

// Lenient decodes b into v (a pointer) with unmarshal when a strict decode
// failed on a value that does not fit its Go type (a string where a number
// is expected, say): a list is decoded item by item, and an object that
// still fails is decoded member by member, dropping the members that do not
// fit (an object member that does not fit is cleaned the same way, so that
// an odd id costs the id, not the user). One odd field thus costs that
// field, never the whole page or event. It returns the dropped values,
// with their paths under prefix (a JSON Pointer, "" for the root), sorted
// by path: those of the final decodes, and the issues that unmarshal
// returned for them (the values dropped inside the types that decode
// themselves leniently, with paths from the root of the bytes it was given).
// b must be valid JSON; a list item that is not an object and does not fit
// is still an error. The SDK passes its own decoding as unmarshal, and the
// tests that compare it with encoding/json pass encoding/json's, through
// NoIssues.
func Lenient(b []byte, v any, unmarshal Unmarshal, prefix string) ([]Issue, error) {
	var issues []Issue
	err := lenient(b, v, unmarshal, prefix, &issues)
	sort.Slice(issues, func(i, j int) bool { return issues[i].Path < issues[j].Path })
	return issues, err
}

// Unmarshal decodes b into v (a pointer) strictly, and returns the values
// dropped inside the types that decode themselves leniently, with paths from
// the root of b.
type Unmarshal func(b []byte, v any) ([]Issue, error)

// NoIssues is an Unmarshal that reports no issues, for a decoding such as
// encoding/json's.
func NoIssues(unmarshal func([]byte, any) error) Unmarshal {
	return func(b []byte, v any) ([]Issue, error) { return nil, unmarshal(b, v) }
}

func lenient(b []byte, v any, unmarshal Unmarshal, path string, issues *[]Issue) error {
	rv := reflect.ValueOf(v).Elem()
	if rv.Kind() == reflect.Slice && firstByte(b) == '[' {
		var items []stdjson.RawMessage
		if err := stdjson.Unmarshal(b, &items); err != nil {
			return err
		}
		out := reflect.MakeSlice(rv.Type(), len(items), len(items))
		for i, it := range items {
			if err := lenient(it, out.Index(i).Addr().Interface(), unmarshal, path+"/"+strconv.Itoa(i), issues); err != nil {
				return err
			}
		}
		rv.Set(out)
		return nil
	}
	var inner []Issue // the issues of the last decode
	decode := func(b []byte) (err error) {
		rv.SetZero()
		inner, err = unmarshal(b, v)
		return err
	}
	// final adds the issues of the last decode, which succeeded.
	final := func() {
		for _, is := range inner {
			*issues = append(*issues, Issue{Path: path + is.Path, Want: is.Want})
		}
	}
	err := decode(b)
	if err == nil {
		final()
	}
	if err == nil || firstByte(b) != '{' {
		return err
	}
	var found []Issue
	good, ok := clean(b, path, func(x []byte) []byte { return x }, decode, &found)
	if !ok {
		return err
	}
	*issues = append(*issues, found...)
	if err := decode(good); err != nil {
		return err
	}
	final()
	return nil
}

// clean returns the object b (at path) without the members that make
// decode fail once wrapped by wrap (which puts a member back at its place
// in the whole value), adding each one dropped to issues: a member that
// fails and holds an object is cleaned in turn, so a user with an odd id
// keeps its name. ok is false when b is not an object.
func clean(b []byte, path string, wrap func([]byte) []byte, decode func([]byte) error, issues *[]Issue) (good []byte, ok bool) {
	var members map[string]stdjson.RawMessage
	if stdjson.Unmarshal(b, &members) != nil || members == nil {
		return nil, false
	}
	for name, val := range members {
		one, _ := stdjson.Marshal(map[string]stdjson.RawMessage{name: val})
		err := decode(wrap(one))
		if err == nil {
			continue
		}
		inner := func(x []byte) []byte {
			o, _ := stdjson.Marshal(map[string]stdjson.RawMessage{name: x})
			return wrap(o)
		}
		at := path + "/" + PointerToken(name)
		var sub []Issue
		if good, ok := clean(val, at, inner, decode, &sub); ok && decode(inner(good)) == nil {
			members[name] = good
			*issues = append(*issues, sub...)
			continue
		}
		delete(members, name)
		*issues = append(*issues, Issue{Path: at, Want: want(err)})
	}
	good, _ = stdjson.Marshal(members)
	return good, true
}

// PointerToken escapes a member name as a JSON Pointer (RFC 6901)
// reference token.
func PointerToken(name string) string { return pointerEscaper.Replace(name) }

var pointerEscaper = strings.NewReplacer("~", "~0", "/", "~1")

// want names the Go type that a decode error says a value did not fit,
// or "" when the error does not say.
func want(err error) string {
	var se *json.SemanticError
	if errors.As(err, &se) && se.GoType != nil {
		return se.GoType.String()
	}
	var te *stdjson.UnmarshalTypeError
	if errors.As(err, &te) && te.Type != nil {
		return te.Type.String()
	}
	return ""
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
