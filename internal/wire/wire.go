// Package wire holds the JSON decoding machinery that package aircall and
// package webhook share: the tolerant options every decode starts from, the
// rule that turns an empty object into a nil pointer, and a pool of
// decoders over byte slices.
package wire

import (
	"bytes"
	"errors"
	"sync"

	json "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	jsonv1 "github.com/go-json-experiment/json/v1"
)

// Tolerant are the options every decode starts from. They follow
// encoding/json (v1) where real payloads need it: duplicate names are
// allowed (the spec's contact example repeats "emails") and a later one
// merges into or replaces what an earlier one decoded; null leaves a
// string, number, bool or struct alone; names match case-insensitively (as
// strings.EqualFold, without ignoring "_" and "-"); invalid UTF-8 becomes
// U+FFFD; unknown members are ignored.
var Tolerant = json.JoinOptions(
	jsontext.AllowDuplicateNames(true),
	jsontext.AllowInvalidUTF8(true),
	json.MatchCaseInsensitiveNames(true),
	jsonv1.MatchCaseSensitiveDelimiter(true),
	jsonv1.MergeWithLegacySemantics(true),
)

// NilIfEmpty returns an unmarshaler for a *T that is the value of an
// object member: an empty object ({} with any white space inside) leaves a
// nil pointer nil instead of pointing it at a zero T. Anything else, a *T
// that a repeated name already set (an empty object merges nothing into
// it), and a *T in an array or at the top level decode as usual.
func NilIfEmpty[T any]() *json.Unmarshalers {
	return json.UnmarshalFromFunc(func(dec *jsontext.Decoder, p **T) error {
		if *p != nil || dec.PeekKind() != '{' || !emptyObjectNext(dec.UnreadBuffer()) {
			return errors.ErrUnsupported
		}
		if kind, _ := dec.StackIndex(dec.StackDepth()); kind != '{' {
			return errors.ErrUnsupported
		}
		return dec.SkipValue()
	})
}

// For returns full when data may hold an empty object (a '{' then white
// space and '}', in a string or not), and otherwise Tolerant. full is
// Tolerant plus unmarshalers that only act on empty objects, such as
// NilIfEmpty's, so both decode data the same, but Tolerant faster: with any
// unmarshaler, the decoder looks up every value's type in a sync.Map.
func For(data []byte, full json.Options) json.Options {
	for i := 0; ; {
		j := bytes.IndexByte(data[i:], '{')
		if j < 0 {
			return Tolerant
		}
		i += j + 1
		for i < len(data) && isSpace(data[i]) {
			i++
		}
		if i < len(data) && data[i] == '}' {
			return full
		}
	}
}

// emptyObjectNext reports whether the next value in b, the unread input
// after a name, is an empty object. Before it come the ':' and white space.
func emptyObjectNext(b []byte) bool {
	i := 0
	for i < len(b) && (b[i] == ':' || isSpace(b[i])) {
		i++
	}
	if i == len(b) || b[i] != '{' {
		return false
	}
	for i++; i < len(b) && isSpace(b[i]); i++ {
	}
	return i < len(b) && b[i] == '}'
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// Decoder is a jsontext.Decoder over a byte slice, from a pool: a Decoder
// keeps the buffers and the string cache that spare allocations from one
// body to the next.
type Decoder struct {
	jsontext.Decoder
	in bytes.Buffer
}

var decoders = sync.Pool{New: func() any { return new(Decoder) }}

// NewDecoder returns a pooled Decoder that reads data with opts. Release
// it when done; data must not change until then.
func NewDecoder(data []byte, opts json.Options) *Decoder {
	d := decoders.Get().(*Decoder)
	d.in = *bytes.NewBuffer(data)
	d.Reset(&d.in, opts)
	return d
}

// Release drops d's reference to its input and returns d to the pool.
func (d *Decoder) Release() {
	d.in = bytes.Buffer{}
	d.Reset(&d.in)
	decoders.Put(d)
}
