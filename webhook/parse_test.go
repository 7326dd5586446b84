//lint:file-ignore SA1019 the webhook package still receives and dispatches the V1 user events Aircall sends
package webhook

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	aircall "github.com/seed1279ea27/aircall-go"
)

// The expected objects below are written by hand from the fixtures.

func frenchOffice() *aircall.Number {
	return &aircall.Number{
		ID:                     1234,
		DirectLink:             "https://api.aircall.io/v1/numbers/1234",
		Name:                   "French Office",
		Digits:                 "+33 1 76 11 11 11",
		CreatedAt:              isoMs(2020, time.January, 2, 11, 41, 1, 0),
		Country:                "FR",
		TimeZone:               "Europe/Paris",
		Open:                   true,
		AvailabilityStatus:     "custom",
		IsIVR:                  true,
		LiveRecordingActivated: true,
		Messages: &aircall.Messages{
			Welcome:        "https://example.com/welcome.mp3",
			Waiting:        "https://example.com/waiting_music.mp3",
			Voicemail:      "https://example.com/voicemail.mp3",
			UnansweredCall: "https://example.com/unanswered_call.mp3",
		},
	}
}

// agent is an available user as call events send them.
func agent(id aircall.ID, name, email string, created aircall.Timestamp, timeZone, language string) *aircall.User {
	return &aircall.User{
		ID:                 id,
		DirectLink:         "https://api.aircall.io/v1/users/" + id.String(),
		Name:               name,
		Email:              email,
		Available:          true,
		AvailabilityStatus: aircall.UserAvailable,
		CreatedAt:          created,
		TimeZone:           timeZone,
		Language:           language,
	}
}

func john() *aircall.User {
	return agent(456, "John Doe", "john.doe@aircall.io", isoMs(2019, time.December, 29, 10, 3, 18, 0), "America/New_York", "en-US")
}

func jane() *aircall.User {
	return agent(457, "Jane Smith", "jane.smith@aircall.io", isoMs(2020, time.March, 30, 20, 48, 39, 0), "Europe/Paris", "fr-FR")
}

// johnFull is John as user.* events send him, with his numbers (the French
// Office without its messages).
func johnFull() *aircall.User {
	u := john()
	u.WrapUpTime = 30
	u.DefaultNumberID = 1234
	n := frenchOffice()
	n.Messages = nil
	u.Numbers = []*aircall.Number{n}
	return u
}

// newJane is Jane as user.created sends her: unavailable, and created_at
// has milliseconds.
func newJane() *aircall.User {
	u := jane()
	u.Available, u.AvailabilityStatus = false, aircall.UserUnavailable
	u.CreatedAt = isoMs(2020, time.March, 30, 20, 48, 39, 906)
	return u
}

func vicente() *aircall.Contact {
	return &aircall.Contact{
		ID:           710,
		DirectLink:   "https://api.aircall.io/v1/contacts/710",
		FirstName:    "Vicente",
		LastName:     "Abad",
		IsShared:     true,
		CreatedAt:    unix(1400691054),
		UpdatedAt:    unix(1444336506),
		Emails:       []*aircall.Email{},
		PhoneNumbers: []*aircall.PhoneNumber{{ID: 3367, Label: "Mobile", Value: "+34664673697"}},
	}
}

func vicenteUpdated() *aircall.Contact {
	c := vicente()
	c.FirstName = "Vicente UPDATED"
	c.CompanyName = "Lerox Inc."
	c.UpdatedAt = unix(1585615870)
	return c
}

func globalSales() *aircall.Team {
	return &aircall.Team{ID: 678, Name: "Global Sales", DirectLink: "https://api.aircall.io/v1/teams/678", CreatedAt: isoMs(2020, time.March, 10, 8, 31, 43, 0)}
}

func ukOffice() *aircall.Number {
	return &aircall.Number{
		ID:                 2345,
		DirectLink:         "https://api.aircall.io/v1/numbers/2345",
		Name:               "UK office",
		Digits:             "+44 20 0000 0000",
		CreatedAt:          aircall.Timestamp{Time: time.Date(2020, time.January, 4, 19, 28, 58, 0, time.UTC), Form: aircall.FormISO},
		Country:            "GB",
		TimeZone:           "Europe/London",
		Open:               true,
		AvailabilityStatus: "custom",
		Priority:           aircall.Ptr(1),
		Messages:           &aircall.Messages{Welcome: "https://example.com/welcome.mp3", AfterHours: "https://example.com/closed_message.mp3"},
		Users:              []*aircall.User{},
	}
}

// inbound is call 1001 when it hits the French Office.
func inbound(id aircall.ID) *aircall.Call {
	return &aircall.Call{
		ID:         id,
		DirectLink: "https://api.aircall.io/v1/calls/" + id.String(),
		Direction:  aircall.CallInbound,
		Status:     aircall.CallInitial,
		StartedAt:  unix(1585000999),
		RawDigits:  "+1 800-123-4567",
		Cost:       "0",
		Number:     frenchOffice(),
		Comments:   []*aircall.Comment{},
		Tags:       []*aircall.CallTag{},
		Teams:      []*aircall.Team{},
	}
}

func answeredCall() *aircall.Call {
	c := inbound(1001)
	c.Status = aircall.CallAnswered
	c.AnsweredAt = unix(1585001018)
	c.User = john()
	return c
}

func doneCall() *aircall.Call {
	c := answeredCall()
	c.Status = aircall.CallDone
	c.EndedAt = unix(1585001039)
	c.Duration = 40
	return c
}

// outbound is call 812, made by John, as the call.commented, tagged and
// untagged fixtures send it.
func outbound() *aircall.Call {
	c := doneCall()
	c.ID = 812
	c.DirectLink = "https://api.aircall.io/v1/calls/812"
	c.Direction = aircall.CallOutbound
	c.RawDigits = "+33 6 12 34 56 78"
	c.Cost = "2.34"
	return c
}

func comment() *aircall.Comment {
	return &aircall.Comment{ID: 735, Content: "Please call back this customer!", PostedAt: unix(1587994808), PostedBy: john()}
}

func tag() *aircall.CallTag {
	return &aircall.CallTag{ID: 678, Name: "General Inquiries", CreatedAt: unix(1587995020), TaggedBy: john()}
}

// recordedCall is the done call 1001 with its recording assets.
func recordedCall() *aircall.Call {
	c := doneCall()
	c.Recording = "https://aircall-recordings.s3.amazonaws.com/1001.mp3"
	c.RecordingShortURL = "https://short-urls.aircall.io/v1/6f2b1c3e-1a4d-4e5f-9a8b-7c6d5e4f3a2b"
	c.Asset = "https://assets.aircall.io/recording/1001"
	return c
}

// unanswered is inbound call id, done at ended after duration seconds
// without an agent, routed to Global Sales.
func unanswered(id aircall.ID, ended int64, duration int) *aircall.Call {
	c := inbound(id)
	c.Status = aircall.CallDone
	c.EndedAt = unix(ended)
	c.Duration = duration
	c.Teams = []*aircall.Team{globalSales()}
	return c
}

func wantCallEnded() *aircall.Call {
	c := recordedCall()
	c.Cost = "2.34"
	c.Contact = vicente()
	c.Comments = []*aircall.Comment{comment()}
	c.Tags = []*aircall.CallTag{tag()}
	c.Teams = []*aircall.Team{globalSales()}
	c.HangupCause = "NORMAL_CLEARING"
	return c
}

// edit returns v once f has changed it: an expected value told as its
// difference from another.
func edit[T any](v *T, f func(*T)) *T {
	f(v)
	return v
}

type parseCase struct {
	file     string
	name     aircall.Event
	resource string
	ts       int64
	want     any
}

func parseCases() []parseCase {
	return []parseCase{
		{"call_created.json", aircall.EventCallCreated, "call", 1585001000, inbound(1001)},
		{"call_ringing_on_agent.json", aircall.EventCallRingingOnAgent, "call", 1585001010, inbound(1001)},
		{"call_agent_declined.json", aircall.EventCallAgentDeclined, "call", 1585001020, inbound(1001)},
		{"call_answered.json", aircall.EventCallAnswered, "call", 1585001020, answeredCall()},
		{"call_transferred.json", aircall.EventCallTransferred, "call", 1585001030, edit(answeredCall(), func(c *aircall.Call) {
			c.User, c.TransferredBy, c.TransferredTo = jane(), john(), jane()
		})},
		{"call_unsuccessful_transfer.json", aircall.EventCallUnsuccessfulTransfer, "call", 1585001030, edit(answeredCall(), func(c *aircall.Call) {
			c.ID, c.DirectLink = 812, "https://api.aircall.io/v1/calls/812"
			c.Direction, c.RawDigits = aircall.CallOutbound, "+33 6 12 34 56 78"
			c.AnsweredAt = unix(1585001005)
			c.TransferredBy = john() // no transferred_to key: external number via the API
		})},
		{"call_hungup.json", aircall.EventCallHungup, "call", 1585001040, edit(doneCall(), func(c *aircall.Call) {
			c.Duration, c.Cost = 0, "" // null until call.ended
		})},
		{"call_ended.json", aircall.EventCallEnded, "call", 1585002050, wantCallEnded()},
		{"call_voicemail_left.json", aircall.EventCallVoicemailLeft, "call", 1585002050, edit(unanswered(1002, 1585001057, 58), func(c *aircall.Call) {
			c.MissedCallReason = aircall.MissedAgentsDidNotAnswer
			c.Voicemail = "https://aircall-voicemails.s3.amazonaws.com/1002.mp3"
			c.VoicemailShortURL = "https://short-urls.aircall.io/v1/0d9c8b7a-6f5e-4d3c-2b1a-0f9e8d7c6b5a"
			c.Asset = "https://assets.aircall.io/voicemail/1002"
		})},
		{"call_commented.json", aircall.EventCallCommented, "call", 1585601319, edit(outbound(), func(c *aircall.Call) { c.Comments = []*aircall.Comment{comment()} })},
		{"call_tagged.json", aircall.EventCallTagged, "call", 1585601319, edit(outbound(), func(c *aircall.Call) { c.Tags = []*aircall.CallTag{tag()} })},
		{"call_untagged.json", aircall.EventCallUntagged, "call", 1585601319, outbound()},
		{"call_assigned.json", aircall.EventCallAssigned, "call", 1585601319, edit(doneCall(), func(c *aircall.Call) { c.AssignedTo = jane() })},
		{"call_archived.json", aircall.EventCallArchived, "call", 1585601319, edit(doneCall(), func(c *aircall.Call) { c.Archived = true })},
		{"call_hold.json", aircall.EventCallHold, "call", 1585001000, answeredCall()},
		{"call_unhold.json", aircall.EventCallUnhold, "call", 1585001000, answeredCall()},
		{"call_ivr_option_selected.json", aircall.EventCallIvrOptionSelected, "call", 1585001040, edit(inbound(1001), func(c *aircall.Call) {
			c.IVROptions = []*aircall.IVROption{{ID: "b1f0a9e2-3c4d-4e5f-8a9b-0c1d2e3f4a5b", Title: "Sales", Key: "1", CreatedAt: unix(1585001004)}}
		})},
		{"call_comm_assets_generated.json", aircall.EventCallCommAssetsGenerated, "call", 1585001040, recordedCall()},
		// Variants: an unanswered inbound call without a user key, with
		// undocumented keys in data and in the envelope.
		{"call_ended_unanswered.json", aircall.EventCallEnded, "call", 1585002110, edit(unanswered(1003, 1585001075, 76), func(c *aircall.Call) {
			c.MissedCallReason = aircall.MissedNoAvailableAgent
			c.HangupCause = "NORMAL_CLEARING"
			c.SID, c.CountryCodeA2, c.PricingType = "CA5f0d4b1a2c3e4f5a6b7c8d9e0f1a2b3c", "US", "local" // typed since issue 13
		})},
		// answered_at holding a text, as in the spec's call list example.
		{"call_ended_answered_text.json", aircall.EventCallEnded, "call", 1585002110, edit(unanswered(813, 1584998210, 22), func(c *aircall.Call) {
			c.StartedAt = unix(1584998199)
			c.AnsweredAt = aircall.Timestamp{Text: "no_available_agent", Form: aircall.FormText}
		})},

		{"user_created.json", aircall.EventUserCreated, "user", 1585601319, newJane()},
		{"user_deleted.json", aircall.EventUserDeleted, "user", 1589609314, newJane()},
		{"user_connected.json", aircall.EventUserConnected, "user", 158555000, johnFull()},
		{"user_disconnected.json", aircall.EventUserDisconnected, "user", 1585603000, edit(johnFull(), func(u *aircall.User) { u.Available, u.AvailabilityStatus = false, aircall.UserUnavailable })},
		{"user_opened.json", aircall.EventUserOpened, "user", 158556187, johnFull()},
		{"user_closed.json", aircall.EventUserClosed, "user", 158554819, edit(johnFull(), func(u *aircall.User) { u.Available, u.AvailabilityStatus = false, aircall.UserCustom })},
		{"user_wut_start.json", aircall.EventUserWutStart, "user", 158554819, johnFull()},
		{"user_wut_end.json", aircall.EventUserWutEnd, "user", 158554819, johnFull()},

		// The spec's own number.closed example (its id and direct_link disagree).
		{"number_closed.json", aircall.EventNumberClosed, "number", 1585001020, &aircall.Number{
			ID:         456,
			DirectLink: "https://api.aircall.io/v1/numbers/123",
			Name:       "My first Aircall Number",
			Digits:     "+33 1 76 36 06 95",
			Country:    "FR",
			TimeZone:   "Europe/Paris",
			Users: []*aircall.User{{
				ID:         456,
				DirectLink: "https://api.aircall.io/v1/users/456",
				Name:       "Madelaine Dupont",
				Email:      "madelaine.dupont@aircall.io",
				Language:   "en-US",
			}},
		}},
		{"number_created.json", aircall.EventNumberCreated, "number", 1585601319, ukOffice()},
		{"number_deleted.json", aircall.EventNumberDeleted, "number", 1589609314, edit(ukOffice(), func(n *aircall.Number) { n.Open = false })},
		{"number_opened.json", aircall.EventNumberOpened, "number", 158556187, edit(ukOffice(), func(n *aircall.Number) { n.Priority = aircall.Ptr(0) })},

		{"contact_created.json", aircall.EventContactCreated, "contact", 1585601319, &aircall.Contact{
			ID:           719,
			DirectLink:   "https://api.aircall.io/v1/contacts/719",
			FirstName:    "Gary",
			LastName:     "Jennings",
			Information:  "external_custom_id:87123",
			IsShared:     true,
			CreatedAt:    unix(1585083040),
			UpdatedAt:    unix(1585083040),
			Emails:       []*aircall.Email{{ID: 9170, Label: "Office", Value: "gary.jennings@acme.com"}},
			PhoneNumbers: []*aircall.PhoneNumber{{ID: 9171, Label: "Work", Value: "+19001112222"}},
		}},
		{"contact_updated.json", aircall.EventContactUpdated, "contact", 158561587, vicenteUpdated()},
		{"contact_deleted.json", aircall.EventContactDeleted, "contact", 158562010, vicenteUpdated()},

		{"integration_deleted.json", aircall.EventIntegrationDeleted, "integration", 158554819, &Integration{IntegrationID: 42, CompanyID: 1}},
	}
}

func TestParseEveryEvent(t *testing.T) {
	t.Parallel()
	cases := parseCases()
	seen := map[aircall.Event]bool{}
	for _, tc := range append(cases, parseCases2026()...) { // the 2026 cases run in TestParse2026Events
		seen[tc.name] = true
	}
	for _, e := range aircall.Events() {
		if !seen[e] {
			t.Errorf("no fixture for %s", e)
		}
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			t.Parallel()
			ev, err := Parse(fixture(t, tc.file), Tokens(testToken))
			if err != nil {
				t.Fatal(err)
			}
			head := struct {
				Name      aircall.Event
				Resource  string
				Timestamp aircall.Timestamp
				Known     bool
			}{ev.Name, ev.Resource, ev.Timestamp, ev.Known()}
			wantHead := head
			wantHead.Name, wantHead.Resource, wantHead.Timestamp, wantHead.Known = tc.name, tc.resource, unix(tc.ts), true
			if d := diff(wantHead, head); d != "" {
				t.Errorf("envelope (-want +got):\n%s", d)
			}
			if d := diff(tc.want, ev.Payload()); d != "" {
				t.Errorf("data (-want +got):\n%s", d)
			}
			// The typed accessor of the resource returns the payload; the others nil.
			typed := map[string]any{
				"call": ev.Call(), "user": ev.User(), "number": ev.Number(),
				"contact": ev.Contact(), "integration": ev.Integration(),
			}
			for res, v := range typed {
				isNil := v == nil || func() bool {
					switch p := v.(type) {
					case *aircall.Call:
						return p == nil
					case *aircall.User:
						return p == nil
					case *aircall.Number:
						return p == nil
					case *aircall.Contact:
						return p == nil
					case *Integration:
						return p == nil
					}
					return false
				}()
				if (res == tc.resource) == isNil {
					t.Errorf("accessor for %s: nil=%v", res, isNil)
				}
			}
			// Data keeps the raw object as sent.
			var raw struct {
				Data json.RawMessage `json:"data"`
			}
			if err := json.Unmarshal(fixture(t, tc.file), &raw); err != nil {
				t.Fatal(err)
			}
			if !jsonEqual(t, raw.Data, ev.Data) {
				t.Errorf("Data = %s, want %s", ev.Data, raw.Data)
			}
		})
	}
}

func jsonEqual(t *testing.T, a, b []byte) bool {
	t.Helper()
	var x, y any
	if err := json.Unmarshal(a, &x); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &y); err != nil {
		t.Fatal(err)
	}
	return diff(x, y) == ""
}

func TestParseUnknownEventKeepsRawData(t *testing.T) {
	t.Parallel()
	ev, err := Parse(fixture(t, "unknown_event.json"), Tokens(testToken))
	if err != nil {
		t.Fatal(err)
	}
	if ev.Name != "call.summary_generated" || ev.Resource != "call" || ev.Known() || ev.Payload() != nil || ev.Call() != nil {
		t.Errorf("got Name %q Resource %q Known %v Payload %v", ev.Name, ev.Resource, ev.Known(), ev.Payload())
	}
	want := `{"id": 1001, "summary": "Customer asked for a callback.", "language": "en"}`
	if !jsonEqual(t, []byte(want), ev.Data) {
		t.Errorf("Data = %s", ev.Data)
	}
	if got, want := ev.Key(), "call.summary_generated/1001/1700000000/"+dataHash(ev.Data); got != want {
		t.Errorf("Key = %q, want %q", got, want)
	}
}

func TestParseResourceFromEventName(t *testing.T) {
	t.Parallel()
	body := []byte(`{"event":"user.opened","timestamp":1585601319,"token":"45XXYYZZa08","data":{"id":456,"name":"John Doe"}}`)
	ev, err := Parse(body, Tokens(testToken))
	if err != nil {
		t.Fatal(err)
	}
	if d := diff(&aircall.User{ID: 456, Name: "John Doe"}, ev.User()); d != "" || ev.Resource != "user" {
		t.Errorf("resource %q, user (-want +got):\n%s", ev.Resource, d)
	}
}

func TestParseMalformed(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, body string }{
		{"empty", ``},
		{"not json", `hello`},
		{"truncated", `{"event":"call.ended","token":"45XXYYZZa08","data":{"id":1`},
		{"array", `[1,2]`},
		{"event not a string", `{"event":42,"token":"45XXYYZZa08","data":{}}`},
		{"no event", `{"resource":"call","token":"45XXYYZZa08","data":{"id":1}}`},
		{"data missing", `{"event":"call.ended","token":"45XXYYZZa08"}`},
		{"data null", `{"event":"call.ended","token":"45XXYYZZa08","data":null}`},
		{"data a string", `{"event":"call.ended","token":"45XXYYZZa08","data":"812"}`},
		{"bad timestamp", `{"event":"call.ended","timestamp":{},"token":"45XXYYZZa08","data":{}}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ev, err := Parse([]byte(tc.body), Tokens(testToken))
			if !errors.Is(err, ErrMalformed) || ev != nil {
				t.Errorf("Parse = %v, %v; want ErrMalformed", ev, err)
			}
		})
	}
}

func TestEventKey(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ file, want string }{
		{"call_ended.json", "call.ended/1001/1585002050"},
		{"user_created.json", "user.created/457/1585601319"},
		{"number_closed.json", "number.closed/456/1585001020"},
		{"contact_updated.json", "contact.updated/710/158561587"},
		{"integration_deleted.json", "integration.deleted/42/158554819"},
		{"summary_created.json", "summary.created/5520/1772530872"},
		{"ai_voice_agent_ended.json", "ai_voice_agent.ended/812/1772530990"},
		{"user_closed_v2.json", "user.closed.v2/456/1772530499"},
		{"transcription_created.json", "transcription.created/9012/1772530860"},
		{"topics_created.json", "topics.created/4410/1772530873"},
		{"sentiment_created.json", "sentiment.created/3301/1772530874"},
		{"action_item_created.json", "action_item.created/77/1772530875"},
		{"playbook_result_created.json", "playbook_result.created/9911/1772530880"},
		{"custom_summary_result_created.json", "custom_summary.result_created/999/1772530890"},
		{"call_evaluation_created.json", "call_evaluation.created/3001/1772530895"},
		// No numeric id: the data's hash alone tells them apart.
		{"realtime_transcription_utterances_received.json", "realtime_transcription.utterances_received/-/1772530510"},
		{"analytics_report_created.json", "analytics.report_created/-/1772531100"},
	} {
		ev, err := Parse(fixture(t, tc.file), Tokens(testToken))
		if err != nil {
			t.Fatal(err)
		}
		if got := ev.Key(); got != tc.want+"/"+dataHash(ev.Data) {
			t.Errorf("%s: Key = %q, want %q/<hash>", tc.file, got, tc.want)
		}
	}
	// Without an ID, a hash of the data tells events apart.
	a, _ := Parse([]byte(`{"event":"x.y","timestamp":1,"token":"45XXYYZZa08","data":{"a":1}}`), Tokens(testToken))
	b, _ := Parse([]byte(`{"event":"x.y","timestamp":1,"token":"45XXYYZZa08","data":{"a":2}}`), Tokens(testToken))
	if a == nil || b == nil || a.Key() == b.Key() {
		t.Errorf("keys of different undocumented events must differ")
	}
	// Message ids are strings: two status updates of one message differ.
	a, _ = Parse(fixture(t, "message_sent.json"), Tokens(testToken))
	b, _ = Parse(fixture(t, "message_status_updated.json"), Tokens(testToken))
	if a == nil || b == nil || a.Key() == b.Key() || !strings.HasPrefix(a.Key(), "message.sent/-/") {
		t.Errorf("message keys %q and %q", a.Key(), b.Key())
	}
}

// TestParseRepeatedNames decodes the spec's contact 711, whose "emails"
// comes twice: as with encoding/json, the last one wins.
func TestParseRepeatedNames(t *testing.T) {
	t.Parallel()
	body := `{"resource":"contact","event":"contact.updated","timestamp":1585615870,"token":"45XXYYZZa08","data":` +
		`{ "id": 711, "direct_link": "https://api.aircall.io/v1/contacts/711", "first_name": "Margaret", "last_name": "Morrison",` +
		` "company_name": "TeleWorm", "information": null, "is_shared": true, "created_at": 1400692007, "updated_at": 1444336507,` +
		` "emails": [], "phone_numbers": [ { "id": 3368, "label": "Mobile", "value": "+34768776683" },` +
		` { "id": 3369, "label": "Work", "value": "+49111000460" } ], "emails": [ { "id": 3200, "label": "Work", "value": "m.morrison@teleworm.es" } ] }}`
	ev, err := Parse([]byte(body), Tokens(testToken))
	if err != nil {
		t.Fatal(err)
	}
	want := &aircall.Contact{
		ID:          711,
		DirectLink:  "https://api.aircall.io/v1/contacts/711",
		FirstName:   "Margaret",
		LastName:    "Morrison",
		CompanyName: "TeleWorm",
		IsShared:    true,
		CreatedAt:   unix(1400692007),
		UpdatedAt:   unix(1444336507),
		Emails:      []*aircall.Email{{ID: 3200, Label: "Work", Value: "m.morrison@teleworm.es"}},
		PhoneNumbers: []*aircall.PhoneNumber{
			{ID: 3368, Label: "Mobile", Value: "+34768776683"},
			{ID: 3369, Label: "Work", Value: "+49111000460"},
		},
	}
	if d := diff(want, ev.Contact()); d != "" {
		t.Errorf("contact (-want +got):\n%s", d)
	}
}

// TestParseNamesIgnoreCase checks that names match case-insensitively, in
// the envelope and in data, as with encoding/json, but that "_" counts.
func TestParseNamesIgnoreCase(t *testing.T) {
	t.Parallel()
	body := `{"Event":"user.opened","TOKEN":"45XXYYZZa08","Data":{"ID":"456","Name":"John Doe","AVAILABLE":true,"wrapuptime":30}}`
	ev, err := Parse([]byte(body), Tokens(testToken))
	if err != nil {
		t.Fatal(err)
	}
	if d := diff(&aircall.User{ID: 456, Name: "John Doe", Available: true}, ev.User()); d != "" {
		t.Errorf("user (-want +got):\n%s", d)
	}
}

// TestParseChecksTokenFirst checks that a body with a wrong token is
// rejected as such even when its data would not decode, wherever the
// token is.
func TestParseChecksTokenFirst(t *testing.T) {
	t.Parallel()
	for _, body := range []string{
		`{"event":"call.ended","token":"wrong","data":{"id":{"x":1}}}`,
		`{"event":"call.ended","data":{"id":{"x":1}},"token":"wrong"}`,
		`{"data":{"id":{"x":1}},"event":"call.ended","token":"wrong"}`,
		`{"event":"call.ended","token":"45XXYYZZa08","data":{"id":{"x":1}},"token":"wrong"}`,
	} {
		ev, err := Parse([]byte(body), Tokens(testToken))
		if !errors.Is(err, ErrInvalidToken) || ev != nil {
			t.Errorf("%s: Parse = %v, %v; want ErrInvalidToken", body, ev, err)
		}
	}
}

// TestParseOddMemberCostsOnlyThatMember checks that a member of the wrong
// type (a string duration, an object id) does not make a documented event
// malformed, which would answer 400 and make Aircall retry it, then disable
// the webhook: the member is dropped, the rest of the call decoded.
func TestParseOddMemberCostsOnlyThatMember(t *testing.T) {
	t.Parallel()
	body := `{"resource":"call","event":"call.ended","timestamp":1585002050,"token":"45XXYYZZa08",` +
		`"data":{"id":812,"duration":"40","status":"done","direction":"inbound","raw_digits":"+33 6 12 34 56 78","user":{"id":{"x":1},"name":"John Doe"}}}`
	ev, err := Parse([]byte(body), Tokens(testToken))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	c := ev.Call()
	if c == nil || c.ID != 812 || c.Duration != 0 || c.Status != aircall.CallDone || c.RawDigits != "+33 6 12 34 56 78" {
		t.Fatalf("call = %+v, want id 812, status done, the raw digits, and no duration", c)
	}
	if c.User == nil || c.User.Name != "John Doe" || c.User.ID != 0 {
		t.Errorf("user = %+v, want John Doe without an id", c.User)
	}
	if string(ev.Data) == "" {
		t.Error("Data is empty, want the raw data kept")
	}
}

// TestParseReportsDroppedValues checks issue 18 item 6 on a webhook body:
// the values dropped because they do not fit their type are listed in
// Event.Dropped, with their paths from the root of the body and the type
// expected; an event whose values all fit has none.
func TestParseReportsDroppedValues(t *testing.T) {
	t.Parallel()
	body := `{"resource":"call","event":"call.ended","timestamp":1585002050,"token":"45XXYYZZa08",` +
		`"data":{"id":812,"duration":"40","user":{"id":{"x":1},"name":"John Doe"}}}`
	ev, err := Parse([]byte(body), Tokens(testToken))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	want := []aircall.DecodeIssue{{Path: "/data/duration", Want: "int"}, {Path: "/data/user/id", Want: "aircall.ID"}}
	if d := cmp.Diff(want, ev.Dropped); d != "" {
		t.Errorf("Dropped (-want +got):\n%s", d)
	}
	ok := `{"resource":"call","event":"call.ended","timestamp":1585002050,"token":"45XXYYZZa08","data":{"id":812,"duration":40}}`
	if ev, err := Parse([]byte(ok), Tokens(testToken)); err != nil {
		t.Errorf("Parse of a body that fits: %v", err)
	} else if ev.Dropped != nil {
		t.Errorf("Parse of a body that fits: Dropped %v, want none", ev.Dropped)
	}
}
