package aircall

import (
	"bytes"
	"encoding/json"
)

// Call is an Aircall call, inbound or outbound, as the Calls endpoints and the
// call.* webhook events send it. Unknown keys are ignored.
//
// Encoding follows the rule of the resource types (see the package's wire
// rule in wire.go): the keys every recorded 2026 REST answer carries (sid,
// missed_call_reason, voicemail, recording, asset, hangup_cause, the short
// URLs, country_code_a2, pricing_type, number) are always encoded, an empty
// string as null; comments, tags and teams encode as [] when empty. Where
// the REST answers and the 2022 webhook captures differ, the newer REST key
// set wins, except for the user objects: user, contact, assigned_to,
// transferred_by and transferred_to are left out when nil, as webhook events
// leave them out (REST answers send null). Keys that only some answers carry
// (participants, ivr_options, ivr_options_selected, ai_voice_agents,
// call_uuid, the external_* transfer keys) are left out when empty too.
type Call struct {
	ID ID `json:"id"`
	// SID is the call's telephony identifier, such as "CA2384f2d6...". REST
	// only: webhook events carry the same value as CallUUID.
	SID        string `json:"sid"`
	DirectLink string `json:"direct_link,omitempty"`
	// StartedAt, AnsweredAt and EndedAt are Unix seconds on the wire.
	// AnsweredAt is zero when the call was not answered, and can hold a text
	// such as "no_available_agent" in AnsweredAt.Text.
	StartedAt  Timestamp     `json:"started_at"`
	AnsweredAt Timestamp     `json:"answered_at"`
	EndedAt    Timestamp     `json:"ended_at"`
	Duration   int           `json:"duration"` // seconds, ended_at - started_at (ringing included)
	Status     CallStatus    `json:"status"`
	Direction  CallDirection `json:"direction"`
	// RawDigits is the international number of the other party, or
	// "anonymous".
	RawDigits string `json:"raw_digits,omitempty"`
	// Asset is a secured web page with the voicemail or recording.
	Asset string `json:"asset"`
	// Recording is the direct URL of the live recording (mp3), valid 1 hour.
	Recording string `json:"recording"`
	// RecordingShortURL redirects to Recording for 3 hours. Webhook events
	// carry it; REST answers carry it with fetch_short_urls (and as null
	// without it, in recorded 2026 traffic).
	RecordingShortURL string `json:"recording_short_url"`
	// Voicemail is the direct URL of the voicemail (mp3), valid 1 hour.
	Voicemail string `json:"voicemail"`
	// VoicemailShortURL redirects to Voicemail for 3 hours; sent like
	// RecordingShortURL.
	VoicemailShortURL string `json:"voicemail_short_url"`
	// Archived is true once the call needs no follow-up.
	Archived         bool             `json:"archived"`
	MissedCallReason MissedCallReason `json:"missed_call_reason"`
	// Cost is in U.S. cents, sent as a string such as "2.34". The API calls
	// it a deprecated legacy field.
	Cost string `json:"cost,omitempty"`
	// CountryCodeA2 is the ISO 3166-1 alpha-2 country of the other party,
	// such as "US". REST only (not in the recorded webhook events).
	CountryCodeA2 string `json:"country_code_a2"`
	// PricingType is the billing category of the call; null in the recorded
	// answers, its values are not documented. REST only.
	PricingType string  `json:"pricing_type"`
	Number      *Number `json:"number"`
	// User took or made the call; nil on an unanswered inbound call.
	User *User `json:"user,omitempty"`
	// Contact is filled with fetch_contact (or in webhook events); REST
	// answers send null otherwise.
	Contact    *Contact `json:"contact,omitempty"`
	AssignedTo *User    `json:"assigned_to,omitempty"`
	// Teams are assigned to inbound calls only.
	Teams         []*Team `json:"teams"`
	TransferredBy *User   `json:"transferred_by,omitempty"`
	// TransferredTo is the user the call went to (for a team, its first
	// user); nil for a transfer to an external number.
	TransferredTo *User      `json:"transferred_to,omitempty"`
	Comments      []*Comment `json:"comments"`
	Tags          []*CallTag `json:"tags"`
	// Participants are the conference participants (webhook events; the
	// REST reference names them conference_participants).
	Participants []*Participant `json:"participants,omitempty"`
	// IVROptions are the options chosen on a Smartflow number; webhook
	// events only (not returned by the Calls endpoints).
	IVROptions []*IVROption `json:"ivr_options,omitempty"`
	// IVROptionsSelected is the call timeline that fetch_call_timeline adds
	// to REST answers. Its shape is known from one client only, so the SDK
	// keeps it as raw JSON (re-encoded as received).
	IVROptionsSelected json.RawMessage `json:"ivr_options_selected,omitempty"`
	// AIVoiceAgents are the AI Voice Agent segments of the call, ordered by
	// start time, that fetch_aiva_conv adds to REST answers; empty when no
	// agent took part. See AIVoiceAgentSegment for how odd shapes decode.
	AIVoiceAgents AIVoiceAgentSegments `json:"ai_voice_agents,omitempty"`
	// HangupCause is undocumented in the reference; webhook events always
	// carry it (null on call.created).
	HangupCause string `json:"hangup_cause"`
	// CallUUID is SID under the name webhook events use. Webhooks only.
	CallUUID string `json:"call_uuid,omitempty"`
	// AutomaticCallbackCallID is the call that requested this callback;
	// webhook events only (call.created, answered, archived, assigned,
	// hungup, ended), per one client.
	AutomaticCallbackCallID ID `json:"automatic_callback_call_id,omitempty"`
	// ExternalTransferredTo is the external number (E.164) the call was
	// transferred to; only on the call.external_transferred webhook event.
	ExternalTransferredTo string `json:"external_transferred_to,omitempty"`
	// ExternalCallerNumber is the caller's number on a call transferred to
	// an external number; only on the call.external_transferred event.
	ExternalCallerNumber string `json:"external_caller_number,omitempty"`
}

// MarshalJSON encodes c with the keys the API always sends: empty strings
// as null, empty comments, tags and teams as [].
func (c Call) MarshalJSON() ([]byte, error) {
	type call Call // no methods: no recursion
	return json.Marshal(struct {
		call
		SID               *string           `json:"sid"`
		Asset             *string           `json:"asset"`
		Recording         *string           `json:"recording"`
		RecordingShortURL *string           `json:"recording_short_url"`
		Voicemail         *string           `json:"voicemail"`
		VoicemailShortURL *string           `json:"voicemail_short_url"`
		MissedCallReason  *MissedCallReason `json:"missed_call_reason"`
		CountryCodeA2     *string           `json:"country_code_a2"`
		PricingType       *string           `json:"pricing_type"`
		HangupCause       *string           `json:"hangup_cause"`
		Teams             []*Team           `json:"teams"`
		Comments          []*Comment        `json:"comments"`
		Tags              []*CallTag        `json:"tags"`
	}{
		call(c), nullIfEmpty(c.SID), nullIfEmpty(c.Asset), nullIfEmpty(c.Recording),
		nullIfEmpty(c.RecordingShortURL), nullIfEmpty(c.Voicemail), nullIfEmpty(c.VoicemailShortURL),
		nullIfEmpty(c.MissedCallReason), nullIfEmpty(c.CountryCodeA2), nullIfEmpty(c.PricingType),
		nullIfEmpty(c.HangupCause), orEmpty(c.Teams), orEmpty(c.Comments), orEmpty(c.Tags),
	})
}

// AIVoiceAgentSegment is one AI Voice Agent segment of a call
// (fetch_aiva_conv). Its shape is known from one client only: the SDK types
// the keys that client names and keeps the whole segment in Raw. A segment
// whose typed keys cannot be read (started_at as an object, say) keeps only
// Raw instead of failing the call.
type AIVoiceAgentSegment struct {
	AgentID   string `json:"agent_id,omitempty"`
	AgentName string `json:"agent_name,omitempty"`
	// StartedAt and EndedAt accept Unix seconds or ISO 8601 (the type is not
	// confirmed).
	StartedAt        Timestamp         `json:"started_at"`
	EndedAt          Timestamp         `json:"ended_at"`
	EndReason        string            `json:"end_reason,omitempty"`
	EscalationReason string            `json:"escalation_reason,omitempty"`
	EscalationTarget *EscalationTarget `json:"escalation_target,omitempty"`
	// Raw is the segment as received; nil on a segment built by hand. See
	// MarshalJSON.
	Raw json.RawMessage `json:"-"`
}

// EscalationTarget is where an AI Voice Agent handed the call over.
type EscalationTarget struct {
	// Type is "branch", "user", "team" or "external".
	Type string `json:"type"`
	// Destination is kept raw: its shape depends on Type and is not
	// documented.
	Destination json.RawMessage `json:"destination,omitempty"`
}

// UnmarshalJSON decodes a segment, keeping it whole in Raw; see
// AIVoiceAgentSegment.
func (a *AIVoiceAgentSegment) UnmarshalJSON(b []byte) error {
	type segment AIVoiceAgentSegment
	var s segment
	if err := json.Unmarshal(b, &s); err != nil {
		s = segment{}
	}
	*a = AIVoiceAgentSegment(s)
	a.Raw = append(json.RawMessage(nil), b...)
	return nil
}

// MarshalJSON writes Raw when it is set (the segment as received, untyped
// keys included), and the typed fields otherwise: clear Raw after changing
// a decoded segment to encode the change.
func (a AIVoiceAgentSegment) MarshalJSON() ([]byte, error) {
	if len(a.Raw) > 0 {
		return a.Raw, nil
	}
	type segment AIVoiceAgentSegment
	return json.Marshal(segment(a))
}

// AIVoiceAgentSegments is the ai_voice_agents list of a Call. It decodes
// tolerantly: null is empty, and a single object where a list is expected
// becomes a list of one segment.
type AIVoiceAgentSegments []*AIVoiceAgentSegment

// UnmarshalJSON accepts a list of segments, one segment, or null.
func (l *AIVoiceAgentSegments) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0 || string(b) == "null":
		*l = nil
		return nil
	case b[0] != '[':
		s := new(AIVoiceAgentSegment)
		if err := s.UnmarshalJSON(b); err != nil {
			return err
		}
		*l = AIVoiceAgentSegments{s}
		return nil
	}
	var items []*AIVoiceAgentSegment
	if err := json.Unmarshal(b, &items); err != nil {
		return err
	}
	*l = items
	return nil
}

// CallDirection tells whether a call was received or made.
type CallDirection string

// Call directions.
const (
	CallInbound  CallDirection = "inbound"
	CallOutbound CallDirection = "outbound"
)

// CallStatus is the current state of a call.
type CallStatus string

// Call statuses.
const (
	CallInitial  CallStatus = "initial"
	CallAnswered CallStatus = "answered"
	CallDone     CallStatus = "done"
)

// MissedCallReason tells why an inbound call was missed.
type MissedCallReason string

// Missed call reasons.
const (
	MissedOutOfOpeningHours  MissedCallReason = "out_of_opening_hours"
	MissedShortAbandoned     MissedCallReason = "short_abandoned"
	MissedAbandonedInIVR     MissedCallReason = "abandoned_in_ivr"
	MissedAbandonedInClassic MissedCallReason = "abandoned_in_classic"
	MissedNoAvailableAgent   MissedCallReason = "no_available_agent"
	MissedAgentsDidNotAnswer MissedCallReason = "agents_did_not_answer"
)

// Comment is a note on a call. A comment posted through the API has no
// PostedBy.
type Comment struct {
	ID       ID        `json:"id"`
	Content  string    `json:"content"`
	PostedAt Timestamp `json:"posted_at"` // Unix seconds
	PostedBy *User     `json:"posted_by,omitempty"`
}

// CallTag is a tag on a call, with who added it and when.
type CallTag struct {
	ID   ID     `json:"id"`
	Name string `json:"name"`
	// CreatedAt is when the tag was added, in Unix seconds. Webhook events
	// (and recorded REST traffic) send it as tagged_at, the reference's REST
	// examples as created_at: either key decodes here (tagged_at wins when
	// both come), and it encodes as tagged_at, the key live traffic carries.
	CreatedAt Timestamp `json:"tagged_at"`
	// TaggedBy is the user who added the tag; nil when the API sends null,
	// leaves it out or sends an empty object {} (call.archived does).
	TaggedBy *User `json:"tagged_by"`
}

// UnmarshalJSON reads tagged_at or created_at into CreatedAt, and an empty
// tagged_by object as nil. It decodes as Unmarshal does, strictly (a
// value that does not fit fails the tag, which the lenient decode of the
// call around it then drops).
func (t *CallTag) UnmarshalJSON(b []byte) error {
	type tag CallTag // no methods: no recursion
	var w struct {
		tag
		Created Timestamp `json:"created_at"`
	}
	if err := unmarshalSDK(b, &w); err != nil {
		return err
	}
	*t = CallTag(w.tag)
	if t.CreatedAt.IsZero() {
		t.CreatedAt = w.Created
	}
	if t.TaggedBy != nil && t.TaggedBy.ID == 0 {
		t.TaggedBy = nil // {}: a user without an ID is no user
	}
	return nil
}

// ParticipantType is the kind of a conference call participant.
type ParticipantType string

// Participant types.
const (
	ParticipantUser     ParticipantType = "user"
	ParticipantContact  ParticipantType = "contact"
	ParticipantExternal ParticipantType = "external"
)

// Participant is a member of a conference call.
type Participant struct {
	// ID is the User or Contact ID; zero for an external participant.
	ID   ID              `json:"id,omitempty"`
	Type ParticipantType `json:"type"`
	// Name is the full name; empty for an external participant.
	Name string `json:"name,omitempty"`
	// PhoneNumber is empty for a user participant.
	PhoneNumber string `json:"phone_number,omitempty"`
}

// IVROption is an option a caller selected on a Smartflow number.
type IVROption struct {
	ID        string    `json:"id"`
	Title     string    `json:"title,omitempty"`
	Key       string    `json:"key,omitempty"` // the key pressed
	CreatedAt Timestamp `json:"created_at"`    // Unix seconds
}

// UnmarshalJSON accepts id and key as strings or numbers.
func (o *IVROption) UnmarshalJSON(b []byte) error {
	var w struct {
		ID        json.RawMessage `json:"id"`
		Title     string          `json:"title"`
		Key       json.RawMessage `json:"key"`
		CreatedAt Timestamp       `json:"created_at"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*o = IVROption{ID: looseString(w.ID), Title: w.Title, Key: looseString(w.Key), CreatedAt: w.CreatedAt}
	return nil
}

// looseString returns a JSON string's value, or a number's text.
func looseString(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	if raw[0] == '"' {
		var s string
		_ = json.Unmarshal(raw, &s)
		return s
	}
	return string(raw)
}
