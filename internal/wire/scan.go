package wire

import (
	"reflect"
	"strings"
	"sync"
	"unicode/utf16"
	"unicode/utf8"
)

// Scanner decodes JSON without reflection, for the types the SDK decodes
// most (a call and what it nests), through the scan functions their
// package registers with Register. It is a fast path, never a second set
// of rules: it accepts only input that the generic decode (Tolerant, plus
// NilIfEmpty for the pointers that use it) reads the same way, and stops at
// anything else (an escaped name, a name that matches a field only
// case-insensitively, a value of another kind, a number with a fraction,
// invalid UTF-8, invalid JSON), after which OK is false and the caller
// decodes the input again with the generic decode, which then decides.
//
// A scan function reads one value with the methods below and leaves
// members it does not know to Object.Next, which skips them (and stops
// when the name matches a field case-insensitively).
type Scanner struct {
	b   []byte
	i   int
	bad bool
	// depth is the number of objects and lists open around the next
	// value.
	depth int
	buf   []byte // scratch for unescaping strings

	// strings holds recent short strings, so that the values a page
	// repeats ("done", "inbound", a user's name) share one copy.
	strings *[256]string
}

// maxInterned is the length of the longest string the Scanner shares.
const maxInterned = 16

// intern returns b as a string, shared with an earlier equal one when b
// is short.
func (s *Scanner) intern(b []byte) string {
	if len(b) == 0 || len(b) > maxInterned || s.strings == nil {
		return string(b)
	}
	h := uint32(2166136261) // FNV-1a
	for _, c := range b {
		h = (h ^ uint32(c)) * 16777619
	}
	slot := &s.strings[h%uint32(len(s.strings))]
	if *slot == string(b) {
		return *slot
	}
	*slot = string(b)
	return *slot
}

// maxDepth bounds the nesting of objects and lists the Scanner reads
// (the generic decode refuses more than 10,000; real payloads have fewer
// than 10): deeper input is left to the generic decode.
const maxDepth = 64

// Reset makes s read b from its start.
func (s *Scanner) Reset(b []byte) { s.b, s.i, s.bad, s.depth = b, 0, false, 0 }

// open enters an object or a list, and fails s when it is too deep.
func (s *Scanner) open() bool {
	if s.depth == maxDepth {
		s.Fail()
		return false
	}
	s.depth++
	s.i++
	return true
}

// OK reports whether everything read so far was accepted.
func (s *Scanner) OK() bool { return !s.bad }

// Fail stops s: the input is left to the generic decode.
func (s *Scanner) Fail() { s.bad, s.i = true, len(s.b) }

// Offset is the offset in the input of the next byte to read.
func (s *Scanner) Offset() int { return s.i }

// End reports whether only white space is left, and fails s otherwise.
func (s *Scanner) End() bool {
	s.ws()
	if s.i != len(s.b) {
		s.Fail()
	}
	return !s.bad
}

func (s *Scanner) ws() {
	for s.i < len(s.b) && isSpace(s.b[s.i]) {
		s.i++
	}
}

// Peek skips white space and returns the next byte, without reading it:
// the first of a value ('{', '[', '"', 't', 'f', 'n', '-' or a digit)
// where a value is next, a ',', ':', '}' or ']' between values, and 0 at
// the end of the input or once s failed.
func (s *Scanner) Peek() byte {
	s.ws()
	if s.i == len(s.b) {
		return 0
	}
	return s.b[s.i]
}

// Null reads a null and reports whether the next value was one.
func (s *Scanner) Null() bool {
	if s.Peek() != 'n' {
		return false
	}
	s.literal("null")
	return !s.bad
}

func (s *Scanner) literal(lit string) {
	if len(s.b)-s.i < len(lit) || string(s.b[s.i:s.i+len(lit)]) != lit {
		s.Fail()
		return
	}
	s.i += len(lit)
}

// Object is the state of an object being read: see Scanner.Object.
type Object struct {
	// Key is the name of the current member, a slice of the input.
	Key   []byte
	names []string
	val   int // offset of the current member's value
	state uint8
}

const (
	objFirst = iota
	objMembers
	objDone
)

// Object starts reading an object whose fields are named names (for the
// case-insensitive check of unknown names). A null reads as an object
// with no members, as the generic decode leaves a struct alone on null;
// any other kind fails s. Use it as
//
//	for o := s.Object(names); o.Next(s); {
//		switch string(o.Key) { ... }
//	}
func (s *Scanner) Object(names []string) Object {
	switch s.Peek() {
	case '{':
		if !s.open() {
			break
		}
		return Object{names: names}
	case 'n':
		s.literal("null")
	default:
		s.Fail()
	}
	return Object{state: objDone}
}

// Next skips the value of the previous member when the loop body did not
// read it, then reads the next name into o.Key. It reports false at the
// end of the object or once s failed.
func (o *Object) Next(s *Scanner) bool {
	switch o.state {
	case objDone:
		return false
	case objMembers:
		if s.i == o.val && !s.bad {
			if o.matchesField(o.Key) {
				s.Fail() // a field in another case: the generic decode's rule
				return false
			}
			s.Skip()
		}
		switch s.Peek() {
		case ',':
			s.i++
		case '}':
			s.i++
			s.depth--
			o.state = objDone
			return false
		default:
			s.Fail()
			o.state = objDone
			return false
		}
		if s.Peek() != '"' {
			s.Fail()
		}
	default:
		o.state = objMembers
		if c := s.Peek(); c == '}' {
			s.i++
			s.depth--
			o.state = objDone
			return false
		} else if c != '"' {
			s.Fail()
		}
	}
	if s.bad {
		o.state = objDone
		return false
	}
	start := s.i + 1
	j := start
	for j < len(s.b) && s.b[j] != '"' && s.b[j] != '\\' && s.b[j] >= 0x20 && s.b[j] < 0x80 {
		j++
	}
	if j == len(s.b) || s.b[j] != '"' {
		s.Fail() // an escaped or non-ASCII name: left to the generic decode
		o.state = objDone
		return false
	}
	o.Key = s.b[start:j]
	s.i = j + 1
	if s.Peek() != ':' {
		s.Fail()
		o.state = objDone
		return false
	}
	s.i++
	s.ws()
	o.val = s.i
	return true
}

// matchesField reports whether key, which no case of the loop read, is a
// field's name in any case.
func (o *Object) matchesField(key []byte) bool {
	for _, n := range o.names {
		if len(n) == len(key) && equalFoldASCII(key, n) {
			return true
		}
	}
	return false
}

// equalFoldASCII compares ASCII key with name, ignoring case. Names are
// ASCII, and a non-ASCII key never reaches here, so ASCII folding is
// strings.EqualFold's answer.
func equalFoldASCII(key []byte, name string) bool {
	for i := range len(key) {
		a, b := key[i], name[i]
		if 'A' <= a && a <= 'Z' {
			a += 'a' - 'A'
		}
		if 'A' <= b && b <= 'Z' {
			b += 'a' - 'A'
		}
		if a != b {
			return false
		}
	}
	return true
}

// String reads a string into *p; null leaves *p alone.
func (s *Scanner) String(p *string) {
	switch s.Peek() {
	case '"':
		if b, ok := s.str(); ok {
			*p = s.intern(b)
		}
	case 'n':
		s.literal("null")
	default:
		s.Fail()
	}
}

// str reads a string literal and returns its contents: a slice of the
// input, or of s.buf when it holds escapes. It fails on invalid UTF-8 and
// lone surrogates, which the generic decode replaces.
func (s *Scanner) str() ([]byte, bool) {
	start := s.i + 1
	j, ascii := start, true
	for j < len(s.b) {
		c := s.b[j]
		if c == '"' || c == '\\' || c < 0x20 {
			break
		}
		if c >= 0x80 {
			ascii = false
		}
		j++
	}
	if j < len(s.b) && s.b[j] == '"' {
		if !ascii && !utf8.Valid(s.b[start:j]) {
			s.Fail()
			return nil, false
		}
		s.i = j + 1
		return s.b[start:j], true
	}
	if j == len(s.b) || s.b[j] != '\\' {
		s.Fail() // unterminated, or a control character
		return nil, false
	}
	return s.unescape(start, j)
}

// unescape reads the rest of a string literal that starts at start and
// holds a backslash at j.
func (s *Scanner) unescape(start, j int) ([]byte, bool) {
	buf := append(s.buf[:0], s.b[start:j]...)
	for j < len(s.b) {
		c := s.b[j]
		switch {
		case c == '"':
			if !utf8.Valid(buf) {
				s.Fail()
				return nil, false
			}
			s.buf, s.i = buf, j+1
			return buf, true
		case c < 0x20:
			s.Fail()
			return nil, false
		case c != '\\':
			buf = append(buf, c)
			j++
			continue
		}
		if j+1 == len(s.b) {
			break
		}
		switch e := s.b[j+1]; e {
		case '"', '\\', '/':
			buf = append(buf, e)
		case 'b':
			buf = append(buf, '\b')
		case 'f':
			buf = append(buf, '\f')
		case 'n':
			buf = append(buf, '\n')
		case 'r':
			buf = append(buf, '\r')
		case 't':
			buf = append(buf, '\t')
		case 'u':
			r, ok := hex4(s.b[j+2:])
			if !ok {
				s.Fail()
				return nil, false
			}
			if utf16.IsSurrogate(r) {
				r2, ok := rune(0), len(s.b) >= j+12 && s.b[j+6] == '\\' && s.b[j+7] == 'u'
				if ok {
					r2, ok = hex4(s.b[j+8:])
				}
				if r = utf16.DecodeRune(r, r2); !ok || r == utf8.RuneError {
					s.Fail() // a lone surrogate: the generic decode replaces it
					return nil, false
				}
				j += 6
			}
			buf = utf8.AppendRune(buf, r)
			j += 4
		default:
			s.Fail()
			return nil, false
		}
		j += 2
	}
	s.Fail()
	return nil, false
}

// hex4 decodes the four hexadecimal digits at the start of b.
func hex4(b []byte) (rune, bool) {
	if len(b) < 4 {
		return 0, false
	}
	var r rune
	for _, c := range b[:4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// Bool reads true or false into *p; null leaves *p alone.
func (s *Scanner) Bool(p *bool) {
	switch s.Peek() {
	case 't':
		s.literal("true")
		*p = !s.bad
	case 'f':
		s.literal("false")
		*p = false
	case 'n':
		s.literal("null")
	default:
		s.Fail()
	}
}

// Int reads an integer into *p; null leaves *p alone. A fraction, an
// exponent, -0 or a value out of range fails s.
func (s *Scanner) Int(p *int) {
	if s.Null() || s.bad {
		return
	}
	j, neg := s.i, false
	if j < len(s.b) && s.b[j] == '-' {
		neg = true
		j++
	}
	start := j
	var n uint64
	for j < len(s.b) && '0' <= s.b[j] && s.b[j] <= '9' && j-start < 19 {
		n = n*10 + uint64(s.b[j]-'0')
		j++
	}
	digits := j - start
	switch {
	case digits == 0, digits > 1 && s.b[start] == '0', neg && n == 0,
		j < len(s.b) && (s.b[j] == '.' || s.b[j] == 'e' || s.b[j] == 'E' || ('0' <= s.b[j] && s.b[j] <= '9')),
		n > 1<<53: // far above any count the API sends; bigger ones are left to the generic decode
		s.Fail()
		return
	}
	s.i = j
	if neg {
		*p = -int(n)
	} else {
		*p = int(n)
	}
}

// Value reads any value and returns it as it is in the input, for the
// types that parse their own bytes (an ID, a time).
func (s *Scanner) Value() []byte {
	s.ws()
	start := s.i
	s.Skip()
	if s.bad {
		return nil
	}
	return s.b[start:s.i]
}

// Skip reads any value, checking that it is valid JSON.
func (s *Scanner) Skip() {
	switch c := s.Peek(); c {
	case '{', '[':
		if !s.open() {
			return
		}
		end := byte('}')
		if c == '[' {
			end = ']'
		}
		if s.Peek() == end {
			s.i++
			s.depth--
			return
		}
		for !s.bad {
			if c == '{' {
				if s.Peek() != '"' {
					s.Fail()
					return
				}
				s.str()
				if s.Peek() != ':' {
					s.Fail()
					return
				}
				s.i++
			}
			s.Skip()
			switch s.Peek() {
			case ',':
				s.i++
			case end:
				s.i++
				s.depth--
				return
			default:
				s.Fail()
			}
		}
	case '"':
		s.str()
	case 't':
		s.literal("true")
	case 'f':
		s.literal("false")
	case 'n':
		s.literal("null")
	default:
		s.number()
	}
}

// number reads a number, checking its grammar.
func (s *Scanner) number() {
	j := s.i
	if j < len(s.b) && s.b[j] == '-' {
		j++
	}
	switch {
	case j < len(s.b) && s.b[j] == '0':
		j++
	case j < len(s.b) && '1' <= s.b[j] && s.b[j] <= '9':
		j = digits(s.b, j)
	default:
		s.Fail()
		return
	}
	if j < len(s.b) && s.b[j] == '.' {
		if k := digits(s.b, j+1); k > j+1 {
			j = k
		} else {
			s.Fail()
			return
		}
	}
	if j < len(s.b) && (s.b[j] == 'e' || s.b[j] == 'E') {
		j++
		if j < len(s.b) && (s.b[j] == '+' || s.b[j] == '-') {
			j++
		}
		if k := digits(s.b, j); k > j {
			j = k
		} else {
			s.Fail()
			return
		}
	}
	s.i = j
}

func digits(b []byte, j int) int {
	for j < len(b) && '0' <= b[j] && b[j] <= '9' {
		j++
	}
	return j
}

// Ptr reads an object member into *p with scan: null sets *p to nil, and
// when nilIfEmpty (the members decoded with NilIfEmpty), {} leaves a nil
// *p nil. Otherwise it reads into *p, allocated when nil, so that a
// repeated name merges as in the generic decode.
func Ptr[T any](s *Scanner, p **T, scan func(*T, *Scanner), nilIfEmpty bool) {
	switch s.Peek() {
	case 'n':
		if s.literal("null"); !s.bad {
			*p = nil
		}
		return
	case '{':
		if nilIfEmpty && *p == nil && emptyObjectNext(s.b[s.i:]) {
			s.Skip()
			return
		}
	default:
		s.Fail()
		return
	}
	if *p == nil {
		*p = new(T)
	}
	scan(*p, s)
}

// Opt reads a member into *p, allocated when nil, with read (such as
// (*Scanner).Bool for a *bool): null sets *p to nil.
func Opt[T any](s *Scanner, p **T, read func(*Scanner, *T)) {
	if s.Null() {
		*p = nil
		return
	}
	if *p == nil {
		*p = new(T)
	}
	read(s, *p)
}

// Slice reads an array into *p with scan: null sets *p to nil, [] to an
// empty slice with no capacity, and a null item is a nil pointer. As with
// the generic decode's legacy merge, a repeated name reuses the items of
// the earlier list: item i is read into the earlier list's item i when
// there is one (a [] between them drops the earlier items, as there).
func Slice[T any](s *Scanner, p *[]*T, scan func(*T, *Scanner)) {
	switch s.Peek() {
	case 'n':
		if s.literal("null"); !s.bad {
			*p = nil
		}
		return
	case '[':
		if !s.open() {
			return
		}
	default:
		s.Fail()
		return
	}
	items := (*p)[:0]
	if items == nil {
		items = make([]*T, 0, 4)
	}
	if s.Peek() == ']' {
		s.i++
		s.depth--
		*p = items[:0:0] // the generic decode sets a new empty slice
		return
	}
	for !s.bad {
		var item *T
		if len(items) < cap(items) {
			item = items[:len(items)+1][len(items)]
		}
		if s.Null() {
			item = nil
		} else {
			if item == nil {
				item = new(T)
			}
			scan(item, s)
		}
		items = append(items, item)
		switch s.Peek() {
		case ',':
			s.i++
		case ']':
			s.i++
			s.depth--
			*p = items
			return
		default:
			s.Fail()
		}
	}
}

// Names returns the JSON names of the fields of struct T, from their json
// tags (or Go names), plus extra: the names an Object of T checks unknown
// members against.
func Names[T any](extra ...string) []string {
	t := reflect.TypeFor[T]()
	names := append([]string(nil), extra...)
	for f := range t.Fields() {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		switch {
		case name == "-" || !f.IsExported():
			continue
		case name == "":
			name = f.Name
		}
		names = append(names, name)
	}
	return names
}

// scanners holds the scan function of each registered type, by the type's
// pointer type.
var scanners sync.Map // reflect.Type → func(any, *Scanner)

// Register makes Scan use scan for a *T, and for a *[]*T (a list of T,
// read with Slice).
func Register[T any](scan func(*T, *Scanner)) {
	scanners.Store(reflect.TypeFor[*T](), func(v any, s *Scanner) { scan(v.(*T), s) })
	scanners.Store(reflect.TypeFor[*[]*T](), func(v any, s *Scanner) { Slice(s, v.(*[]*T), scan) })
}

// Scannable reports whether Scan has a scan function for v's type.
func Scannable(v any) bool {
	_, ok := scanners.Load(reflect.TypeOf(v))
	return ok
}

var scannerPool = sync.Pool{New: func() any { return &Scanner{strings: new([256]string)} }}

// NewScanner returns a Scanner from a pool, reading data, whose buffers
// and shared strings serve from one input to the next. Release it when
// done.
func NewScanner(data []byte) *Scanner {
	s := scannerPool.Get().(*Scanner)
	s.Reset(data)
	return s
}

// Release drops s's reference to its input and returns s to the pool.
func (s *Scanner) Release() {
	s.Reset(nil)
	scannerPool.Put(s)
}

// Scan decodes data, one JSON value, into v (a pointer to a registered
// type) with the fast path, and reports whether it did. When it reports
// false, v may be partly written: reset it and decode data with the
// generic decode.
func Scan(data []byte, v any) bool {
	f, ok := scanners.Load(reflect.TypeOf(v))
	if !ok {
		return false
	}
	s := NewScanner(data)
	defer s.Release()
	f.(func(any, *Scanner))(v, s)
	return s.End()
}

// ScanValue decodes the next value of s into v, a pointer to a registered
// type; it fails s when the type has none.
func ScanValue(s *Scanner, v any) {
	f, ok := scanners.Load(reflect.TypeOf(v))
	if !ok {
		s.Fail()
		return
	}
	f.(func(any, *Scanner))(v, s)
}
