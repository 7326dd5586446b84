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
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Version is the version of this SDK, sent in the default User-Agent.
const Version = "0.1.0"

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

// UnmarshalJSON accepts 123, "123", null and "".
func (id *ID) UnmarshalJSON(b []byte) error {
	s := string(b)
	if s == "null" {
		return nil
	}
	if len(s) >= 2 && s[0] == '"' {
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		if s == "" {
			*id = 0
			return nil
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		f, ferr := strconv.ParseFloat(s, 64)
		if ferr != nil || f != float64(int64(f)) {
			return fmt.Errorf("aircall: cannot decode %q as an ID", truncate(s, 40))
		}
		n = int64(f)
	}
	*id = ID(n)
	return nil
}

// TimeForm is the wire form of a Timestamp: Aircall sends Unix seconds for
// some fields and ISO-8601 strings for others.
type TimeForm uint8

// The wire forms a Timestamp decodes from and re-encodes to.
const (
	// FormUnix is a JSON number of Unix seconds (calls, contacts, tags).
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
)

// Timestamp is a point in time as Aircall sends it. It decodes every form seen
// on the wire (Unix seconds as a number or a string, RFC 3339 with or without
// fraction or offset, null) and re-encodes in the form it was decoded from.
// A string that is not a time is kept in Text instead of failing the decode.
// The zero Timestamp encodes as null.
type Timestamp struct {
	// Time is the instant; zero when the field was null, missing or Text.
	Time time.Time
	// Text holds a value that is not a time, such as "no_available_agent".
	Text string
	// Form is the wire form used when encoding.
	Form TimeForm
}

// Unix returns a Timestamp for Unix seconds sec, encoded as a JSON number.
func Unix(sec int64) Timestamp { return Timestamp{Time: time.Unix(sec, 0).UTC(), Form: FormUnix} }

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
func (t Timestamp) MarshalJSON() ([]byte, error) {
	if t.Time.IsZero() {
		if t.Text != "" {
			return json.Marshal(t.Text)
		}
		return []byte("null"), nil
	}
	switch t.Form {
	case FormUnixString:
		return []byte(`"` + strconv.FormatInt(t.Time.Unix(), 10) + `"`), nil
	case FormISO:
		return []byte(`"` + t.Time.Format(time.RFC3339) + `"`), nil
	case FormISOMillis:
		return []byte(`"` + t.Time.Format("2006-01-02T15:04:05.000Z07:00") + `"`), nil
	default:
		return []byte(strconv.FormatInt(t.Time.Unix(), 10)), nil
	}
}

// UnmarshalJSON decodes any wire form of a time; see Timestamp.
func (t *Timestamp) UnmarshalJSON(b []byte) error {
	*t = Timestamp{}
	b = bytes.TrimSpace(b)
	if len(b) == 0 || string(b) == "null" {
		return nil
	}
	if b[0] != '"' {
		f, err := strconv.ParseFloat(string(b), 64)
		if err != nil {
			return fmt.Errorf("aircall: cannot decode %s as a timestamp", truncate(string(b), 40))
		}
		t.Time, t.Form = unixTime(f), FormUnix
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	switch {
	case s == "":
		return nil
	case isDigits(s):
		f, _ := strconv.ParseFloat(s, 64)
		t.Time, t.Form = unixTime(f), FormUnixString
		return nil
	}
	if tm, err := time.Parse(time.RFC3339Nano, s); err == nil {
		t.Time, t.Form = tm, FormISO
		if strings.Contains(s, ".") {
			t.Form = FormISOMillis
		}
		return nil
	}
	t.Text, t.Form = s, FormText
	return nil
}

func unixTime(f float64) time.Time {
	if f > 1e12 { // milliseconds
		return time.UnixMilli(int64(f)).UTC()
	}
	return time.Unix(int64(f), 0).UTC()
}

func isDigits(s string) bool {
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
	return json.Marshal(n.Value)
}

// UnmarshalJSON decodes null (Set, not Valid) or a value (Set and Valid).
func (n *Nullable[T]) UnmarshalJSON(b []byte) error {
	*n = Nullable[T]{Set: true}
	if string(bytes.TrimSpace(b)) == "null" {
		return nil
	}
	if err := json.Unmarshal(b, &n.Value); err != nil {
		return err
	}
	n.Valid = true
	return nil
}
