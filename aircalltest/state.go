package aircalltest

import (
	"cmp"
	"maps"
	"slices"
	"sort"
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

	phoneActions []PhoneAction
	insightCards []InsightCard

	seq map[string]aircall.ID // last ID given, per kind
}

type oauthCode struct {
	redirectURI string
	expires     time.Time
}

func newState(base string, cfg config) *state {
	return &state{
		base:     base,
		cfg:      cfg,
		company:  "Acme Inc.",
		users:    map[aircall.ID]*userRec{},
		teams:    map[aircall.ID]*teamRec{},
		numbers:  map[aircall.ID]*numberRec{},
		callByID: map[aircall.ID]*callRec{},
		live:     map[aircall.ID]*callRec{},
		contacts: map[aircall.ID]*contactRec{},
		tags:     map[aircall.ID]*tagRec{},
		hooks:    map[string]*hookRec{},
		hookIDs:  map[aircall.ID]string{},
		dialers:  map[aircall.ID]*dialerRec{},
		a2p:      map[aircall.ID]*a2pRec{},
		integ:    integrationRec{id: 1234, name: "My app", status: "active"},
		bearer:   map[string]bool{},
		codes:    map[string]oauthCode{},
		seq: map[string]aircall.ID{
			"user": 1000, "team": 2000, "number": 3000, "call": 1_000_000, "comment": 4000,
			"contact": 5000, "detail": 6000, "tag": 7000, "hook": 8000, "dialer": 9000,
			"dialer_number": 10000, "a2p": 11000,
		},
	}
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
}

func (u *userRec) name() string { return u.firstName + " " + u.lastName }

// available follows the working status: custom counts as available.
func (u *userRec) available() bool { return u.status != aircall.UserUnavailable }

// userView renders a user; with numbers, the numbers it is assigned to and
// its default number are included (Retrieve a User).
func (st *state) userView(u *userRec, withNumbers bool) *aircall.User {
	v := &aircall.User{
		ID:                 u.id,
		DirectLink:         st.link("users", u.id),
		Name:               u.name(),
		Email:              u.email,
		Available:          u.available(),
		AvailabilityStatus: u.status,
		CreatedAt:          iso(u.createdAt),
		TimeZone:           u.timeZone,
		Language:           u.language,
		WrapUpTime:         u.wrapUpTime,
	}
	if withNumbers {
		for _, n := range st.sortedNumbers() {
			if n.hasUser(u.id) {
				v.Numbers = append(v.Numbers, st.numberView(n, false))
			}
		}
		if len(v.Numbers) > 0 {
			v.DefaultNumberID = v.Numbers[0].ID
		}
	}
	return v
}

// userRef renders the user id refers to, without numbers, as calls and
// integrations embed it; nil when there is no such user.
func (st *state) userRef(id aircall.ID) *aircall.User {
	if u, ok := st.users[id]; ok {
		return st.userView(u, false)
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

// teamView is a Team as the Teams endpoints send it: its users without
// available and availability_status (changelog 1.23.0).
type teamView struct {
	ID         aircall.ID        `json:"id"`
	Name       string            `json:"name"`
	DirectLink string            `json:"direct_link"`
	CreatedAt  aircall.Timestamp `json:"created_at"`
	Users      []teamUserView    `json:"users"`
}

type teamUserView struct {
	ID         aircall.ID        `json:"id"`
	DirectLink string            `json:"direct_link"`
	Name       string            `json:"name"`
	Email      string            `json:"email"`
	CreatedAt  aircall.Timestamp `json:"created_at"`
	TimeZone   string            `json:"time_zone"`
}

func (st *state) teamView(t *teamRec) *teamView {
	v := &teamView{ID: t.id, Name: t.name, DirectLink: st.link("teams", t.id), CreatedAt: iso(t.createdAt), Users: []teamUserView{}}
	for _, id := range t.userIDs {
		if u, ok := st.users[id]; ok {
			v.Users = append(v.Users, teamUserView{ID: u.id, DirectLink: st.link("users", u.id), Name: u.name(), Email: u.email, CreatedAt: iso(u.createdAt), TimeZone: u.timeZone})
		}
	}
	return v
}

// callTeam is a team as calls carry it: without users.
func (st *state) callTeam(t *teamRec) *aircall.Team {
	return &aircall.Team{ID: t.id, Name: t.name, DirectLink: st.link("teams", t.id), CreatedAt: iso(t.createdAt)}
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
}

func (n *numberRec) hasUser(id aircall.ID) bool { return slices.Contains(n.userIDs, id) }

func (st *state) numberView(n *numberRec, withUsers bool) *aircall.Number {
	v := n.n
	v.DirectLink = st.link("numbers", v.ID)
	if v.Messages != nil {
		m := *v.Messages
		v.Messages = &m
	}
	if v.Priority != nil {
		p := *v.Priority
		v.Priority = &p
	}
	v.Users = nil
	if withUsers {
		v.Users = []*aircall.User{}
		for _, id := range n.userIDs {
			if u, ok := st.users[id]; ok {
				v.Users = append(v.Users, st.userView(u, false))
			}
		}
	}
	return &v
}

func (st *state) sortedNumbers() []*numberRec {
	return slices.SortedFunc(maps.Values(st.numbers), func(a, b *numberRec) int {
		return cmpTimeID(a.n.CreatedAt.Time, a.n.ID, b.n.CreatedAt.Time, b.n.ID)
	})
}

// ---- calls ----

type callRec struct {
	c             aircall.Call // number, user, contact, teams... filled when rendered
	numberID      aircall.ID
	userID        aircall.ID
	contactID     aircall.ID
	teamIDs       []aircall.ID
	assignedTo    aircall.ID
	transferredTo aircall.ID
	tagIDs        []callTagRec
	recording     bool // a recording exists
	paused        bool // recording paused
	voicemail     bool
	ongoing       bool
}

type callTagRec struct {
	id       aircall.ID
	at       time.Time
	taggedBy aircall.ID
}

func (st *state) callView(c *callRec, withContact bool) *aircall.Call {
	v := c.c
	v.DirectLink = st.link("calls", v.ID)
	if n, ok := st.numbers[c.numberID]; ok {
		v.Number = st.numberView(n, false)
	}
	v.User = st.userRef(c.userID)
	v.AssignedTo = st.userRef(c.assignedTo)
	v.TransferredTo = st.userRef(c.transferredTo)
	if withContact {
		if ct, ok := st.contacts[c.contactID]; ok {
			v.Contact = st.contactView(ct)
		}
	}
	v.Teams = nil
	for _, id := range c.teamIDs {
		if t, ok := st.teams[id]; ok {
			v.Teams = append(v.Teams, st.callTeam(t))
		}
	}
	v.Comments = append([]*aircall.Comment(nil), c.c.Comments...)
	v.Tags = nil
	for _, tr := range c.tagIDs {
		if t, ok := st.tags[tr.id]; ok {
			v.Tags = append(v.Tags, &aircall.CallTag{ID: t.id, Name: t.name, CreatedAt: unix(tr.at), TaggedBy: st.userRef(tr.taggedBy)})
		}
	}
	if c.recording {
		v.Recording = "https://aircall-recordings.example.com/calls/" + v.ID.String() + "/recording.mp3"
		v.RecordingShortURL = "https://short-urls.aircall.io/v1/rec-" + v.ID.String()
		v.Asset = "https://assets.aircall.io/recording/" + v.ID.String()
	}
	if c.voicemail {
		v.Voicemail = "https://aircall-voicemails.example.com/calls/" + v.ID.String() + "/voicemail.mp3"
		v.VoicemailShortURL = "https://short-urls.aircall.io/v1/vm-" + v.ID.String()
		v.Asset = "https://assets.aircall.io/voicemail/" + v.ID.String()
	}
	return &v
}

// insertCall adds c keeping calls sorted by started_at then id.
func (st *state) insertCall(c *callRec) {
	ts, id := c.c.StartedAt.Time.Unix(), c.c.ID
	i := sort.Search(len(st.calls), func(i int) bool {
		o := st.calls[i]
		ots := o.c.StartedAt.Time.Unix()
		return ots > ts || (ots == ts && o.c.ID > id)
	})
	st.calls = append(st.calls, nil)
	copy(st.calls[i+1:], st.calls[i:])
	st.calls[i] = c
	st.callByID[id] = c
	if c.ongoing {
		st.live[id] = c
	}
}

func (st *state) ongoingCalls() []*callRec { return slices.Collect(maps.Values(st.live)) }

// ---- contacts ----

type contactRec struct {
	c aircall.Contact
}

func (st *state) contactView(ct *contactRec) *aircall.Contact {
	v := ct.c
	v.DirectLink = st.link("contacts", v.ID)
	v.PhoneNumbers = make([]*aircall.PhoneNumber, len(ct.c.PhoneNumbers))
	for i, p := range ct.c.PhoneNumbers {
		cp := *p
		v.PhoneNumbers[i] = &cp
	}
	v.Emails = make([]*aircall.Email, len(ct.c.Emails))
	for i, e := range ct.c.Emails {
		cp := *e
		v.Emails[i] = &cp
	}
	return &v
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

// tagView is a Tag as the Tags endpoints send it.
type tagView struct {
	ID          aircall.ID `json:"id"`
	DirectLink  string     `json:"direct_link"`
	Name        string     `json:"name"`
	Color       string     `json:"color"`
	Description *string    `json:"description"`
}

func (st *state) tagView(t *tagRec) *tagView {
	v := &tagView{ID: t.id, DirectLink: st.link("tags", t.id), Name: t.name, Color: t.color}
	if t.description != "" {
		d := t.description
		v.Description = &d
	}
	return v
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

// hookView is a Webhook as the Webhooks endpoints send it.
type hookView struct {
	ID         aircall.ID        `json:"id"`
	WebhookID  string            `json:"webhook_id"`
	DirectLink string            `json:"direct_link"`
	CreatedAt  aircall.Timestamp `json:"created_at"`
	CustomName string            `json:"custom_name"`
	URL        string            `json:"url"`
	Active     bool              `json:"active"`
	Token      string            `json:"token"`
	Events     []aircall.Event   `json:"events"`
}

func (st *state) hookView(h *hookRec) *hookView {
	return &hookView{
		ID: h.id, WebhookID: h.uuid, DirectLink: st.link("webhooks", h.id), CreatedAt: iso(h.createdAt),
		CustomName: h.customName, URL: h.url, Active: h.active, Token: h.token,
		Events: append([]aircall.Event{}, h.events...),
	}
}

func (h *hookRec) subscribed(e aircall.Event) bool { return slices.Contains(h.events, e) }

// ---- dialer campaigns ----

type dialerRec struct {
	id        aircall.ID
	createdAt time.Time
	numbers   []*dialerNumberRec
}

type dialerNumberRec struct {
	ID        aircall.ID        `json:"id"`
	Number    string            `json:"number"`
	Called    bool              `json:"called"`
	CreatedAt aircall.Timestamp `json:"created_at"`
}

// dialerView is a Dialer Campaign as GET sends it, without an envelope.
type dialerView struct {
	ID        aircall.ID        `json:"id"`
	NumberID  *aircall.ID       `json:"number_id"`
	CreatedAt aircall.Timestamp `json:"created_at"`
}

// ---- A2P campaign associations ----

type a2pRec struct {
	id         aircall.ID
	externalID string
	numbers    []string // digits, E.164 without +
	createdAt  time.Time
	updatedAt  time.Time
	status     string
}

// a2pView is an A2P campaign association. Numbers are sent as JSON
// integers, as in every example of the reference (its attribute table says
// strings).
type a2pView struct {
	ID            aircall.ID        `json:"id"`
	CompanyID     aircall.ID        `json:"company_id"`
	ExternalID    string            `json:"external_id"`
	UpdateStatus  string            `json:"update_status"`
	UpdateMessage *string           `json:"update_message"`
	CreatedAt     aircall.Timestamp `json:"created_at"`
	UpdatedAt     aircall.Timestamp `json:"updated_at"`
	Numbers       []jsonNumber      `json:"numbers"`
}

// jsonNumber is a string of digits written as a JSON number.
type jsonNumber string

// MarshalJSON writes the digits unquoted.
func (n jsonNumber) MarshalJSON() ([]byte, error) { return []byte(n), nil }

const companyID aircall.ID = 501

func (st *state) a2pView(a *a2pRec) *a2pView {
	v := &a2pView{ID: a.id, CompanyID: companyID, ExternalID: a.externalID, UpdateStatus: a.status,
		CreatedAt: iso(a.createdAt), UpdatedAt: iso(a.updatedAt), Numbers: []jsonNumber{}}
	for _, n := range a.numbers {
		v.Numbers = append(v.Numbers, jsonNumber(n))
	}
	return v
}

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
