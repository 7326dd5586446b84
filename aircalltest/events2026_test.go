package aircalltest

import (
	"fmt"
	"slices"
	"testing"

	aircall "github.com/seed1279ea27/aircall-go"
)

// notSent2026 are the 2026 events that TestEvery2026EventIsSent does not
// cause: each comes from an option or a simulation helper tested on its own.
var notSent2026 = []aircall.Event{
	aircall.EventGroupMessageReceived,  // SimulateInboundGroupMessage: TestInboundGroupMessageAndAgentEscalation
	aircall.EventAIVoiceAgentEscalated, // WithAgentEscalation: the same test
	aircall.EventAnalyticsReportFailed, // WithExportFailure: TestAnalyticsExportFailedAndForbidden
}

// TestEvery2026EventIsSent plays the 2026 families on a webhook subscribed
// to every event: each 2026 event but notSent2026 arrives, with the
// webhook's token and a typed payload in the webhook package.
func TestEvery2026EventIsSent(t *testing.T) {
	t.Parallel()
	s, c, ctx := start(t, WithDemoData(), WithAIDelay(0), WithExportPolls(0))
	rcv, token := subscribe(t, s)
	call, err := s.SimulateInboundCall(AnsweredBy(DemoUserJohn))
	must(t, err)
	must(t, s.ReviewAIResults(call.ID))
	ringing, err := s.SimulateInboundCall(Ongoing(), NotAnswered())
	must(t, err)
	_, err = c.Calls.Transfer(ctx, ringing.ID, &aircall.TransferParams{Number: "+33612345678"})
	must(t, err)
	if err := s.ReviewAIResults(999999); err == nil {
		t.Error("ReviewAIResults of an unknown call: no error")
	}
	_, _, err = c.Messages.SendInConversation(ctx, DemoNumberUS, &aircall.MessageParams{To: "+13000000001", Body: "Hello"})
	must(t, err)
	_, _, err = c.Messages.SendGroupInConversation(ctx, DemoNumberUS, &aircall.GroupMessageParams{Participants: []string{"+13000000001", "+13000000002"}, Body: "Hi all"})
	must(t, err)
	_, err = s.SimulateInboundMessage(DemoNumberUS, "+13000000001", "Thanks")
	must(t, err)
	_, _, err = c.Analytics.CreateExport(ctx, exportParams())
	must(t, err)
	_, _, err = c.AIVoiceAgents.StartOutboundCall(ctx, "agent-abc123", &aircall.OutboundAgentCallParams{ContactPhone: "+15551234567", IdempotencyKey: "k-1"})
	must(t, err)
	must(t, s.ConnectUser(DemoUserJohn))
	must(t, s.DisconnectUser(DemoUserJohn))
	_, err = s.SimulateInboundCall(OnNumber(DemoNumberUS), AnsweredBy(DemoUserRafael)) // a 30s wrap-up time
	must(t, err)
	u, _, err := c.Users.Create(ctx, &aircall.UserCreateParams{Email: "temp@acme.example", FirstName: "Temp", LastName: "Agent"})
	must(t, err)
	for _, st := range []aircall.UserStatus{aircall.UserUnavailable, aircall.UserAvailable} {
		_, _, err = c.Users.Update(ctx, u.ID, &aircall.UserUpdateParams{AvailabilityStatus: aircall.Ptr(st)})
		must(t, err)
	}
	_, err = c.Users.Delete(ctx, u.ID)
	must(t, err)

	got := map[aircall.Event]bool{}
	for _, e := range parsed(t, s, rcv, token) {
		got[e.Name] = true
		if !e.Known() {
			t.Errorf("%s: no typed payload", e.Name)
		}
		if c := e.Call(); e.Name == aircall.EventCallExternalTransferred && (c.ExternalTransferredTo != "+33612345678" || c.ExternalCallerNumber == "" || c.ID != ringing.ID) {
			t.Errorf("call.external_transferred: call %d to %q from %q, want call %d to +33612345678 from its caller", c.ID, c.ExternalTransferredTo, c.ExternalCallerNumber, ringing.ID)
		}
	}
	var missing, unexpected []aircall.Event
	for _, e := range aircall.Events()[34:] { // the 33 events of webhook-events-additions.tsv
		switch sent, skip := got[e], slices.Contains(notSent2026, e); {
		case !sent && !skip:
			missing = append(missing, e)
		case sent && skip:
			unexpected = append(unexpected, e)
		}
	}
	if len(aircall.Events()) != 67 || len(missing) > 0 || len(unexpected) > 0 {
		t.Errorf("%d events; never sent: %v; sent though listed as not sent: %v", len(aircall.Events()), missing, unexpected)
	}
}

// TestInboundGroupMessageAndAgentEscalation covers the two 2026 events that
// no endpoint can cause: an inbound group message (SimulateInboundGroupMessage)
// and an AI voice agent that hands the call to a human (WithAgentEscalation).
func TestInboundGroupMessageAndAgentEscalation(t *testing.T) {
	t.Parallel()
	s, c, ctx := start(t, WithDemoData(), WithAIDelay(0), WithAgentEscalation())
	rcv, token := subscribe(t, s, aircall.EventGroupMessageReceived, aircall.EventAIVoiceAgentEscalated, aircall.EventAIVoiceAgentEnded)
	id, err := s.SimulateInboundGroupMessage(DemoNumberUS, []string{"+13000000001", "+13000000002"}, "See you at 5")
	must(t, err)
	if _, err := s.SimulateInboundGroupMessage(DemoNumberUS, []string{"+13000000001"}, "alone"); err == nil {
		t.Error("a group message with one participant: no error")
	}
	_, _, err = c.AIVoiceAgents.StartOutboundCall(ctx, "agent-abc123", &aircall.OutboundAgentCallParams{ContactPhone: "+15551234567", IdempotencyKey: "k-esc"})
	must(t, err)
	var got []string
	for _, e := range parsed(t, s, rcv, token) {
		switch e.Name {
		case aircall.EventGroupMessageReceived:
			g := e.GroupMessage()
			got = append(got, fmt.Sprintf("%s %v %s %s", e.Name, string(g.ID) == id, g.Status, g.Body))
		default:
			a := e.AIVoiceAgent()
			got = append(got, fmt.Sprintf("%s %s%s", e.Name, a.EscalationReason, a.CallEndReason))
		}
	}
	want := []string{
		"group_message.received true received See you at 5",
		"ai_voice_agent.escalated caller_request",
		"ai_voice_agent.ended escalated",
	}
	wantEqual(t, "events", want, got)
}
