package aircall

import (
	"context"
	"iter"
	"net/http"
	"strconv"
	"time"
)

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
