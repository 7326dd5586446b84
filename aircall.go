// Package aircall is an unofficial Go client for the Aircall Public API
// (https://developer.aircall.io/api-references/).
//
// A Client covers every documented endpoint, authenticates with Basic
// credentials (api_id, api_token) or an OAuth access token, paces its requests
// from the X-AircallApi-* headers so that many goroutines can share one
// company's budget, retries only what is safe to retry, and iterates past the
// 10,000-item cap that Aircall puts on call and contact lists.
//
//	c, err := aircall.NewClient(aircall.WithBasicAuth(apiID, apiToken))
//	if err != nil { ... }
//	for u, err := range c.Users.All(ctx, nil) {
//		if err != nil { ... }
//		fmt.Println(u.Name)
//	}
//
// # Lists: one page, every item, every page
//
// Every paged list has three methods, named by one rule. The one-page
// method is List for the service's own resource (Users.List), List
// followed by the plural for another list of the service
// (Users.ListAvailabilities), or the verb of a list that has one
// (Calls.Search). The every-item iterator replaces List by All
// (Users.All, Users.AllAvailabilities), or adds All to the verb
// (Calls.SearchAll). The every-page iterator, which yields each *Page with
// its Meta and Response, is Pages, the singular followed by Pages
// (Users.AvailabilityPages), or the verb followed by Pages
// (Calls.SearchPages). All and Pages of calls and contacts walk by a time
// cursor, exactly once on a changing account and past the 10,000-item cap;
// the other lists page by offset, and their docs say what a concurrent
// change can do to a walk.
//
// The webhook subpackage receives Aircall's events, and aircalltest is an
// in-memory Aircall for tests and demos.
package aircall

import (
	"bytes"
	stdjson "encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/go-json-experiment/json/jsontext"
)

// Version is the version of this SDK, sent in the default User-Agent.
const Version = "0.2.0"

// DefaultBaseURL is the root of the Aircall Public API. Paths such as
// /v1/users are resolved against it.
const DefaultBaseURL = "https://api.aircall.io"

// Ptr returns a pointer to v. It fills the optional pointer fields of update
// params: aircall.Ptr("Jeff") or aircall.Ptr(0).
func Ptr[T any](v T) *T { return &v }

// ID identifies an Aircall resource. It decodes from a JSON number or from a
// string of digits, since the API sends both.
type ID int64

// String returns the decimal form of id.
func (id ID) String() string { return strconv.FormatInt(int64(id), 10) }

// UnmarshalJSON accepts 123, "123", null and "" (null leaves id alone, ""
// is 0). A number with an exponent or a zero fraction, such as 4.0e2, is
// accepted too.
func (id *ID) UnmarshalJSON(b []byte) error { return id.parse(bytes.TrimSpace(b)) }

// parse decodes the JSON value b, a number, a string or null.
func (id *ID) parse(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	s := b
	if len(b) > 0 && b[0] == '"' {
		var buf [32]byte
		if s = unquote(buf[:0], b); len(s) == 0 {
			*id = 0
			return nil
		}
	}
	if n, ok := parseInt(s); ok {
		*id = ID(n)
		return nil
	}
	f, err := strconv.ParseFloat(string(s), 64)
	if err != nil || f != float64(int64(f)) {
		return fmt.Errorf("aircall: cannot decode %q as an ID", truncate(string(s), 40))
	}
	*id = ID(int64(f))
	return nil
}

// unquote returns the contents of the JSON string literal b, appended to
// buf when b holds escapes (invalid UTF-8 and lone surrogates become
// U+FFFD, as with encoding/json), or else a slice of b.
func unquote(buf, b []byte) []byte {
	if len(b) < 2 {
		return nil
	}
	in := b[1 : len(b)-1]
	if bytes.IndexByte(in, '\\') < 0 && utf8.Valid(in) {
		return in
	}
	// b was validated as a string literal by the decoder, so the only error
	// left is invalid UTF-8, which is replaced.
	s, _ := jsontext.AppendUnquote(buf, b)
	return s
}

// parseInt parses an optionally signed decimal integer that fits in an
// int64, without allocating.
func parseInt(b []byte) (int64, bool) {
	neg := len(b) > 0 && b[0] == '-'
	if len(b) > 0 && (b[0] == '-' || b[0] == '+') {
		b = b[1:]
	}
	if len(b) == 0 || len(b) > 19 {
		return 0, false
	}
	var n uint64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + uint64(c-'0')
	}
	switch {
	case neg && n <= 1<<63:
		return -int64(n), true
	case !neg && n < 1<<63:
		return int64(n), true
	}
	return 0, false
}

func isDigits[S string | []byte](s S) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return len(s) > 0
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}

// Order sorts list results by creation date.
type Order string

// Sort orders accepted by list endpoints.
const (
	OrderAsc  Order = "asc"
	OrderDesc Order = "desc"
)

// isE164 reports whether s is a phone number in E.164 form: "+" then 2 to 15
// digits, the first not 0.
func isE164(s string) bool {
	if len(s) < 3 || len(s) > 16 || s[0] != '+' || s[1] == '0' {
		return false
	}
	return isDigits(s[1:])
}

// blank reports whether s is empty or only spaces.
func blank(s string) bool { return strings.TrimSpace(s) == "" }

// isAbsHTTPURL reports whether s is an absolute http or https URL.
func isAbsHTTPURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}

// checkHTTPS accepts an absolute https URL, or an http URL on a loopback
// host. Its error shows the URL without credentials.
func checkHTTPS(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return errors.New("must be an absolute https URL")
	}
	if u.Scheme == "http" && !isLoopback(u.Hostname()) {
		return fmt.Errorf("must use https (plain http is allowed on loopback only), got %q", u.Redacted())
	}
	return nil
}

// Nullable is an update field that is left out, sent as null, or sent with
// a value. Its zero value is left out (the field is tagged omitzero); build
// the others with Null and NonNull.
//
//	p := &aircall.NumberUpdateParams{Priority: aircall.Null[int]()}     // "priority": null
//	p := &aircall.NumberUpdateParams{Priority: aircall.NonNull(1)}      // "priority": 1
type Nullable[T any] struct {
	// Value is sent when Valid is true.
	Value T
	// Valid sends Value; with Set and not Valid, null is sent.
	Valid bool
	// Set sends the field at all.
	Set bool
}

// Null returns a Nullable that is sent as null.
func Null[T any]() Nullable[T] { return Nullable[T]{Set: true} }

// NonNull returns a Nullable that is sent as v.
func NonNull[T any](v T) Nullable[T] { return Nullable[T]{Value: v, Valid: true, Set: true} }

// IsZero reports whether n is left out of the JSON body.
func (n Nullable[T]) IsZero() bool { return !n.Set && !n.Valid }

// MarshalJSON encodes Value, or null when n is not Valid.
func (n Nullable[T]) MarshalJSON() ([]byte, error) {
	if !n.Valid {
		return []byte("null"), nil
	}
	return stdjson.Marshal(n.Value)
}

// UnmarshalJSON decodes null (Set, not Valid) or a value (Set and Valid).
func (n *Nullable[T]) UnmarshalJSON(b []byte) error {
	*n = Nullable[T]{Set: true}
	if string(bytes.TrimSpace(b)) == "null" {
		return nil
	}
	if err := unmarshalSDK(b, &n.Value); err != nil {
		return err
	}
	n.Valid = true
	return nil
}
