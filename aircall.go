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
// The webhook subpackage receives Aircall's events, and aircalltest is an
// in-memory Aircall for tests and demos.
package aircall

import (
	"bytes"
	stdjson "encoding/json"
	"errors"
	"fmt"
	"math"
	"net/url"
	"strconv"
	"strings"
	"time"
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

// TimeForm is the wire form of a Timestamp: Aircall sends Unix seconds for
// some fields, epoch milliseconds for others (messages) and ISO-8601 strings
// for the rest.
type TimeForm uint8

// The wire forms a Timestamp decodes from and re-encodes to.
const (
	// FormUnix is a JSON number of Unix seconds (calls, contacts, tags).
	// A fraction is kept to the millisecond in Time but re-encoded as
	// whole seconds, the form the API uses.
	FormUnix TimeForm = iota
	// FormUnixString is a JSON string holding Unix seconds.
	FormUnixString
	// FormISO is an RFC 3339 string without fraction: "2020-01-02T11:41:01Z".
	FormISO
	// FormISOMillis is an RFC 3339 string with milliseconds: "2020-01-02T11:41:01.000Z".
	FormISOMillis
	// FormText is a string that is not a time (answered_at can hold
	// "no_available_agent"); it is kept in Timestamp.Text.
	FormText
	// FormUnixMillis is a JSON number of milliseconds since the epoch
	// (message created_at, sent_at, updated_at). A number above 10^12 is
	// read as milliseconds: in seconds it would be after the year 33000.
	FormUnixMillis
	// FormUnixMillisString is a JSON string holding milliseconds since the
	// epoch.
	FormUnixMillisString
	// FormISONano is an RFC 3339 string with a fraction of other than 3
	// digits, such as "2020-01-01T00:00:00.5+02:00"; it re-encodes with
	// the fewest digits that keep the instant (time.RFC3339Nano).
	FormISONano
)

// Timestamp is a point in time as Aircall sends it. It embeds the
// time.Time, so call.StartedAt.Unix() and the other time methods work on
// it directly. It decodes every form seen on the wire (Unix seconds or
// milliseconds as a number or a string, RFC 3339 with or without fraction
// or offset, null) and re-encodes in the form it was decoded from. A string
// that is not a time is kept in Text instead of failing the decode. The
// zero Timestamp encodes as null.
type Timestamp struct {
	// Time is the instant; zero when the field was null, missing or Text.
	time.Time
	// Text holds a value that is not a time, such as "no_available_agent".
	Text string
	// Form is the wire form used when encoding.
	Form TimeForm
}

// Unix returns a Timestamp for Unix seconds sec, encoded as a JSON number.
func Unix(sec int64) Timestamp { return Timestamp{Time: time.Unix(sec, 0).UTC(), Form: FormUnix} }

// UnixMilli returns a Timestamp for msec milliseconds since the epoch,
// encoded as a JSON number of milliseconds.
func UnixMilli(msec int64) Timestamp {
	return Timestamp{Time: time.UnixMilli(msec).UTC(), Form: FormUnixMillis}
}

// IsZero reports whether t holds neither a time nor a text.
func (t Timestamp) IsZero() bool { return t.Time.IsZero() && t.Text == "" }

// String returns the time in RFC 3339, the Text, or "" for a zero Timestamp.
func (t Timestamp) String() string {
	if !t.Time.IsZero() {
		return t.Time.Format(time.RFC3339)
	}
	return t.Text
}

// MarshalJSON encodes t in its Form; the zero Timestamp is null.
func (t Timestamp) MarshalJSON() ([]byte, error) { return t.appendJSON(nil), nil }

// appendJSON appends the JSON encoding of t to b.
func (t Timestamp) appendJSON(b []byte) []byte {
	if t.Time.IsZero() {
		if t.Text != "" {
			b, _ = jsontext.AppendQuote(b, t.Text) // invalid UTF-8 becomes U+FFFD
			return b
		}
		return append(b, "null"...)
	}
	switch t.Form {
	case FormUnixString:
		return append(strconv.AppendInt(append(b, '"'), t.Time.Unix(), 10), '"')
	case FormUnixMillis:
		return strconv.AppendInt(b, t.Time.UnixMilli(), 10)
	case FormUnixMillisString:
		return append(strconv.AppendInt(append(b, '"'), t.Time.UnixMilli(), 10), '"')
	case FormISO:
		return append(t.Time.AppendFormat(append(b, '"'), time.RFC3339), '"')
	case FormISOMillis:
		return append(t.Time.AppendFormat(append(b, '"'), "2006-01-02T15:04:05.000Z07:00"), '"')
	case FormISONano:
		return append(t.Time.AppendFormat(append(b, '"'), time.RFC3339Nano), '"')
	default:
		return strconv.AppendInt(b, t.Time.Unix(), 10)
	}
}

// UnmarshalJSON decodes any wire form of a time; see Timestamp.
func (t *Timestamp) UnmarshalJSON(b []byte) error { return t.parse(bytes.TrimSpace(b)) }

// millisAbove is the value above which a Unix time is in milliseconds.
const millisAbove = 1e12

// parse decodes the JSON value b.
func (t *Timestamp) parse(b []byte) error {
	if len(b) == 0 || string(b) == "null" {
		*t = Timestamp{}
		return nil
	}
	if b[0] != '"' {
		tm, form, err := parseUnixNumber(b)
		*t = Timestamp{Time: tm, Form: form}
		return err
	}
	var buf [64]byte
	s := unquote(buf[:0], b)
	if len(s) == 0 {
		*t = Timestamp{}
		return nil
	}
	if isDigits(s) {
		if n, ok := parseInt(s); ok {
			if n > millisAbove {
				*t = Timestamp{Time: time.UnixMilli(n).UTC(), Form: FormUnixMillisString}
			} else {
				*t = Timestamp{Time: time.Unix(n, 0).UTC(), Form: FormUnixString}
			}
			return nil
		}
	}
	if tm, form, ok := parseISOUTC(s); ok {
		*t = Timestamp{Time: tm, Form: form}
		return nil
	}
	var tm time.Time
	if err := tm.UnmarshalText(s); err == nil {
		*t = Timestamp{Time: tm, Form: isoForm(s)}
		return nil
	}
	if tm, err := time.Parse(time.RFC3339Nano, string(s)); err == nil { // looser, such as a one-digit hour
		*t = Timestamp{Time: tm, Form: isoForm(s)}
		return nil
	}
	*t = Timestamp{Text: string(s), Form: FormText}
	return nil
}

// parseISOUTC parses the common "2006-01-02T15:04:05Z" with no fraction or
// a fraction of 1 to 9 digits, as time.Time.UnmarshalText does but faster;
// ok is false for any other string, to be parsed by time.
func parseISOUTC(s []byte) (tm time.Time, form TimeForm, ok bool) {
	if len(s) < 20 || s[len(s)-1] != 'Z' || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' {
		return tm, 0, false
	}
	num := func(b []byte) int {
		n := 0
		for _, c := range b {
			if c < '0' || c > '9' {
				return -1
			}
			n = n*10 + int(c-'0')
		}
		return n
	}
	year, month, day := num(s[0:4]), num(s[5:7]), num(s[8:10])
	hour, minute, sec := num(s[11:13]), num(s[14:16]), num(s[17:19])
	if year < 1 || month < 1 || month > 12 || day < 1 || day > daysIn(month, year) ||
		hour < 0 || hour > 23 || minute < 0 || minute > 59 || sec < 0 || sec > 59 {
		return tm, 0, false
	}
	nsec, form := 0, FormISO
	if frac := s[19 : len(s)-1]; len(frac) > 0 {
		digits := frac[1:]
		if frac[0] != '.' || len(digits) == 0 || len(digits) > 9 {
			return tm, 0, false
		}
		if nsec = num(digits); nsec < 0 {
			return tm, 0, false
		}
		for range 9 - len(digits) {
			nsec *= 10
		}
		form = FormISONano
		if len(digits) == 3 {
			form = FormISOMillis
		}
	}
	unix := (daysFromCivil(year, month, day)*24+int64(hour))*3600 + int64(minute)*60 + int64(sec)
	return time.Unix(unix, int64(nsec)).UTC(), form, true
}

// daysIn returns the number of days in month of year.
func daysIn(month, year int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// daysFromCivil returns the number of days from 1970-01-01 to the
// proleptic Gregorian date y-m-d (Howard Hinnant's algorithm).
func daysFromCivil(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400 // y >= 0 here (year >= 1), so the truncated division floors
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era)*146097 + int64(doe) - 719468
}

// isoForm returns the form of the RFC 3339 string s: no fraction, 3 digits
// or another number of digits.
func isoForm(s []byte) TimeForm {
	i := 0
	for i < len(s) && s[i] != '.' && s[i] != ',' {
		i++
	}
	if i == len(s) {
		return FormISO
	}
	n := 0
	for i++; i+n < len(s) && s[i+n] >= '0' && s[i+n] <= '9'; n++ {
	}
	if n == 3 {
		return FormISOMillis
	}
	return FormISONano
}

// parseUnixNumber parses the JSON number b: Unix seconds, kept to the
// millisecond, or milliseconds when above 10^12.
func parseUnixNumber(b []byte) (time.Time, TimeForm, error) {
	i, neg := 0, b[0] == '-'
	if neg {
		i++
	}
	var n, frac int64
	digits, fracDigits := 0, 0
	for ; i < len(b) && b[i] >= '0' && b[i] <= '9'; i++ {
		n = n*10 + int64(b[i]-'0')
		digits++
	}
	if i < len(b) && b[i] == '.' {
		for i++; i < len(b) && b[i] >= '0' && b[i] <= '9'; i++ {
			if fracDigits < 3 {
				frac = frac*10 + int64(b[i]-'0')
				fracDigits++
			}
		}
	}
	for ; fracDigits < 3; fracDigits++ {
		frac *= 10
	}
	switch {
	case i != len(b) || digits == 0 || digits > 18 || (neg && digits > 15):
		// An exponent, or too many digits for an int64: see below.
	case n > millisAbove && !neg:
		return time.UnixMilli(n).UTC(), FormUnixMillis, nil
	case neg:
		return time.UnixMilli(-(n*1000 + frac)).UTC(), FormUnix, nil
	default:
		return time.UnixMilli(n*1000 + frac).UTC(), FormUnix, nil
	}
	f, err := strconv.ParseFloat(string(b), 64)
	switch {
	case err != nil || math.IsNaN(f) || f >= 9e18 || f <= -9e15:
		return time.Time{}, 0, fmt.Errorf("aircall: cannot decode %s as a timestamp", truncate(string(b), 40))
	case f > millisAbove:
		return time.UnixMilli(int64(f)).UTC(), FormUnixMillis, nil
	}
	return time.UnixMilli(int64(f * 1000)).UTC(), FormUnix, nil
}

// unixTime returns the time of Unix seconds f, or of milliseconds when f is
// above 10^12.
func unixTime(f float64) time.Time {
	if f > millisAbove {
		return time.UnixMilli(int64(f)).UTC()
	}
	return time.Unix(int64(f), 0).UTC()
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
