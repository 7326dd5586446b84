package aircalltest

import (
	aircall "github.com/seed1279ea27/aircall-go"
)

// The event serializer: the shapes webhook payloads carry, key for key as
// Aircall's webhook serializer sends them (testdata/wire/ev_*.json hold the
// key sets of recorded deliveries). They are slimmer than the REST view: a
// user has no created_at, time_zone, state or extension; a number has no
// created_at, priority or flow_editor_enabled and six Music & Messages keys;
// a call has no sid, call_uuid, short URLs, country_code_a2 or
// pricing_type. One small function per shape, shared by every event.

// hookUserWire is a user as every webhook payload embeds it (V1).
type hookUserWire struct {
	ID                 aircall.ID         `json:"id"`
	DirectLink         string             `json:"direct_link"`
	Name               string             `json:"name"`
	Email              string             `json:"email"`
	Available          bool               `json:"available"`
	AvailabilityStatus aircall.UserStatus `json:"availability_status"`
	Language           string             `json:"language"`
	WrapUpTime         int                `json:"wrap_up_time"`
}

// hookMessagesWire is Music & Messages in webhooks: six keys.
type hookMessagesWire struct {
	Welcome       *string `json:"welcome"`
	Waiting       *string `json:"waiting"`
	IVR           *string `json:"ivr"`
	Voicemail     *string `json:"voicemail"`
	Closed        *string `json:"closed"`
	CallbackLater *string `json:"callback_later"`
}

// numberBase is what a number is in webhooks and REST alike.
type numberBase struct {
	ID                     aircall.ID           `json:"id"`
	DirectLink             string               `json:"direct_link"`
	Name                   string               `json:"name"`
	Digits                 string               `json:"digits"`
	Country                string               `json:"country"`
	TimeZone               string               `json:"time_zone"`
	Open                   bool                 `json:"open"`
	AvailabilityStatus     aircall.NumberStatus `json:"availability_status"`
	IsIVR                  bool                 `json:"is_ivr"`
	LiveRecordingActivated bool                 `json:"live_recording_activated"`
}

// hookNumberWire is a number as calls and user.* events embed it.
type hookNumberWire struct {
	numberBase
	Messages hookMessagesWire `json:"messages"`
}

// hookNumberUsersWire is the data of number.* events: the number with its
// users.
type hookNumberUsersWire struct {
	hookNumberWire
	Users []*hookUserWire `json:"users"`
}

// hookUserEventWire is the data of the V1 user.* events: the user with its
// numbers.
type hookUserEventWire struct {
	hookUserWire
	Numbers []*hookNumberWire `json:"numbers"`
}

// hookCommentWire is a note on a call in webhooks.
type hookCommentWire struct {
	ID       aircall.ID        `json:"id"`
	Content  string            `json:"content"`
	PostedBy *hookUserWire     `json:"posted_by"`
	PostedAt aircall.Timestamp `json:"posted_at"`
}

// hookCallTagWire is a tag on a call in webhooks: tagged_at, and tagged_by
// the whole user, or an empty object when the API put the tag.
type hookCallTagWire struct {
	ID       aircall.ID        `json:"id"`
	Name     string            `json:"name"`
	TaggedBy any               `json:"tagged_by"`
	TaggedAt aircall.Timestamp `json:"tagged_at"`
}

// callBase is what a call is in webhooks and REST alike.
type callBase struct {
	ID               aircall.ID            `json:"id"`
	DirectLink       string                `json:"direct_link"`
	Direction        aircall.CallDirection `json:"direction"`
	Status           aircall.CallStatus    `json:"status"`
	MissedCallReason *string               `json:"missed_call_reason"`
	StartedAt        aircall.Timestamp     `json:"started_at"`
	AnsweredAt       aircall.Timestamp     `json:"answered_at"`
	EndedAt          aircall.Timestamp     `json:"ended_at"`
	Duration         int                   `json:"duration"`
	Cost             string                `json:"cost"`
	Voicemail        *string               `json:"voicemail"`
	Recording        *string               `json:"recording"`
	Asset            *string               `json:"asset"`
	RawDigits        string                `json:"raw_digits"`
	Archived         bool                  `json:"archived"`
	Teams            []*callTeamWire       `json:"teams"`
}

// hookCallWire is the data of call.* events: hangup_cause, and no sid,
// short URLs, country_code_a2 nor pricing_type. The associations that are
// not set (user, contact, assignee, transfer, IVR options) are left out,
// not null, as recorded.
type hookCallWire struct {
	callBase
	HangupCause   *string            `json:"hangup_cause"`
	User          *hookUserWire      `json:"user,omitempty"`
	Contact       *contactWire       `json:"contact,omitempty"`
	Number        *hookNumberWire    `json:"number"`
	Comments      []*hookCommentWire `json:"comments"`
	Tags          []*hookCallTagWire `json:"tags"`
	AssignedTo    *hookUserWire      `json:"assigned_to,omitempty"`
	TransferredTo *hookUserWire      `json:"transferred_to,omitempty"`
	TransferredBy *hookUserWire      `json:"transferred_by,omitempty"`
	IVROptions    []*ivrOptionWire   `json:"ivr_options,omitempty"`
	// CallUUID, ExternalTransferredTo and ExternalCallerNumber are on
	// call.external_transferred only (the addendum's example).
	CallUUID              string `json:"call_uuid,omitempty"`
	ExternalTransferredTo string `json:"external_transferred_to,omitempty"`
	ExternalCallerNumber  string `json:"external_caller_number,omitempty"`
}

// callBaseOf renders what a call is in webhooks and REST alike; the
// recording and the voicemail exist once the call is over.
func (st *state) callBaseOf(c *callRec) callBase {
	v := callBase{ID: c.c.ID, DirectLink: st.link("calls", c.c.ID), Direction: c.c.Direction, Status: c.c.Status,
		MissedCallReason: nullable(string(c.c.MissedCallReason)), StartedAt: c.c.StartedAt, AnsweredAt: c.c.AnsweredAt,
		EndedAt: c.c.EndedAt, Duration: c.c.Duration, Cost: c.c.Cost, RawDigits: c.c.RawDigits, Archived: c.c.Archived,
		Teams: []*callTeamWire{}}
	for _, tid := range c.teamIDs {
		if t, ok := st.teams[tid]; ok {
			v.Teams = append(v.Teams, st.callTeam(t))
		}
	}
	id := c.c.ID.String()
	if c.recording && !c.ongoing {
		v.Recording = nullable("https://rec.example.com/" + id + ".mp3")
		v.Asset = nullable("https://assets.aircall.io/calls/" + id + "/recording")
	}
	if c.voicemail {
		v.Voicemail = nullable("https://vm.example.com/" + id + ".mp3")
		v.Asset = nullable("https://assets.aircall.io/calls/" + id + "/voicemail")
	}
	return v
}

// hookUser renders the user id refers to for a webhook; nil when there is
// no such user.
func (st *state) hookUser(id aircall.ID) *hookUserWire {
	if u, ok := st.users[id]; ok {
		return hookUserOf(st, u)
	}
	return nil
}

// hookUserOf renders u for a webhook, whether or not it is still stored
// (user.deleted).
func hookUserOf(st *state, u *userRec) *hookUserWire {
	return &hookUserWire{ID: u.id, DirectLink: st.link("users", u.id), Name: u.name(), Email: u.email,
		Available: u.available(), AvailabilityStatus: u.status, Language: u.language, WrapUpTime: u.wrapUpTime}
}

// numberBaseOf renders what a number is in webhooks and REST alike.
func (st *state) numberBaseOf(n *numberRec) numberBase {
	return numberBase{ID: n.n.ID, DirectLink: st.link("numbers", n.n.ID), Name: n.n.Name, Digits: n.n.Digits,
		Country: n.n.Country, TimeZone: n.n.TimeZone, Open: n.n.Open, AvailabilityStatus: n.n.AvailabilityStatus,
		IsIVR: n.n.IsIVR, LiveRecordingActivated: n.n.LiveRecordingActivated}
}

// hookMessages renders the six Music & Messages keys of webhooks; the
// pointers point into m (answers are encoded under the lock).
func hookMessages(m *aircall.Messages) hookMessagesWire {
	return hookMessagesWire{Welcome: ref(&m.Welcome), Waiting: ref(&m.Waiting), IVR: ref(&m.IVR),
		Voicemail: ref(&m.Voicemail), Closed: ref(&m.Closed), CallbackLater: ref(&m.CallbackLater)}
}

// hookNumber renders a number for a webhook.
func (st *state) hookNumber(n *numberRec) *hookNumberWire {
	v := &hookNumberWire{numberBase: st.numberBaseOf(n)}
	if m := n.n.Messages; m != nil {
		v.Messages = hookMessages(m)
	}
	return v
}

// hookNumberUsers renders the data of a number.* event.
func (st *state) hookNumberUsers(n *numberRec) *hookNumberUsersWire {
	v := &hookNumberUsersWire{hookNumberWire: *st.hookNumber(n), Users: []*hookUserWire{}}
	for _, id := range n.userIDs {
		if u := st.hookUser(id); u != nil {
			v.Users = append(v.Users, u)
		}
	}
	return v
}

// hookUserEvent renders the data of a V1 user.* event.
func (st *state) hookUserEvent(u *userRec) *hookUserEventWire {
	v := &hookUserEventWire{hookUserWire: *hookUserOf(st, u), Numbers: []*hookNumberWire{}}
	for _, n := range st.sortedNumbers() {
		if n.hasUser(u.id) {
			v.Numbers = append(v.Numbers, st.hookNumber(n))
		}
	}
	return v
}

// hookCall renders the data of a call.* event.
func (st *state) hookCall(c *callRec) *hookCallWire {
	v := &hookCallWire{callBase: st.callBaseOf(c), Comments: []*hookCommentWire{}, Tags: []*hookCallTagWire{},
		User: st.hookUser(c.userID), AssignedTo: st.hookUser(c.assignedTo),
		TransferredTo: st.hookUser(c.transferredTo), TransferredBy: st.hookUser(c.transferredBy)}
	if ct, ok := st.contacts[c.contactID]; ok {
		v.Contact = st.contactView(ct)
	}
	if n, ok := st.numbers[c.numberID]; ok {
		v.Number = st.hookNumber(n)
	}
	for _, cm := range c.comments {
		v.Comments = append(v.Comments, &hookCommentWire{ID: cm.id, Content: cm.content, PostedBy: st.hookUser(cm.by), PostedAt: unix(cm.at)})
	}
	for _, tr := range c.tagIDs {
		if t, ok := st.tags[tr.id]; ok {
			var by any = struct{}{}
			if u := st.hookUser(tr.taggedBy); u != nil {
				by = u
			}
			v.Tags = append(v.Tags, &hookCallTagWire{ID: t.id, Name: t.name, TaggedBy: by, TaggedAt: unix(tr.at)})
		}
	}
	for _, o := range c.ivrOptions {
		v.IVROptions = append(v.IVROptions, &ivrOptionWire{ID: o.id.String(), Title: o.title, Key: o.key, CreatedAt: unix(o.at)})
	}
	if c.externalTo != "" {
		v.CallUUID, v.ExternalTransferredTo, v.ExternalCallerNumber = callSID(c.c.ID), c.externalTo, c.c.RawDigits
	}
	return v
}
