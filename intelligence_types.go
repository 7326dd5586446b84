package aircall

import (
	"encoding/json"

	"github.com/seed1279ea27/aircall-go/internal/wire"
)

// The results of conversation intelligence (see intelligence.go for the
// methods that read them).

// InsightType tells what a conversation intelligence result was computed
// from.
type InsightType string

// Insight types.
const (
	InsightCall      InsightType = "call"
	InsightVoicemail InsightType = "voicemail"
)

// TranscriptionMode selects which transcription Calls.Transcription reads.
type TranscriptionMode string

// Transcription modes.
const (
	// TranscriptionAsync is the transcription generated after the call
	// (the default when no mode is sent).
	TranscriptionAsync TranscriptionMode = "async"
	// TranscriptionRealtime is the transcription generated for the agent
	// during the call.
	TranscriptionRealtime TranscriptionMode = "realtime"
)

// TranscriptionOptions are the query params of Calls.Transcription.
type TranscriptionOptions struct {
	// Mode is TranscriptionAsync, TranscriptionRealtime, or "" for the
	// API's default.
	Mode TranscriptionMode `url:"mode,omitempty"`
}

// Transcription is the transcript of a call or voicemail. CallCreatedAt
// and CreatedAt are ISO strings in the examples; integers are accepted too.
// Members that do not fit their type are dropped (the whole object stays
// in Raw).
type Transcription struct {
	ID            ID                   `json:"id"`
	CallID        ID                   `json:"call_id"`
	CallUUID      string               `json:"call_uuid,omitempty"`
	NumberID      ID                   `json:"number_id,omitempty"`
	Type          InsightType          `json:"type,omitempty"`
	CallCreatedAt Timestamp            `json:"call_created_at"`
	CreatedAt     Timestamp            `json:"created_at"`
	Content       TranscriptionContent `json:"content"`
	// Raw is the object as received.
	Raw json.RawMessage `json:"-"`
}

// UnmarshalJSON decodes leniently and keeps Raw.
func (t *Transcription) UnmarshalJSON(b []byte) error { return decodeSelf(t, b) }

func (t *Transcription) decodeLenient(b []byte) ([]wire.Issue, error) {
	type plain Transcription
	return tolerant(b, (*plain)(t), &t.Raw)
}

// TranscriptionContent is the language and the utterances of a
// transcription.
type TranscriptionContent struct {
	Language   string       `json:"language"`
	Utterances []*Utterance `json:"utterances"`
}

// Utterance is one stretch of speech in a transcription. StartTime and
// EndTime are seconds from the start of the call, with decimals.
type Utterance struct {
	StartTime float64 `json:"start_time"`
	EndTime   float64 `json:"end_time"`
	Text      string  `json:"text"`
	// ParticipantType is "internal" (an agent) or "external".
	ParticipantType string `json:"participant_type"`
	// UserID is set for an internal participant.
	UserID ID `json:"user_id,omitempty"`
	// PhoneNumber is set for an external participant.
	PhoneNumber string `json:"phone_number,omitempty"`
}

// UnmarshalJSON decodes leniently: an odd member is dropped.
func (u *Utterance) UnmarshalJSON(b []byte) error { return decodeSelf(u, b) }

func (u *Utterance) decodeLenient(b []byte) ([]wire.Issue, error) {
	type plain Utterance
	return tolerant(b, (*plain)(u), nil)
}

// SentimentValue is the overall mood of a participant, upper case on the
// wire.
type SentimentValue string

// Sentiment values.
const (
	SentimentPositive SentimentValue = "POSITIVE"
	SentimentNeutral  SentimentValue = "NEUTRAL"
	SentimentNegative SentimentValue = "NEGATIVE"
)

// Sentiment holds the mood of each external participant of a call.
type Sentiment struct {
	ID           ID                      `json:"id"`
	CallID       ID                      `json:"call_id"`
	CallUUID     string                  `json:"call_uuid,omitempty"`
	CreatedAt    Timestamp               `json:"created_at"`
	Participants []*SentimentParticipant `json:"participants"`
	// Raw is the object as received.
	Raw json.RawMessage `json:"-"`
}

// UnmarshalJSON decodes leniently and keeps Raw.
func (s *Sentiment) UnmarshalJSON(b []byte) error { return decodeSelf(s, b) }

func (s *Sentiment) decodeLenient(b []byte) ([]wire.Issue, error) {
	type plain Sentiment
	return tolerant(b, (*plain)(s), &s.Raw)
}

// SentimentParticipant is the sentiment of one participant. UserID is
// typed a string by one client and an integer by another: both decode.
type SentimentParticipant struct {
	PhoneNumber string         `json:"phone_number,omitempty"`
	UserID      ID             `json:"user_id,omitempty"`
	Value       SentimentValue `json:"value"`
	Type        string         `json:"type"` // "external" or "internal"
}

// UnmarshalJSON decodes leniently: an odd member is dropped.
func (p *SentimentParticipant) UnmarshalJSON(b []byte) error { return decodeSelf(p, b) }

func (p *SentimentParticipant) decodeLenient(b []byte) ([]wire.Issue, error) {
	type plain SentimentParticipant
	return tolerant(b, (*plain)(p), nil)
}

// Topics are the key subjects of a call.
type Topics struct {
	ID        ID        `json:"id"`
	CallID    ID        `json:"call_id"`
	CallUUID  string    `json:"call_uuid,omitempty"`
	CreatedAt Timestamp `json:"created_at"`
	Content   []string  `json:"content"`
	// Raw is the object as received.
	Raw json.RawMessage `json:"-"`
}

// UnmarshalJSON decodes leniently and keeps Raw.
func (t *Topics) UnmarshalJSON(b []byte) error { return decodeSelf(t, b) }

func (t *Topics) decodeLenient(b []byte) ([]wire.Issue, error) {
	type plain Topics
	return tolerant(b, (*plain)(t), &t.Raw)
}

// Summary is the AI summary of a call: one free-text paragraph in Content.
//
// CallID is an integer in REST answers and a numeric string ("812") in the
// summary.created webhook event: both decode to the same ID.
type Summary struct {
	ID        ID          `json:"id"`
	CallID    ID          `json:"call_id"`
	CallUUID  string      `json:"call_uuid,omitempty"`
	NumberID  ID          `json:"number_id,omitempty"`
	Type      InsightType `json:"type,omitempty"`
	CreatedAt Timestamp   `json:"created_at"`
	Content   string      `json:"content"`
	// Raw is the object as received.
	Raw json.RawMessage `json:"-"`
}

// UnmarshalJSON decodes leniently and keeps Raw.
func (s *Summary) UnmarshalJSON(b []byte) error { return decodeSelf(s, b) }

func (s *Summary) decodeLenient(b []byte) ([]wire.Issue, error) {
	type plain Summary
	return tolerant(b, (*plain)(s), &s.Raw)
}

// ActionItems are the tasks Aircall AI extracted from a call. The API
// sends them unwrapped: {"call_id": 812, "action_items": [...]}.
type ActionItems struct {
	CallID ID            `json:"call_id"`
	Items  []*ActionItem `json:"action_items"`
}

// ActionItem is one task extracted from a call, as Calls.ActionItems lists
// it and as the action_item.created event sends it (whose key set is not
// documented: CallID, CallUUID and NumberID are read when present, and
// members that do not fit are dropped, the object staying in Raw).
type ActionItem struct {
	ID          ID        `json:"id"`
	CallID      ID        `json:"call_id,omitempty"`
	CallUUID    string    `json:"call_uuid,omitempty"`
	NumberID    ID        `json:"number_id,omitempty"`
	AIGenerated bool      `json:"ai_generated"`
	Content     string    `json:"content"`
	CreatedAt   Timestamp `json:"created_at"`
	CreatedBy   *User     `json:"created_by,omitempty"`
	UpdatedAt   Timestamp `json:"updated_at"`
	UpdatedBy   *User     `json:"updated_by,omitempty"`
	// Raw is the object as received.
	Raw json.RawMessage `json:"-"`
}

// UnmarshalJSON decodes leniently and keeps Raw.
func (a *ActionItem) UnmarshalJSON(b []byte) error { return decodeSelf(a, b) }

func (a *ActionItem) decodeLenient(b []byte) ([]wire.Issue, error) {
	type plain ActionItem
	return tolerant(b, (*plain)(a), &a.Raw)
}

// PlaybookResultOptions are the query params of Calls.PlaybookResult.
type PlaybookResultOptions struct {
	// FetchPlaybook adds the playbook definition (Playbook).
	FetchPlaybook bool `url:"fetch_playbook,omitempty"`
}

// PlaybookResult is the outcome of the AI Assist Pro playbook run on a
// call. The shape comes from client code only: AdherenceScore is read as a
// number (a fraction in the example), each topic's Result is kept as raw
// JSON, and members that do not fit are dropped (Raw keeps the object).
type PlaybookResult struct {
	ID             ID               `json:"id"`
	CallID         ID               `json:"call_id"`
	CallUUID       string           `json:"call_uuid,omitempty"`
	UserID         ID               `json:"user_id,omitempty"`
	NumberID       ID               `json:"number_id,omitempty"`
	AdherenceScore float64          `json:"adherence_score"`
	Topics         []*PlaybookTopic `json:"playbook_result_topics"`
	// Playbook is set with PlaybookResultOptions.FetchPlaybook.
	Playbook  *Playbook `json:"playbook,omitempty"`
	CreatedAt Timestamp `json:"created_at"`
	UpdatedAt Timestamp `json:"updated_at"`
	// Raw is the object as received.
	Raw json.RawMessage `json:"-"`
}

// UnmarshalJSON decodes leniently and keeps Raw.
func (p *PlaybookResult) UnmarshalJSON(b []byte) error { return decodeSelf(p, b) }

func (p *PlaybookResult) decodeLenient(b []byte) ([]wire.Issue, error) {
	type plain PlaybookResult
	return tolerant(b, (*plain)(p), &p.Raw)
}

// PlaybookTopic is the result of one topic of a playbook. The type of
// Result is not documented, so it stays raw JSON.
type PlaybookTopic struct {
	Name   string          `json:"name"`
	Result json.RawMessage `json:"result,omitempty"`
}

// Playbook is a playbook definition.
type Playbook struct {
	ID       ID     `json:"id"`
	Name     string `json:"name"`
	Language string `json:"language,omitempty"`
}

// CustomSummaryResult is the template-based summary of a call, with the
// structured fields an admin configured. Its keys come from client code;
// members that do not fit are dropped (Raw keeps the object).
type CustomSummaryResult struct {
	ID            ID             `json:"id"`
	CallID        ID             `json:"call_id"`
	CallUUID      string         `json:"call_uuid,omitempty"`
	NumberID      ID             `json:"number_id,omitempty"`
	Language      string         `json:"language,omitempty"`
	CustomSummary *CustomSummary `json:"custom_summary,omitempty"`
	// Results are the filled fields of the template.
	Results   []*SummaryTemplateResult `json:"summary_template_results"`
	CreatedAt Timestamp                `json:"created_at"`
	UpdatedAt Timestamp                `json:"updated_at"`
	// Raw is the object as received.
	Raw json.RawMessage `json:"-"`
}

// UnmarshalJSON decodes leniently and keeps Raw.
func (c *CustomSummaryResult) UnmarshalJSON(b []byte) error { return decodeSelf(c, b) }

func (c *CustomSummaryResult) decodeLenient(b []byte) ([]wire.Issue, error) {
	type plain CustomSummaryResult
	return tolerant(b, (*plain)(c), &c.Raw)
}

// CustomSummary names the custom summary template.
type CustomSummary struct {
	Name string `json:"name"`
}

// SummaryTemplateResult is one field of a custom summary.
type SummaryTemplateResult struct {
	Name    string `json:"name"`
	Content string `json:"content"`
}

// UnmarshalJSON decodes leniently: an odd member is dropped.
func (r *SummaryTemplateResult) UnmarshalJSON(b []byte) error { return decodeSelf(r, b) }

func (r *SummaryTemplateResult) decodeLenient(b []byte) ([]wire.Issue, error) {
	type plain SummaryTemplateResult
	return tolerant(b, (*plain)(r), nil)
}

// CallEvaluation holds the QA scorecards applied to a call. The item shape
// is not documented anywhere, so each evaluation stays raw JSON.
type CallEvaluation struct {
	ID          ID                `json:"id"`
	CallID      ID                `json:"call_id"`
	CallUUID    string            `json:"call_uuid,omitempty"`
	AIGenerated bool              `json:"ai_generated"`
	Evaluations []json.RawMessage `json:"evaluations"`
	CreatedAt   Timestamp         `json:"created_at"`
	UpdatedAt   Timestamp         `json:"updated_at"`
	// Raw is the object as received.
	Raw json.RawMessage `json:"-"`
}

// UnmarshalJSON decodes leniently and keeps Raw.
func (c *CallEvaluation) UnmarshalJSON(b []byte) error { return decodeSelf(c, b) }

func (c *CallEvaluation) decodeLenient(b []byte) ([]wire.Issue, error) {
	type plain CallEvaluation
	return tolerant(b, (*plain)(c), &c.Raw)
}

// PredictedCSAT is the customer satisfaction score Aircall predicts for a
// call, with what drove it.
type PredictedCSAT struct {
	CallID   ID            `json:"call_id"`
	CallUUID string        `json:"call_uuid,omitempty"`
	Score    float64       `json:"score"`
	Drivers  []*CSATDriver `json:"drivers"`
	// Raw is the object as received.
	Raw json.RawMessage `json:"-"`
}

// UnmarshalJSON decodes leniently and keeps Raw.
func (p *PredictedCSAT) UnmarshalJSON(b []byte) error { return decodeSelf(p, b) }

func (p *PredictedCSAT) decodeLenient(b []byte) ([]wire.Issue, error) {
	type plain PredictedCSAT
	return tolerant(b, (*plain)(p), &p.Raw)
}

// CSATDriver is one reason behind a predicted CSAT score.
type CSATDriver struct {
	Polarity SentimentValue `json:"polarity"`
	Label    string         `json:"label"`
}

// RealtimeTranscription is the data of the
// realtime_transcription.utterances_received event: utterances sent during
// the call. ID is a string here, and Call.ID may be null (zero). The unit
// of an utterance's timestamp is not documented: Timestamp reads values
// above 1e12 as milliseconds and others as seconds. Members that do not fit
// are dropped; Raw keeps the object.
type RealtimeTranscription struct {
	ID         string               `json:"id"`
	Call       *RealtimeCall        `json:"call,omitempty"`
	Utterances []*RealtimeUtterance `json:"utterances"`
	// Raw is the object as received.
	Raw json.RawMessage `json:"-"`
}

// UnmarshalJSON decodes leniently and keeps Raw.
func (r *RealtimeTranscription) UnmarshalJSON(b []byte) error { return decodeSelf(r, b) }

func (r *RealtimeTranscription) decodeLenient(b []byte) ([]wire.Issue, error) {
	type plain RealtimeTranscription
	return tolerant(b, (*plain)(r), &r.Raw)
}

// RealtimeCall is the call a RealtimeTranscription belongs to.
type RealtimeCall struct {
	ID        ID            `json:"id"`
	UUID      string        `json:"uuid,omitempty"`
	NumberID  ID            `json:"number_id,omitempty"`
	Direction CallDirection `json:"direction,omitempty"`
}

// RealtimeUtterance is one utterance of a RealtimeTranscription.
type RealtimeUtterance struct {
	ParticipantType string    `json:"participant_type"`
	UserID          ID        `json:"user_id,omitempty"`
	Timestamp       Timestamp `json:"timestamp"`
	DurationMS      int       `json:"duration_ms"`
	Text            string    `json:"text"`
	Language        string    `json:"language,omitempty"`
}

// UnmarshalJSON decodes leniently: an odd member is dropped.
func (u *RealtimeUtterance) UnmarshalJSON(b []byte) error { return decodeSelf(u, b) }

func (u *RealtimeUtterance) decodeLenient(b []byte) ([]wire.Issue, error) {
	type plain RealtimeUtterance
	return tolerant(b, (*plain)(u), nil)
}
