package aircalltest

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"time"

	aircall "github.com/seed1279ea27/aircall-go"
)

// state is everything the fake company holds. Server.mu guards it.
type state struct {
	base string // the Server's URL, for direct links
	cfg  config

	company  string
	users    map[aircall.ID]*userRec
	teams    map[aircall.ID]*teamRec
	numbers  map[aircall.ID]*numberRec
	calls    []*callRec // sorted by started_at, then id
	callByID map[aircall.ID]*callRec
	live     map[aircall.ID]*callRec // ongoing calls
	contacts map[aircall.ID]*contactRec
	tags     map[aircall.ID]*tagRec
	hooks    map[string]*hookRec // by webhook_id
	hookIDs  map[aircall.ID]string
	dialers  map[aircall.ID]*dialerRec // by user id
	a2p      map[aircall.ID]*a2pRec
	integ    integrationRec

	bearer map[string]bool
	codes  map[string]oauthCode

	ai           map[aircall.ID]*aiRec        // AI results, by call id
	gen          genRange                     // the calls of WithGeneratedCalls
	msgConfigs   map[aircall.ID]*msgConfigRec // messaging configurations, by number id
	smsTemplates []*smsTemplateRec            // company SMS templates, by id
	agentCalls   map[string]*agentCallRec     // outbound AI voice agent calls, by idempotency_key
	exports      map[string]*exportRec        // analytics exports, by exportID

	phoneActions []PhoneAction
	insightCards []InsightCard

	seq        map[string]aircall.ID // last ID given, per kind
	extensions int                   // last user extension given
}

type oauthCode struct {
	redirectURI string
	expires     time.Time
}

func newState(base string, cfg config) *state {
	return &state{
		base:       base,
		cfg:        cfg,
		company:    "Acme Inc.",
		users:      map[aircall.ID]*userRec{},
		teams:      map[aircall.ID]*teamRec{},
		numbers:    map[aircall.ID]*numberRec{},
		callByID:   map[aircall.ID]*callRec{},
		live:       map[aircall.ID]*callRec{},
		contacts:   map[aircall.ID]*contactRec{},
		tags:       map[aircall.ID]*tagRec{},
		hooks:      map[string]*hookRec{},
		hookIDs:    map[aircall.ID]string{},
		dialers:    map[aircall.ID]*dialerRec{},
		a2p:        map[aircall.ID]*a2pRec{},
		integ:      integrationRec{id: 1234, name: "My app", status: "active"},
		bearer:     map[string]bool{},
		codes:      map[string]oauthCode{},
		ai:         map[aircall.ID]*aiRec{},
		msgConfigs: map[aircall.ID]*msgConfigRec{},
		agentCalls: map[string]*agentCallRec{},
		exports:    map[string]*exportRec{},
		seq: map[string]aircall.ID{
			"user": 1000, "team": 2000, "number": 3000, "call": 1_000_000, "comment": 4000,
			"contact": 5000, "detail": 6000, "tag": 7000, "hook": 8000, "dialer": 9000,
			"dialer_number": 10000, "a2p": 11000, "ivr": 12000, "ai": 13000, "sms_template": 8820,
		},
	}
}

// addUser stores u, with the next extension unless it has one.
func (st *state) addUser(u *userRec) {
	if u.extension == "" {
		st.extensions++
		u.extension = fmt.Sprintf("%03d", st.extensions)
	}
	st.users[u.id] = u
	st.bump("user", u.id)
}

func (st *state) next(kind string) aircall.ID {
	st.seq[kind]++
	return st.seq[kind]
}

// bump makes sure later IDs of kind are above id.
func (st *state) bump(kind string, id aircall.ID) {
	if st.seq[kind] < id {
		st.seq[kind] = id
	}
}

func (st *state) link(kind string, id aircall.ID) string {
	return st.base + "/v1/" + kind + "/" + id.String()
}

// iso is the ISO-8601 form with milliseconds the API uses for users,
// teams, numbers and webhooks.
func iso(t time.Time) aircall.Timestamp {
	return aircall.Timestamp{Time: t.UTC().Truncate(time.Second), Form: aircall.FormISOMillis}
}

func unix(t time.Time) aircall.Timestamp { return aircall.Unix(t.Unix()) }

// ---- users ----

type userRec struct {
	id           aircall.ID
	firstName    string
	lastName     string
	email        string
	status       aircall.UserStatus
	availability aircall.Availability
	createdAt    time.Time
	timeZone     string
	language     string
	wrapUpTime   int
	roles        []aircall.Role
	extension    string    // "001", "002"... in creation order
	wire         *userWire // u rendered, shared by the answers; nil after a change
}

func (u *userRec) name() string { return u.firstName + " " + u.lastName }

// available follows the working status: custom counts as available.
func (u *userRec) available() bool { return u.status != aircall.UserUnavailable }

// state is the user's Aircall state: always_opened unless unavailable.
func (u *userRec) state() string {
	if u.status == aircall.UserUnavailable {
		return "always_closed"
	}
	return "always_opened"
}

// userWire renders a user as calls, lists and numbers embed it. The
// rendering is kept until the user changes (applyUser drops it).
func (st *state) userWire(u *userRec) *userWire {
	if u.wire == nil {
		u.wire = &userWire{hookUserWire: *hookUserOf(st, u), CreatedAt: iso(u.createdAt), TimeZone: u.timeZone,
			State: u.state(), Extension: u.extension}
	}
	return u.wire
}

// userNumbers renders the numbers the user is assigned to.
func (st *state) userNumbers(u *userRec) []*numberWire {
	out := []*numberWire{}
	for _, n := range st.sortedNumbers() {
		if n.hasUser(u.id) {
			out = append(out, st.numberWire(n))
		}
	}
	return out
}

// defaultNumber is the id of the user's first number, or nil.
func (st *state) defaultNumber(u *userRec) *aircall.ID {
	for _, n := range st.sortedNumbers() {
		if n.hasUser(u.id) {
			id := n.n.ID
			return &id
		}
	}
	return nil
}

// userDetail renders a user as Retrieve, Create and Update a User answer.
func (st *state) userDetail(u *userRec) *userDetailWire {
	v := &userDetailWire{userWire: *st.userWire(u), DefaultNumberID: st.defaultNumber(u), Numbers: st.userNumbers(u), Substatus: u.state()}
	v.Extension = "" // omitted
	return v
}

// userV2 renders a user as the /v2/users endpoints send it.
func (st *state) userV2(u *userRec) *userV2Wire {
	v := &userV2Wire{userWire: *st.userWire(u), DefaultNumberID: st.defaultNumber(u), Substatus: u.state()}
	v.DirectLink = st.base + "/v2/users/" + u.id.String()
	return v
}

// userRef renders the user id refers to, as calls and integrations embed
// it; nil (null) when there is no such user.
func (st *state) userRef(id aircall.ID) *userWire {
	if u, ok := st.users[id]; ok {
		return st.userWire(u)
	}
	return nil
}

func (st *state) sortedUsers() []*userRec {
	return slices.SortedFunc(maps.Values(st.users), func(a, b *userRec) int {
		return cmpTimeID(a.createdAt, a.id, b.createdAt, b.id)
	})
}

// cmpTimeID orders records by creation time, then by ID.
func cmpTimeID(ta time.Time, ia aircall.ID, tb time.Time, ib aircall.ID) int {
	return cmp.Or(ta.Compare(tb), cmp.Compare(ia, ib))
}

// detailedAvailability is what /availability answers.
func (st *state) detailedAvailability(u *userRec) aircall.Availability {
	if u.availability != "" {
		return u.availability
	}
	for _, c := range st.ongoingCalls() {
		if c.userID == u.id {
			return aircall.AvailabilityInCall
		}
	}
	if u.status == aircall.UserUnavailable {
		return aircall.AvailabilityDoNotDisturb
	}
	return aircall.AvailabilityAvailable
}

// ---- teams ----

type teamRec struct {
	id        aircall.ID
	name      string
	createdAt time.Time
	userIDs   []aircall.ID
}

func (st *state) teamView(t *teamRec) *teamWire {
	v := &teamWire{callTeamWire: *st.callTeam(t), Users: []*teamUserWire{}}
	for _, id := range t.userIDs {
		if u, ok := st.users[id]; ok {
			v.Users = append(v.Users, &teamUserWire{ID: u.id, DirectLink: st.link("users", u.id), Name: u.name(), Email: u.email,
				AvailabilityStatus: u.status, DefaultNumberID: st.defaultNumber(u), CreatedAt: iso(u.createdAt),
				TimeZone: u.timeZone, Language: u.language, WrapUpTime: u.wrapUpTime})
		}
	}
	return v
}

// callTeam is a team as calls carry it: without users.
func (st *state) callTeam(t *teamRec) *callTeamWire {
	return &callTeamWire{ID: t.id, Name: t.name, DirectLink: st.link("teams", t.id), CreatedAt: iso(t.createdAt)}
}

func (st *state) sortedTeams() []*teamRec {
	return slices.SortedFunc(maps.Values(st.teams), func(a, b *teamRec) int {
		return cmpTimeID(a.createdAt, a.id, b.createdAt, b.id)
	})
}

// ---- numbers ----

type numberRec struct {
	n       aircall.Number // users and direct_link left empty
	userIDs []aircall.ID
	wire    *numberWire     // n rendered, shared by the answers; nil after a change
	inCall  *callNumberWire // n rendered as calls carry it, likewise
}

// changed drops the renderings of n.
func (n *numberRec) changed() { n.wire, n.inCall = nil, nil }

// callNumber renders a number as calls carry it, kept like numberWire.
func (st *state) callNumber(n *numberRec) *callNumberWire {
	if n.inCall == nil {
		n.inCall = &callNumberWire{numberWire: *st.numberWire(n)}
	}
	return n.inCall
}

func (n *numberRec) hasUser(id aircall.ID) bool { return slices.Contains(n.userIDs, id) }

// numberWire renders a number as /v1/numbers lists it. The rendering is
// kept until the number changes (updateNumber drops it): every call of a
// page carries its number.
func (st *state) numberWire(n *numberRec) *numberWire {
	if n.wire != nil {
		return n.wire
	}
	v := &numberWire{numberBase: st.numberBaseOf(n), CreatedAt: n.n.CreatedAt}
	if n.n.Priority != nil {
		p := *n.n.Priority
		v.Priority = &p
	}
	if m := n.n.Messages; m != nil {
		v.Messages = messagesWire{hookMessagesWire: hookMessages(m),
			UnansweredCall: ref(&m.UnansweredCall), AfterHours: ref(&m.AfterHours), RingingTone: ref(&m.RingingTone)}
	}
	n.wire = v
	return v
}

// numberUsers renders a number with its users.
func (st *state) numberUsers(n *numberRec) *numberUsersWire {
	v := &numberUsersWire{numberWire: *st.numberWire(n), Users: []*userWire{}}
	for _, id := range n.userIDs {
		if u, ok := st.users[id]; ok {
			v.Users = append(v.Users, st.userWire(u))
		}
	}
	return v
}

func (st *state) sortedNumbers() []*numberRec {
	return slices.SortedFunc(maps.Values(st.numbers), func(a, b *numberRec) int {
		return cmpTimeID(a.n.CreatedAt.Time, a.n.ID, b.n.CreatedAt.Time, b.n.ID)
	})
}

// ---- contacts ----

type contactRec struct {
	c aircall.Contact
}

// contactView renders a contact, in REST and in contact.* events alike.
func (st *state) contactView(ct *contactRec) *contactWire {
	c := &ct.c
	v := &contactWire{ID: c.ID, CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt, FirstName: nullable(c.FirstName),
		LastName: nullable(c.LastName), Information: nullable(c.Information), CompanyName: nullable(c.CompanyName),
		IsShared: c.IsShared, DirectLink: st.link("contacts", c.ID),
		PhoneNumbers: phoneDetail.list(c), Emails: emailDetail.list(c)}
	return v
}

// contactByPhone finds a contact with the phone number digits.
func (st *state) contactByPhone(digits string) aircall.ID {
	want := onlyDigits(digits)
	if want == "" {
		return 0
	}
	var best aircall.ID
	for _, ct := range st.contacts {
		for _, p := range ct.c.PhoneNumbers {
			if onlyDigits(p.Value) == want && (best == 0 || ct.c.ID < best) {
				best = ct.c.ID
			}
		}
	}
	return best
}

func onlyDigits(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			b = append(b, s[i])
		}
	}
	return string(b)
}

// ---- tags ----

type tagRec struct {
	id          aircall.ID
	name        string
	color       string
	description string
	createdAt   time.Time
}

func (st *state) tagView(t *tagRec) *tagWire {
	return &tagWire{ID: t.id, Name: t.name, Color: t.color, Description: nullable(t.description)}
}

func (st *state) sortedTags() []*tagRec {
	return slices.SortedFunc(maps.Values(st.tags), func(a, b *tagRec) int { return cmp.Compare(a.id, b.id) })
}

// ---- webhooks ----

type hookRec struct {
	uuid       string
	id         aircall.ID
	createdAt  time.Time
	customName string
	url        string
	active     bool
	token      string
	events     []aircall.Event
	owner      string // "basic" or "bearer:<token>"
	failures   int    // consecutive failed deliveries
}

// hookView renders a webhook as GET sends it, with its legacy id; the
// direct link is built from the UUID.
func (st *state) hookView(h *hookRec) *hookWire {
	return &hookWire{
		ID: h.id, WebhookID: h.uuid, DirectLink: st.base + "/v1/webhooks/" + h.uuid, CreatedAt: h.createdAtTS(),
		CustomName: h.customName, URL: h.url, Active: h.active, Token: h.token,
		Events: append([]aircall.Event{}, h.events...),
	}
}

// hookWritten renders a webhook as create and update answer it: no legacy
// id.
func (st *state) hookWritten(h *hookRec) *hookWire {
	v := st.hookView(h)
	v.ID = 0
	return v
}

// createdAtTS is the webhook's creation time, with milliseconds.
func (h *hookRec) createdAtTS() aircall.Timestamp {
	return aircall.Timestamp{Time: h.createdAt.UTC().Truncate(time.Millisecond), Form: aircall.FormISOMillis}
}

func (h *hookRec) subscribed(e aircall.Event) bool { return slices.Contains(h.events, e) }

// ---- integration ----

type integrationRec struct {
	id        aircall.ID
	name      string
	status    string // active, disabled
	installed bool   // enabled with install=true at least once
	createdAt time.Time
	updatedAt time.Time
	userID    aircall.ID
}
