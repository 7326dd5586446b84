package aircalltest

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	aircall "github.com/seed1279ea27/aircall-go"
	"github.com/seed1279ea27/aircall-go/webhook"
)

// receiver is a loopback webhook endpoint that records the bodies it gets.
type receiver struct {
	*httptest.Server
	status atomic.Int32
	mu     sync.Mutex
	bodies [][]byte
}

func newReceiver(t *testing.T) *receiver {
	r := &receiver{}
	r.status.Store(200)
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		b, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		r.bodies = append(r.bodies, b)
		r.mu.Unlock()
		w.WriteHeader(int(r.status.Load()))
	}))
	t.Cleanup(r.Close)
	return r
}

// events returns the envelopes received, decoded.
func (r *receiver) events(t *testing.T) []map[string]any {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []map[string]any
	for _, b := range r.bodies {
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("body is not JSON: %s", b)
		}
		out = append(out, m)
	}
	return out
}

func names(evs []map[string]any) []string {
	var out []string
	for _, e := range evs {
		out = append(out, e["event"].(string))
	}
	return out
}

func flush(t *testing.T, s *Server) {
	t.Helper()
	if err := s.Flush(ctxT(t)); err != nil {
		t.Fatalf("Flush: %v", err)
	}
}

func TestWebhookDeliveryForSimulatedCalls(t *testing.T) {
	t.Parallel()
	s, c, ctx := start(t, WithDemoData(), WithoutAIAddOn()) // the call events only (AI events: intelligence_test.go)
	all, only := newReceiver(t), newReceiver(t)
	hAll, _, err := c.Webhooks.Create(ctx, &aircall.WebhookCreateParams{URL: all.URL + "/aircall"})
	must(t, err)
	hOnly, _, err := c.Webhooks.Create(ctx, &aircall.WebhookCreateParams{URL: only.URL, Events: []aircall.Event{aircall.EventCallEnded}})
	must(t, err)

	call, err := s.SimulateInboundCall(OnNumber(DemoNumberFrance), AnsweredBy(DemoUserAmy), WithPeer("+34768776683"), WithDuration(90*time.Second))
	must(t, err)
	flush(t, s)

	evs := all.events(t)
	want := []string{"call.created", "call.ringing_on_agent", "call.answered", "call.hungup", "call.ended", "call.comm_assets_generated"}
	if d := diff(want, names(evs)); d != "" {
		t.Fatalf("events (-want +got):\n%s", d)
	}
	for i, e := range evs {
		if e["token"] != hAll.Token || e["resource"] != "call" {
			t.Errorf("event %d: token %v resource %v", i, e["token"], e["resource"])
		}
		data := e["data"].(map[string]any)
		if data["id"] != float64(call.ID) {
			t.Errorf("event %d is about call %v", i, data["id"])
		}
	}
	status := func(i int) any { return evs[i]["data"].(map[string]any)["status"] }
	if status(0) != "initial" || status(2) != "answered" || status(4) != "done" {
		t.Errorf("statuses: %v %v %v", status(0), status(2), status(4))
	}
	if _, ok := evs[0]["data"].(map[string]any)["user"]; ok {
		t.Error("call.created of an inbound call has a user")
	}
	ended := evs[4]["data"].(map[string]any)
	if ended["duration"] != 90.0 || ended["user"].(map[string]any)["id"] != float64(DemoUserAmy) || ended["recording"] == nil ||
		ended["contact"].(map[string]any)["id"] != float64(DemoContactMargaret) {
		t.Errorf("call.ended data = %v", ended)
	}
	if evs[4]["timestamp"].(float64) < evs[0]["timestamp"].(float64) {
		t.Error("timestamps go back in time")
	}

	// The SDK's receiver accepts what the server sends.
	all.mu.Lock()
	body := all.bodies[4]
	all.mu.Unlock()
	ev, err := webhook.Parse(body, webhook.Tokens(hAll.Token))
	must(t, err)
	if ev.Name != aircall.EventCallEnded || ev.Call() == nil || ev.Call().ID != call.ID || ev.Call().User.ID != DemoUserAmy {
		t.Errorf("webhook.Parse = %+v", ev)
	}
	if _, err := webhook.Parse(body, webhook.Tokens(hOnly.Token)); err == nil {
		t.Error("a body verified with another webhook's token")
	}

	onlyEvs := only.events(t)
	wantEqual(t, "subscribed to call.ended only", []string{"call.ended"}, names(onlyEvs))
	if len(onlyEvs) == 1 && onlyEvs[0]["token"] != hOnly.Token {
		t.Errorf("token = %v, want the webhook's own", onlyEvs[0]["token"])
	}
	for _, d := range s.Deliveries() {
		if !d.OK() {
			t.Errorf("failed delivery: %+v", d)
		}
	}
}

func TestWebhookMissedCallWithVoicemail(t *testing.T) {
	t.Parallel()
	s := newServer(t, WithDemoData(), WithoutAIAddOn()) // the call events only
	rcv := newReceiver(t)
	_, _, err := client(t, s).Webhooks.Create(ctxT(t), &aircall.WebhookCreateParams{URL: rcv.URL})
	must(t, err)
	_, err = s.SimulateInboundCall(OnNumber(DemoNumberUS), Missed(aircall.MissedNoAvailableAgent), WithVoicemail())
	must(t, err)
	flush(t, s)
	evs := rcv.events(t)
	want := []string{"call.created", "call.hungup", "call.ended", "call.voicemail_left", "call.comm_assets_generated"}
	if d := diff(want, names(evs)); d != "" {
		t.Fatalf("events (-want +got):\n%s", d)
	}
	for _, e := range evs {
		data := e["data"].(map[string]any)
		if _, ok := data["user"]; ok {
			t.Errorf("%s: an unanswered inbound call has a user key", e["event"])
		}
		if data["answered_at"] != nil {
			t.Errorf("%s: answered_at = %v, want null", e["event"], data["answered_at"])
		}
	}
	vm := evs[3]["data"].(map[string]any)
	if vm["missed_call_reason"] != "no_available_agent" || vm["voicemail"] == nil || !strings.HasSuffix(vm["asset"].(string), "/voicemail") { // https://assets.aircall.io/calls/:id/voicemail, as recorded
		t.Errorf("call.voicemail_left data = %v", vm)
	}
	// An outbound call that rings out.
	_, err = s.SimulateOutboundCall(DemoUserRafael, "+18001234567", NotAnswered())
	must(t, err)
	flush(t, s)
	wantEqual(t, "outbound events", append(want, "call.created", "call.hungup", "call.ended"), names(rcv.events(t)))
}

func TestWebhookEventsFromEndpoints(t *testing.T) {
	t.Parallel()
	s, c, ctx := start(t, WithDemoData())
	rcv := newReceiver(t)
	_, _, err := c.Webhooks.Create(ctx, &aircall.WebhookCreateParams{URL: rcv.URL})
	must(t, err)
	u, _, err := c.Users.Create(ctx, &aircall.UserCreateParams{Email: "new@acme.example", FirstName: "New", LastName: "Agent"})
	must(t, err)
	_, _, err = c.Users.Update(ctx, u.ID, &aircall.UserUpdateParams{AvailabilityStatus: aircall.Ptr(aircall.UserUnavailable)})
	must(t, err)
	_, _, err = c.Users.Update(ctx, u.ID, &aircall.UserUpdateParams{AvailabilityStatus: aircall.Ptr(aircall.UserCustom)})
	must(t, err)
	_, _, err = c.Users.Update(ctx, u.ID, &aircall.UserUpdateParams{FirstName: aircall.Ptr("Renamed")}) // no availability change, no event
	must(t, err)
	_, err = c.Users.Delete(ctx, u.ID)
	must(t, err)
	ct, _, err := c.Contacts.Create(ctx, &aircall.ContactCreateParams{PhoneNumbers: []aircall.ContactDetailParams{{Label: "Work", Value: "+33612345678"}}})
	must(t, err)
	_, _, err = c.Contacts.AddEmail(ctx, ct.ID, &aircall.ContactDetailParams{Value: "a@b.example"})
	must(t, err)
	_, err = c.Contacts.Delete(ctx, ct.ID)
	must(t, err)
	_, _, err = c.Numbers.Update(ctx, DemoNumberUS, &aircall.NumberUpdateParams{AvailabilityStatus: aircall.Ptr(aircall.NumberClosed)})
	must(t, err)
	_, err = c.Calls.AddComment(ctx, 812, &aircall.CommentParams{Content: "ok"})
	must(t, err)
	_, err = c.Calls.AddTags(ctx, 812, &aircall.CallTagsParams{Tags: []aircall.ID{DemoTagSpam}})
	must(t, err)
	//lint:ignore SA1019 the fake still serves the endpoint deprecated for Workspace users
	_, _, err = c.Calls.Archive(ctx, 812)
	must(t, err)
	s.Emit(aircall.EventIntegrationDeleted, map[string]any{"integration_id": 42, "company_id": 1})
	flush(t, s)
	// Each V1 user event is followed by its .v2 twin.
	want := []string{"user.created", "user.created.v2", "user.closed", "user.closed.v2", "user.opened", "user.opened.v2", "user.deleted", "user.deleted.v2",
		"contact.created", "contact.updated", "contact.deleted", "number.closed", "call.commented", "call.tagged", "call.archived", "integration.deleted"}
	evs := rcv.events(t)
	wantEqual(t, "events", want, names(evs))
	if len(evs) == len(want) {
		if evs[11]["resource"] != "number" || evs[11]["data"].(map[string]any)["open"] != false {
			t.Errorf("number.closed = %v", evs[11])
		}
		for _, i := range []int{2, 3} {
			if d := evs[i]["data"].(map[string]any); evs[i]["resource"] != "user" || d["availability_status"] != "unavailable" {
				t.Errorf("%s = %v", evs[i]["event"], evs[i])
			}
		}
		jsonEq(t, mustMarshal(t, evs[15]["data"]), `{"integration_id":42,"company_id":1}`)
	}
}

func mustMarshal(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestWebhookDisabledAfterFailures(t *testing.T) {
	t.Parallel()
	s, c, ctx := start(t, WithDemoData(), WithWebhookFailureLimit(3))
	rcv := newReceiver(t)
	rcv.status.Store(500)
	h, _, err := c.Webhooks.Create(ctx, &aircall.WebhookCreateParams{URL: rcv.URL, Events: []aircall.Event{aircall.EventContactUpdated}})
	must(t, err)
	for i := range 5 {
		_, _, err := c.Contacts.Update(ctx, DemoContactGary, &aircall.ContactUpdateParams{Information: aircall.Ptr(strings.Repeat("x", i+1))})
		must(t, err)
	}
	flush(t, s)
	ds := s.Deliveries()
	if len(ds) != 3 {
		t.Fatalf("%d deliveries, want 3 (then the webhook is disabled)", len(ds))
	}
	for i, d := range ds {
		if d.OK() || d.StatusCode != 500 || d.WebhookID != h.WebhookID || d.Disabled != (i == 2) {
			t.Errorf("delivery %d = %+v", i, d)
		}
	}
	if s.WebhookActive(h.WebhookID) {
		t.Error("webhook still active")
	}
	got, _, err := c.Webhooks.Get(ctx, h.WebhookID)
	must(t, err)
	if got.Active {
		t.Error("the API shows the webhook active")
	}
	// Re-activated by Update, it receives events again.
	rcv.status.Store(200)
	_, _, err = c.Webhooks.Update(ctx, h.WebhookID, &aircall.WebhookUpdateParams{Active: aircall.Ptr(true), Events: []aircall.Event{aircall.EventContactUpdated}})
	must(t, err)
	_, _, err = c.Contacts.Update(ctx, DemoContactGary, &aircall.ContactUpdateParams{Information: aircall.Ptr("back")})
	must(t, err)
	flush(t, s)
	ds = s.Deliveries()
	if len(ds) != 4 || !ds[3].OK() {
		t.Errorf("after re-activation: %+v", ds[3:])
	}
	if n := len(rcv.events(t)); n != 4 {
		t.Errorf("receiver got %d bodies, want 4", n)
	}
}

func TestWebhookLoopbackOnlyAndDisabledIntegration(t *testing.T) {
	t.Parallel()
	s := newServer(t, WithDemoData())
	ctx := ctxT(t)
	// A public URL is registered but never contacted.
	h, _, err := client(t, s).Webhooks.Create(ctx, &aircall.WebhookCreateParams{URL: "https://hooks.example.com/aircall"})
	must(t, err)
	// A webhook of an OAuth integration stops while the integration is disabled.
	rcv := newReceiver(t)
	bc, err := s.BearerClient(s.NewBearerToken())
	must(t, err)
	_, _, err = bc.Webhooks.Create(ctx, &aircall.WebhookCreateParams{URL: rcv.URL})
	must(t, err)
	_, err = bc.Integrations.Disable(ctx)
	must(t, err)
	_, err = s.SimulateOutboundCall(DemoUserJohn, "+18001234567")
	must(t, err)
	flush(t, s)
	if n := len(rcv.events(t)); n != 0 {
		t.Errorf("a disabled integration's webhook got %d events", n)
	}
	ds := s.Deliveries()
	if len(ds) == 0 {
		t.Fatal("no delivery recorded for the public webhook")
	}
	for _, d := range ds {
		if d.WebhookID != h.WebhookID || d.OK() || !strings.Contains(d.Err, "loopback") || d.StatusCode != 0 {
			t.Errorf("delivery = %+v, want a refusal to leave loopback", d)
		}
	}
	_, err = bc.Integrations.Enable(ctx, nil)
	must(t, err)
	_, err = s.SimulateOutboundCall(DemoUserJohn, "+18001234567")
	must(t, err)
	flush(t, s)
	if n := len(rcv.events(t)); n == 0 {
		t.Error("the re-enabled integration's webhook got nothing")
	}
}

// TestSimulationHelperErrors checks that the helpers refuse what the Phone
// app or the Dashboard could not do, and change nothing then.
func TestSimulationHelperErrors(t *testing.T) {
	t.Parallel()
	s := newServer(t, WithDemoData())
	ongoing, err := s.SimulateInboundCall(OnNumber(DemoNumberFrance), AnsweredBy(DemoUserJohn), Ongoing())
	must(t, err)
	ringing, err := s.SimulateInboundCall(OnNumber(DemoNumberFrance), Missed(aircall.MissedAgentsDidNotAnswer), Ongoing())
	must(t, err)
	for _, tc := range []struct {
		name string
		err  error
	}{
		{"Hold an ended call", s.Hold(812)},
		{"Hold a call nobody answered", s.Hold(ringing.ID)},
		{"Hold an unknown call", s.Hold(999)},
		{"Unhold a call not on hold", s.Unhold(ongoing.ID)},
		{"Untag an ongoing call", s.Untag(ongoing.ID, DemoTagGeneral)},
		{"Untag a tag the call does not have", s.Untag(812, DemoTagSpam)},
		{"Assign to an unknown user", s.Assign(812, 999)},
		{"Assign an unknown call", s.Assign(999, DemoUserJohn)},
		{"ConnectUser unknown", s.ConnectUser(999)},
		{"DisconnectUser unknown", s.DisconnectUser(999)},
		{"RemoveNumber unknown", s.RemoveNumber(999)},
		{"SimulateInboundCall declined by an unknown user", func() error {
			_, err := s.SimulateInboundCall(DeclinedBy(999))
			return err
		}()},
	} {
		if tc.err == nil || !strings.HasPrefix(tc.err.Error(), "aircalltest: ") {
			t.Errorf("%s: err = %v, want an aircalltest error", tc.name, tc.err)
		}
	}
	for _, n := range []NewNumber{{Digits: "+49 30 1234567"}, {Name: "Berlin", Digits: "030 1234567"}, {Name: "Berlin", Digits: "+49301234567", UserIDs: []aircall.ID{999}}} {
		if _, err := s.AddNumber(n); err == nil {
			t.Errorf("AddNumber(%+v) = nil error", n)
		}
	}
	must(t, s.Hold(ongoing.ID))
	if err := s.Hold(ongoing.ID); err == nil {
		t.Error("Hold twice: nil error")
	}
	// A number added then removed: listed, then gone.
	c, ctx := client(t, s), ctxT(t)
	id, err := s.AddNumber(NewNumber{Name: "Berlin", Digits: "+49 30 1234567", Country: "DE", UserIDs: []aircall.ID{DemoUserVera}})
	must(t, err)
	n, _, err := c.Numbers.Get(ctx, id)
	must(t, err)
	if n.Name != "Berlin" || n.TimeZone != "Etc/UTC" || !n.Open || len(n.Users) != 1 || n.Users[0].ID != DemoUserVera {
		t.Errorf("added number = %+v", n)
	}
	must(t, s.RemoveNumber(id))
	if _, _, err := c.Numbers.Get(ctx, id); !errors.Is(err, aircall.ErrNotFound) {
		t.Errorf("Get a removed number: %v", err)
	}
}
