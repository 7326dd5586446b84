package aircalltest

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	aircall "github.com/seed1279ea27/aircall-go"
)

// TestValidation sends raw requests (the SDK validates most of these
// locally and would never send them) and checks the documented status and
// error body.
func TestValidation(t *testing.T) {
	t.Parallel()
	s := newServer(t, WithDemoData())
	phones := func(n int) string {
		var ps []string
		for i := range n {
			ps = append(ps, fmt.Sprintf(`{"label":"Work","value":"+3361234%04d"}`, i))
		}
		return `[` + strings.Join(ps, ",") + `]`
	}
	for _, tc := range []struct {
		method, path, body string
		status             int
		troubleshoot       string // a part of it
	}{
		// users: 422
		{"POST", "/v1/users", `{}`, 422, "email is a mandatory field"},
		{"POST", "/v1/users", `{"email":"a@b.example","first_name":"A"}`, 422, "last_name"},
		{"POST", "/v1/users", `{"email":"not-an-email","first_name":"A","last_name":"B"}`, 422, "valid email"},
		{"POST", "/v1/users", `{"email":"JOHN.DOE@acme.example","first_name":"J","last_name":"D"}`, 422, "taken"},
		{"POST", "/v1/users", `{"email":"x@acme.example","first_name":"X","last_name":"Y","role_ids":["boss"]}`, 422, "role_ids"},
		{"PUT", "/v1/users/456", `{"first_name":"  "}`, 422, "can't be blank"},
		{"PUT", "/v1/users/456", `{"first_name":"Jo 😀"}`, 422, "emojis"},
		{"PUT", "/v1/users/456", `{"availability_status":"busy"}`, 422, "availability_status"},
		{"GET", "/v1/users/999", ``, 404, "User not found"},
		{"GET", "/v1/users/abc", ``, 404, "User not found"},
		// start a call, dial
		{"POST", "/v1/users/456/calls", `{"number_id":1234,"to":"0612345678"}`, 400, "E.164"},
		{"POST", "/v1/users/456/calls", `{"to":"+18001231234"}`, 400, "number_id"},
		{"POST", "/v1/users/456/calls", `{"number_id":999,"to":"+18001231234"}`, 400, "Number not found"},
		{"POST", "/v1/users/459/calls", `{"number_id":1234,"to":"+18001231234"}`, 400, "not associated"},
		{"POST", "/v1/users/458/calls", `{"number_id":1234,"to":"+18001231234"}`, 405, "not available"},
		{"POST", "/v1/users/458/dial", `{"to":"+18001231234"}`, 405, "not available"},
		{"POST", "/v1/users/456/dial", `{"to":"123"}`, 400, "E.164"},
		// dialer campaigns: 422, 404
		{"POST", "/v1/users/456/dialer_campaign", `{"phone_numbers":[]}`, 422, "at least one valid phone number"},
		{"POST", "/v1/users/456/dialer_campaign", `{"phone_numbers":["call me"]}`, 422, "at least one valid phone number"},
		{"GET", "/v1/users/456/dialer_campaign", ``, 404, "no active campaign"},
		{"POST", "/v1/users/456/dialer_campaign/phone_numbers", `{"phone_numbers":["+18001112222"]}`, 404, "no active campaign"},
		// teams: 400
		{"POST", "/v1/teams", `{"name":""}`, 400, "mandatory"},
		{"POST", "/v1/teams", `{}`, 400, "mandatory"},
		{"POST", "/v1/teams", `{"name":"` + strings.Repeat("a", 65) + `"}`, 400, "64 characters"},
		{"POST", "/v1/teams", `{"name":"global sales"}`, 400, "unique"},
		{"POST", "/v1/teams", `{"name":"Sales 🚀"}`, 400, "emojis"},
		{"POST", "/v1/teams/678/users/999", ``, 404, "User not found"},
		{"POST", "/v1/teams/999/users/456", ``, 404, "Team not found"},
		{"DELETE", "/v1/teams/679/users/456", ``, 422, "not a member"},
		// calls
		{"POST", "/v1/calls/812/transfers", `{}`, 400, "exactly one"},
		{"POST", "/v1/calls/812/transfers", `{"user_id":457,"team_id":678}`, 400, "exactly one"},
		{"POST", "/v1/calls/812/transfers", `{"user_id":457,"dispatching_strategy":"random"}`, 400, "Invalid usage of dispatching strategy"},
		{"POST", "/v1/calls/812/transfers", `{"team_id":678,"dispatching_strategy":"loudest"}`, 400, "dispatching_strategy"},
		{"POST", "/v1/calls/812/transfers", `{"user_id":457}`, 400, "Call already ended"},
		{"POST", "/v1/calls/999/transfers", `{"user_id":457}`, 404, "Call not found"},
		{"POST", "/v1/calls/812/comments", `{"content":""}`, 400, "mandatory"},
		{"POST", "/v1/calls/812/comments", `{"content":"😀🎉"}`, 400, "emojis"},
		{"POST", "/v1/calls/812/tags", `{"tags":[]}`, 400, "non-empty"},
		{"POST", "/v1/calls/812/tags", `{"tags":[999]}`, 400, "does not exist"},
		{"POST", "/v1/calls/812/pause_recording", ``, 400, "already ended"},
		{"POST", "/v1/calls/999/resume_recording", ``, 404, "Call not found"},
		{"POST", "/v1/calls/812/insight_cards", `{"contents":[]}`, 400, "Payload malformed"},
		{"POST", "/v1/calls/812/insight_cards", `{"contents":[{"type":"banner","text":"x"}]}`, 400, "Payload malformed"},
		{"POST", "/v1/calls/812/insight_cards", `{"contents":[{"type":"user","label":"Owner"}]}`, 400, "user_id"},
		{"POST", "/v1/calls/999/insight_cards", `{"contents":[{"type":"title","text":"x"}]}`, 404, "Call not found"},
		{"GET", "/v1/calls/search?direction=sideways", ``, 400, "direction"},
		// numbers
		{"PUT", "/v1/numbers/1234", `{"name":""}`, 400, "can't be empty"},
		{"PUT", "/v1/numbers/1234", `{"availability_status":"maybe"}`, 400, "open, custom or closed"},
		{"PUT", "/v1/numbers/1234", `{"priority":2}`, 400, "priority"},
		{"PUT", "/v1/numbers/1234", `{"messages":{"welcome":"not a url"}}`, 400, "valid public URL"},
		{"PUT", "/v1/numbers/1234", `{"messages":{"jingle":"https://example.com/a.mp3"}}`, 400, "jingle"},
		{"GET", "/v1/numbers/999", ``, 404, "Number not found"},
		// contacts
		{"POST", "/v1/contacts", `{"first_name":"A"}`, 400, "phone_numbers is a mandatory field"},
		{"POST", "/v1/contacts", `{"phone_numbers":` + phones(21) + `}`, 400, "Limit of 20"},
		{"POST", "/v1/contacts", `{"phone_numbers":[{"value":"+33612345678"}]}`, 400, "label and value"},
		{"POST", "/v1/contacts", `{"first_name":" ","phone_numbers":` + phones(1) + `}`, 400, "can't be blank"},
		{"POST", "/v1/contacts", `{"first_name":"` + strings.Repeat("é", 256) + `","phone_numbers":` + phones(1) + `}`, 400, "255"},
		{"POST", "/v1/contacts", `{"phone_numbers":` + phones(1) + `,"emails":[{"label":"Work"}]}`, 400, "label and value"},
		{"POST", "/v1/contacts/710", `{"first_name":""}`, 400, "can't be blank"},
		{"POST", "/v1/contacts/710/phone_details", `{"label":"Home"}`, 400, "value is a mandatory field"},
		{"PUT", "/v1/contacts/710/phone_details/3367", `{"label":"Home"}`, 400, "value is a mandatory field"},
		{"PUT", "/v1/contacts/710/phone_details/999", `{"value":"+33612345678"}`, 404, "not found"},
		{"POST", "/v1/contacts/711/email_details", `{"label":" ","value":"a@b.example"}`, 400, "label can't be blank"},
		{"DELETE", "/v1/contacts/711/email_details/999", ``, 404, "not found"},
		{"GET", "/v1/contacts/999", ``, 404, "Contact not found"},
		// tags
		{"POST", "/v1/tags", `{"name":"X"}`, 400, "color"},
		{"POST", "/v1/tags", `{"name":"X","color":"blue"}`, 400, "hexadecimal"},
		{"POST", "/v1/tags", `{"name":"🎉","color":"#fff"}`, 400, "name"},
		{"PUT", "/v1/tags/678", `{"color":"red"}`, 400, "hexadecimal"},
		{"DELETE", "/v1/tags/999", ``, 404, "Tag not found"},
		// webhooks
		{"POST", "/v1/webhooks", `{}`, 400, "url is mandatory"},
		{"POST", "/v1/webhooks", `{"url":"not a url"}`, 400, "valid URL"},
		{"POST", "/v1/webhooks", `{"url":"https://hooks.example.com","events":["call.exploded"]}`, 400, "events are not valid"},
		{"GET", "/v1/webhooks/c2501111-8a69-4342-bb34-bcd6cfe564ab", ``, 404, "Webhook not found"},
		// A2P
		{"POST", "/v1/a2p_campaign_associations", `{"numbers":[14155550134]}`, 400, "external_campaign_id"},
		{"POST", "/v1/a2p_campaign_associations", `{"external_campaign_id":"CX","numbers":[]}`, 400, "numbers is a mandatory field"},
		{"POST", "/v1/a2p_campaign_associations", `{"external_campaign_id":"CX","numbers":["+14155550134"]}`, 400, "without the + prefix"},
		{"POST", "/v1/a2p_campaign_associations", `{"external_campaign_id":"CX","numbers":[12025550100]}`, 400, "not an Aircall number"},
		{"PUT", "/v1/a2p_campaign_associations/999", `{"numbers":[14155550134]}`, 404, "not found"},
		// bodies
		{"POST", "/v1/teams", `{"name":`, 400, "not valid JSON"},
		{"GET", "/v1/nothing", ``, 404, "Not Found"},
		{"GET", "/v1/users?order=sideways", ``, 400, "order"},
	} {
		status, body, _ := raw(t, s, tc.method, tc.path, tc.body, "")
		if status != tc.status {
			t.Errorf("%s %s %s: status %d, want %d: %s", tc.method, tc.path, truncate(tc.body, 60), status, tc.status, body)
			continue
		}
		if text := errorText(t, body); !strings.Contains(text, tc.troubleshoot) {
			t.Errorf("%s %s: body %s, want an error whose text has %q", tc.method, tc.path, body, tc.troubleshoot)
		}
	}
}

func TestCommentLimit(t *testing.T) {
	t.Parallel()
	s, c, ctx := start(t, WithDemoData())
	// Call 812 has one comment already.
	for i := range 4 {
		if _, err := c.Calls.AddComment(ctx, 812, &aircall.CommentParams{Content: fmt.Sprint("note ", i)}); err != nil {
			t.Fatalf("comment %d: %v", i+2, err)
		}
	}
	status, body, _ := raw(t, s, "POST", "/v1/calls/812/comments", `{"content":"one too many"}`, "")
	if status != 400 {
		t.Fatalf("6th comment: status %d", status)
	}
	jsonEq(t, body, `{"error":"Bad Request","data":null,"message":"BAD_REQUEST","errors":"Maximum of 5 notes can be added to a Call.","troubleshoot":"BAD_REQUEST","success":false}`)
}

func TestContactDetailLimits(t *testing.T) {
	t.Parallel()
	_, c, ctx := start(t, WithDemoData())
	// Vicente has 1 phone number and no email.
	for i := range 19 {
		if _, _, err := c.Contacts.AddPhoneNumber(ctx, DemoContactVicente, &aircall.ContactDetailParams{Label: "Work", Value: fmt.Sprintf("+3460000%04d", i)}); err != nil {
			t.Fatalf("phone %d: %v", i+2, err)
		}
	}
	for i := range 20 {
		if _, _, err := c.Contacts.AddEmail(ctx, DemoContactVicente, &aircall.ContactDetailParams{Value: fmt.Sprintf("v%d@abad.example", i)}); err != nil {
			t.Fatalf("email %d: %v", i+1, err)
		}
	}
	_, _, err := c.Contacts.AddPhoneNumber(ctx, DemoContactVicente, &aircall.ContactDetailParams{Label: "Work", Value: "+34600009999"})
	if !errors.Is(err, aircall.ErrConflict) {
		t.Errorf("21st phone number: %v, want 409 ErrConflict", err)
	}
	_, _, err = c.Contacts.AddEmail(ctx, DemoContactVicente, &aircall.ContactDetailParams{Value: "too@many.example"})
	if !errors.Is(err, aircall.ErrConflict) {
		t.Errorf("21st email: %v, want 409 ErrConflict", err)
	}
}

func TestTeamNameLimits(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	c := client(t, s)
	name := strings.Repeat("é", 64) // 64 characters, 128 bytes
	team, resp, err := c.Teams.Create(ctxT(t), &aircall.TeamCreateParams{Name: name})
	wantStatus(t, resp, err, 200)
	if team.Name != name {
		t.Errorf("name = %q", team.Name)
	}
}

func TestTransferRules(t *testing.T) {
	t.Parallel()
	s, c, ctx := start(t, WithDemoData())
	// A team of 26 users.
	big, _, err := c.Teams.Create(ctx, &aircall.TeamCreateParams{Name: "Everyone"})
	must(t, err)
	for i := range 26 {
		u, _, err := c.Users.Create(ctx, &aircall.UserCreateParams{Email: fmt.Sprintf("agent%d@acme.example", i), FirstName: "Agent", LastName: fmt.Sprint(i)})
		must(t, err)
		_, _, err = c.Teams.AddUser(ctx, big.ID, u.ID)
		must(t, err)
	}
	ringing, err := s.SimulateInboundCall(Missed(aircall.MissedAgentsDidNotAnswer), Ongoing())
	must(t, err)
	if ringing.Status != aircall.CallInitial {
		t.Fatalf("ringing call status = %q", ringing.Status)
	}
	status, body, _ := raw(t, s, "POST", fmt.Sprintf("/v1/calls/%d/transfers", ringing.ID), fmt.Sprintf(`{"team_id":%d}`, big.ID), "")
	if status != 400 || !strings.Contains(body, "more than 25 users") {
		t.Errorf("ringing call to a team of 26: %d %s", status, body)
	}
	if _, err := c.Calls.Transfer(ctx, ringing.ID, &aircall.TransferParams{TeamID: DemoTeamSales, DispatchingStrategy: aircall.DispatchLongestIdle}); err != nil {
		t.Errorf("ringing call to a team of 2: %v", err)
	}
	if _, err := c.Calls.Transfer(ctx, ringing.ID, &aircall.TransferParams{Number: "+33612345678"}); err != nil {
		t.Errorf("ringing inbound call to an external number: %v", err)
	}
	answered, err := s.SimulateInboundCall(AnsweredBy(DemoUserJohn), Ongoing())
	must(t, err)
	_, err = c.Calls.Transfer(ctx, answered.ID, &aircall.TransferParams{Number: "+33612345678"})
	if !errors.Is(err, aircall.ErrValidation) {
		t.Errorf("answered call to an external number: %v, want 400", err)
	}
	if _, err := c.Calls.Transfer(ctx, answered.ID, &aircall.TransferParams{TeamID: big.ID}); err != nil {
		t.Errorf("answered call to a team of 26: %v", err)
	}
	_, err = c.Calls.Transfer(ctx, answered.ID, &aircall.TransferParams{UserID: 999})
	if !errors.Is(err, aircall.ErrNotFound) {
		t.Errorf("transfer to an unknown user: %v, want 404", err)
	}
	// A user in a call is not available to start another.
	busy, err := s.SimulateInboundCall(AnsweredBy(DemoUserRafael), OnNumber(DemoNumberUS), Ongoing())
	must(t, err)
	_, err = c.Users.StartCall(ctx, DemoUserRafael, &aircall.StartCallParams{NumberID: DemoNumberUS, To: "+18001231234"})
	if !errors.Is(err, aircall.ErrNotAvailable) {
		t.Errorf("StartCall for a user in a call: %v, want 405 ErrNotAvailable", err)
	}
	if av, _, _ := c.Users.GetAvailability(ctx, DemoUserRafael); av != aircall.AvailabilityInCall {
		t.Errorf("availability in a call = %q", av)
	}
	_, err = s.HangUp(busy.ID)
	must(t, err)
	if _, err := c.Users.StartCall(ctx, DemoUserRafael, &aircall.StartCallParams{NumberID: DemoNumberUS, To: "+18001231234"}); err != nil {
		t.Errorf("StartCall after hanging up: %v", err)
	}
	// Recording controls need a number with live recording.
	_, err = c.Calls.PauseRecording(ctx, answered.ID)
	must(t, err) // French Office records
	us, err := s.SimulateOutboundCall(DemoUserRafael, "+18001231234", OnNumber(DemoNumberUS), Ongoing())
	must(t, err)
	if _, err := c.Calls.PauseRecording(ctx, us.ID); !errors.Is(err, aircall.ErrNotAvailable) {
		t.Errorf("PauseRecording without live recording: %v, want 405", err)
	}
}

// errorText returns the texts of an error body in any of the API's shapes:
// {error, troubleshoot}, the 400 six-key form (text in errors), the 422 form
// (errors: {field: [texts]}) and the edge form {message}. It fails the test
// when the body has neither error nor message.
func errorText(t *testing.T, body string) string {
	t.Helper()
	var eb struct {
		Error, Troubleshoot, Message string
		Errors                       json.RawMessage
	}
	if err := jsonUnmarshal(body, &eb); err != nil || eb.Error == "" && eb.Message == "" {
		t.Errorf("not an error body: %s", body)
		return ""
	}
	parts := []string{eb.Error, eb.Troubleshoot, eb.Message}
	var text string
	var fields map[string][]string
	switch {
	case json.Unmarshal(eb.Errors, &text) == nil:
		parts = append(parts, text)
	case json.Unmarshal(eb.Errors, &fields) == nil:
		for _, msgs := range fields {
			parts = append(parts, msgs...)
		}
	}
	return strings.Join(parts, " | ")
}
