package aircall

import (
	stdjson "encoding/json"
	"testing"
	"time"
)

func TestTimestampDecode(t *testing.T) {
	t.Parallel()
	utc := func(s string) time.Time {
		tm, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	tests := []struct {
		name   string
		in     string
		want   time.Time
		text   string
		form   TimeForm
		encode string // re-encoded form
	}{
		{"unix int", `1584998199`, time.Unix(1584998199, 0), "", FormUnix, `1584998199`},
		{"unix int with spaces", ` 1584998199 `, time.Unix(1584998199, 0), "", FormUnix, `1584998199`},
		{"unix fraction keeps ms", `1585000999.5`, time.UnixMilli(1585000999500), "", FormUnix, `1585000999`},
		{"unix exponent", `1.584998199e9`, time.Unix(1584998199, 0), "", FormUnix, `1584998199`},
		{"unix zero", `0`, time.Unix(0, 0), "", FormUnix, `0`},
		// Message timestamps of the 2026 messaging API (addendum: "epoch
		// MILLISECONDS on send responses, e.g. 1722317361216").
		{"unix millis", `1722317361216`, time.Date(2024, 7, 30, 5, 29, 21, 216e6, time.UTC), "", FormUnixMillis, `1722317361216`},
		{"unix millis, whole second", `1584998199000`, time.Unix(1584998199, 0), "", FormUnixMillis, `1584998199000`},
		{"unix string", `"1584998199"`, time.Unix(1584998199, 0), "", FormUnixString, `"1584998199"`},
		{"unix millis string", `"1722317361216"`, time.UnixMilli(1722317361216), "", FormUnixMillisString, `"1722317361216"`},
		{"iso", `"2019-12-29T10:03:18Z"`, utc("2019-12-29T10:03:18Z"), "", FormISO, `"2019-12-29T10:03:18Z"`},
		{"iso .000Z", `"2019-12-29T10:03:18.000Z"`, utc("2019-12-29T10:03:18Z"), "", FormISOMillis, `"2019-12-29T10:03:18.000Z"`},
		{"iso .906Z", `"2020-03-10T08:31:43.906Z"`, utc("2020-03-10T08:31:43.906Z"), "", FormISOMillis, `"2020-03-10T08:31:43.906Z"`},
		{"iso .102Z webhook", `"2026-06-19T19:39:25.102Z"`, time.Date(2026, 6, 19, 19, 39, 25, 102e6, time.UTC), "", FormISOMillis, `"2026-06-19T19:39:25.102Z"`},
		{"iso one digit", `"2020-01-01T00:00:00.5+02:00"`, utc("2019-12-31T22:00:00.5Z"), "", FormISONano, `"2020-01-01T00:00:00.5+02:00"`},
		{"iso micros", `"2020-03-10T08:31:43.906123Z"`, utc("2020-03-10T08:31:43.906123Z"), "", FormISONano, `"2020-03-10T08:31:43.906123Z"`},
		{"iso +00:00", `"2020-03-10T08:31:43+00:00"`, utc("2020-03-10T08:31:43Z"), "", FormISO, `"2020-03-10T08:31:43Z"`},
		{"iso +02:00", `"2020-03-10T10:31:43+02:00"`, utc("2020-03-10T08:31:43Z"), "", FormISO, `"2020-03-10T10:31:43+02:00"`},
		{"iso millis +02:00", `"2020-03-10T10:31:43.120+02:00"`, utc("2020-03-10T08:31:43.12Z"), "", FormISOMillis, `"2020-03-10T10:31:43.120+02:00"`},
		{"iso escaped", `"2019-12-29T10:03:18\u002e000Z"`, utc("2019-12-29T10:03:18Z"), "", FormISOMillis, `"2019-12-29T10:03:18.000Z"`},
		{"null", `null`, time.Time{}, "", FormUnix, `null`},
		{"empty string", `""`, time.Time{}, "", FormUnix, `null`},
		{"not a time", `"no_available_agent"`, time.Time{}, "no_available_agent", FormText, `"no_available_agent"`},
		{"year 20120", `"20120-01-02T09:01:58.000Z"`, time.Time{}, "20120-01-02T09:01:58.000Z", FormText, `"20120-01-02T09:01:58.000Z"`},
		{"text with escapes", `"caf\u00e9 \"x\""`, time.Time{}, `café "x"`, FormText, `"café \"x\""`},
	}
	for _, e := range engines {
		for _, tt := range tests {
			t.Run(e.name+"/"+tt.name, func(t *testing.T) {
				t.Parallel()
				var ts Timestamp
				if err := e.unmarshal([]byte(tt.in), &ts); err != nil {
					t.Fatalf("Unmarshal(%s): %v", tt.in, err)
				}
				if !ts.Equal(tt.want) || ts.Text != tt.text || ts.Form != tt.form {
					t.Errorf("Unmarshal(%s) = time %v text %q form %d, want time %v text %q form %d", tt.in, ts.Time, ts.Text, ts.Form, tt.want, tt.text, tt.form)
				}
				out, err := e.marshal(ts)
				if err != nil {
					t.Fatal(err)
				}
				if string(out) != tt.encode {
					t.Errorf("Marshal = %s, want %s", out, tt.encode)
				}
			})
		}
	}
}

// TestTimestampEmbedsTime checks that the time methods apply to a
// Timestamp directly (issue 12: call.StartedAt.Unix() did not compile).
func TestTimestampEmbedsTime(t *testing.T) {
	t.Parallel()
	var c struct {
		StartedAt Timestamp `json:"started_at"`
		SentAt    Timestamp `json:"sent_at"`
	}
	if err := unmarshalSDK([]byte(`{"started_at":1584998199,"sent_at":1722317361216}`), &c); err != nil {
		t.Fatal(err)
	}
	if got := c.StartedAt.Unix(); got != 1584998199 {
		t.Errorf("StartedAt.Unix() = %d, want 1584998199", got)
	}
	if got := c.SentAt.UnixMilli(); got != 1722317361216 {
		t.Errorf("SentAt.UnixMilli() = %d, want 1722317361216", got)
	}
	if !c.StartedAt.Before(c.SentAt.Time) || c.SentAt.Year() != 2024 {
		t.Errorf("StartedAt %v, SentAt %v: the time methods disagree", c.StartedAt.Time, c.SentAt.Time)
	}
	if got := UnixMilli(1722317361216); !got.Equal(c.SentAt.Time) || got.Form != FormUnixMillis {
		t.Errorf("UnixMilli(1722317361216) = %v form %d, want %v form %d", got.Time, got.Form, c.SentAt.Time, FormUnixMillis)
	}
}

// TestTimestampISOFastPath checks that the fast parse of UTC strings
// agrees with the time package on the edges of the calendar, and leaves
// to it what it does not handle.
func TestTimestampISOFastPath(t *testing.T) {
	t.Parallel()
	for _, s := range []string{
		"2019-12-29T10:03:18Z", "2019-12-29T10:03:18.000Z", "2026-06-19T19:39:25.102Z",
		"1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999999999Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.9Z",
		"2020-02-29T12:00:00Z", "2000-02-29T12:00:00Z", "1900-02-28T12:00:00Z", "2024-12-31T23:59:59.12345Z",
		// Not valid, or not for the fast path: the time package decides.
		"2019-02-29T12:00:00Z", "1900-02-29T12:00:00Z", "2020-13-01T00:00:00Z", "2020-04-31T00:00:00Z",
		"2020-01-01T24:00:00Z", "2020-01-01T23:60:00Z", "2020-01-01T23:59:60Z", "2020-01-01T00:00:00.Z",
		"2020-01-01T00:00:00.1234567891Z", "2020-01-01t00:00:00Z", "2020-01-01T00:00:00z", "202a-01-01T00:00:00Z",
		"2020-01-01T00:00:00+00:00", "2020-01-01 00:00:00Z", "+020-01-01T00:00:00Z",
	} {
		want, werr := time.Parse(time.RFC3339Nano, s)
		got, _, ok := parseISOUTC([]byte(s))
		if ok && (werr != nil || !got.Equal(want) || got.Location() != time.UTC) {
			t.Errorf("parseISOUTC(%q) = %v; time.Parse gives %v, %v", s, got, want, werr)
		}
		var ts Timestamp
		if err := ts.UnmarshalJSON([]byte(`"` + s + `"`)); err != nil {
			t.Fatal(err)
		}
		if werr == nil && (!ts.Equal(want) || ts.Text != "") {
			t.Errorf("Timestamp(%q) = %v %q, want %v", s, ts.Time, ts.Text, want)
		}
		if werr != nil && ts.Text != s {
			t.Errorf("Timestamp(%q) = %v, want it kept as text (time.Parse: %v)", s, ts.Time, werr)
		}
	}
}

// FuzzTimestamp checks that both engines decode any value alike, that
// the fast ISO parse agrees with the time package, and that what decodes
// re-encodes to a value that decodes to the same instant and form.
func FuzzTimestamp(f *testing.F) {
	for _, s := range []string{`1584998199`, `1722317361216`, `"1584998199"`, `"2019-12-29T10:03:18.000Z"`,
		`"2020-01-01T00:00:00.5+02:00"`, `"no_available_agent"`, `null`, `""`, `1.5`, `-1`, `1e3`, `"2020-02-30T00:00:00Z"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		var a, b Timestamp
		aerr := stdjson.Unmarshal(in, &a)
		berr := unmarshalSDK(in, &b)
		if (aerr == nil) != (berr == nil) {
			// encoding/json and jsontext disagree on what is valid JSON
			// at the edges (invalid UTF-8 is tolerated by both here).
			if stdjson.Valid(in) {
				t.Fatalf("%q: encoding/json error %v, json/v2 error %v", in, aerr, berr)
			}
			return
		}
		if aerr != nil {
			return
		}
		if !a.Equal(b.Time) || a.Text != b.Text || a.Form != b.Form {
			t.Fatalf("%q: encoding/json %v %q %d, json/v2 %v %q %d", in, a.Time, a.Text, a.Form, b.Time, b.Text, b.Form)
		}
		if s := in; len(s) > 2 && s[0] == '"' {
			if tm, _, ok := parseISOUTC(s[1 : len(s)-1]); ok {
				want, err := time.Parse(time.RFC3339Nano, string(s[1:len(s)-1]))
				if err != nil || !tm.Equal(want) {
					t.Fatalf("parseISOUTC(%s) = %v; time.Parse gives %v, %v", s, tm, want, err)
				}
			}
		}
		out, err := stdjson.Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		var c Timestamp
		if err := stdjson.Unmarshal(out, &c); err != nil {
			t.Fatalf("%q re-encodes as %s, which does not decode: %v", in, out, err)
		}
		if a.Form == FormUnix || a.Form == FormUnixString {
			a.Time = a.Time.Truncate(time.Second) // seconds re-encode whole
		}
		if !c.Equal(a.Time) || c.Text != a.Text || (c.Form != a.Form && !a.IsZero()) {
			t.Fatalf("%q re-encodes as %s, which decodes to %v %q %d, want %v %q %d", in, out, c.Time, c.Text, c.Form, a.Time, a.Text, a.Form)
		}
	})
}

func TestTimestampRejectsGarbage(t *testing.T) {
	t.Parallel()
	for _, e := range engines {
		for _, in := range []string{`true`, `{}`, `[1]`, `1e300`, `-1e300`} {
			var ts Timestamp
			if err := e.unmarshal([]byte(in), &ts); err == nil {
				t.Errorf("%s: Unmarshal(%s) = %+v, want an error", e.name, in, ts)
			}
		}
	}
}

func TestTimestampInStructKeepsEachFieldsForm(t *testing.T) {
	t.Parallel()
	// A call (Unix seconds) with a nested user (ISO with millis) and a
	// message time in milliseconds.
	in := `{"started_at":1584998199,"answered_at":"no_available_agent","sent_at":1722317361216,"user":{"created_at":"2019-12-29T10:03:18.000Z"}}`
	want := `{"started_at":1584998199,"answered_at":"no_available_agent","ended_at":null,"sent_at":1722317361216,"user":{"created_at":"2019-12-29T10:03:18.000Z"}}`
	for _, e := range engines {
		var v struct {
			StartedAt  Timestamp `json:"started_at"`
			AnsweredAt Timestamp `json:"answered_at"`
			EndedAt    Timestamp `json:"ended_at"`
			SentAt     Timestamp `json:"sent_at"`
			User       struct {
				CreatedAt Timestamp `json:"created_at"`
			} `json:"user"`
		}
		if err := e.unmarshal([]byte(in), &v); err != nil {
			t.Fatal(err)
		}
		out, _ := e.marshal(v)
		if string(out) != want {
			t.Errorf("%s round trip:\n got %s\nwant %s", e.name, out, want)
		}
		if !v.EndedAt.IsZero() || v.StartedAt.IsZero() {
			t.Errorf("%s IsZero: ended_at %v started_at %v", e.name, v.EndedAt.IsZero(), v.StartedAt.IsZero())
		}
	}
}
