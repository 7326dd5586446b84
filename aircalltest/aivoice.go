package aircalltest

import (
	"net/http"
	"strings"
)

// Outbound AI voice agent calls: POST /v1/outbound-calls/agents/:agent_id
// queues a call and answers 202 with the request, PENDING; a reused
// idempotency_key answers 409, so a retried request never queues a second
// call. Agents are not stored: every agent id is accepted.

type agentCallRec struct {
	ID             string `json:"id"`
	IdempotencyKey string `json:"idempotency_key"`
	Status         string `json:"status"`
	VirtualAgentID string `json:"virtual_agent_id"`
	ContactPhone   string `json:"-"`
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
	c := &agentCallRec{ID: newULID(), IdempotencyKey: b.IdempotencyKey, Status: "PENDING", VirtualAgentID: r.PathValue("agent_id"), ContactPhone: b.ContactPhone}
	s.st.agentCalls[b.IdempotencyKey] = c
	writeJSON(w, http.StatusAccepted, c)
}
