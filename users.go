package aircall

import (
	"context"
	"iter"
	"net/http"
	"net/url"
	"strings"
)

// User is an Aircall user: an admin or an agent, as /v2/users, the v1 user
// endpoints, team members, and the users nested in calls, numbers and
// webhook events send it. Which keys come depends on the source: the v2 user
// has substatus and default_number_id but no numbers; team members have no
// available; the 2022 webhook captures have neither state nor extension.
// Fields that not every source sends keep omitempty (see the wire rule in
// wire.go), so DefaultNumberID 0 and a null default_number_id both encode
// as a missing key.
type User struct {
	ID         ID     `json:"id"`
	DirectLink string `json:"direct_link,omitempty"`
	// Name is first_name + last_name.
	Name  string `json:"name"`
	Email string `json:"email"`
	// Available is sent by every source but team members.
	Available bool `json:"available"`
	// AvailabilityStatus is the coarse working-hours status (REST, team
	// members included, and webhooks); the detailed one is only on
	// Users.GetAvailability.
	AvailabilityStatus UserStatus `json:"availability_status,omitempty"`
	// Substatus refines AvailabilityStatus: SubstatusAlwaysOpened,
	// SubstatusAlwaysClosed or an unavailability reason such as "Out for
	// lunch". REST /v2/users, the integration's user (Integrations.Me) and
	// user.*.v2 webhook events.
	Substatus UserSubstatus `json:"substatus,omitempty"`
	// State is undocumented; "always_opened" is the only value seen. REST
	// (v1 and v2 users, users nested in calls).
	State     string    `json:"state,omitempty"`
	CreatedAt Timestamp `json:"created_at"`
	// TimeZone is a tz database name (REST, team members included; not in
	// the 2022 webhook captures).
	TimeZone string `json:"time_zone,omitempty"`
	// Language is an IETF tag such as "en-US" (REST, team members
	// included, and webhooks).
	Language string `json:"language,omitempty"`
	// WrapUpTime is in seconds (REST, team members included, and
	// webhooks).
	WrapUpTime int `json:"wrap_up_time"`
	// Extension is the user's internal extension, zero-padded such as
	// "001". REST (v1 and v2 users, users nested in calls) and user.*.v2
	// events.
	Extension string `json:"extension,omitempty"`
	// DefaultNumberID is the Number the user calls from by default; 0 when
	// the API sends null. REST /v2/users and team members.
	DefaultNumberID ID `json:"default_number_id,omitempty"`
	// Numbers are embedded by the v1 user and the v1 user events only; the
	// v2 user has none (use Users.ListNumbers).
	Numbers []*Number `json:"numbers,omitempty"`
	// LastCallID is the user's last call, when user.wut_start.v2 and
	// user.wut_end.v2 carry it (one generated client says they do).
	// Webhooks only.
	LastCallID ID `json:"last_call_id,omitempty"`
}

// UserSubstatus is the substatus of a v2 user.
type UserSubstatus string

// User substatuses. Other values are unavailability reasons, free text.
const (
	// SubstatusAlwaysOpened is the substatus of an available or custom
	// user (the wire value is "always_opened", not "always_open").
	SubstatusAlwaysOpened UserSubstatus = "always_opened"
	// SubstatusAlwaysClosed is the substatus of an unavailable user with no
	// reason.
	SubstatusAlwaysClosed UserSubstatus = "always_closed"
)

// UserStatus is a user's working status, the availability_status field.
type UserStatus string

// User working statuses.
const (
	UserAvailable   UserStatus = "available"
	UserCustom      UserStatus = "custom" // available according to working hours
	UserUnavailable UserStatus = "unavailable"
)

// Availability is the detailed availability shown in the Activity Feed.
type Availability string

// Detailed availabilities.
const (
	AvailabilityAvailable     Availability = "available"
	AvailabilityOffline       Availability = "offline"
	AvailabilityDoNotDisturb  Availability = "do_not_disturb"
	AvailabilityInCall        Availability = "in_call"
	AvailabilityAfterCallWork Availability = "after_call_work"
)

// UserAvailability is one entry of Users.ListAvailabilities.
type UserAvailability struct {
	ID           ID           `json:"id"`
	Availability Availability `json:"availability"`
}

// Role is a user role, sent in role_ids.
type Role string

// User roles.
const (
	RoleOwner      Role = "owner"
	RoleSupervisor Role = "supervisor"
	RoleAdmin      Role = "admin"
	RoleAgent      Role = "agent"
)

// UserListOptions filters Users.List and Users.All by creation date.
type UserListOptions struct {
	ListOptions
	TimeRange
}

// UserCreateParams is the body of Users.Create. Email, FirstName and
// LastName are mandatory (the v1 rule; one client sends only email to v2).
// The optional v2 fields come from client libraries, not from the
// reference.
type UserCreateParams struct {
	Email              string     `json:"email"`
	FirstName          string     `json:"first_name"`
	LastName           string     `json:"last_name"`
	AvailabilityStatus UserStatus `json:"availability_status,omitempty"`
	RoleIDs            []Role     `json:"role_ids,omitempty"`
	WrapUpTime         *int       `json:"wrap_up_time,omitempty"`
	// Language is an IETF tag; the API's default is "en-US".
	Language string `json:"language,omitempty"`
	// TimeZone is a tz database name; the API's default is "Etc/UTC".
	TimeZone string `json:"time_zone,omitempty"`
	// Extension is the internal extension, such as "005"; the API gives
	// the next free one when it is left out.
	Extension string `json:"extension,omitempty"`
	// InviterUserID is the user named in the invitation email.
	InviterUserID ID `json:"inviter_user_id,omitempty"`
}

// UserUpdateParams is the body of Users.Update; nil fields are not sent.
type UserUpdateParams struct {
	FirstName          *string     `json:"first_name,omitempty"`
	LastName           *string     `json:"last_name,omitempty"`
	Email              *string     `json:"email,omitempty"`
	AvailabilityStatus *UserStatus `json:"availability_status,omitempty"`
	RoleIDs            []Role      `json:"role_ids,omitempty"`
	WrapUpTime         *int        `json:"wrap_up_time,omitempty"`
	Language           *string     `json:"language,omitempty"`
	TimeZone           *string     `json:"time_zone,omitempty"`
	Extension          *string     `json:"extension,omitempty"`
	// DefaultNumberID sets the Number the user calls from by default.
	DefaultNumberID *ID `json:"default_number_id,omitempty"`
}

// StartCallParams is the body of Users.StartCall.
type StartCallParams struct {
	NumberID ID     `json:"number_id"` // the Number to call from, mandatory
	To       string `json:"to"`        // E.164, mandatory
}

// usersV2 is the root of the v2 user endpoints, which replace the v1 list,
// retrieve, create and update ("User V1 API will be deprecated soon").
const usersV2 = "/v2/users"

// List returns one page of users (v2: no Numbers; see ListNumbers).
//
// Aircall API docs: https://developer.aircall.io/api-references/#list-all-users-v2
func (s *UsersService) List(ctx context.Context, opts *UserListOptions) ([]*User, *Response, error) {
	return newPager[User](s.client, usersV2, "users", opts).list(ctx)
}

// All iterates over every user (v2), fetching pages as the loop needs them.
// It pages by offset: Aircall cannot filter users by time, so the walk
// cannot use a time cursor as Calls.All does. A user created or deleted
// during the walk moves the later ones by one place: a user may then be
// yielded twice (after a creation before the page being read) or not at
// all (after a deletion of one already read). Dedupe by ID, or walk again,
// when that matters.
//
// Aircall API docs: https://developer.aircall.io/api-references/#list-all-users-v2
func (s *UsersService) All(ctx context.Context, opts *UserListOptions) iter.Seq2[*User, error] {
	return newPager[User](s.client, usersV2, "users", opts).all(ctx)
}

// Pages iterates over the pages of users, each with its Meta and Response,
// fetching them as the loop needs them.
// Like All, it pages by offset: a change to the users during the walk can
// repeat or skip one.
//
// Aircall API docs: https://developer.aircall.io/api-references/#list-all-users-v2
func (s *UsersService) Pages(ctx context.Context, opts *UserListOptions) iter.Seq2[*Page[User], error] {
	return newPager[User](s.client, usersV2, "users", opts).pages(ctx)
}

// Get returns the user whose ID is id (v2: without numbers; see
// ListNumbers). GetByEmail finds a user by email.
//
// Aircall API docs: https://developer.aircall.io/api-references/#retrieve-a-user-v2
func (s *UsersService) Get(ctx context.Context, id ID) (*User, *Response, error) {
	return doOne[User](ctx, s.client, http.MethodGet, usersV2+"/"+id.String(), nil, nil, "user")
}

// GetByEmail returns the user whose email address is email, through the
// same endpoint as Get (GET /v2/users/:email). The address goes in the path
// with "@", "." and "+" as they are and "/", "?", "#", "%" escaped; whether
// Aircall also accepts an escaped "@" is not documented, so it is not
// escaped. Errors and the Client's log lines show the path with the
// address REDACTED, as they show query values.
//
// Aircall API docs: https://developer.aircall.io/api-references/#retrieve-a-user-v2
func (s *UsersService) GetByEmail(ctx context.Context, email string) (*User, *Response, error) {
	if !isEmail(email) {
		return nil, nil, paramErr("Users.GetByEmail", "email", "must be an email address, got %q", email)
	}
	seg := url.PathEscape(email)
	return doOne[User](personalSegment(ctx, seg), s.client, http.MethodGet, usersV2+"/"+seg, nil, nil, "user")
}

// Create creates a user (v2), who receives an invitation email. The API
// answers 200 where the reference says 201; any 2xx is a success.
//
// Aircall API docs: https://developer.aircall.io/api-references/#create-a-user-v2
func (s *UsersService) Create(ctx context.Context, p *UserCreateParams) (*User, *Response, error) {
	const op = "Users.Create"
	switch {
	case p == nil:
		return nil, nil, paramErr(op, "", "params are required")
	case !isEmail(p.Email):
		return nil, nil, paramErr(op, "email", "must be a valid email, got %q", p.Email)
	case blank(p.FirstName):
		return nil, nil, paramErr(op, "first_name", "is mandatory")
	case blank(p.LastName):
		return nil, nil, paramErr(op, "last_name", "is mandatory")
	}
	return doOne[User](ctx, s.client, http.MethodPost, usersV2, nil, p, "user")
}

// Update changes the fields set in p (v2).
//
// Aircall API docs: https://developer.aircall.io/api-references/#update-a-user-v2
func (s *UsersService) Update(ctx context.Context, id ID, p *UserUpdateParams) (*User, *Response, error) {
	const op = "Users.Update"
	switch {
	case p == nil:
		return nil, nil, paramErr(op, "", "params are required")
	case p.FirstName != nil && blank(*p.FirstName):
		return nil, nil, paramErr(op, "first_name", "can't be blank")
	case p.LastName != nil && blank(*p.LastName):
		return nil, nil, paramErr(op, "last_name", "can't be blank")
	case p.Email != nil && !isEmail(*p.Email):
		return nil, nil, paramErr(op, "email", "must be a valid email, got %q", *p.Email)
	}
	return doOne[User](ctx, s.client, http.MethodPut, usersV2+"/"+id.String(), nil, p, "user")
}

// ListNumbers returns one page of the Numbers the user is assigned to, the
// list the v1 user embedded. StartCall needs one of them.
//
// Aircall API docs: https://developer.aircall.io/api-references/#list-user-numbers-v2
func (s *UsersService) ListNumbers(ctx context.Context, id ID, opts *ListOptions) ([]*Number, *Response, error) {
	return newPager[Number](s.client, usersV2+"/"+id.String()+"/numbers", "numbers", opts).list(ctx)
}

// AllNumbers iterates over every Number the user is assigned to.
//
// Aircall API docs: https://developer.aircall.io/api-references/#list-user-numbers-v2
func (s *UsersService) AllNumbers(ctx context.Context, id ID, opts *ListOptions) iter.Seq2[*Number, error] {
	return newPager[Number](s.client, usersV2+"/"+id.String()+"/numbers", "numbers", opts).all(ctx)
}

// NumberPages iterates over the pages of AllNumbers, each with its Meta and
// Response.
//
// Aircall API docs: https://developer.aircall.io/api-references/#list-user-numbers-v2
func (s *UsersService) NumberPages(ctx context.Context, id ID, opts *ListOptions) iter.Seq2[*Page[Number], error] {
	return newPager[Number](s.client, usersV2+"/"+id.String()+"/numbers", "numbers", opts).pages(ctx)
}

// isEmail reports whether s looks like an email address: text, "@", text.
func isEmail(s string) bool {
	at := strings.LastIndexByte(s, '@')
	return !blank(s) && at > 0 && at < len(s)-1
}

// Delete deletes a user and all their data.
//
// Aircall API docs: https://developer.aircall.io/api-references/#delete-a-user
func (s *UsersService) Delete(ctx context.Context, id ID) (*Response, error) {
	return s.client.doNoContent(ctx, http.MethodDelete, "/v1/users/"+id.String(), nil, nil)
}

// ListAvailabilities returns one page of detailed user availabilities.
//
// Aircall API docs: https://developer.aircall.io/api-references/#retrieve-list-of-users-availability
func (s *UsersService) ListAvailabilities(ctx context.Context, opts *UserListOptions) ([]*UserAvailability, *Response, error) {
	return newPager[UserAvailability](s.client, "/v1/users/availabilities", "users", opts).list(ctx)
}

// AllAvailabilities iterates over the detailed availability of every user.
//
// Aircall API docs: https://developer.aircall.io/api-references/#retrieve-list-of-users-availability
func (s *UsersService) AllAvailabilities(ctx context.Context, opts *UserListOptions) iter.Seq2[*UserAvailability, error] {
	return newPager[UserAvailability](s.client, "/v1/users/availabilities", "users", opts).all(ctx)
}

// AvailabilityPages iterates over the pages of AllAvailabilities, each with
// its Meta and Response.
//
// Aircall API docs: https://developer.aircall.io/api-references/#retrieve-list-of-users-availability
func (s *UsersService) AvailabilityPages(ctx context.Context, opts *UserListOptions) iter.Seq2[*Page[UserAvailability], error] {
	return newPager[UserAvailability](s.client, "/v1/users/availabilities", "users", opts).pages(ctx)
}

// GetAvailability returns the detailed availability of one user.
//
// Aircall API docs: https://developer.aircall.io/api-references/#check-availability-of-a-user
func (s *UsersService) GetAvailability(ctx context.Context, id ID) (Availability, *Response, error) {
	a, resp, err := doOne[Availability](ctx, s.client, http.MethodGet, "/v1/users/"+id.String()+"/availability", nil, nil, "availability")
	if err != nil {
		return "", resp, err
	}
	return *a, resp, nil
}

// StartCall starts an outbound call from the user's Phone app (desktop).
// The user must be available and assigned to the Number; a 405 answer
// matches ErrNotAvailable.
//
// Aircall API docs: https://developer.aircall.io/api-references/#start-an-outbound-call
func (s *UsersService) StartCall(ctx context.Context, id ID, p *StartCallParams) (*Response, error) {
	const op = "Users.StartCall"
	switch {
	case p == nil:
		return nil, paramErr(op, "", "params are required")
	case p.NumberID <= 0:
		return nil, paramErr(op, "number_id", "is mandatory")
	case !isE164(p.To):
		return nil, paramErr(op, "to", "must be an E.164 number such as +18001231234, got %q", p.To)
	}
	return notAvailableOn405(s.client.doNoContent(ctx, http.MethodPost, "/v1/users/"+id.String()+"/calls", nil, p))
}

// Dial fills the user's Phone app with the number to (E.164); the user
// then starts the call from the Number of their choice.
//
// Aircall API docs: https://developer.aircall.io/api-references/#dial-a-phone-number-in-the-phone
func (s *UsersService) Dial(ctx context.Context, id ID, to string) (*Response, error) {
	if !isE164(to) {
		return nil, paramErr("Users.Dial", "to", "must be an E.164 number such as +18001231234, got %q", to)
	}
	body := struct {
		To string `json:"to"`
	}{to}
	return notAvailableOn405(s.client.doNoContent(ctx, http.MethodPost, "/v1/users/"+id.String()+"/dial", nil, body))
}
