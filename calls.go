package aircall

import (
	"bytes"
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"strconv"
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
	FetchContact bool `url:"fetch_contact"`
}

// CallSearchOptions filters Calls.Search and Calls.SearchAll. A call
// transferred from number A to number B matches B, not A.
type CallSearchOptions struct {
	ListOptions
	TimeRange
	Direction CallDirection `url:"direction"`
	// UserID is the user who made or received the calls.
	UserID ID `url:"user_id"`
	// PhoneNumber is the calling or receiving number.
	PhoneNumber string `url:"phone_number"`
	// Tags are tag IDs, all of which a call must have (AND). Sent as
	// repeated tags[] params.
	Tags []ID `url:"tags[]"`
	// FetchContact adds the Contact to each call.
	FetchContact bool `url:"fetch_contact"`
}

// CallGetOptions are the query params of Calls.Get.
type CallGetOptions struct {
	// FetchContact adds the Contact to the call.
	FetchContact bool `url:"fetch_contact"`
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

// callStamp keys the 10,000-cap windows of call lists on started_at.
func callStamp(c *Call) (ID, int64) { return c.ID, c.StartedAt.Time.Unix() }

// List returns one page of calls, by default in ascending order.
func (s *CallsService) List(ctx context.Context, opts *CallListOptions) ([]*Call, *Response, error) {
	return newPager[Call](s.client, "/v1/calls", "calls", opts).list(ctx)
}

// All iterates over every call the options select. Past the API's
// 10,000-item cap it restarts the list from the started_at of the last call
// seen, so every call is yielded exactly once, in order.
func (s *CallsService) All(ctx context.Context, opts *CallListOptions) iter.Seq2[*Call, error] {
	return newPager[Call](s.client, "/v1/calls", "calls", opts).windowed(callStamp).all(ctx)
}

// Pages iterates over the pages of All, each with its Meta and Response,
// past the 10,000-item cap like All: a page's Items are the calls All
// yields from it.
func (s *CallsService) Pages(ctx context.Context, opts *CallListOptions) iter.Seq2[*Page[Call], error] {
	return newPager[Call](s.client, "/v1/calls", "calls", opts).windowed(callStamp).pages(ctx)
}

// Search returns one page of the calls matching opts.
func (s *CallsService) Search(ctx context.Context, opts *CallSearchOptions) ([]*Call, *Response, error) {
	if err := opts.validate("Calls.Search"); err != nil {
		return nil, nil, err
	}
	return newPager[Call](s.client, "/v1/calls/search", "calls", opts).list(ctx)
}

// SearchAll iterates over every call matching opts, past the 10,000-item
// cap like All.
func (s *CallsService) SearchAll(ctx context.Context, opts *CallSearchOptions) iter.Seq2[*Call, error] {
	if err := opts.validate("Calls.SearchAll"); err != nil {
		return func(yield func(*Call, error) bool) { yield(nil, err) }
	}
	return newPager[Call](s.client, "/v1/calls/search", "calls", opts).windowed(callStamp).all(ctx)
}

// SearchPages iterates over the pages of SearchAll, each with its Meta and
// Response, past the 10,000-item cap like SearchAll.
func (s *CallsService) SearchPages(ctx context.Context, opts *CallSearchOptions) iter.Seq2[*Page[Call], error] {
	if err := opts.validate("Calls.SearchPages"); err != nil {
		return func(yield func(*Page[Call], error) bool) { yield(nil, err) }
	}
	return newPager[Call](s.client, "/v1/calls/search", "calls", opts).windowed(callStamp).pages(ctx)
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
func (s *CallsService) Get(ctx context.Context, id ID, opts *CallGetOptions) (*Call, *Response, error) {
	return doOne[Call](ctx, s.client, http.MethodGet, callPath(id, ""), encodeQuery(opts), nil, "call")
}

// Transfer cold-transfers an ongoing call to a user, a team or an external
// number (E.164, inbound calls not yet answered only). If the user is not
// available, the number's "no one answers" strategy applies.
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
// returns it.
func (s *CallsService) Archive(ctx context.Context, id ID) (*Call, *Response, error) {
	return doOne[Call](ctx, s.client, http.MethodPut, callPath(id, "/archive"), nil, nil, "call")
}

// Unarchive puts a call back in the To-do view and returns it.
func (s *CallsService) Unarchive(ctx context.Context, id ID) (*Call, *Response, error) {
	return doOne[Call](ctx, s.client, http.MethodPut, callPath(id, "/unarchive"), nil, nil, "call")
}

// PauseRecording pauses the live recording of an ongoing call. The API
// answers 400 if the call ended and 405 (ErrNotAvailable) if recording is
// disabled on its number.
func (s *CallsService) PauseRecording(ctx context.Context, id ID) (*Response, error) {
	return s.client.doNoContent(ctx, http.MethodPost, callPath(id, "/pause_recording"), nil, nil)
}

// ResumeRecording resumes a paused live recording; it answers like
// PauseRecording.
func (s *CallsService) ResumeRecording(ctx context.Context, id ID) (*Response, error) {
	return s.client.doNoContent(ctx, http.MethodPost, callPath(id, "/resume_recording"), nil, nil)
}

// DeleteRecording deletes a call's recording, for good, within 10 to 15
// minutes. A recording can take up to 24 hours to arrive; one not yet
// present is not deleted, so retry later.
func (s *CallsService) DeleteRecording(ctx context.Context, id ID) (*Response, error) {
	return s.client.doNoContent(ctx, http.MethodDelete, callPath(id, "/recording"), nil, nil)
}

// DeleteVoicemail deletes a call's voicemail, for good, within a minute.
// Like recordings, a voicemail not yet received is not deleted.
func (s *CallsService) DeleteVoicemail(ctx context.Context, id ID) (*Response, error) {
	return s.client.doNoContent(ctx, http.MethodDelete, callPath(id, "/voicemail"), nil, nil)
}

// SendInsightCard shows an Insight Card to the agents on an ongoing call
// (Phone app on desktop and Android). Cards are not stored after the call.
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
