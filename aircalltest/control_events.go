//lint:file-ignore SA1019 the fake sends the V1 user events, as Aircall still does

package aircalltest

import (
	"fmt"
	"net/http"

	aircall "github.com/seed1279ea27/aircall-go"
)

// controlAction makes the state change that emits one event and returns
// the affected resource as the API serves it. It runs without s.mu.
type controlAction func(s *Server, b *controlBody) (any, error)

// controlActions maps each of the 67 events to its state change.
var controlActions = map[aircall.Event]controlAction{}

func init() {
	for ev, act := range map[aircall.Event]controlAction{
		aircall.EventCallCreated:              inboundCall(Ongoing()),
		aircall.EventCallRingingOnAgent:       inboundCall(Ongoing()),
		aircall.EventCallAnswered:             inboundCall(Ongoing()),
		aircall.EventCallIvrOptionSelected:    inboundCall(Ongoing(), WithIVRChoice("1", "Sales")),
		aircall.EventCallAgentDeclined:        declinedCall,
		aircall.EventCallVoicemailLeft:        inboundCall(Missed(aircall.MissedAgentsDidNotAnswer), WithVoicemail()),
		aircall.EventCallCommAssetsGenerated:  inboundCall(Recorded(true)),
		aircall.EventCallHold:                 onCall("an ongoing answered call", ongoingAnswered, func(s *Server, c *callRec, _ *controlBody) error { return s.Hold(c.c.ID) }),
		aircall.EventCallUnhold:               onCall("an ongoing answered call", ongoingAnswered, func(s *Server, c *callRec, _ *controlBody) error { return s.Unhold(c.c.ID) }),
		aircall.EventCallHungup:               hangUp,
		aircall.EventCallEnded:                hangUp,
		aircall.EventCallTransferred:          transfer(false),
		aircall.EventCallUnsuccessfulTransfer: transfer(true),
		aircall.EventCallExternalTransferred:  externalTransfer,
		aircall.EventCallTagged:               onCall("an ended call", ended, tagAsAgent),
		aircall.EventCallUntagged:             onCall("an ended call", ended, untag),
		aircall.EventCallCommented:            onCall("an ended call", ended, commentAsAgent),
		aircall.EventCallArchived:             onCall("an ended call not archived", func(c *callRec) bool { return ended(c) && !c.c.Archived }, archive),
		aircall.EventCallAssigned:             onCall("a call", func(*callRec) bool { return true }, assign),

		aircall.EventContactCreated: createContact,
		aircall.EventContactUpdated: updateContact,
		aircall.EventContactDeleted: deleteContact,

		aircall.EventUserCreated:      createUser,
		aircall.EventUserDeleted:      deleteUser,
		aircall.EventUserOpened:       userStatus(aircall.UserAvailable),
		aircall.EventUserClosed:       userStatus(aircall.UserUnavailable),
		aircall.EventUserConnected:    onUser(func(s *Server, id aircall.ID) error { return s.ConnectUser(id) }),
		aircall.EventUserDisconnected: onUser(func(s *Server, id aircall.ID) error { return s.DisconnectUser(id) }),
		aircall.EventUserWutStart:     wrapUp(aircall.EventUserWutStart),
		aircall.EventUserWutEnd:       wrapUp(aircall.EventUserWutEnd),

		aircall.EventNumberCreated: addNumber,
		aircall.EventNumberDeleted: removeNumber,
		aircall.EventNumberOpened:  numberStatus("open"),
		aircall.EventNumberClosed:  numberStatus("closed"),

		aircall.EventIntegrationDeleted: uninstall,

		aircall.EventMessageSent:               sendMessage(false),
		aircall.EventMessageStatusUpdated:      sendMessage(false),
		aircall.EventGroupMessageSent:          sendMessage(true),
		aircall.EventGroupMessageStatusUpdated: sendMessage(true),
		aircall.EventMessageReceived:           receiveMessage(false),
		aircall.EventGroupMessageReceived:      receiveMessage(true),

		aircall.EventRealtimeTranscriptionUtterancesReceived: inboundCall(Ongoing()),
		aircall.EventPlaybookResultUpdated:                   reviewAI,
		aircall.EventCustomSummaryResultUpdated:              reviewAI,
		aircall.EventCallEvaluationUpdated:                   reviewAI,

		aircall.EventAIVoiceAgentStarted:   voiceAgentCall(false),
		aircall.EventAIVoiceAgentEnded:     voiceAgentCall(false),
		aircall.EventAIVoiceAgentSummary:   voiceAgentCall(false),
		aircall.EventAIVoiceAgentEscalated: voiceAgentCall(true),

		aircall.EventAnalyticsReportCreated: export(""),
		aircall.EventAnalyticsReportFailed:  export("Report generation failed: too many rows"),
	} {
		controlActions[ev] = act
	}
	for _, ev := range []aircall.Event{aircall.EventTranscriptionCreated, aircall.EventSummaryCreated,
		aircall.EventTopicsCreated, aircall.EventSentimentCreated, aircall.EventActionItemCreated,
		aircall.EventPlaybookResultCreated, aircall.EventCustomSummaryResultCreated, aircall.EventCallEvaluationCreated} {
		controlActions[ev] = produceAI
	}
	for v1, v2 := range userV2Events {
		controlActions[v2] = controlActions[v1]
	}
}

// controlPrereqs are the events to produce first, on a Server without the
// state an event needs (EventBody does; a control request answers 409
// instead): a call to hold, a held call, a tag to remove, a closed number.
var controlPrereqs = map[aircall.Event][]aircall.Event{
	aircall.EventCallHold:                 {aircall.EventCallAnswered},
	aircall.EventCallUnhold:               {aircall.EventCallAnswered, aircall.EventCallHold},
	aircall.EventCallHungup:               {aircall.EventCallAnswered},
	aircall.EventCallEnded:                {aircall.EventCallAnswered},
	aircall.EventCallTransferred:          {aircall.EventCallAnswered},
	aircall.EventCallUnsuccessfulTransfer: {aircall.EventCallAnswered},
	aircall.EventCallUntagged:             {aircall.EventCallTagged},
	aircall.EventNumberOpened:             {aircall.EventNumberClosed},
}

// inboundCall plays an inbound call with opts (on b's number, answered by
// b's user when set) and returns it.
func inboundCall(opts ...CallOption) controlAction {
	return func(s *Server, b *controlBody) (any, error) {
		if b.NumberID == 0 && len(s.ids("number")) == 0 {
			return nil, conflict("there is no number to call")
		}
		o := []CallOption{OnNumber(b.NumberID)}
		if b.UserID != 0 {
			o = append(o, AnsweredBy(b.UserID))
		}
		o = append(o, opts...)
		c, err := s.SimulateInboundCall(o...)
		if err != nil {
			return nil, helperError(err)
		}
		return s.resource(callPath(c.ID), nil)
	}
}

// declinedCall plays an ongoing inbound call that b's user (default: the
// first user) declines before another agent answers.
func declinedCall(s *Server, b *controlBody) (any, error) {
	id, err := s.firstOr("user", b.UserID)
	if err != nil {
		return nil, err
	}
	return inboundCall(Ongoing(), DeclinedBy(id))(s, &controlBody{NumberID: b.NumberID})
}

// onCall runs do on b's call (default: the newest call that ok accepts;
// what describes it for the 409) and returns the call.
func onCall(what string, ok func(*callRec) bool, do func(s *Server, c *callRec, b *controlBody) error) controlAction {
	return func(s *Server, b *controlBody) (any, error) {
		c, err := s.pickCall(b, what, ok)
		if err != nil {
			return nil, err
		}
		return s.resource(callPath(c.c.ID), do(s, c, b))
	}
}

var hangUp = onCall("an ongoing call", func(c *callRec) bool { return c.ongoing }, func(s *Server, c *callRec, _ *controlBody) error {
	_, err := s.HangUp(c.c.ID)
	return err
})

// transfer transfers b's ongoing answered call to b's user (default:
// another user), who takes it, or who does not (failed).
func transfer(failed bool) controlAction {
	return onCall("an ongoing answered call", ongoingAnswered, func(s *Server, c *callRec, b *controlBody) error {
		s.mu.Lock()
		defer s.mu.Unlock()
		to := b.UserID
		if to == 0 {
			for _, u := range s.st.sortedUsers() {
				if u.id != c.userID && (failed || s.reachable(u) == "") {
					to = u.id
					break
				}
			}
		}
		u, ok := s.st.users[to]
		switch {
		case to == 0:
			return conflict("no other user can take call %d", c.c.ID)
		case !ok:
			return missing("user", to)
		case u.id == c.userID:
			return conflict("call %d is already with user %d", c.c.ID, to)
		case !failed && s.reachable(u) != "":
			return conflict("user %d cannot take a call now", to)
		}
		c.transferredTo, c.transferredBy = u.id, c.userID
		ev := aircall.EventCallUnsuccessfulTransfer
		if !failed {
			c.userID, ev = u.id, aircall.EventCallTransferred
		}
		s.emit(ev, s.st.hookCall(c))
		return nil
	})
}

// externalTransfer plays an inbound call (or takes b's, ringing) and
// transfers it to an external number before it is answered.
func externalTransfer(s *Server, b *controlBody) (any, error) {
	ringing := func(c *callRec) bool {
		return c.ongoing && c.c.Direction == aircall.CallInbound && c.c.Status == aircall.CallInitial
	}
	if b.CallID == 0 {
		c, err := s.SimulateInboundCall(OnNumber(b.NumberID), Missed(aircall.MissedAgentsDidNotAnswer), Ongoing())
		if err != nil {
			return nil, helperError(err)
		}
		b = &controlBody{CallID: c.ID}
	}
	return onCall("an inbound call ringing", ringing, func(s *Server, c *callRec, _ *controlBody) error {
		_, err := s.rest(http.MethodPost, callPath(c.c.ID)+"/transfers", map[string]string{"number": "+33612345678"}, 0)
		return err
	})(s, b)
}

// agentFor is b's user, or the call's user, or the first user: who acts
// in the Phone app.
func (s *Server) agentFor(c *callRec, b *controlBody) (aircall.ID, error) {
	if b.UserID == 0 && c.userID != 0 {
		return c.userID, nil
	}
	return s.firstOr("user", b.UserID)
}

func tagAsAgent(s *Server, c *callRec, b *controlBody) error {
	tag, err := s.firstOr("tag", b.TagID)
	if err != nil {
		return err
	}
	agent, err := s.agentFor(c, b)
	if err != nil {
		return err
	}
	_, err = s.rest(http.MethodPost, callPath(c.c.ID)+"/tags", map[string][]aircall.ID{"tags": {tag}}, agent)
	return err
}

func untag(s *Server, c *callRec, b *controlBody) error {
	s.mu.Lock()
	tag := b.TagID
	if tag == 0 && len(c.tagIDs) > 0 {
		tag = c.tagIDs[len(c.tagIDs)-1].id
	}
	s.mu.Unlock()
	if tag == 0 {
		return conflict("call %d has no tag", c.c.ID)
	}
	return s.Untag(c.c.ID, tag)
}

func commentAsAgent(s *Server, c *callRec, b *controlBody) error {
	agent, err := s.agentFor(c, b)
	if err != nil {
		return err
	}
	_, err = s.rest(http.MethodPost, callPath(c.c.ID)+"/comments", map[string]string{"content": "Call back tomorrow at 10"}, agent)
	return err
}

func archive(s *Server, c *callRec, _ *controlBody) error {
	_, err := s.rest(http.MethodPut, callPath(c.c.ID)+"/archive", nil, 0)
	return err
}

func assign(s *Server, c *callRec, b *controlBody) error {
	id, err := s.firstOr("user", b.UserID)
	if err != nil {
		return err
	}
	return s.Assign(c.c.ID, id)
}

func createContact(s *Server, _ *controlBody) (any, error) {
	return s.rest(http.MethodPost, "/v1/contacts", map[string]any{
		"first_name": "Ada", "last_name": "Byron", "company_name": "Analytical Engines", "information": "Met at the fair",
		"phone_numbers": []map[string]string{{"label": "Work", "value": "+442071234567"}},
		"emails":        []map[string]string{{"label": "Work", "value": "ada@engines.example"}},
	}, 0)
}

func updateContact(s *Server, b *controlBody) (any, error) {
	id, err := s.firstOr("contact", b.ContactID)
	if err != nil {
		return nil, err
	}
	return s.rest(http.MethodPost, "/v1/contacts/"+id.String(), map[string]string{"information": "Updated by the fake"}, 0)
}

func deleteContact(s *Server, b *controlBody) (any, error) {
	id, err := pick("contact", b.ContactID, s.ids("contact"))
	if err != nil {
		return nil, err
	}
	return s.deleteAt("/v1/contacts/" + id.String())
}

// deleteAt deletes the resource at path with the API and returns it as it
// was.
func (s *Server) deleteAt(path string) (any, error) {
	v, err := s.rest(http.MethodGet, path, nil, 0)
	if err != nil {
		return nil, err
	}
	_, err = s.rest(http.MethodDelete, path, nil, 0)
	return v, err
}

func createUser(s *Server, _ *controlBody) (any, error) {
	s.mu.Lock()
	n := len(s.st.users) + 1
	s.mu.Unlock()
	return s.rest(http.MethodPost, "/v1/users", map[string]string{
		"email": fmt.Sprintf("new.agent%d@aircalltest.example", n), "first_name": "New", "last_name": fmt.Sprintf("Agent %d", n),
	}, 0)
}

// deleteUser deletes b's user (default: the newest).
func deleteUser(s *Server, b *controlBody) (any, error) {
	id, err := pick("user", b.UserID, s.ids("user"))
	if err != nil {
		return nil, err
	}
	return s.deleteAt("/v1/users/" + id.String())
}

// setStatus sets the availability_status of b's user or number (kind;
// default: the first one not already there) to to with PUT, as the
// Dashboard does. there reports whether id exists and already has it.
func setStatus(kind, to string, there func(st *state, id aircall.ID) (found, done bool)) controlAction {
	return func(s *Server, b *controlBody) (any, error) {
		id := b.UserID
		if kind == "number" {
			id = b.NumberID
		}
		s.mu.Lock()
		for _, x := range s.idsLocked(kind) {
			if found, done := there(s.st, x); id == 0 && found && !done {
				id = x
			}
		}
		found, done := there(s.st, id)
		s.mu.Unlock()
		switch {
		case id == 0:
			return nil, conflict("every %s is already %s", kind, to)
		case !found:
			return nil, missing(kind, id)
		case done:
			return nil, conflict("%s %d is already %s", kind, id, to)
		}
		return s.rest(http.MethodPut, "/v1/"+kind+"s/"+id.String(), map[string]string{"availability_status": to}, 0)
	}
}

// userStatus makes a user available or unavailable.
func userStatus(to aircall.UserStatus) controlAction {
	return setStatus("user", string(to), func(st *state, id aircall.ID) (bool, bool) {
		u, ok := st.users[id]
		return ok, ok && (u.status == aircall.UserUnavailable) == (to == aircall.UserUnavailable)
	})
}

// onUser runs do on b's user (default: the first user).
func onUser(do func(s *Server, id aircall.ID) error) controlAction {
	return func(s *Server, b *controlBody) (any, error) {
		id, err := s.firstOr("user", b.UserID)
		if err != nil {
			return nil, err
		}
		return s.resource("/v1/users/"+id.String(), do(s, id))
	}
}

// wrapUp starts or ends b's user's wrap-up time after a call.
func wrapUp(ev aircall.Event) controlAction {
	return onUser(func(s *Server, id aircall.ID) error {
		s.mu.Lock()
		defer s.mu.Unlock()
		u, ok := s.st.users[id]
		if !ok {
			return missing("user", id)
		}
		s.emitUser(ev, u, s.now().Unix())
		return nil
	})
}

func addNumber(s *Server, b *controlBody) (any, error) {
	s.mu.Lock()
	n := len(s.st.numbers) + 1
	s.mu.Unlock()
	nn := NewNumber{Name: fmt.Sprintf("New line %d", n), Digits: fmt.Sprintf("+33 1 76 00 %02d %02d", n/100%100, n%100),
		Country: "FR", TimeZone: "Europe/Paris"}
	user, err := s.firstOr("user", b.UserID)
	if err == nil {
		nn.UserIDs = []aircall.ID{user}
	}
	id, err := s.AddNumber(nn)
	return s.resource("/v1/numbers/"+id.String(), err)
}

func removeNumber(s *Server, b *controlBody) (any, error) {
	id, err := pick("number", b.NumberID, s.ids("number"))
	if err != nil {
		return nil, err
	}
	v, err := s.rest(http.MethodGet, "/v1/numbers/"+id.String(), nil, 0)
	if err != nil {
		return nil, err
	}
	return v, helperError(s.RemoveNumber(id))
}

// numberStatus opens or closes a number.
func numberStatus(to string) controlAction {
	return setStatus("number", to, func(st *state, id aircall.ID) (bool, bool) {
		n, ok := st.numbers[id]
		return ok, ok && n.n.Open == (to == "open")
	})
}

func uninstall(s *Server, _ *controlBody) (any, error) {
	s.UninstallIntegration()
	s.mu.Lock()
	defer s.mu.Unlock()
	return map[string]aircall.ID{"integration_id": s.st.integ.id, "company_id": companyID}, nil
}
