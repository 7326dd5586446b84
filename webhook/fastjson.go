package webhook

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"reflect"
	"strconv"
	"unicode/utf8"

	aircall "github.com/seed1279ea27/aircall-go"
)

// This file holds a single-pass JSON decoder for the event payloads.
//
// encoding/json validates the whole input before decoding it, and the
// envelope's data would be scanned four times (validate the body, skip data,
// validate data, decode data). The decoder below validates while it decodes,
// through reflection plans built once for the payload types. It reproduces
// encoding/json's semantics for the kinds the payloads use (structs, pointers,
// slices, strings, bools, integers, json.Unmarshaler types; keys matched
// exactly then case-insensitively; null leaves values alone but clears
// pointers and slices; later duplicate keys decode into what earlier ones
// built). Anything else (a syntax error, a type mismatch, an escape in a
// string, invalid UTF-8, deep nesting) makes it give up, and the input is
// decoded again by encoding/json, which then decides, with its own errors.
// Tests and FuzzParse check that both agree whenever the fast path succeeds.

// errSlow means the fast path gave up: decode with encoding/json instead.
var errSlow = errors.New("webhook: fast path declined")

// maxDepth is encoding/json's nesting limit; deeper input goes the slow way.
const maxDepth = 10000

type planKind uint8

const (
	kindStruct planKind = iota
	kindPtr
	kindSlice
	kindString
	kindBool
	kindInt
	kindUnmarshaler
)

// plan tells how to decode a Go type.
type plan struct {
	kind   planKind
	typ    reflect.Type
	elem   *plan             // kindPtr, kindSlice
	fields map[string]*field // kindStruct: by exact JSON name
	list   []*field          // kindStruct: in declaration order, for case-insensitive matching
}

type field struct {
	name  string
	index int
	plan  *plan
}

var (
	unmarshalerType     = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// plans are the decoding plans of the payload types, built at init; a type
// whose plan cannot be built (an unsupported field kind) is absent and is
// always decoded by encoding/json.
var plans = func() map[reflect.Type]*plan {
	m := map[reflect.Type]*plan{}
	for _, t := range []reflect.Type{
		reflect.TypeFor[aircall.Call](),
		reflect.TypeFor[aircall.User](),
		reflect.TypeFor[aircall.Number](),
		reflect.TypeFor[aircall.Contact](),
		reflect.TypeFor[Integration](),
	} {
		building := map[reflect.Type]*plan{}
		if p, ok := buildPlan(t, building); ok {
			m[t] = p
		}
	}
	return m
}()

// buildPlan returns the plan of t, or false if t uses something the fast
// path does not reproduce exactly.
func buildPlan(t reflect.Type, building map[reflect.Type]*plan) (*plan, bool) {
	if p, ok := building[t]; ok {
		return p, true // recursive types (User.Numbers[].Users[])
	}
	p := &plan{typ: t}
	building[t] = p
	// Like encoding/json, a *T field whose *T is an Unmarshaler is nil on
	// null and allocated then unmarshalled otherwise: kindPtr to a
	// kindUnmarshaler T.
	if t.Kind() != reflect.Pointer {
		switch {
		case reflect.PointerTo(t).Implements(unmarshalerType):
			p.kind = kindUnmarshaler
			return p, true
		case reflect.PointerTo(t).Implements(textUnmarshalerType):
			return nil, false
		}
	}
	switch t.Kind() {
	case reflect.Pointer:
		p.kind = kindPtr
		e, ok := buildPlan(t.Elem(), building)
		p.elem = e
		return p, ok
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			return nil, false // []byte is base64 in encoding/json
		}
		p.kind = kindSlice
		e, ok := buildPlan(t.Elem(), building)
		p.elem = e
		return p, ok
	case reflect.String:
		p.kind = kindString
	case reflect.Bool:
		p.kind = kindBool
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		p.kind = kindInt
	case reflect.Struct:
		p.kind = kindStruct
		p.fields = map[string]*field{}
		for i := range t.NumField() {
			sf := t.Field(i)
			if sf.Anonymous {
				return nil, false
			}
			if !sf.IsExported() {
				continue
			}
			tag := sf.Tag.Get("json")
			if tag == "-" {
				continue
			}
			name, opts, _ := cutComma(tag)
			if containsOpt(opts, "string") {
				return nil, false
			}
			if name == "" {
				name = sf.Name
			}
			fp, ok := buildPlan(sf.Type, building)
			if !ok {
				return nil, false
			}
			if _, dup := p.fields[name]; dup {
				return nil, false
			}
			f := &field{name: name, index: i, plan: fp}
			p.fields[name] = f
			p.list = append(p.list, f)
		}
	default:
		return nil, false
	}
	return p, true
}

func cutComma(s string) (string, string, bool) {
	if i := bytes.IndexByte([]byte(s), ','); i >= 0 {
		return s[:i], s[i+1:], true
	}
	return s, "", false
}

func containsOpt(opts, o string) bool {
	for opts != "" {
		var cur string
		cur, opts, _ = cutComma(opts)
		if cur == o {
			return true
		}
	}
	return false
}

// decodePayload decodes data into a new T: the fast path when T has a plan
// and the input suits it, encoding/json otherwise.
func decodePayload[T any](data []byte) (*T, error) {
	v := new(T)
	if p := plans[reflect.TypeFor[T]()]; p != nil {
		if fastDecode(data, p, reflect.ValueOf(v).Elem()) == nil {
			return v, nil
		}
		v = new(T)
	}
	if err := json.Unmarshal(data, v); err != nil {
		return nil, err
	}
	return v, nil
}

// fastDecode decodes the single JSON value in data into v (of p's type).
func fastDecode(data []byte, p *plan, v reflect.Value) error {
	d := decoder{data: data}
	if err := d.value(p, v); err != nil {
		return err
	}
	d.ws()
	if d.off != len(d.data) {
		return errSlow
	}
	return nil
}

type decoder struct {
	data  []byte
	off   int
	depth int
}

func (d *decoder) ws() {
	for d.off < len(d.data) {
		switch d.data[d.off] {
		case ' ', '\t', '\n', '\r':
			d.off++
		default:
			return
		}
	}
}

// peek returns the next non-space byte, or 0 at the end.
func (d *decoder) peek() byte {
	d.ws()
	if d.off < len(d.data) {
		return d.data[d.off]
	}
	return 0
}

// literal consumes lit (true, false or null).
func (d *decoder) literal(lit string) error {
	if len(d.data)-d.off < len(lit) || string(d.data[d.off:d.off+len(lit)]) != lit {
		return errSlow
	}
	d.off += len(lit)
	return nil
}

func (d *decoder) value(p *plan, v reflect.Value) error {
	c := d.peek()
	switch p.kind {
	case kindUnmarshaler:
		raw, err := d.skip()
		if err != nil {
			return err
		}
		if v.Addr().Interface().(json.Unmarshaler).UnmarshalJSON(raw) != nil {
			return errSlow
		}
		return nil
	case kindPtr:
		if c == 'n' {
			if err := d.literal("null"); err != nil {
				return err
			}
			v.SetZero()
			return nil
		}
		if v.IsNil() {
			v.Set(reflect.New(p.elem.typ))
		}
		return d.value(p.elem, v.Elem())
	}
	if c == 'n' { // null leaves strings, bools, ints and structs alone
		if err := d.literal("null"); err != nil {
			return err
		}
		if p.kind == kindSlice {
			v.SetZero()
		}
		return nil
	}
	switch p.kind {
	case kindString:
		if c != '"' {
			return errSlow
		}
		s, err := d.str()
		if err != nil {
			return err
		}
		v.SetString(s)
	case kindBool:
		switch c {
		case 't':
			if err := d.literal("true"); err != nil {
				return err
			}
			v.SetBool(true)
		case 'f':
			if err := d.literal("false"); err != nil {
				return err
			}
			v.SetBool(false)
		default:
			return errSlow
		}
	case kindInt:
		num, err := d.number()
		if err != nil {
			return err
		}
		n, err := strconv.ParseInt(string(num), 10, 64)
		if err != nil || v.OverflowInt(n) {
			return errSlow
		}
		v.SetInt(n)
	case kindSlice:
		return d.slice(p, v)
	case kindStruct:
		return d.object(p, v)
	}
	return nil
}

func (d *decoder) slice(p *plan, v reflect.Value) error {
	if d.peek() != '[' {
		return errSlow
	}
	d.off++
	if d.depth++; d.depth > maxDepth {
		return errSlow
	}
	i := 0
	if d.peek() == ']' {
		d.off++
	} else {
		for {
			if i >= v.Cap() {
				v.Grow(1)
			}
			if i >= v.Len() {
				v.SetLen(i + 1)
			}
			if err := d.value(p.elem, v.Index(i)); err != nil {
				return err
			}
			i++
			c := d.peek()
			d.off++
			if c == ']' {
				break
			}
			if c != ',' {
				return errSlow
			}
		}
	}
	if i < v.Len() {
		v.SetLen(i)
	}
	if i == 0 {
		v.Set(reflect.MakeSlice(v.Type(), 0, 0))
	}
	d.depth--
	return nil
}

func (d *decoder) object(p *plan, v reflect.Value) error {
	if d.peek() != '{' {
		return errSlow
	}
	d.off++
	if d.depth++; d.depth > maxDepth {
		return errSlow
	}
	if d.peek() == '}' {
		d.off++
		d.depth--
		return nil
	}
	for {
		if d.peek() != '"' {
			return errSlow
		}
		key, err := d.rawKey()
		if err != nil {
			return err
		}
		if d.peek() != ':' {
			return errSlow
		}
		d.off++
		f := p.fields[string(key)]
		if f == nil {
			for _, cand := range p.list {
				if bytes.EqualFold([]byte(cand.name), key) {
					f = cand
					break
				}
			}
		}
		if f == nil {
			if _, err := d.skip(); err != nil {
				return err
			}
		} else if err := d.value(f.plan, v.Field(f.index)); err != nil {
			return err
		}
		c := d.peek()
		d.off++
		if c == '}' {
			d.depth--
			return nil
		}
		if c != ',' {
			return errSlow
		}
	}
}

// rawKey returns an object key without its quotes; a key with escapes or
// non-ASCII bytes is declined.
func (d *decoder) rawKey() ([]byte, error) {
	start := d.off + 1
	for i := start; i < len(d.data); i++ {
		switch c := d.data[i]; {
		case c == '"':
			d.off = i + 1
			return d.data[start:i], nil
		case c == '\\' || c < 0x20 || c >= utf8.RuneSelf:
			return nil, errSlow
		}
	}
	return nil, errSlow
}

// str decodes a string value; escapes and invalid UTF-8 are left to
// encoding/json.
func (d *decoder) str() (string, error) {
	start := d.off + 1
	ascii := true
	for i := start; i < len(d.data); i++ {
		switch c := d.data[i]; {
		case c == '"':
			d.off = i + 1
			inner := d.data[start:i]
			if !ascii && !utf8.Valid(inner) {
				return "", errSlow
			}
			return string(inner), nil
		case c == '\\' || c < 0x20:
			return "", errSlow
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	return "", errSlow
}

// skipString consumes a string, validating its escapes.
func (d *decoder) skipString() error {
	i := d.off + 1
	for i < len(d.data) {
		c := d.data[i]
		switch {
		case c == '"':
			d.off = i + 1
			return nil
		case c < 0x20:
			return errSlow
		case c == '\\':
			if i+1 >= len(d.data) {
				return errSlow
			}
			switch d.data[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if i+6 > len(d.data) {
					return errSlow
				}
				for _, h := range d.data[i+2 : i+6] {
					if !isHex(h) {
						return errSlow
					}
				}
				i += 6
			default:
				return errSlow
			}
		default:
			i++
		}
	}
	return errSlow
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// number consumes a JSON number and returns its text.
func (d *decoder) number() ([]byte, error) {
	data, i := d.data, d.off
	start := i
	if i < len(data) && data[i] == '-' {
		i++
	}
	switch {
	case i < len(data) && data[i] == '0':
		i++
	case i < len(data) && '1' <= data[i] && data[i] <= '9':
		for i < len(data) && '0' <= data[i] && data[i] <= '9' {
			i++
		}
	default:
		return nil, errSlow
	}
	if i < len(data) && data[i] == '.' {
		i++
		if i >= len(data) || data[i] < '0' || data[i] > '9' {
			return nil, errSlow
		}
		for i < len(data) && '0' <= data[i] && data[i] <= '9' {
			i++
		}
	}
	if i < len(data) && (data[i] == 'e' || data[i] == 'E') {
		i++
		if i < len(data) && (data[i] == '+' || data[i] == '-') {
			i++
		}
		if i >= len(data) || data[i] < '0' || data[i] > '9' {
			return nil, errSlow
		}
		for i < len(data) && '0' <= data[i] && data[i] <= '9' {
			i++
		}
	}
	d.off = i
	return data[start:i], nil
}

// skip consumes and validates one value and returns its text.
func (d *decoder) skip() ([]byte, error) {
	c := d.peek()
	start := d.off
	var err error
	switch {
	case c == '"':
		err = d.skipString()
	case c == '{':
		err = d.skipComposite('{', '}')
	case c == '[':
		err = d.skipComposite('[', ']')
	case c == 't':
		err = d.literal("true")
	case c == 'f':
		err = d.literal("false")
	case c == 'n':
		err = d.literal("null")
	case c == '-' || '0' <= c && c <= '9':
		_, err = d.number()
	default:
		err = errSlow
	}
	if err != nil {
		return nil, err
	}
	return d.data[start:d.off], nil
}

func (d *decoder) skipComposite(open, close byte) error {
	d.off++
	if d.depth++; d.depth > maxDepth {
		return errSlow
	}
	if d.peek() == close {
		d.off++
		d.depth--
		return nil
	}
	for {
		if open == '{' {
			if d.peek() != '"' {
				return errSlow
			}
			if err := d.skipString(); err != nil {
				return err
			}
			if d.peek() != ':' {
				return errSlow
			}
			d.off++
		}
		if _, err := d.skip(); err != nil {
			return err
		}
		c := d.peek()
		d.off++
		if c == close {
			d.depth--
			return nil
		}
		if c != ',' {
			return errSlow
		}
	}
}

// scanEnvelope splits a body into the envelope's fields in one validating
// pass, like json.Unmarshal into wireEnvelope would. It declines (errSlow)
// whatever it does not reproduce exactly.
func scanEnvelope(body []byte) (wireEnvelope, error) {
	var w wireEnvelope
	d := decoder{data: body}
	if d.peek() != '{' {
		return w, errSlow
	}
	d.off++
	d.depth = 1
	if d.peek() == '}' {
		d.off++
	} else {
		for {
			if d.peek() != '"' {
				return w, errSlow
			}
			key, err := d.rawKey()
			if err != nil {
				return w, err
			}
			if d.peek() != ':' {
				return w, errSlow
			}
			d.off++
			raw, err := d.skip()
			if err != nil {
				return w, err
			}
			switch {
			case bytes.EqualFold(key, []byte("resource")):
				if w.Resource, err = envString(raw, w.Resource); err != nil {
					return w, err
				}
			case bytes.EqualFold(key, []byte("event")):
				s, err := envString(raw, string(w.Event))
				if err != nil {
					return w, err
				}
				w.Event = aircall.Event(s)
			case bytes.EqualFold(key, []byte("timestamp")):
				if w.Timestamp.UnmarshalJSON(raw) != nil {
					return w, errSlow
				}
			case bytes.EqualFold(key, []byte("token")):
				w.Token = raw
			case bytes.EqualFold(key, []byte("data")):
				w.Data = raw
			}
			c := d.peek()
			d.off++
			if c == '}' {
				break
			}
			if c != ',' {
				return w, errSlow
			}
		}
	}
	d.ws()
	if d.off != len(d.data) {
		return w, errSlow
	}
	return w, nil
}

// envString decodes a string field of the envelope; null keeps old.
func envString(raw []byte, old string) (string, error) {
	if string(raw) == "null" {
		return old, nil
	}
	if len(raw) == 0 || raw[0] != '"' {
		return "", errSlow
	}
	d := decoder{data: raw}
	return d.str()
}
