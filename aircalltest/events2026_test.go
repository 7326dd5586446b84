package aircalltest

import (
	"slices"
	"testing"

	aircall "github.com/seed1279ea27/aircall-go"
)

// notSent2026 are the 2026 events no state change of the Server sends
// (Emit can still send them).
var notSent2026 = []aircall.Event{
	aircall.EventCallExternalTransferred, aircall.EventGroupMessageReceived, aircall.EventAIVoiceAgentEscalated,
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
