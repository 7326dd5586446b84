package aircalltest

import (
	"encoding/json"
	"fmt"
	"strings"

	aircall "github.com/seed1279ea27/aircall-go"
)

// The wire shapes: what the Server sends, key for key, as the real API sends
// it (testdata/wire holds the same shapes, written from recorded traffic).
// They are the Server's own types, not the SDK's: the same object takes
// several shapes on the wire (a user inside a call, in a team, on its own; a
// call in REST and in a webhook), and the API always sends some keys as null
// or [] where the SDK may leave them out. No field of these types uses
// omitempty unless the key is absent from some answers; every slice is made
// non-nil so that it encodes as [].

// userWire is a user as REST calls, comments, tags, numbers and lists carry
// it: the webhook user plus created_at, time_zone, state and extension.
type userWire struct {
	hookUserWire
	CreatedAt aircall.Timestamp `json:"created_at"`
	TimeZone  string            `json:"time_zone"`
	State     string            `json:"state"`
	Extension string            `json:"extension,omitempty"` // left out of the V1 user detail
}

// userDetailWire is a user as GET, POST and PUT /v1/users answer it: no
// extension (the recorded create answer).
type userDetailWire struct {
	userWire
	DefaultNumberID *aircall.ID   `json:"default_number_id"`
	Numbers         []*numberWire `json:"numbers"`
	Substatus       string        `json:"substatus"`
}

// userV2Wire is a user as the /v2/users endpoints send it: no numbers, a
// v2 direct link, default_number_id and substatus.
type userV2Wire struct {
	userWire
	DefaultNumberID *aircall.ID `json:"default_number_id"`
	Substatus       string      `json:"substatus"`
}

// teamUserWire is a team member: no available, no state, no extension.
type teamUserWire struct {
	ID                 aircall.ID         `json:"id"`
	DirectLink         string             `json:"direct_link"`
	Name               string             `json:"name"`
	Email              string             `json:"email"`
	AvailabilityStatus aircall.UserStatus `json:"availability_status"`
	DefaultNumberID    *aircall.ID        `json:"default_number_id"`
	CreatedAt          aircall.Timestamp  `json:"created_at"`
	TimeZone           string             `json:"time_zone"`
	Language           string             `json:"language"`
	WrapUpTime         int                `json:"wrap_up_time"`
}

// teamWire is a team as the Teams endpoints send it: a callTeamWire and
// its users.
type teamWire struct {
	callTeamWire
	Users []*teamUserWire `json:"users"`
}

// callTeamWire is a team as calls carry it: without users.
type callTeamWire struct {
	ID         aircall.ID        `json:"id"`
	Name       string            `json:"name"`
	DirectLink string            `json:"direct_link"`
	CreatedAt  aircall.Timestamp `json:"created_at"`
}

// messagesWire is Music & Messages in REST: the webhooks' six keys and
// three more, null when unset.
type messagesWire struct {
	hookMessagesWire
	UnansweredCall *string `json:"unanswered_call"`
	AfterHours     *string `json:"after_hours"`
	RingingTone    *string `json:"ringing_tone"`
}

// numberWire is a number as /v1/numbers lists it: the webhook number plus
// priority, created_at and the nine Music & Messages keys.
type numberWire struct {
	numberBase
	Priority  *int              `json:"priority"`
	Messages  messagesWire      `json:"messages"`
	CreatedAt aircall.Timestamp `json:"created_at"`
}

// numberUsersWire is a number with its users (GET and PUT /v1/numbers/:id,
// number.* events).
type numberUsersWire struct {
	numberWire
	Users []*userWire `json:"users"`
}

// callNumberWire is the number of a call, which also says whether the
// number's call flow is built with the flow editor.
type callNumberWire struct {
	numberWire
	FlowEditorEnabled bool `json:"flow_editor_enabled"`
}

// contactUpdatedWire is a contact as PUT /v1/contacts/:id answers it: with
// urls, as its only recording shows (POST and GET answers have none).
type contactUpdatedWire struct {
	*contactWire
	URLs []string `json:"urls"`
}

// contactWire is a contact, in REST and in contact.* events alike (Unix
// seconds timestamps in both: the 2022 deliveries show integers).
type contactWire struct {
	ID           aircall.ID        `json:"id"`
	CreatedAt    aircall.Timestamp `json:"created_at"`
	UpdatedAt    aircall.Timestamp `json:"updated_at"`
	FirstName    *string           `json:"first_name"`
	LastName     *string           `json:"last_name"`
	Information  *string           `json:"information"`
	CompanyName  *string           `json:"company_name"`
	IsShared     bool              `json:"is_shared"`
	DirectLink   string            `json:"direct_link"`
	PhoneNumbers []detail          `json:"phone_numbers"`
	Emails       []detail          `json:"emails"`
}

// commentWire is a note on a call; posted_by is null when it came from the
// API.
type commentWire struct {
	ID       aircall.ID        `json:"id"`
	Content  string            `json:"content"`
	PostedAt aircall.Timestamp `json:"posted_at"`
	PostedBy *userWire         `json:"posted_by"`
}

// restCallTagWire is a tag on a call in REST answers (the reference's
// created_at; no live answer with a tag was recorded).
type restCallTagWire struct {
	ID        aircall.ID        `json:"id"`
	Name      string            `json:"name"`
	CreatedAt aircall.Timestamp `json:"created_at"`
	TaggedBy  *userWire         `json:"tagged_by"`
}

// callWire is a call as the Calls endpoints send it, but its sid and tags.
type callWire struct {
	callBase
	User              *userWire       `json:"user"`
	Contact           *contactWire    `json:"contact"`
	AssignedTo        *userWire       `json:"assigned_to"`
	TransferredBy     *userWire       `json:"transferred_by"`
	TransferredTo     *userWire       `json:"transferred_to"`
	Comments          []*commentWire  `json:"comments"`
	Number            *callNumberWire `json:"number"`
	RecordingShortURL *string         `json:"recording_short_url"`
	VoicemailShortURL *string         `json:"voicemail_short_url"`
	CountryCodeA2     string          `json:"country_code_a2"`
	PricingType       *string         `json:"pricing_type"`
}

// restCallWire is a call in REST answers: with its sid.
type restCallWire struct {
	callWire
	SID  string             `json:"sid"`
	Tags []*restCallTagWire `json:"tags"`
}

// ivrOptionWire is an option selected in a Smartflow IVR (webhooks only;
// the reference does not show its keys: these are the SDK's reading).
type ivrOptionWire struct {
	ID        string            `json:"id"`
	Title     string            `json:"title"`
	Key       string            `json:"key"`
	CreatedAt aircall.Timestamp `json:"created_at"`
}

// tagWire is a tag as the Tags endpoints send it: no direct_link.
type tagWire struct {
	ID          aircall.ID `json:"id"`
	Name        string     `json:"name"`
	Color       string     `json:"color"`
	Description *string    `json:"description"`
}

// hookWire is a webhook. The legacy integer id is sent by GET (list and
// one) but not by create and update; custom_name only when one was set.
type hookWire struct {
	ID         aircall.ID        `json:"id,omitzero"`
	WebhookID  string            `json:"webhook_id"`
	DirectLink string            `json:"direct_link"`
	CreatedAt  aircall.Timestamp `json:"created_at"`
	CustomName string            `json:"custom_name,omitempty"`
	URL        string            `json:"url"`
	Active     bool              `json:"active"`
	Token      string            `json:"token"`
	Events     []aircall.Event   `json:"events"`
}

// nullable is s, or nil (null) when s is empty.
func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// ref is p, or nil (null) when *p is empty; unlike nullable it does not
// copy the string.
func ref(p *string) *string {
	if *p == "" {
		return nil
	}
	return p
}

// toSDK decodes a wire value into the SDK's type, for the helpers that
// return what the API serves (SimulateInboundCall, HangUp...).
func toSDK[T any](v any) *T {
	b, err := json.Marshal(v)
	out := new(T)
	if err == nil {
		_ = json.Unmarshal(b, out)
	}
	return out
}

// callSID is the Twilio-style id of a call: sid in REST, call_uuid in
// webhooks.
func callSID(id aircall.ID) string { return fmt.Sprintf("CA%032x", uint64(id)*0x9E3779B97F4A7C15) }

// countryCodes maps calling codes to ISO 3166 alpha-2 codes for the
// country_code_a2 of a call (the external party's country), longest first.
var countryCodes = []struct{ prefix, code string }{
	{"+33", "FR"}, {"+34", "ES"}, {"+44", "GB"}, {"+49", "DE"}, {"+31", "NL"}, {"+43", "AT"},
	{"+61", "AU"}, {"+39", "IT"}, {"+32", "BE"}, {"+41", "CH"}, {"+1", "US"},
}

// countryOf returns the country of an E.164-ish number, or fallback.
func countryOf(digits, fallback string) string {
	d := strings.TrimSpace(digits) // displayed numbers keep the calling code together
	for _, c := range countryCodes {
		if strings.HasPrefix(d, c.prefix) {
			return c.code
		}
	}
	return fallback
}
