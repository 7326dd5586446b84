package aircall

import (
	"encoding/json"
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
		{"unix millis", `1584998199123`, time.UnixMilli(1584998199123), "", FormUnix, `1584998199`},
		{"unix string", `"1584998199"`, time.Unix(1584998199, 0), "", FormUnixString, `"1584998199"`},
		{"iso", `"2019-12-29T10:03:18Z"`, utc("2019-12-29T10:03:18Z"), "", FormISO, `"2019-12-29T10:03:18Z"`},
		{"iso .000Z", `"2019-12-29T10:03:18.000Z"`, utc("2019-12-29T10:03:18Z"), "", FormISOMillis, `"2019-12-29T10:03:18.000Z"`},
		{"iso .906Z", `"2020-03-10T08:31:43.906Z"`, utc("2020-03-10T08:31:43.906Z"), "", FormISOMillis, `"2020-03-10T08:31:43.906Z"`},
		{"iso +00:00", `"2020-03-10T08:31:43+00:00"`, utc("2020-03-10T08:31:43Z"), "", FormISO, `"2020-03-10T08:31:43Z"`},
		{"iso +02:00", `"2020-03-10T10:31:43+02:00"`, utc("2020-03-10T08:31:43Z"), "", FormISO, `"2020-03-10T10:31:43+02:00"`},
		{"null", `null`, time.Time{}, "", FormUnix, `null`},
		{"empty string", `""`, time.Time{}, "", FormUnix, `null`},
		{"not a time", `"no_available_agent"`, time.Time{}, "no_available_agent", FormText, `"no_available_agent"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var ts Timestamp
			if err := json.Unmarshal([]byte(tt.in), &ts); err != nil {
				t.Fatalf("Unmarshal(%s): %v", tt.in, err)
			}
			if !ts.Time.Equal(tt.want) || ts.Text != tt.text || ts.Form != tt.form {
				t.Errorf("Unmarshal(%s) = %+v, want time %v text %q form %d", tt.in, ts, tt.want, tt.text, tt.form)
			}
			out, err := json.Marshal(ts)
			if err != nil {
				t.Fatal(err)
			}
			if string(out) != tt.encode {
				t.Errorf("Marshal = %s, want %s", out, tt.encode)
			}
		})
	}
}

func TestTimestampRejectsGarbage(t *testing.T) {
	t.Parallel()
	for _, in := range []string{`true`, `{}`, `[1]`} {
		var ts Timestamp
		if err := json.Unmarshal([]byte(in), &ts); err == nil {
			t.Errorf("Unmarshal(%s) succeeded, want an error", in)
		}
	}
}

func TestTimestampInStructKeepsEachFieldsForm(t *testing.T) {
	t.Parallel()
	// A call (Unix seconds) with a nested user (ISO with millis).
	in := `{"started_at":1584998199,"answered_at":"no_available_agent","user":{"created_at":"2019-12-29T10:03:18.000Z"}}`
	var v struct {
		StartedAt  Timestamp `json:"started_at"`
		AnsweredAt Timestamp `json:"answered_at"`
		EndedAt    Timestamp `json:"ended_at"`
		User       struct {
			CreatedAt Timestamp `json:"created_at"`
		} `json:"user"`
	}
	if err := json.Unmarshal([]byte(in), &v); err != nil {
		t.Fatal(err)
	}
	out, _ := json.Marshal(v)
	want := `{"started_at":1584998199,"answered_at":"no_available_agent","ended_at":null,"user":{"created_at":"2019-12-29T10:03:18.000Z"}}`
	if string(out) != want {
		t.Errorf("round trip:\n got %s\nwant %s", out, want)
	}
	if !v.EndedAt.IsZero() || v.StartedAt.IsZero() {
		t.Errorf("IsZero: ended_at %v started_at %v", v.EndedAt.IsZero(), v.StartedAt.IsZero())
	}
}

func TestIDDecode(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		want    ID
		wantErr bool
	}{
		{`456`, 456, false},
		{`"456"`, 456, false},
		{`null`, 0, false},
		{`""`, 0, false},
		{`4.0e2`, 400, false},
		{`"abc"`, 0, true},
		{`1.5`, 0, true},
		{`true`, 0, true},
	}
	for _, tt := range tests {
		var id ID
		err := json.Unmarshal([]byte(tt.in), &id)
		if (err != nil) != tt.wantErr || id != tt.want {
			t.Errorf("Unmarshal(%s) = %d, %v; want %d, error %v", tt.in, id, err, tt.want, tt.wantErr)
		}
	}
}

func TestIsE164(t *testing.T) {
	t.Parallel()
	for s, want := range map[string]bool{
		"+18001231234": true, "+33176111111": true, "+44": true,
		"18001231234": false, "+1 800-123-4567": false, "+0123456": false, "+": false,
		"+1234567890123456": false, "": false, "+1800abc": false,
	} {
		if got := isE164(s); got != want {
			t.Errorf("isE164(%q) = %v, want %v", s, got, want)
		}
	}
}
