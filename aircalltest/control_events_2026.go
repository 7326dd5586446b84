package aircalltest

import (
	"net/http"

	aircall "github.com/seed1279ea27/aircall-go"
)

// The actions of POST /_fake/events/{event} for the 2026 families:
// messaging, conversation intelligence, AI voice agents and analytics
// exports (control_events.go has the others).

// nativeNumber is b's number, or the first number without a messaging
// configuration (a Native-mode line).
func (s *Server) nativeNumber(b *controlBody) (aircall.ID, error) {
	if b.NumberID != 0 {
		return pick("number", b.NumberID, s.ids("number"))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, n := range s.st.sortedNumbers() {
		if _, proxy := s.st.msgConfigs[n.n.ID]; !proxy {
			return n.n.ID, nil
		}
	}
	return 0, conflict("no number is a Native-mode messaging line")
}

var groupPeers = []string{"+12025550147", "+13105550293"}

// sendMessage sends a message (or a group message) from a Native-mode
// line, as an agent does in the Aircall Workspace.
func sendMessage(group bool) controlAction {
	return func(s *Server, b *controlBody) (any, error) {
		id, err := s.nativeNumber(b)
		if err != nil {
			return nil, err
		}
		if group {
			return s.rest(http.MethodPost, "/v1/numbers/"+id.String()+"/messages/group/native/send",
				map[string]any{"participants": groupPeers, "body": "Your order has shipped"}, 0)
		}
		return s.rest(http.MethodPost, "/v1/numbers/"+id.String()+"/messages/native/send",
			map[string]string{"to": "+447474626067", "body": "Your order has shipped"}, 0)
	}
}

// receiveMessage has an external number (or two) write to b's number.
func receiveMessage(group bool) controlAction {
	return func(s *Server, b *controlBody) (any, error) {
		id, err := s.firstOr("number", b.NumberID)
		if err != nil {
			return nil, err
		}
		var msg string
		if group {
			msg, err = s.SimulateInboundGroupMessage(id, groupPeers, "Is the shop open on Sunday?")
		} else {
			msg, err = s.SimulateInboundMessage(id, "+447474626067", "Is the shop open on Sunday?")
		}
		if err != nil {
			return nil, helperError(err)
		}
		return map[string]any{"id": msg, "number_id": id}, nil
	}
}

// produceAI has Aircall's AI process b's ended call (default: a new
// answered call), sending every AI result event of it.
func produceAI(s *Server, b *controlBody) (any, error) {
	if s.cfg.noAI {
		return nil, conflict("the account has no AI add-on")
	}
	if b.CallID == 0 {
		return inboundCall()(s, b)
	}
	return onCall("an ended call without AI results", func(c *callRec) bool {
		_, done := s.st.ai[c.c.ID]
		return ended(c) && aiEligible(c) && !done
	}, func(s *Server, c *callRec, _ *controlBody) error {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.storeAI(c)
		return nil
	})(s, b)
}

// reviewAI has a supervisor review the AI results of b's call (default:
// the newest call with results).
func reviewAI(s *Server, b *controlBody) (any, error) {
	return onCall("a call with AI results", func(c *callRec) bool {
		a, done := s.aiOf(c)
		return done && ended(c) && !a.voicemail
	}, func(s *Server, c *callRec, _ *controlBody) error { return s.ReviewAIResults(c.c.ID) })(s, b)
}

// voiceAgentCall requests an outbound AI voice agent call.
func voiceAgentCall(escalate bool) controlAction {
	return func(s *Server, _ *controlBody) (any, error) {
		s.mu.Lock()
		defer s.mu.Unlock()
		return s.queueAgentCall("agent-fake", "+15551234567", "fake-"+newUUID(), escalate), nil
	}
}

// export requests an analytics export that completes (or fails) at once.
func export(failure string) controlAction {
	return func(s *Server, _ *controlBody) (any, error) {
		if s.cfg.noAnalytics {
			return nil, conflict("the account has no Analytics+")
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		e := &exportRec{id: newUUID(), createdAt: s.now(), status: "PENDING", exportName: "calls-history"}
		s.st.exports[e.id] = e
		s.finishExport(e, failure)
		return e.wire(), nil
	}
}
