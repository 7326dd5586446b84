package aircall

import (
	"context"
	"iter"
	"net/http"
)

// Number is an Aircall phone number, Classic or IVR.
type Number struct {
	ID         ID        `json:"id"`
	DirectLink string    `json:"direct_link,omitempty"`
	Name       string    `json:"name"`
	Digits     string    `json:"digits"` // international format, such as "+33 1 76 11 11 11"
	CreatedAt  Timestamp `json:"created_at"`
	Country    string    `json:"country,omitempty"` // ISO 3166-1 alpha-2
	TimeZone   string    `json:"time_zone,omitempty"`
	// Open is the current opening state, from the opening hours.
	Open               bool         `json:"open"`
	AvailabilityStatus NumberStatus `json:"availability_status,omitempty"`
	// IsIVR is true for an IVR number, false for a Classic one.
	IsIVR                  bool `json:"is_ivr"`
	LiveRecordingActivated bool `json:"live_recording_activated"`
	// FlowEditorEnabled tells whether the number's call flow is a
	// Smartflow; nil when not sent. REST: numbers nested in calls and
	// /v2/users/:id/numbers (not /v1/numbers in recorded traffic).
	FlowEditorEnabled *bool   `json:"flow_editor_enabled,omitempty"`
	Users             []*User `json:"users,omitempty"`
	// Priority is the routing priority: nil (null, the default), 0 (no
	// priority) or 1 (top priority).
	Priority *int      `json:"priority"`
	Messages *Messages `json:"messages,omitempty"`
}

// NumberStatus is a Number's availability status.
type NumberStatus string

// Number availability statuses.
const (
	NumberOpen   NumberStatus = "open"
	NumberCustom NumberStatus = "custom" // open according to the opening hours
	NumberClosed NumberStatus = "closed"
)

// Number routing priorities, for Number.Priority and NumberUpdateParams.
const (
	PriorityNone = 0 // no priority
	PriorityTop  = 1 // top priority
)

// Messages holds the URLs of a Number's Music & Messages audio files. In
// NumberUpdateParams, empty fields are not sent, and every set field must
// be a public URL.
type Messages struct {
	Welcome        string `json:"welcome,omitempty"`
	Waiting        string `json:"waiting,omitempty"`
	RingingTone    string `json:"ringing_tone,omitempty"`    // Classic numbers
	UnansweredCall string `json:"unanswered_call,omitempty"` // Classic numbers
	AfterHours     string `json:"after_hours,omitempty"`     // Classic numbers
	IVR            string `json:"ivr,omitempty"`             // IVR numbers
	Voicemail      string `json:"voicemail,omitempty"`       // deprecated: replaced by unanswered_call
	Closed         string `json:"closed,omitempty"`          // deprecated: replaced by after_hours
	CallbackLater  string `json:"callback_later,omitempty"`  // IVR numbers
}

// NumberListOptions filters Numbers.List and Numbers.All by creation date.
type NumberListOptions struct {
	ListOptions
	TimeRange
}

// NumberUpdateParams is the body of Numbers.Update; nil and zero fields are
// not sent. AvailabilityStatus, IsIVR and Messages cannot be changed on a
// number with Smartflow enabled.
type NumberUpdateParams struct {
	// Name can't be empty.
	Name               *string       `json:"name,omitempty"`
	AvailabilityStatus *NumberStatus `json:"availability_status,omitempty"`
	// IsIVR converts the number to IVR (true) or Classic (false).
	IsIVR *bool `json:"is_ivr,omitempty"`
	// LiveRecordingActivated turns call recording on or off, inbound and
	// outbound together.
	LiveRecordingActivated *bool `json:"live_recording_activated,omitempty"`
	// Priority is PriorityNone (0), PriorityTop (1), or Null[int]() to
	// clear it.
	Priority Nullable[int] `json:"priority,omitzero"`
	// Messages sets the Music & Messages URLs given; others are unchanged.
	Messages *Messages `json:"messages,omitempty"`
}

// List returns one page of numbers.
//
// Aircall API docs: https://developer.aircall.io/api-references/#list-all-numbers
func (s *NumbersService) List(ctx context.Context, opts *NumberListOptions) ([]*Number, *Response, error) {
	return newPager[Number](s.client, "/v1/numbers", "numbers", opts).list(ctx)
}

// All iterates over every number.
// It pages by offset: Aircall cannot filter numbers by time, so the walk
// cannot use a time cursor as Calls.All does. A number created or deleted
// during the walk moves the later ones by one place: a number may then be
// yielded twice (after a creation before the page being read) or not at
// all (after a deletion of one already read). Dedupe by ID, or walk again,
// when that matters.
//
// Aircall API docs: https://developer.aircall.io/api-references/#list-all-numbers
func (s *NumbersService) All(ctx context.Context, opts *NumberListOptions) iter.Seq2[*Number, error] {
	return newPager[Number](s.client, "/v1/numbers", "numbers", opts).all(ctx)
}

// Pages iterates over the pages of numbers, each with its Meta and
// Response.
// Like All, it pages by offset: a change to the numbers during the walk can
// repeat or skip one.
//
// Aircall API docs: https://developer.aircall.io/api-references/#list-all-numbers
func (s *NumbersService) Pages(ctx context.Context, opts *NumberListOptions) iter.Seq2[*Page[Number], error] {
	return newPager[Number](s.client, "/v1/numbers", "numbers", opts).pages(ctx)
}

// Get returns one number with its users.
//
// Aircall API docs: https://developer.aircall.io/api-references/#retrieve-a-number
func (s *NumbersService) Get(ctx context.Context, id ID) (*Number, *Response, error) {
	return doOne[Number](ctx, s.client, http.MethodGet, "/v1/numbers/"+id.String(), nil, nil, "number")
}

// Update changes the fields set in p, including its Music & Messages, and
// returns the updated number.
//
// Aircall API docs: https://developer.aircall.io/api-references/#update-a-number
func (s *NumbersService) Update(ctx context.Context, id ID, p *NumberUpdateParams) (*Number, *Response, error) {
	const op = "Numbers.Update"
	if p == nil {
		return nil, nil, paramErr(op, "", "params are required")
	}
	switch {
	case p.Name != nil && blank(*p.Name):
		return nil, nil, paramErr(op, "name", "can't be empty")
	case p.AvailabilityStatus != nil && *p.AvailabilityStatus != NumberOpen && *p.AvailabilityStatus != NumberCustom && *p.AvailabilityStatus != NumberClosed:
		return nil, nil, paramErr(op, "availability_status", "must be open, custom or closed, got %q", *p.AvailabilityStatus)
	case p.Priority.Valid && p.Priority.Value != PriorityNone && p.Priority.Value != PriorityTop:
		return nil, nil, paramErr(op, "priority", "must be null, 0 or 1, got %d", p.Priority.Value)
	}
	if m := p.Messages; m != nil {
		for _, f := range []struct{ name, url string }{
			{"welcome", m.Welcome}, {"waiting", m.Waiting}, {"ringing_tone", m.RingingTone},
			{"unanswered_call", m.UnansweredCall}, {"after_hours", m.AfterHours}, {"ivr", m.IVR},
			{"voicemail", m.Voicemail}, {"closed", m.Closed}, {"callback_later", m.CallbackLater},
		} {
			if f.url != "" && !isAbsHTTPURL(f.url) {
				return nil, nil, paramErr(op, "messages."+f.name, "must be a public http(s) URL, got %q", f.url)
			}
		}
	}
	return doOne[Number](ctx, s.client, http.MethodPut, "/v1/numbers/"+id.String(), nil, p, "number")
}
