package aircall

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/go-json-experiment/json/jsontext"
)

// Timestamp and its wire forms: Aircall sends times as Unix seconds,
// milliseconds or ISO 8601 text, depending on the endpoint and the event.

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
