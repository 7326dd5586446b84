package aircall

import (
	"bytes"
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"strconv"
	"time"
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

// MaxCommentsPerCall is how many comments a call can hold; the API answers
// 400 to the next AddComment.
const MaxCommentsPerCall = 5

// CallListOptions filters Calls.List and Calls.All by start date (From and
// To, sent as Unix seconds) and orders them. Only three months of history
// are available.
type CallListOptions struct {
	ListOptions
	TimeRange
	// FetchContact adds the Contact to each call.
	FetchContact bool `url:"fetch_contact,omitempty"`
	// FetchShortURLs adds RecordingShortURL and VoicemailShortURL.
	FetchShortURLs bool `url:"fetch_short_urls,omitempty"`
	// FetchCallTimeline adds IVROptionsSelected.
	FetchCallTimeline bool `url:"fetch_call_timeline,omitempty"`
	// FetchAIVAConv adds AIVoiceAgents.
	FetchAIVAConv bool `url:"fetch_aiva_conv,omitempty"`
}

// CallSearchOptions filters Calls.Search and Calls.SearchAll. A call
// transferred from number A to number B matches B, not A.
type CallSearchOptions struct {
	ListOptions
	TimeRange
	Direction CallDirection `url:"direction,omitempty"`
	// UserID is the user who made or received the calls.
	UserID ID `url:"user_id,omitempty"`
	// PhoneNumber is the calling or receiving number.
	PhoneNumber string `url:"phone_number,omitempty"`
	// Tags are tag IDs, all of which a call must have (AND). Sent as
	// repeated tags[] params.
	Tags []ID `url:"tags[],omitempty"`
	// FetchContact adds the Contact to each call.
	FetchContact bool `url:"fetch_contact,omitempty"`
	// FetchShortURLs adds RecordingShortURL and VoicemailShortURL.
	FetchShortURLs bool `url:"fetch_short_urls,omitempty"`
	// FetchCallTimeline adds IVROptionsSelected.
	FetchCallTimeline bool `url:"fetch_call_timeline,omitempty"`
	// FetchAIVAConv adds AIVoiceAgents.
	FetchAIVAConv bool `url:"fetch_aiva_conv,omitempty"`
}

// CallGetOptions are the query params of Calls.Get. The fetch_* flags are
// sent only when true (how the API reads a literal false is not
// documented); they are the same on CallListOptions and CallSearchOptions.
type CallGetOptions struct {
	// FetchContact adds the Contact to the call.
	FetchContact bool `url:"fetch_contact,omitempty"`
	// FetchShortURLs adds RecordingShortURL and VoicemailShortURL.
	FetchShortURLs bool `url:"fetch_short_urls,omitempty"`
	// FetchCallTimeline adds IVROptionsSelected.
	FetchCallTimeline bool `url:"fetch_call_timeline,omitempty"`
	// FetchAIVAConv adds AIVoiceAgents.
	FetchAIVAConv bool `url:"fetch_aiva_conv,omitempty"`
}

// DispatchingStrategy is how a call transferred to a team rings its
// members.
type DispatchingStrategy string

// Dispatching strategies for Calls.Transfer to a team.
const (
	// DispatchSimultaneous rings every available member at once (the default).
	DispatchSimultaneous DispatchingStrategy = "simultaneous"
	// DispatchRandom rings available members one by one, in random order.
	DispatchRandom DispatchingStrategy = "random"
	// DispatchLongestIdle rings available members one by one, longest idle
	// first.
	DispatchLongestIdle DispatchingStrategy = "longest_idle"
)

// TransferParams is the body of Calls.Transfer. Set exactly one of UserID,
// TeamID and Number. DispatchingStrategy is allowed only with TeamID.
type TransferParams struct {
	UserID ID `json:"user_id,omitempty"`
	// TeamID transfers to a team; while the call rings, the team must have
	// 25 users or fewer.
	TeamID ID `json:"team_id,omitempty"`
	// Number is an external number in E.164 form; it works only for
	// inbound calls not yet answered.
	Number              string              `json:"number,omitempty"`
	DispatchingStrategy DispatchingStrategy `json:"dispatching_strategy,omitempty"`
}

// CommentParams is the body of Calls.AddComment.
type CommentParams struct {
	// Content is mandatory. The API removes emojis from it.
	Content string `json:"content"`
}

// CallTagsParams is the body of Calls.AddTags.
type CallTagsParams struct {
	// Tags are the IDs of existing tags; at least one.
	Tags []ID `json:"tags"`
}

// InsightLineType is the kind of a line of an Insight Card.
type InsightLineType string

// Insight Card line types.
const (
	// InsightTitle is a large text, usually the name of the app.
	InsightTitle InsightLineType = "title"
	// InsightShortText is a normal line, optionally preceded by a label.
	InsightShortText InsightLineType = "shortText"
	// InsightUser is a user card showing a user's name and availability.
	InsightUser InsightLineType = "user"
)

// InsightCardLine is one line of an Insight Card. Build lines with
// TitleLine, ShortTextLine and UserLine, or fill the fields the type needs:
// title takes Text (mandatory) and Link; shortText takes Text (mandatory),
// Label and Link; user takes Label and UserID (both mandatory).
type InsightCardLine struct {
	Type   InsightLineType `json:"type"`
	Text   string          `json:"text,omitempty"`
	Label  string          `json:"label,omitempty"`
	Link   string          `json:"link,omitempty"`
	UserID ID              `json:"user_id,omitempty"`
}

// TitleLine returns a title line; link may be "".
func TitleLine(text, link string) InsightCardLine {
	return InsightCardLine{Type: InsightTitle, Text: text, Link: link}
}

// ShortTextLine returns a shortText line; label and link may be "".
func ShortTextLine(label, text, link string) InsightCardLine {
	return InsightCardLine{Type: InsightShortText, Label: label, Text: text, Link: link}
}

// UserLine returns a user card line preceded by label.
func UserLine(label string, userID ID) InsightCardLine {
	return InsightCardLine{Type: InsightUser, Label: label, UserID: userID}
}

// InsightCardParams is the body of Calls.SendInsightCard.
type InsightCardParams struct {
	// Contents are the lines of the card, at least one.
	Contents []InsightCardLine `json:"contents"`
}

// callPath is /v1/calls/:id followed by suffix.
func callPath(id ID, suffix string) string { return "/v1/calls/" + id.String() + suffix }

// callStamp is the cursor of call walks: the ID and started_at.
func callStamp(c *Call) (ID, time.Time) { return c.ID, c.StartedAt.Time }

// List returns one page of calls, by default in ascending order.
//
// Aircall API docs: https://developer.aircall.io/api-references/#list-all-calls
func (s *CallsService) List(ctx context.Context, opts *CallListOptions) ([]*Call, *Response, error) {
	return newPager[Call](s.client, "/v1/calls", "calls", opts).list(ctx)
}

// All iterates over every call the options select, in started_at order
// (asc unless opts.Order says desc), within opts.From and opts.To.
//
// It walks by a time cursor, not by offset: each page after the first asks
// for the calls from the started_at of the last call yielded on (to it, in
// desc order), skipping the calls of that second already yielded. So a
// call that exists from the walk's start to its end is yielded exactly
// once, whatever is created or deleted meanwhile, the API's 10,000-item
// cap is never reached, and a call created during the walk is yielded at
// most once. A page brings the calls of the last second again, so a walk
// of N calls costs about N/49 requests at one call a second (N/45 at five)
// rather than N/50. A second of more than a page of calls is read alone,
// which costs its own pages plus about two requests, and read again when
// its total falls meanwhile (a call of it deleted); a deletion in it offset
// by a creation in it between two of its pages goes unseen, and after 8
// re-reads of one second the walk goes on.
// opts.Page above 1 skips the first pages of the list as it is when the
// walk starts.
//
// It ends with ErrUnreadableItem at a call whose id or started_at could not
// be read, ErrWindowOverflow if one second holds more than 10,000 calls,
// and ErrCursorIgnored if the server answers outside the from and to asked.
//
// Aircall API docs: https://developer.aircall.io/api-references/#list-all-calls
func (s *CallsService) All(ctx context.Context, opts *CallListOptions) iter.Seq2[*Call, error] {
	return newPager[Call](s.client, "/v1/calls", "calls", opts).byCursor("started_at", callStamp).all(ctx)
}

// Pages iterates over the pages of All, each with its Meta and Response:
// a page's Items are the calls All yields from it (the calls of the
// boundary second already yielded are left out, and a page left empty is
// not yielded), and its Meta is that of the cursor query that served it:
// the first page's Meta.Total is the size of the list, a later page's
// counts from the cursor on.
//
// Aircall API docs: https://developer.aircall.io/api-references/#list-all-calls
func (s *CallsService) Pages(ctx context.Context, opts *CallListOptions) iter.Seq2[*Page[Call], error] {
	return newPager[Call](s.client, "/v1/calls", "calls", opts).byCursor("started_at", callStamp).pages(ctx)
}

// Search returns one page of the calls matching opts.
//
// Aircall API docs: https://developer.aircall.io/api-references/#search-calls
func (s *CallsService) Search(ctx context.Context, opts *CallSearchOptions) ([]*Call, *Response, error) {
	if err := opts.validate("Calls.Search"); err != nil {
		return nil, nil, err
	}
	return newPager[Call](s.client, "/v1/calls/search", "calls", opts).list(ctx)
}

// SearchAll iterates over every call matching opts, walking by a time
// cursor like All: exactly once on a changing account, past the
// 10,000-item cap.
//
// Aircall API docs: https://developer.aircall.io/api-references/#search-calls
func (s *CallsService) SearchAll(ctx context.Context, opts *CallSearchOptions) iter.Seq2[*Call, error] {
	if err := opts.validate("Calls.SearchAll"); err != nil {
		return func(yield func(*Call, error) bool) { yield(nil, err) }
	}
	return newPager[Call](s.client, "/v1/calls/search", "calls", opts).byCursor("started_at", callStamp).all(ctx)
}

// SearchPages iterates over the pages of SearchAll, each with its Meta and
// Response, like Pages.
//
// Aircall API docs: https://developer.aircall.io/api-references/#search-calls
func (s *CallsService) SearchPages(ctx context.Context, opts *CallSearchOptions) iter.Seq2[*Page[Call], error] {
	if err := opts.validate("Calls.SearchPages"); err != nil {
		return func(yield func(*Page[Call], error) bool) { yield(nil, err) }
	}
	return newPager[Call](s.client, "/v1/calls/search", "calls", opts).byCursor("started_at", callStamp).pages(ctx)
}

// validate checks the direction and tag IDs; nil options are valid.
func (o *CallSearchOptions) validate(op string) error {
	if o == nil {
		return nil
	}
	switch o.Direction {
	case "", CallInbound, CallOutbound:
	default:
		return paramErr(op, "direction", "must be inbound or outbound, got %q", o.Direction)
	}
	return checkTagIDs(op, o.Tags)
}

// checkTagIDs rejects a tag ID that is zero or negative.
func checkTagIDs(op string, tags []ID) error {
	for _, t := range tags {
		if t <= 0 {
			return paramErr(op, "tags", "must hold tag IDs, got %d", t)
		}
	}
	return nil
}

// Get returns one call, with its comments, tags and conference
// participants.
//
// Aircall API docs: https://developer.aircall.io/api-references/#retrieve-a-call
func (s *CallsService) Get(ctx context.Context, id ID, opts *CallGetOptions) (*Call, *Response, error) {
	return doOne[Call](ctx, s.client, http.MethodGet, callPath(id, ""), encodeQuery(opts), nil, "call")
}

// Transfer cold-transfers an ongoing call to a user, a team or an external
// number (E.164, inbound calls not yet answered only). If the user is not
// available, the number's "no one answers" strategy applies.
//
// Aircall API docs: https://developer.aircall.io/api-references/#transfer-a-call
func (s *CallsService) Transfer(ctx context.Context, id ID, p *TransferParams) (*Response, error) {
	const op = "Calls.Transfer"
	if p == nil {
		return nil, paramErr(op, "", "params are required")
	}
	targets := 0
	for _, set := range []bool{p.UserID != 0, p.TeamID != 0, p.Number != ""} {
		if set {
			targets++
		}
	}
	switch {
	case targets != 1:
		return nil, paramErr(op, "", "set exactly one of user_id, team_id and number, got %d", targets)
	case p.UserID < 0:
		return nil, paramErr(op, "user_id", "must be a user ID, got %d", p.UserID)
	case p.TeamID < 0:
		return nil, paramErr(op, "team_id", "must be a team ID, got %d", p.TeamID)
	case p.Number != "" && !isE164(p.Number):
		return nil, paramErr(op, "number", "must be an E.164 number such as +18001231234, got %q", p.Number)
	case p.DispatchingStrategy != "" && p.TeamID == 0:
		return nil, paramErr(op, "dispatching_strategy", "is allowed only with team_id")
	}
	switch p.DispatchingStrategy {
	case "", DispatchSimultaneous, DispatchRandom, DispatchLongestIdle:
	default:
		return nil, paramErr(op, "dispatching_strategy", "must be simultaneous, random or longest_idle, got %q", p.DispatchingStrategy)
	}
	return s.client.doNoContent(ctx, http.MethodPost, callPath(id, "/transfers"), nil, p)
}

// AddComment adds a note to a call. A call holds at most
// MaxCommentsPerCall comments: the API answers 400 (ErrValidation) after
// that. Comments cannot be edited or deleted, and the API removes emojis.
//
// Aircall API docs: https://developer.aircall.io/api-references/#comment-a-call
func (s *CallsService) AddComment(ctx context.Context, id ID, p *CommentParams) (*Response, error) {
	const op = "Calls.AddComment"
	switch {
	case p == nil:
		return nil, paramErr(op, "", "params are required")
	case blank(p.Content):
		return nil, paramErr(op, "content", "is mandatory")
	}
	return s.client.doNoContent(ctx, http.MethodPost, callPath(id, "/comments"), nil, p)
}

// AddTags tags a call with existing tags.
//
// Aircall API docs: https://developer.aircall.io/api-references/#tag-a-call
func (s *CallsService) AddTags(ctx context.Context, id ID, p *CallTagsParams) (*Response, error) {
	const op = "Calls.AddTags"
	if p == nil || len(p.Tags) == 0 {
		return nil, paramErr(op, "tags", "must hold at least one tag ID")
	}
	if err := checkTagIDs(op, p.Tags); err != nil {
		return nil, err
	}
	return s.client.doNoContent(ctx, http.MethodPost, callPath(id, "/tags"), nil, p)
}

// Archive marks a call as done, removing it from the To-do view, and
// returns it. A call.archived event follows.
//
// Deprecated: Aircall deprecates call archiving for Aircall Workspace
// users: for them the endpoint no longer has any effect in the app UI.
// There is no replacement endpoint; to track follow-up from the API, tag
// the call instead (Calls.AddTags) and read the tags back. Accounts still on
// the classic Phone app's To-do view can keep calling Archive.
//
// Aircall API docs: https://developer.aircall.io/api-references/#archive-a-call
func (s *CallsService) Archive(ctx context.Context, id ID) (*Call, *Response, error) {
	return doOne[Call](ctx, s.client, http.MethodPut, callPath(id, "/archive"), nil, nil, "call")
}

// Unarchive puts a call back in the To-do view and returns it.
//
// Deprecated: deprecated with Archive for Aircall Workspace users, where it
// has no effect in the app UI; see Archive for what to use instead.
//
// Aircall API docs: https://developer.aircall.io/api-references/#unarchive-a-call
func (s *CallsService) Unarchive(ctx context.Context, id ID) (*Call, *Response, error) {
	return doOne[Call](ctx, s.client, http.MethodPut, callPath(id, "/unarchive"), nil, nil, "call")
}

// PauseRecording pauses the live recording of an ongoing call. The API
// answers 400 if the call ended and 405 (ErrNotAvailable) if recording is
// disabled on its number.
//
// Aircall API docs: https://developer.aircall.io/api-references/#pause-recording-on-a-call
func (s *CallsService) PauseRecording(ctx context.Context, id ID) (*Response, error) {
	return notAvailableOn405(s.client.doNoContent(ctx, http.MethodPost, callPath(id, "/pause_recording"), nil, nil))
}

// ResumeRecording resumes a paused live recording; it answers like
// PauseRecording.
//
// Aircall API docs: https://developer.aircall.io/api-references/#resume-recording-on-a-call
func (s *CallsService) ResumeRecording(ctx context.Context, id ID) (*Response, error) {
	return notAvailableOn405(s.client.doNoContent(ctx, http.MethodPost, callPath(id, "/resume_recording"), nil, nil))
}

// DeleteRecording deletes a call's recording, for good, within 10 to 15
// minutes. A recording can take up to 24 hours to arrive; one not yet
// present is not deleted, so retry later.
//
// Aircall API docs: https://developer.aircall.io/api-references/#delete-call-recording
func (s *CallsService) DeleteRecording(ctx context.Context, id ID) (*Response, error) {
	return s.client.doNoContent(ctx, http.MethodDelete, callPath(id, "/recording"), nil, nil)
}

// DeleteVoicemail deletes a call's voicemail, for good, within a minute.
// Like recordings, a voicemail not yet received is not deleted.
//
// Aircall API docs: https://developer.aircall.io/api-references/#delete-call-voicemail
func (s *CallsService) DeleteVoicemail(ctx context.Context, id ID) (*Response, error) {
	return s.client.doNoContent(ctx, http.MethodDelete, callPath(id, "/voicemail"), nil, nil)
}

// SendInsightCard shows an Insight Card to the agents on an ongoing call
// (Phone app on desktop and Android). Cards are not stored after the call.
//
// Aircall API docs: https://developer.aircall.io/api-references/#insight-card
func (s *CallsService) SendInsightCard(ctx context.Context, id ID, p *InsightCardParams) (*Response, error) {
	const op = "Calls.SendInsightCard"
	if p == nil || len(p.Contents) == 0 {
		return nil, paramErr(op, "contents", "must hold at least one line")
	}
	for i, l := range p.Contents {
		if err := l.validate(op, i); err != nil {
			return nil, err
		}
	}
	return s.client.doNoContent(ctx, http.MethodPost, callPath(id, "/insight_cards"), nil, p)
}

func (l InsightCardLine) validate(op string, i int) error {
	field := func(name string) string { return "contents[" + strconv.Itoa(i) + "]." + name }
	switch l.Type {
	case InsightTitle, InsightShortText:
		switch {
		case blank(l.Text):
			return paramErr(op, field("text"), "is mandatory on a %s line", l.Type)
		case l.UserID != 0:
			return paramErr(op, field("user_id"), "is only for user lines")
		case l.Type == InsightTitle && l.Label != "":
			return paramErr(op, field("label"), "is not allowed on a title line")
		}
	case InsightUser:
		switch {
		case blank(l.Label):
			return paramErr(op, field("label"), "is mandatory on a user line")
		case l.UserID <= 0:
			return paramErr(op, field("user_id"), "is mandatory on a user line")
		case l.Text != "" || l.Link != "":
			return paramErr(op, field("text"), "and link are not allowed on a user line")
		}
	default:
		return paramErr(op, field("type"), "must be title, shortText or user, got %q", l.Type)
	}
	if l.Link != "" && !isAbsHTTPURL(l.Link) {
		return paramErr(op, field("link"), "must be an absolute http(s) URL, got %q", l.Link)
	}
	return nil
}
