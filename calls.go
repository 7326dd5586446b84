package aircall

import (
	"bytes"
	"encoding/json"
)

// Call is an Aircall call, inbound or outbound, as the Calls endpoints and the
// call.* webhook events send it. Keys the API leaves out (user on an
// unanswered inbound call, contact, participants) decode to zero values, and
// unknown keys are ignored.
type Call struct {
	ID         ID     `json:"id"`
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
	Asset string `json:"asset,omitempty"`
	// Recording is the direct URL of the live recording (mp3), valid 1 hour.
	Recording string `json:"recording,omitempty"`
	// RecordingShortURL redirects to Recording for 3 hours (webhook events only).
	RecordingShortURL string `json:"recording_short_url,omitempty"`
	// Voicemail is the direct URL of the voicemail (mp3), valid 1 hour.
	Voicemail string `json:"voicemail,omitempty"`
	// VoicemailShortURL redirects to Voicemail for 3 hours (webhook events only).
	VoicemailShortURL string `json:"voicemail_short_url,omitempty"`
	// Archived is true once the call needs no follow-up.
	Archived         bool             `json:"archived"`
	MissedCallReason MissedCallReason `json:"missed_call_reason,omitempty"`
	// Cost is in U.S. cents, sent as a string such as "2.34".
	Cost   string  `json:"cost,omitempty"`
	Number *Number `json:"number,omitempty"`
	// User took or made the call; nil on an unanswered inbound call.
	User *User `json:"user,omitempty"`
	// Contact is sent only with fetch_contact (or in webhook events).
	Contact    *Contact `json:"contact,omitempty"`
	AssignedTo *User    `json:"assigned_to,omitempty"`
	// Teams are assigned to inbound calls only.
	Teams         []*Team `json:"teams,omitempty"`
	TransferredBy *User   `json:"transferred_by,omitempty"`
	// TransferredTo is the user the call went to (for a team, its first
	// user); nil for a transfer to an external number.
	TransferredTo *User          `json:"transferred_to,omitempty"`
	Comments      []*Comment     `json:"comments,omitempty"`
	Tags          []*CallTag     `json:"tags,omitempty"`
	Participants  []*Participant `json:"participants,omitempty"`
	// IVROptions are the options chosen on a Smartflow number; webhook
	// events only (not returned by the Calls endpoints).
	IVROptions []*IVROption `json:"ivr_options,omitempty"`
	// HangupCause is undocumented but present in real payloads.
	HangupCause string `json:"hangup_cause,omitempty"`
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
	ID        ID        `json:"id"`
	Name      string    `json:"name"`
	CreatedAt Timestamp `json:"created_at"` // Unix seconds
	TaggedBy  *User     `json:"tagged_by,omitempty"`
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
