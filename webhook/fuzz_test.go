//lint:file-ignore SA1019 the webhook package still receives and dispatches the V1 user events Aircall sends
package webhook

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	aircall "github.com/seed1279ea27/aircall-go"
	"github.com/seed1279ea27/aircall-go/internal/wire"
	"github.com/seed1279ea27/aircall-go/internal/wiretest"
)

// stdParse is the reference for Parse: the same envelope rules written
// with encoding/json (v1), in two passes (the envelope with raw token and
// data, then the data into the type of the event).
func stdParse(body []byte, v Verifier) (*Event, error) {
	var w struct {
		Resource  string            `json:"resource"`
		Event     aircall.Event     `json:"event"`
		Timestamp aircall.Timestamp `json:"timestamp"`
		Token     json.RawMessage   `json:"token"`
		Data      json.RawMessage   `json:"data"`
	}
	if err := json.Unmarshal(body, &w); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrMalformed, err)
	}
	if v == nil {
		return nil, ErrNotConfigured
	}
	var account any
	if _, off := v.(insecureVerifier); !off {
		var token string
		if len(w.Token) == 0 || w.Token[0] != '"' || json.Unmarshal(w.Token, &token) != nil || token == "" {
			return nil, ErrInvalidToken
		}
		a, err := v.Verify(context.Background(), token)
		if err != nil {
			return nil, err
		}
		account = a
	}
	if w.Event == "" {
		return nil, fmt.Errorf("%w: no event name", ErrMalformed)
	}
	ev := &Event{Name: w.Event, Resource: w.Resource, Timestamp: w.Timestamp, Account: account, Data: w.Data}
	if ev.Resource == "" {
		ev.Resource = w.Event.Resource()
	}
	if _, known := dataResource[w.Event]; !known {
		return ev, nil
	}
	if len(w.Data) == 0 || w.Data[0] != '{' {
		return nil, fmt.Errorf("%w: data is not an object", ErrMalformed)
	}
	p := newPayload(w.Event)
	if err := json.Unmarshal(w.Data, p); err != nil {
		// Parse's lenient second try, with encoding/json.
		p = newPayload(w.Event)
		if !json.Valid(w.Data) || func() error { _, err := wire.Lenient(w.Data, p, wire.NoIssues(json.Unmarshal), ""); return err }() != nil {
			return nil, fmt.Errorf("%w: %w", ErrMalformed, err)
		}
	}
	ev.payload = p
	return ev, nil
}

// stdKey is Event.Key with encoding/json reading the ID of undocumented
// events.
func stdKey(e *Event) string {
	return e.key(func(data []byte, v any) bool { return json.Unmarshal(data, v) == nil })
}

// emptyObjectIsNil is the one intended difference from encoding/json: an
// empty object {} where a *User, *Contact or *Number is expected decodes to
// nil, where encoding/json gives a pointer to a zero value (issue 13).
// Compared through it, a pointer to a zero value equals nil; what the fix
// decodes exactly is asserted by TestParseEmptyObjectIsNil.
var emptyObjectIsNil = cmp.Options{
	wiretest.ZeroToNil[aircall.User](), wiretest.ZeroToNil[aircall.Contact](), wiretest.ZeroToNil[aircall.Number](),
}

// sentinels are the errors whose class Parse and stdParse must agree on.
var sentinels = []error{ErrMalformed, ErrInvalidToken, ErrNotConfigured}

// eventView is what a test compares of an Event.
type eventView struct {
	Name      aircall.Event
	Resource  string
	Timestamp aircall.Timestamp
	Account   any
	Data      string
	Payload   any
}

func view(ev *Event) eventView {
	return eventView{ev.Name, ev.Resource, ev.Timestamp, ev.Account, string(ev.Data), ev.payload}
}

// diffVerifiers are the verifiers under which Parse and stdParse are
// compared: one with an account, none, and nil.
var diffVerifiers = []struct {
	name string
	v    Verifier
}{
	{"TokenAccounts", TokenAccounts(map[string]string{testToken: "acme"})},
	{"InsecureSkipVerify", InsecureSkipVerify()},
	{"nil", nil},
}

// checkMatchesStd fails t unless Parse and stdParse agree on body under
// every verifier of diffVerifiers: the same event and payload (go-cmp), or
// errors of the same class.
func checkMatchesStd(t testing.TB, body []byte) {
	t.Helper()
	for _, dv := range diffVerifiers {
		got, gerr := Parse(body, dv.v)
		want, werr := stdParse(body, dv.v)
		if (gerr == nil) != (got != nil) {
			t.Fatalf("%s: Parse(%q) = %v, %v: want an event or an error", dv.name, body, got, gerr)
		}
		if werr != nil || gerr != nil {
			for _, s := range sentinels {
				if errors.Is(gerr, s) != errors.Is(werr, s) {
					t.Errorf("%s: Parse(%q):\n got error %v\nwant error %v", dv.name, body, gerr, werr)
					break
				}
			}
			if (gerr == nil) != (werr == nil) {
				t.Errorf("%s: Parse(%q):\n got error %v\nwant error %v", dv.name, body, gerr, werr)
			}
			continue
		}
		if gk, wk := got.Key(), stdKey(want); gk != wk {
			t.Errorf("%s: Parse(%q).Key() = %q, encoding/json gives %q", dv.name, body, gk, wk)
		}
		w, g := view(want), view(got)
		// DeepEqual first: cmp is slow, and both sides hold time.Time
		// values made the same way by Timestamp's decoders.
		if !reflect.DeepEqual(w, g) {
			if d := cmp.Diff(w, g, emptyObjectIsNil); d != "" {
				t.Errorf("%s: Parse(%q) differs from encoding/json (-std +got):\n%s", dv.name, body, d)
			}
		}
	}
}

// fixtureBodies returns every testdata body.
func fixtureBodies(t testing.TB) map[string][]byte {
	t.Helper()
	entries, err := os.ReadDir("testdata")
	if err != nil {
		t.Fatal(err)
	}
	m := map[string][]byte{}
	for _, e := range entries {
		if !e.IsDir() {
			m[e.Name()] = fixture(t, e.Name())
		}
	}
	return m
}

// oddData are data objects that exercise the corners of decoding: each is
// sent as the data of one event of every resource.
var oddData = []string{
	`{"id":812,"raw_digits":"+33 6 12 34 56 78"}`,
	`{"ID":812,"Raw_Digits":"x","USER":{"NAME":"a"},"Is_Shared":true,"INTEGRATION_ID":4}`, // names match case-insensitively
	`{"rawdigits":"x","raw-digits":"y","integrationid":4,"firstname":"z"}`,                // but "_" and "-" count
	`{"ſtatus":"done","Kelvin":1,"K":2,"direct_linK":"x"}`,                                // Unicode folding (ſ is s, K is k)
	`{"user":{"name":"a","email":"e"},"user":{"name":"b"}}`,                               // duplicate names merge
	`{"tags":[{"id":1,"name":"a"},{"id":2}],"tags":[{"name":"z"}]}`,                       // a second array reuses elements
	`{"emails":[{"id":1,"value":"a"}],"emails":[{"label":"b"}],"emails":[]}`,
	`{"tags":[{"id":1}],"tags":[]}`,
	`{"tags":[{"id":1}],"tags":null,"user":null,"status":null}`, // null clears slices and pointers only
	`{"status":"done","status":null,"duration":5,"duration":null,"archived":true,"archived":null}`,
	`{"started_at":1585000999,"started_at":null,"id":7,"id":null,"number":{"id":1},"number":{"name":"n"}}`,
	`{"duration":1e3}`, `{"duration":1.5}`, `{"duration":-0}`, `{"duration":99999999999999999999}`,
	`{"duration":"40"}`, `{"archived":"true"}`, `{"archived":1}`, `{"number":[]}`, `{"comments":{}}`,
	`{"raw_digits":"caf\u00e9"}`, `{"raw_digits":"José"}`, "{\"raw_digits\":\"\xff\",\"first_name\":\"a\xc3\"}", `{"raw_digits":"a\"b"}`,
	`{"raw_digits":"\ud800","first_name":"\udc00\ud83d\ude00"}`, // lone surrogates become U+FFFD
	"{\"raw\xffdigits\":\"x\",\"na\xc3me\":\"y\"}",
	`{"unknown":{"a":[1,2,{"b":"\u00e9\n"}],"c":null,"d":true,"e":-1.5e-3}}`,
	`{"unknown":"\x"}`, `{"unknown":[1,]}`, `{"unknown":{"a" 1}}`, `{"unknown":01}`, `{"unknown":tru}`,
	`{}`, `null`, `[]`, `"x"`, `1`, ``, `{`,
	`{"answered_at":"no_available_agent","started_at":"1585000999","ended_at":1585000999.5,"created_at":"2020-01-01T00:00:00.5+02:00"}`,
	`{"id":"812","number":{"priority":null},"participants":[{"id":"5","type":"user"}]}`,
	`{"id":"","default_number_id":"x"}`, `{"id":1.0}`, `{"id":1.5}`, `{"id":true}`, `{"priority":"1"}`,
	`{"user":{},"contact":{ },"number":{},"assigned_to":{},"tags":[{"id":1,"tagged_by":{}}],"comments":[{"posted_by":{}}]}`, // empty objects are nil
	`{"user":{"name":"a"},"user":{}}`, `{"user":{},"user":{"name":"b"}}`, `{"numbers":[{}],"teams":[{}],"user":{"numbers":[{}]}}`,
	`{"ivr_options":[{"id":1,"key":"2"},null]}`, `{"ivr_options":[{"id":1,"key":{}}]}`,
	`{"created_at":"2020-01-04T19:28:58+00:00","numbers":[{"users":[{"numbers":[]}]}]}`,
	`{"integration_id":42,"company_id":"1"}`, `{"integration_id":null,"company_id":[]}`,
	`{"messages":{"welcome":"w"},"messages":{"waiting":"x"},"messages":null}`,
	`{"phone_numbers":[{"id":1,"value":"+1"},{"id":2}],"phone_numbers":[{"label":"x"}]}`,
	strings.Repeat(`{"unknown":`, 100) + `1` + strings.Repeat(`}`, 100),
	`{"unknown":` + strings.Repeat(`[`, 9998) + strings.Repeat(`]`, 9998) + `}`,
	`{"unknown":` + strings.Repeat(`[`, 9999) + strings.Repeat(`]`, 9999) + `}`,
	`{"unknown":` + strings.Repeat(`[`, 10001) + strings.Repeat(`]`, 10001) + `}`,
}

// oddEnvelopes are whole bodies with unusual envelopes.
var oddEnvelopes = []string{
	``, ` `, `{}`, `null`, ` null `, `[]`, `"x"`, `1`, `true`, `{`, `{}}`, `{} {}`, `{}x`, `{} `,
	`{"event":"call.ended"}`, `{"event":"call.ended","token":"45XXYYZZa08"}`,
	`{"event":"call.ended","token":"45XXYYZZa08","data":{"id":"812","answered_at":"no_available_agent"}}`,
	// Data before the event or the token, or both.
	`{"data":{"id":1},"event":"call.ended","token":"45XXYYZZa08"}`,
	`{"event":"call.ended","data":{"id":1},"token":"45XXYYZZa08"}`,
	`{"token":"45XXYYZZa08","data":{"id":1},"event":"user.created"}`,
	// A member after data changes the event, the token or the data.
	`{"event":"call.ended","token":"45XXYYZZa08","data":{"id":1},"event":"user.created"}`,
	`{"event":"call.ended","token":"45XXYYZZa08","data":{"id":1},"event":"x.y"}`,
	`{"event":"x.y","token":"45XXYYZZa08","data":{"id":1},"event":"call.ended"}`,
	`{"event":"call.ended","token":"45XXYYZZa08","data":{"id":1},"token":"wrong"}`,
	`{"event":"call.ended","token":"wrong","data":{"id":1},"token":"45XXYYZZa08"}`,
	`{"event":"call.ended","token":"45XXYYZZa08","data":{"id":1},"token":null}`,
	`{"event":"call.ended","token":"45XXYYZZa08","data":{"id":1},"data":{"id":2}}`,
	`{"event":"call.ended","token":"45XXYYZZa08","data":{"id":1},"data":null}`,
	`{"event":"call.ended","token":"45XXYYZZa08","data":{"id":1},"EVENT":"user.created"}`,
	`{"event":"call.ended","token":"45XXYYZZa08","data":{"id":1},"event":null}`,
	`{"event":"call.ended","token":"45XXYYZZa08","data":{"id":1},"timestamp":5,"resource":"x"}`,
	`{"event":"call.ended","token":"45XXYYZZa08","data":{"id":1},"unknown":[1,{"a":2}]}`,
	// The token is checked before the data is decoded.
	`{"event":"call.ended","token":"wrong","data":{"id":{"x":1}}}`,
	`{"event":"call.ended","data":{"id":{"x":1}},"token":"wrong"}`,
	`{"event":"call.ended","token":"45XXYYZZa08","data":{"id":{"x":1}},"token":"wrong"}`,
	`{"event":"call.ended","token":"wrong","data":{"id":1},"timestamp":{}}`,
	`{"event":"call.ended","token":"wrong","data":{"id":1}`,
	`{"event":"call.ended","token":"wrong","data":{"id":1}} x`,
	`{"event":"call.ended","token":"45XXYYZZa08","data":{"id":1}`,
	`{"event":"call.ended","token":"45XXYYZZa08","data":{"id":1},}`,
	`{"event":"call.ended","token":"45XXYYZZa08","data":{"id":1}}}`,
	`{"event":"call.ended","token":"45XXYYZZa08","data":{"id":{}},"data":{"id":1}}`,
	// Tokens that are not strings, empty, escaped, or not valid UTF-8.
	`{"event":"call.ended","token":45,"data":{}}`, `{"event":"call.ended","token":null,"data":{}}`,
	`{"event":"call.ended","token":"","data":{}}`, `{"event":"call.ended","token":["45XXYYZZa08"],"data":{}}`,
	`{"event":"call.ended","token":"45XX\u0059YZZa08","data":{}}`, `{"event":"call.ended","token":"45XXYYZZa08\u0000","data":{}}`,
	"{\"event\":\"call.ended\",\"token\":\"45XXYYZZa08\xff\",\"data\":{}}",
	`{"event":"call.ended","token":"45XXYYZZa08","token":"","data":{}}`,
	// Names in other cases, escaped, or repeated; values of the wrong type.
	`{"EVENT":"contact.created","Token":"45XXYYZZa08","DATA":{"emails":[{"value":"a\u00e9"}]},"RESOURCE":"c","TimeStamp":1}`,
	`{"\u0065vent":"call.ended","tok\u0065n":"45XXYYZZa08","data":{}}`,
	`{"event":"call.ended","event":null,"token":"45XXYYZZa08","data":{}}`,
	`{"resource":"call","resource":null,"event":"call.ended","token":"45XXYYZZa08","data":{}}`,
	`{"event":42,"token":"45XXYYZZa08","data":{}}`, `{"event":{},"token":"45XXYYZZa08","data":{}}`,
	`{"resource":1,"event":"call.ended","token":"45XXYYZZa08","data":{}}`,
	`{"event":"call.ended","token":"45XXYYZZa08","timestamp":"2020-01-01T00:00:00.5+02:00","data":{}}`,
	`{"event":"call.ended","token":"45XXYYZZa08","timestamp":"soon","data":{}}`,
	`{"event":"call.ended","token":"45XXYYZZa08","timestamp":1,"timestamp":null,"data":{}}`,
	`{"event":"call.ended","token":"45XXYYZZa08","timestamp":[],"data":{}}`,
	// Data that is not an object, and undocumented events.
	`{"event":"call.ended","token":"45XXYYZZa08","data":null}`, `{"event":"call.ended","token":"45XXYYZZa08","data":[]}`,
	`{"event":"call.ended","token":"45XXYYZZa08","data":"812"}`, `{"event":"x.y","token":"45XXYYZZa08","data":"812"}`,
	`{"event":"x.y","token":"45XXYYZZa08"}`, `{"event":"x","token":"45XXYYZZa08","data":{"id":3}}`,
	`{"event":"","token":"45XXYYZZa08","data":{}}`, `{"event":"x.y","token":"45XXYYZZa08","data":{"ID":"7","id":null}}`,
	`{"event":"x.y","token":"45XXYYZZa08","data":{"Id":1.0}}`, `{"event":"x.y","token":"45XXYYZZa08","data":{"id":1e2}}`, `{"token":"45XXYYZZa08","data":{}}`,
	"\ufeff{\"event\":\"call.ended\",\"token\":\"45XXYYZZa08\",\"data\":{}}",                          // a byte order mark
	"{\"event\":\"call.ended\",\"token\":\"45XXYYZZa08\",\"data\":{\"raw_digits\":\"a\nb\"}}",         // a raw control character
	"{\"event\":\"call.ended\",\"token\":\"45XXYYZZa08\",\"data\":{\"raw_digits\":\"a\x7f\u2028b\"}}", // DEL and U+2028 are allowed
	"{\"event\":\"call.ended\",\"token\":\"45XXYYZZa08\",\"data\":{}}\x00",
	" \t\r\n{ \"event\" : \"call.ended\" ,\n\"token\"\t:\"45XXYYZZa08\", \"data\" :\r\n {\"id\" : 1 } \n} \n",
}

// oddBodies returns oddEnvelopes and every oddData sent as the data of
// one event per resource, in Aircall's member order and with data first.
func oddBodies() []string {
	bodies := append([]string(nil), oddEnvelopes...)
	for _, d := range oddData {
		for _, e := range []aircall.Event{aircall.EventCallEnded, aircall.EventUserCreated, aircall.EventNumberCreated, aircall.EventContactCreated, aircall.EventIntegrationDeleted, "x.y"} {
			bodies = append(bodies,
				`{"resource":"r","event":"`+string(e)+`","timestamp":1,"token":"45XXYYZZa08","data":`+d+`}`,
				`{"data":`+d+`,"event":"`+string(e)+`","token":"45XXYYZZa08"}`)
		}
	}
	return bodies
}

func TestParseMatchesStdOnFixtures(t *testing.T) {
	t.Parallel()
	for name, body := range fixtureBodies(t) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			checkMatchesStd(t, body)
		})
	}
}

func TestParseMatchesStdOnOddInput(t *testing.T) {
	t.Parallel()
	for _, body := range oddBodies() {
		checkMatchesStd(t, []byte(body))
	}
}

// TestParseVerifiesOnce checks that Parse asks the verifier once about a
// body's token, whatever the body (a member that changes the event after
// data, data that does not fit).
func TestParseVerifiesOnce(t *testing.T) {
	t.Parallel()
	for _, body := range []string{
		`{"event":"call.ended","token":"45XXYYZZa08","data":{"id":1},"event":"user.created"}`,
		`{"event":"call.ended","token":"45XXYYZZa08","data":{"id":{}}}`,
		`{"event":"call.ended","token":"wrong","data":{"id":1}}`,
		`{"event":"call.ended","token":"45XXYYZZa08","data":{"id":1}}`,
	} {
		var calls int
		v := Lookup(func(_ context.Context, token string) (string, bool, error) {
			calls++
			return "acme", token == testToken, nil
		})
		_, _ = Parse([]byte(body), v)
		if calls != 1 {
			t.Errorf("%s: %d calls to the verifier, want 1", body, calls)
		}
	}
}

// FuzzParse checks that Parse never panics, that what it accepts is
// coherent and dispatches, and that it agrees with encoding/json (stdParse):
// the same event and payload, or errors of the same class. The seeds (every
// testdata body, oddEnvelopes and a few data corners) run in the normal go
// test.
func FuzzParse(f *testing.F) {
	for _, body := range fixtureBodies(f) {
		f.Add(body)
	}
	for _, s := range oddEnvelopes {
		f.Add([]byte(s))
	}
	for _, d := range oddData[:12] {
		f.Add([]byte(`{"event":"call.ended","token":"45XXYYZZa08","data":` + d + `}`))
	}
	h, err := NewHandler(Tokens(testToken), WithLogger(quietLogger()))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, ver := range []Verifier{Tokens(testToken), InsecureSkipVerify()} {
			ev, err := Parse(body, ver)
			if err != nil {
				continue
			}
			if ev.Name == "" {
				t.Fatalf("Parse accepted %q without an event name", body)
			}
			if _, known := dataResource[ev.Name]; known != ev.Known() {
				t.Fatalf("%s: Known = %v", ev.Name, ev.Known())
			}
			_ = ev.Key()
			_ = h.Dispatch(context.Background(), ev)
		}
		checkMatchesStd(t, body)
	})
}

// oddData2026 are data objects that exercise the tolerant decoding of the
// payloads added since 2024: members of the wrong type (dropped alone),
// both id keys of a group message, string and numeric ids, repeated and
// case-folded names, invalid UTF-8 and data that is not an object.
var oddData2026 = []string{
	`{"id":1779973182949,"created_at":1722317361216,"sent_at":"1722317361","updated_at":null}`,
	`{"id":null,"group_message_id":"g1","participants":null}`,
	`{"group_message_id":"g1","id":"g2","participants":["+1",2,null]}`,
	`{"call_id":"812","content":{"x":1},"created_at":"soon"}`,
	`{"content":"text","utterances":[null,{"timestamp":"x","duration_ms":"5"}]}`,
	`{"call":{"id":null,"uuid":5},"utterances":{}}`,
	`{"evaluations":{"a":1},"ai_generated":"yes"}`,
	`{"adherence_score":"75%","playbook_result_topics":[{"result":null},{"name":3}],"playbook":[]}`,
	`{"exportID":5,"status":null,"isZipCompressed":"false","downloadUrl":["x"]}`,
	`{"participants":[{"user_id":"usr_1","value":"POSITIVE"},{"user_id":{"a":1}}]}`,
	`{"id":1,"id":"x","CALL_ID":"9","Content":["a"],"content":null}`,
	`{"media_details":[{"file_name":1}],"number":{"id":"x"},"contact":[],"metadata":{"a":[1,2]}}`,
	`{"extracted_data":"not an object","ai_voice_agent_id":12,"started_at":1772530501.5}`,
	"{\"body\":\"caf\xc3\xa9 \xff\",\"text\":\"\\ud800\"}",
	`{"custom_summary":{"name":["x"]},"summary_template_results":[{"content":{"a":1}}]}`,
	`{}`, `null`, `[]`, `"x"`, `1`,
}

// events2026 are one event of every data type added since 2024, and an
// undocumented one.
var events2026 = []aircall.Event{
	aircall.EventMessageSent, aircall.EventGroupMessageReceived, aircall.EventTranscriptionCreated, aircall.EventSummaryCreated, aircall.EventTopicsCreated,
	aircall.EventSentimentCreated, aircall.EventActionItemCreated, aircall.EventPlaybookResultUpdated, aircall.EventRealtimeTranscriptionUtterancesReceived,
	aircall.EventCustomSummaryResultCreated, aircall.EventCallEvaluationUpdated, aircall.EventAIVoiceAgentEnded, aircall.EventAnalyticsReportFailed,
	aircall.EventUserClosedV2, aircall.EventCallExternalTransferred, "message.teleported",
}

// TestParseMatchesStdOn2026Data sends each odd data object as the data of
// every new kind of event, in Aircall's member order and with data first:
// Parse must agree with encoding/json.
func TestParseMatchesStdOn2026Data(t *testing.T) {
	t.Parallel()
	for _, d := range oddData2026 {
		for _, e := range events2026 {
			checkMatchesStd(t, []byte(`{"resource":"r","event":"`+string(e)+`","timestamp":1,"token":"45XXYYZZa08","data":`+d+`}`))
			checkMatchesStd(t, []byte(`{"data":`+d+`,"event":"`+string(e)+`","token":"45XXYYZZa08"}`))
		}
	}
}

// TestOddFieldNeverFailsAnEvent checks that an object of a 2026 kind with a
// member of the wrong type is still accepted, with that member dropped.
func TestOddFieldNeverFailsAnEvent(t *testing.T) {
	t.Parallel()
	body := `{"resource":"conversation_intelligence","event":"summary.created","timestamp":1,"token":"45XXYYZZa08",` +
		`"data":{"id":5520,"call_id":"812","content":{"unexpected":"object"},"created_at":"2026-03-03T09:41:12.000Z"}}`
	ev, err := Parse([]byte(body), Tokens(testToken))
	if err != nil {
		t.Fatal(err)
	}
	s := ev.Summary()
	if s == nil || s.ID != 5520 || s.CallID != 812 || s.Content != "" || s.CreatedAt.Time.IsZero() {
		t.Errorf("summary = %+v", s)
	}
	if !jsonEqual(t, s.Raw, ev.Data) {
		t.Errorf("Raw = %s", s.Raw)
	}
}

// FuzzParse2026 is FuzzParse seeded with the 2026 corners.
func FuzzParse2026(f *testing.F) {
	for _, d := range oddData2026 {
		for _, e := range events2026 {
			f.Add([]byte(`{"event":"` + string(e) + `","token":"45XXYYZZa08","data":` + d + `}`))
		}
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		ev, err := Parse(body, Tokens(testToken))
		if err == nil {
			if _, known := dataResource[ev.Name]; known != ev.Known() {
				t.Fatalf("%s: Known = %v", ev.Name, ev.Known())
			}
			_ = ev.Key()
		}
		checkMatchesStd(t, body)
	})
}
