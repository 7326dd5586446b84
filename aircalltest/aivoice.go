package aircalltest

import (
	"net/http"
	"strings"
	"time"

	aircall "github.com/seed1279ea27/aircall-go"
)

// Outbound AI voice agent calls: POST /v1/outbound-calls/agents/:agent_id
// queues a call and answers 202 with the request, PENDING; a reused
// idempotency_key answers 409, so a retried request never queues a second
// call. Agents are not stored: every agent id is accepted. WithAIDelay
// after the request (on a company with a number), the agent places the
// call: a finished outbound call from the first number joins the call
// history, and ai_voice_agent.started, .ended and .summary are sent (no
// call.* events).

type agentCallRec struct {
	ID             string `json:"id"`
	IdempotencyKey string `json:"idempotency_key"`
	Status         string `json:"status"`
	VirtualAgentID string `json:"virtual_agent_id"`
	ContactPhone   string `json:"-"`
	escalate       bool   // the agent hands the call to a human (ai_voice_agent.escalated)
}

// ulidChars is the Crockford base32 alphabet of ULIDs such as
// "01ARZ3NDEKTSV4RRFFQ69G5FAV".
const ulidChars = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

func newULID() string {
	b := []byte(strings.ToUpper(randHex(13)))
	for i := range b {
		b[i] = ulidChars[int(b[i])%len(ulidChars)]
	}
	return "01" + string(b[:24])
}

func (s *Server) startAgentCall(w http.ResponseWriter, r *http.Request) {
	var b struct {
		ContactPhone      string         `json:"contact_phone"`
		IdempotencyKey    string         `json:"idempotency_key"`
		Context           map[string]any `json:"context"`
		ExpirationSeconds *int           `json:"expiration_seconds"`
	}
	if !decodeBody(w, r, &b, badRequest) {
		return
	}
	switch {
	case !isE164(b.ContactPhone):
		badRequest(w, "contact_phone must be an E.164 number")
		return
	case blank(b.IdempotencyKey):
		badRequest(w, "idempotency_key is required")
		return
	case b.ExpirationSeconds != nil && (*b.ExpirationSeconds < 60 || *b.ExpirationSeconds > 86400):
		badRequest(w, "expiration_seconds must be 60 to 86400")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, used := s.st.agentCalls[b.IdempotencyKey]; used {
		writeError(w, http.StatusConflict, "Conflict", "idempotency_key "+b.IdempotencyKey+" was already used")
		return
	}
	writeJSON(w, http.StatusAccepted, s.queueAgentCall(r.PathValue("agent_id"), b.ContactPhone, b.IdempotencyKey, s.cfg.agentEscalates))
}

// queueAgentCall stores an outbound AI voice agent call request and places
// the call WithAIDelay later. s.mu is held.
func (s *Server) queueAgentCall(agentID, phone, key string, escalate bool) *agentCallRec {
	c := &agentCallRec{ID: newULID(), IdempotencyKey: key, Status: "PENDING", VirtualAgentID: agentID, ContactPhone: phone, escalate: escalate}
	s.st.agentCalls[key] = c
	s.later(func() { s.placeAgentCall(c) })
	return c
}

// later runs f with s.mu held WithAIDelay from now (at once when the delay
// is 0; s.mu is then already held by the caller). Flush waits for it.
func (s *Server) later(f func()) {
	if s.cfg.aiDelay == 0 {
		f()
		return
	}
	s.q.hold()
	time.AfterFunc(s.cfg.aiDelay, func() {
		defer s.q.release()
		s.mu.Lock()
		defer s.mu.Unlock()
		f()
	})
}

// agentSessionWire is the data of the ai_voice_agent.* events; times are
// Unix seconds.
type agentSessionWire struct {
	ID                   aircall.ID     `json:"id"`
	CallID               aircall.ID     `json:"call_id"`
	CallUUID             string         `json:"call_uuid"`
	AgentID              string         `json:"ai_voice_agent_id"`
	AgentName            string         `json:"ai_voice_agent_name"`
	SessionID            string         `json:"ai_voice_agent_session_id"`
	NumberID             aircall.ID     `json:"number_id"`
	ExternalCallerNumber string         `json:"external_caller_number,omitempty"`
	AircallNumber        string         `json:"aircall_number,omitempty"`
	CreatedAt            int64          `json:"created_at"`
	StartedAt            *int64         `json:"started_at,omitempty"`
	EndedAt              *int64         `json:"ended_at,omitempty"`
	CallEndReason        string         `json:"call_end_reason,omitempty"`
	EscalationReason     string         `json:"escalation_reason,omitempty"`
	ExtractedData        map[string]any `json:"extracted_data,omitempty"`
}

// placeAgentCall plays the agent's call of request a. s.mu is held.
func (s *Server) placeAgentCall(a *agentCallRec) {
	nums := s.st.sortedNumbers()
	if len(nums) == 0 {
		a.Status = "FAILED"
		return
	}
	n, start := nums[0], s.now()
	end := start.Add(time.Minute)
	c := &callRec{numberID: n.n.ID}
	c.c = aircall.Call{ID: s.st.next("call"), Direction: aircall.CallOutbound, Status: aircall.CallDone, StartedAt: unix(start),
		AnsweredAt: unix(start.Add(5 * time.Second)), EndedAt: unix(end), Duration: 60, RawDigits: a.ContactPhone, Cost: "0"}
	s.st.insertCall(c)
	a.Status = "COMPLETED"
	v := agentSessionWire{ID: c.c.ID, CallID: c.c.ID, CallUUID: callSID(c.c.ID), AgentID: a.VirtualAgentID, AgentName: "Outbound agent",
		SessionID: "sess-" + strings.ToLower(a.ID[len(a.ID)-8:]), NumberID: n.n.ID, CreatedAt: start.Unix()}
	summary := v
	summary.ExtractedData = map[string]any{"call_outcome": "reached"}
	v.ExternalCallerNumber, v.AircallNumber, v.StartedAt = a.ContactPhone, normalizePhone(n.n.Digits), ptr(start.Unix())
	s.emitAt(aircall.EventAIVoiceAgentStarted, v, start)
	reason := "answered"
	if a.escalate {
		escalated := v
		escalated.EscalationReason = "caller_request"
		s.emitAt(aircall.EventAIVoiceAgentEscalated, escalated, start.Add(30*time.Second))
		reason = "escalated"
	}
	v.EndedAt, v.CallEndReason = ptr(end.Unix()), reason
	s.emitAt(aircall.EventAIVoiceAgentEnded, v, end)
	s.emitAt(aircall.EventAIVoiceAgentSummary, summary, end)
}
