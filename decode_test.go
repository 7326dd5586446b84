package aircall

import (
	"bytes"
	"context"
	stdjson "encoding/json"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/seed1279ea27/aircall-go/internal/wire"
	"github.com/seed1279ea27/aircall-go/internal/wiretest"
)

// stdDecodeKey is the reference for decodeKey: the decoding the SDK did
// before it moved to go-json-experiment/json, with encoding/json (v1) into
// an envelope struct {V *T `json:"<key>"`; Meta *Meta `json:"meta"`}.
func stdDecodeKey(data []byte, key string, v any, meta *Meta) (bool, error) {
	if key == "" {
		if err := stdjson.Unmarshal(data, v); err != nil {
			if !stdjson.Valid(data) || stdLenient(data, v) != nil {
				return true, err
			}
		}
		return true, nil
	}
	rv := reflect.ValueOf(v)
	env := reflect.New(stdEnvelope(rv.Type().Elem(), key)).Elem()
	if meta != nil {
		env.Field(1).Set(reflect.ValueOf(meta))
	}
	if err := stdjson.Unmarshal(data, env.Addr().Interface()); err != nil {
		if !stdjson.Valid(data) {
			return false, err
		}
		return stdLenientKey(data, key, v, meta, err)
	}
	if got := env.Field(0); !got.IsNil() {
		rv.Elem().Set(got.Elem())
		return true, nil
	}
	return false, nil
}

// stdLenientKey is decodeKey's lenient second try, with encoding/json: the
// value under key (an exact name, else one equal but for case) and the meta
// decoded with wire.Lenient.
func stdLenientKey(data []byte, key string, v any, meta *Meta, err error) (bool, error) {
	var body map[string]stdjson.RawMessage
	if stdjson.Unmarshal(data, &body) != nil {
		return false, err
	}
	val, ok := body[key]
	for name, raw := range body {
		if !ok && strings.EqualFold(name, key) {
			val = raw
		}
		if meta != nil && strings.EqualFold(name, "meta") {
			*meta = Meta{}
			if stdLenient(raw, meta) != nil {
				return false, err
			}
		}
	}
	if val == nil || string(val) == "null" || stdLenient(val, v) != nil {
		return false, nil
	}
	return true, nil
}

var stdEnvelopes sync.Map // [2]any{reflect.Type, key} -> reflect.Type

func stdEnvelope(t reflect.Type, key string) reflect.Type {
	if et, ok := stdEnvelopes.Load([2]any{t, key}); ok {
		return et.(reflect.Type)
	}
	et := reflect.StructOf([]reflect.StructField{
		{Name: "V", Type: reflect.PointerTo(t), Tag: reflect.StructTag(`json:"` + key + `"`)},
		{Name: "Meta", Type: reflect.TypeFor[*Meta](), Tag: `json:"meta"`},
	})
	stdEnvelopes.Store([2]any{t, key}, et)
	return et
}

// emptyObjectIsNil is the one intended difference from encoding/json: an
// empty object {} where a *User, *Contact or *Number is expected decodes to
// nil, where encoding/json gives a pointer to a zero value. Compared through
// it, a pointer to a zero value equals nil; what the fix decodes exactly is
// asserted by TestDecodeEmptyObjectIsNil.
var emptyObjectIsNil = cmp.Options{
	wiretest.ZeroToNil[User](), wiretest.ZeroToNil[Contact](), wiretest.ZeroToNil[Number](),
}

// decodeCase decodes a body under key with decodeKey and with
// stdDecodeKey, into T (a one-resource answer) or []*T with its meta (a
// page), and reports their differences.
type decodeCase func(data []byte, key string) (diff string, newErr, stdErr error)

func one[T any]() decodeCase {
	return func(data []byte, key string) (string, error, error) {
		var got, want T
		gf, _, gerr := decodeKey(data, key, &got, nil)
		wf, werr := stdDecodeKey(data, key, &want, nil)
		if gerr != nil || werr != nil {
			return "", gerr, werr
		}
		if !wf && !gf {
			var zero T
			got, want = zero, zero // v is not used when nothing was found
		}
		return cmp.Diff(struct {
			Found bool
			V     T
		}{wf, want}, struct {
			Found bool
			V     T
		}{gf, got}, emptyObjectIsNil), nil, nil
	}
}

func page[T any]() decodeCase {
	return func(data []byte, key string) (string, error, error) {
		var got, want []*T
		gm, wm := new(Meta), new(Meta)
		gf, _, gerr := decodeKey(data, key, &got, gm)
		wf, werr := stdDecodeKey(data, key, &want, wm)
		if gerr != nil || werr != nil {
			return "", gerr, werr
		}
		if !wf && !gf {
			got, want = nil, nil // v is not used when nothing was found
		}
		return cmp.Diff(struct {
			Found bool
			V     []*T
			Meta  *Meta
		}{wf, want, wm}, struct {
			Found bool
			V     []*T
			Meta  *Meta
		}{gf, got, gm}, emptyObjectIsNil), nil, nil
	}
}

// decodeCases maps each envelope key of the REST answers to the type the
// SDK decodes it into. byFile overrides it where a key is ambiguous (for a
// fixture and its _variant), and names the fixtures no decodeKey reads.
var (
	decodeCases = map[string]decodeCase{
		"call": one[Call](), "calls": page[Call](),
		"user": one[User](), "users": page[User](),
		"contact": one[Contact](), "contacts": page[Contact](),
		"number": one[Number](), "numbers": page[Number](),
		"team": one[Team](), "teams": page[Team](),
		"tag": one[Tag](), "tags": page[Tag](),
		"webhook": one[Webhook](), "webhooks": page[Webhook](),
		"a2p_campaign_association": one[A2PCampaignAssociation](), "a2p_campaign_associations": page[A2PCampaignAssociation](),
		"company": one[Company](), "integration": one[Integration](),
		"phone_detail": one[PhoneNumber](), "email_detail": one[Email](),
		"availability": one[Availability](),
	}
	byFile = map[string]struct {
		key string
		c   decodeCase
	}{
		"users_availabilities":    {"users", page[UserAvailability]()},
		"dialer_get":              {"", one[DialerCampaign]()},
		"dialer_get_with_numbers": {"", one[DialerCampaign]()},
		"dialer_phone_numbers":    {"numbers", one[[]*DialerPhoneNumber]()},
		// The 2026 families: singular keys on plural paths, and bodies
		// without an envelope (key "").
		"intelligence_action_items":            {"", one[ActionItems]()},
		"intelligence_custom_summary_result":   {"", one[CustomSummaryResult]()},
		"intelligence_evaluations":             {"", one[CallEvaluation]()},
		"intelligence_playbook_result":         {"", one[PlaybookResult]()},
		"intelligence_playbook_result_wrapped": {"playbook_result", one[PlaybookResult]()},
		"intelligence_predicted_csat":          {"csat", one[PredictedCSAT]()},
		"intelligence_realtime_transcription":  {"", one[Transcription]()},
		"intelligence_sentiments":              {"sentiment", one[Sentiment]()},
		"intelligence_summary":                 {"summary", one[Summary]()},
		"intelligence_topics":                  {"topic", one[Topics]()},
		"intelligence_transcription":           {"transcription", one[Transcription]()},
		"intelligence_transcription_variant":   {"transcription", one[Transcription]()},
		"messages_configuration":               {"", one[MessagingConfiguration]()},
		"messages_group_send":                  {"", one[GroupMessage]()},
		"messages_registration_status":         {"", one[RegistrationStatus]()},
		"messages_send":                        {"", one[Message]()},
		"messages_send_variant":                {"", one[Message]()},
		"messages_sms_templates":               {"templates", page[SMSTemplate]()},
		"messages_whatsapp_send":               {"", one[Message]()},
		"messages_whatsapp_status":             {"", one[WhatsAppStatus]()},
		"messages_whatsapp_templates":          {"", one[WhatsAppTemplatePage]()},
		"analytics_export_completed":           {"", one[AnalyticsExport]()},
		"analytics_export_create":              {"", one[AnalyticsExport]()},
		"analytics_export_failed":              {"", one[AnalyticsExport]()},
		"aivoice_outbound_call":                {"", one[OutboundAgentCall]()},
		// OAuthConfig.Exchange reads these bodies itself, not with decodeKey.
		"oauth_token": {}, "oauth_error_invalid_grant": {},
	}
)

// TestDecodeKeyMatchesStdOnFixtures checks that the new decoding gives
// what encoding/json gave on every REST fixture, for every key of its
// top-level object (and for the object under a key that is not its own).
func TestDecodeKeyMatchesStdOnFixtures(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("testdata/*.json")
	if err != nil || len(files) == 0 {
		t.Fatal(files, err)
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".json")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			type run struct {
				key string
				c   decodeCase
			}
			var runs []run
			if f, ok := byFile[name]; ok {
				if f.c == nil {
					return
				}
				runs = append(runs, run{f.key, f.c})
			} else if f, ok := byFile[strings.TrimSuffix(name, "_variant")]; ok {
				runs = append(runs, run{f.key, f.c})
			} else {
				var top map[string]stdjson.RawMessage
				if err := stdjson.Unmarshal(data, &top); err != nil {
					t.Fatal(err)
				}
				for key := range top {
					if c, ok := decodeCases[key]; ok {
						runs = append(runs, run{key, c})
					}
				}
				if len(runs) == 0 {
					t.Fatalf("no key of %s has a type in decodeCases: add its envelope key", name)
				}
				// A key that is missing: both say not found.
				runs = append(runs, run{"absent", one[Call]()})
			}
			for _, r := range runs {
				d, gerr, werr := r.c(data, r.key)
				if gerr != nil || werr != nil {
					t.Errorf("key %q: decodeKey error %v, encoding/json error %v", r.key, gerr, werr)
					continue
				}
				if d != "" {
					t.Errorf("key %q: decodeKey differs from encoding/json (-std +new):\n%s", r.key, d)
				}
			}
		})
	}
}

// TestDecodeKeyMatchesStdOnOddInput checks the corners of the envelope and
// of the tolerant options against encoding/json: the same values, or both
// an error.
func TestDecodeKeyMatchesStdOnOddInput(t *testing.T) {
	t.Parallel()
	for _, body := range []string{
		`{"calls":[{"id":1}],"meta":{"count":1}}`,
		`{"meta":{"count":1,"total":2},"calls":[{"id":1}]}`, // meta first
		`{"CALLS":[{"ID":"7","Started_At":1584998199}],"Meta":{"Count":1}}`,
		`{"calls":[{"id":1}],"calls":[{"duration":3}]}`, // a repeated key
		`{"calls":[{"id":1}],"calls":null}`,
		`{"calls":null,"meta":{"count":0}}`, `{"calls":[]}`, `{}`, `null`, `{"meta":null}`,
		`{"calls":[{"user":{"name":"a"},"user":{"email":"e"}}]}`,
		`{"calls":[{"tags":[{"id":1},{"id":2}],"tags":[{"name":"x"}]}]}`,
		`{"calls":[{"status":"done","status":null,"archived":true,"archived":null}]}`,
		`{"calls":[{"answered_at":"no_available_agent","started_at":"1585000999","ended_at":1585000999.5}]}`,
		"{\"calls\":[{\"raw_digits\":\"\xff\",\"cost\":\"\\ud800\"}]}",
		`{"calls":[{"unknown":{"a":[1,{"b":null}]}}],"other":[1,2],"meta":{"unknown":true}}`,
		`{"calls":[{"id":1.0}]}`, `{"calls":[{"id":"x"}]}`, `{"calls":[{"duration":"40"}]}`,
		`{"calls":{}}`, `{"calls":"x"}`, `[]`, `"x"`, `1`, ``, `{`, `{"calls":[]}x`, `{"calls":[]} {}`,
		`{"calls":[],}`, `{"calls" [] }`, ` {"calls" : [ ] } `,
		`{"calls":[{"user":{},"contact":{},"number":{},"tags":[{"tagged_by":{}}],"comments":[{"posted_by":{}}]}]}`,
	} {
		d, gerr, werr := page[Call]()([]byte(body), "calls")
		if (gerr == nil) != (werr == nil) {
			t.Errorf("%s: decodeKey error %v, encoding/json error %v", body, gerr, werr)
		}
		if d != "" {
			t.Errorf("%s: decodeKey differs from encoding/json (-std +new):\n%s", body, d)
		}
	}
}

// TestDecodeEmptyObjectIsNil checks issue 13's fix on a REST page, through
// Calls.List: an empty object where a user, contact, number or tagger is
// expected is nil, with or without white space inside, while an empty
// object in a list stays an element and a top-level one stays a value.
func TestDecodeEmptyObjectIsNil(t *testing.T) {
	t.Parallel()
	_, c := serve(t, "GET /v1/calls", http.StatusOK, `{"calls":[{"id":1,"user":{},"contact":{ },"number":{
	},"assigned_to":{},"transferred_by":{},"transferred_to":{},"tags":[{"id":2,"name":"VIP","tagged_by":{}}],
	"comments":[{"id":3,"content":"x","posted_by":{}}]},{"id":4,"user":{"id":5,"numbers":[{}]}}],
	"meta":{"count":2,"total":2,"current_page":1,"per_page":50,"next_page_link":null,"previous_page_link":null}}`)
	calls, _, err := c.Calls.List(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []*Call{
		{ID: 1, Tags: []*CallTag{{ID: 2, Name: "VIP"}}, Comments: []*Comment{{ID: 3, Content: "x"}}},
		{ID: 4, User: &User{ID: 5, Numbers: []*Number{{}}}},
	}
	checkDiff(t, "Calls.List", want, calls)

	var u User
	if found, _, err := decodeKey([]byte(`{"user":{}}`), "user", &u, nil); !found || err != nil {
		t.Errorf(`decodeKey({"user":{}}) = %v, %v; want a zero User, found`, found, err)
	}
}

// FuzzDecodeKey checks that decodeKey never panics and agrees with
// encoding/json on any body read as a page of calls or as one call: the
// same values (but for the {}-is-nil fix), or both an error. The seeds are
// the REST fixtures.
func FuzzDecodeKey(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.json")
	for _, file := range files {
		if b, err := os.ReadFile(file); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(`{"calls":[{"user":{},"tags":[{"tagged_by":{ }}]}],"meta":{"count":1}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, c := range []struct {
			key string
			c   decodeCase
		}{{"calls", page[Call]()}, {"call", one[Call]()}, {"contacts", page[Contact]()}, {"user", one[User]()}} {
			d, gerr, werr := c.c(body, c.key)
			if (gerr == nil) != (werr == nil) && stdjson.Valid(body) {
				t.Fatalf("%q under %q: decodeKey error %v, encoding/json error %v", body, c.key, gerr, werr)
			}
			if d != "" {
				t.Fatalf("%q under %q: decodeKey differs from encoding/json (-std +new):\n%s", body, c.key, d)
			}
		}
	})
}

// TestDecodeKeyOddMemberCostsOnlyThatMember checks that one value of the
// wrong type (a string duration, an object user id) costs that value, not
// the page: every call is there, with everything else decoded.
func TestDecodeKeyOddMemberCostsOnlyThatMember(t *testing.T) {
	t.Parallel()
	body := `{"calls":[{"id":1,"duration":"40","status":"done"},` +
		`{"id":2,"duration":12,"user":{"id":{"x":1},"name":"John Doe"}}],"meta":{"count":2,"per_page":"50","total":2}}`
	var calls []*Call
	var meta Meta
	found, _, err := decodeKey([]byte(body), "calls", &calls, &meta)
	if err != nil || !found {
		t.Fatalf("decodeKey = %v, %v; want the calls", found, err)
	}
	if len(calls) != 2 || calls[0].ID != 1 || calls[0].Duration != 0 || calls[0].Status != CallDone ||
		calls[1].ID != 2 || calls[1].Duration != 12 || calls[1].User == nil || calls[1].User.Name != "John Doe" {
		t.Errorf("calls = %+v %+v, want both, without the odd values only", calls[0], calls[1])
	}
	if meta.Count != 2 || meta.Total != 2 || meta.PerPage != 0 {
		t.Errorf("meta = %+v, want count and total, no per_page", meta)
	}
	if _, _, err := decodeKey([]byte(`{"calls":[{"id":1}`), "calls", &calls, nil); err == nil {
		t.Error("a body that is not JSON decoded without an error")
	}
}

// stdLenient is wire.Lenient with encoding/json, for the reference.
func stdLenient(b []byte, v any) error {
	_, err := wire.Lenient(b, v, wire.NoIssues(stdjson.Unmarshal), "")
	return err
}

// TestDroppedValueIsReported checks issue 18 item 6 on a page of calls: a
// string where an int is expected costs that value only, is logged as a
// warning through WithLogger's logger with its JSON path and the type
// expected, and is listed in Response.Dropped.
func TestDroppedValueIsReported(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&buf, nil))
	ts := newTestServer(t)
	ts.handle("GET /v1/calls", reply(t, http.StatusOK, `{"calls":[{"id":1,"duration":12},`+
		`{"id":2,"duration":"40","user":{"id":{"x":1},"name":"John Doe"}}],`+
		`"meta":{"count":2,"total":2,"current_page":1,"per_page":50,"next_page_link":null}}`))
	c := ts.client(t, WithLogger(logger))
	calls, resp, err := c.Calls.List(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []*Call{{ID: 1, Duration: 12}, {ID: 2, User: &User{Name: "John Doe"}}}
	checkDiff(t, "calls", want, calls)
	wantDropped := []DecodeIssue{{Path: "/calls/1/duration", Want: "int"}, {Path: "/calls/1/user/id", Want: "aircall.ID"}}
	checkDiff(t, "Response.Dropped", wantDropped, resp.Dropped)
	type record struct {
		Level, Msg, Method, Path string
		JSONPath                 string `json:"json_path"`
		Want                     string
	}
	var logged []record
	for line := range strings.Lines(buf.String()) {
		var r record
		if err := stdjson.Unmarshal([]byte(line), &r); err != nil {
			t.Fatal(err)
		}
		if r.Level == "WARN" {
			logged = append(logged, r)
		}
	}
	msg := "aircall: dropped a value that does not fit its type"
	wantLogged := []record{
		{"WARN", msg, "GET", "/v1/calls", "/calls/1/duration", "int"},
		{"WARN", msg, "GET", "/v1/calls", "/calls/1/user/id", "aircall.ID"},
	}
	checkDiff(t, "warnings", wantLogged, logged)
}

// TestUnmarshal checks the public decoder: what the SDK decodes, {} as a
// nil *User, the dropped values with paths from the root, and an error for
// JSON that does not fit v at all or is not JSON.
func TestUnmarshal(t *testing.T) {
	t.Parallel()
	var c Call
	dropped, err := Unmarshal([]byte(`{"id":"7","user":{},"started_at":1584998199,"duration":"x","tags":[{"id":1,"tagged_by":{}}]}`), &c)
	if err != nil {
		t.Fatal(err)
	}
	want := Call{ID: 7, StartedAt: Unix(1584998199), Tags: []*CallTag{{ID: 1}}}
	checkDiff(t, "Unmarshal", want, c)
	checkDiff(t, "dropped", []DecodeIssue{{Path: "/duration", Want: "int"}}, dropped)
	for _, body := range []string{`[1]`, `{"id":1`, ``} {
		if _, err := Unmarshal([]byte(body), &c); err == nil {
			t.Errorf("Unmarshal(%q) = nil error", body)
		}
	}
}
