package aircall

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"time"

	"github.com/seed1279ea27/aircall-go/internal/wire"
)

// Bounds of OutboundAgentCallParams.ExpirationSeconds.
const (
	MinAgentCallExpiration = 60
	MaxAgentCallExpiration = 86400
)

// OutboundAgentCallParams is the body of AIVoiceAgents.StartOutboundCall.
type OutboundAgentCallParams struct {
	// ContactPhone is the number to call, in E.164 form; mandatory.
	ContactPhone string `json:"contact_phone"`
	// IdempotencyKey identifies this request; mandatory. A reused key is
	// answered 409 (ErrConflict), which makes the request safe to retry.
	IdempotencyKey string `json:"idempotency_key"`
	// Context fills the agent's {{variable}} placeholders: every
	// placeholder of the first message and of the voicemail message needs
	// a key. A UTC ISO 8601 datetime value is spoken in natural language
	// and then needs a "timezone" key.
	Context map[string]any `json:"context,omitempty"`
	// ExpirationSeconds is how long Aircall keeps trying while the
	// concurrency limit is reached: MinAgentCallExpiration to
	// MaxAgentCallExpiration, 0 for the default (3600).
	ExpirationSeconds int `json:"expiration_seconds,omitempty"`
}

// OutboundAgentCall is the queued request of an outbound AI voice agent
// call. Status moves PENDING, INITIATED, IN_PROGRESS, then COMPLETED or
// FAILED; no endpoint reads it later.
type OutboundAgentCall struct {
	ID             string `json:"id"`
	IdempotencyKey string `json:"idempotency_key"`
	Status         string `json:"status"`
	VirtualAgentID string `json:"virtual_agent_id"`
}

func (p *OutboundAgentCallParams) validate(op, agentID string) error {
	if p == nil {
		return paramErr(op, "", "params are required")
	}
	switch {
	case blank(agentID):
		return paramErr(op, "agent_id", "is required")
	case !isE164(p.ContactPhone):
		return paramErr(op, "contact_phone", "must be an E.164 number such as +15551234567, got %q", p.ContactPhone)
	case blank(p.IdempotencyKey):
		return paramErr(op, "idempotency_key", "is required: it makes the call safe to retry")
	case p.ExpirationSeconds != 0 && (p.ExpirationSeconds < MinAgentCallExpiration || p.ExpirationSeconds > MaxAgentCallExpiration):
		return paramErr(op, "expiration_seconds", "must be %d to %d, got %d", MinAgentCallExpiration, MaxAgentCallExpiration, p.ExpirationSeconds)
	}
	if _, ok := p.Context["timezone"]; !ok {
		for k, v := range p.Context {
			if s, isStr := v.(string); isStr {
				if _, err := time.Parse(time.RFC3339, s); err == nil {
					return paramErr(op, "context.timezone", "is required because context.%s is a datetime", k)
				}
			}
		}
	}
	return nil
}

// StartOutboundCall asks AI voice agent agentID (a string such as
// "agent-abc123", escaped in the path) to call p.ContactPhone. The call is
// queued, not placed at once (at most 5 concurrent agent calls per company
// and 1 per agent number); the answer is 202 with the request, PENDING.
//
// This is the one POST the SDK retries after it may have reached the
// server: after a 5xx or a lost answer it is sent again with the same
// mandatory IdempotencyKey, which the server enforces, so the call is never
// placed twice. A key that was already used answers 409 (ErrConflict).
// When that 409 answers a retry of the SDK's own, after an attempt that
// reached the server and got a 5xx or no answer, the error matches
// ErrOutcomeUnknown too: that earlier attempt most likely queued the call.
//
// Aircall API docs: https://developer.aircall.io/api-references/#trigger-an-outbound-ai-voice-agent-call
func (s *AIVoiceAgentsService) StartOutboundCall(ctx context.Context, agentID string, p *OutboundAgentCallParams) (*OutboundAgentCall, *Response, error) {
	if err := p.validate("AIVoiceAgents.StartOutboundCall", agentID); err != nil {
		return nil, nil, err
	}
	if ctx != nil {
		ctx = retrySafe(ctx)
	}
	return doOne[OutboundAgentCall](ctx, s.client, http.MethodPost, "/v1/outbound-calls/agents/"+url.PathEscape(agentID), nil, p, "")
}

// AIVoiceAgentSession is the data of the ai_voice_agent.* webhook events:
// a session of an AI voice agent on a call. ID is the call's id (as
// CallID). started and ended add ExternalCallerNumber, AircallNumber and
// StartedAt; ended adds EndedAt and CallEndReason (answered, escalated,
// disconnected, caller_hung_up); escalated adds EscalationReason; summary
// adds ExtractedData, the answers to the intake questions, kept as raw
// JSON. The key set comes from client code: members that do not fit are
// dropped, and Raw keeps the object.
type AIVoiceAgentSession struct {
	ID                   ID              `json:"id"`
	CallID               ID              `json:"call_id"`
	CallUUID             string          `json:"call_uuid,omitempty"`
	AgentID              string          `json:"ai_voice_agent_id"`
	AgentName            string          `json:"ai_voice_agent_name,omitempty"`
	SessionID            string          `json:"ai_voice_agent_session_id,omitempty"`
	NumberID             ID              `json:"number_id,omitempty"`
	ExternalCallerNumber string          `json:"external_caller_number,omitempty"`
	AircallNumber        string          `json:"aircall_number,omitempty"`
	CreatedAt            Timestamp       `json:"created_at"`
	StartedAt            Timestamp       `json:"started_at"`
	EndedAt              Timestamp       `json:"ended_at"`
	CallEndReason        string          `json:"call_end_reason,omitempty"`
	EscalationReason     string          `json:"escalation_reason,omitempty"`
	ExtractedData        json.RawMessage `json:"extracted_data,omitempty"`
	// Raw is the object as received.
	Raw json.RawMessage `json:"-"`
}

// UnmarshalJSON decodes leniently and keeps Raw.
func (a *AIVoiceAgentSession) UnmarshalJSON(b []byte) error { return decodeSelf(a, b) }

func (a *AIVoiceAgentSession) decodeLenient(b []byte) ([]wire.Issue, error) {
	type plain AIVoiceAgentSession
	return tolerant(b, (*plain)(a), &a.Raw)
}
