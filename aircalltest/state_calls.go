package aircalltest

import (
	"maps"
	"slices"
	"sort"
	"time"

	aircall "github.com/seed1279ea27/aircall-go"
)

// ---- calls ----

type callRec struct {
	c             aircall.Call // number, user, contact, teams... filled when rendered
	numberID      aircall.ID
	userID        aircall.ID
	contactID     aircall.ID
	teamIDs       []aircall.ID
	assignedTo    aircall.ID
	transferredTo aircall.ID
	transferredBy aircall.ID // who asked for the last transfer; kept after it
	externalTo    string     // the external number the call was transferred to
	pricingType   string     // "" (null) or such as "in_bundle"
	comments      []commentRec
	tagIDs        []callTagRec
	recording     bool // a recording exists
	paused        bool // recording paused
	held          bool // on hold
	ivrOptions    []ivrOptionRec
	voicemail     bool
	ongoing       bool
}

type commentRec struct {
	id      aircall.ID
	content string
	at      time.Time
	by      aircall.ID // 0 when posted with the API
}

type ivrOptionRec struct {
	id         aircall.ID
	key, title string
	at         time.Time
}

type callTagRec struct {
	id       aircall.ID
	at       time.Time
	taggedBy aircall.ID
}

// callWire renders what REST calls and call.* payloads share.
func (st *state) callWire(c *callRec, withContact bool) callWire {
	id := c.c.ID.String()
	v := callWire{
		ID: c.c.ID, DirectLink: st.link("calls", c.c.ID), Direction: c.c.Direction, Status: c.c.Status,
		MissedCallReason: nullable(string(c.c.MissedCallReason)), StartedAt: c.c.StartedAt, AnsweredAt: c.c.AnsweredAt,
		EndedAt: c.c.EndedAt, Duration: c.c.Duration, Archived: c.c.Archived, Cost: c.c.Cost, RawDigits: c.c.RawDigits,
		User: st.userRef(c.userID), AssignedTo: st.userRef(c.assignedTo),
		TransferredBy: st.userRef(c.transferredBy), TransferredTo: st.userRef(c.transferredTo),
		Comments: []*commentWire{}, Teams: []*callTeamWire{}, PricingType: nullable(c.pricingType),
	}
	if n, ok := st.numbers[c.numberID]; ok {
		v.Number = st.callNumber(n)
		v.CountryCodeA2 = countryOf(c.c.RawDigits, n.n.Country)
	}
	if withContact {
		if ct, ok := st.contacts[c.contactID]; ok {
			v.Contact = st.contactView(ct)
		}
	}
	for _, tid := range c.teamIDs {
		if t, ok := st.teams[tid]; ok {
			v.Teams = append(v.Teams, st.callTeam(t))
		}
	}
	for _, cm := range c.comments {
		v.Comments = append(v.Comments, &commentWire{ID: cm.id, Content: cm.content, PostedAt: unix(cm.at), PostedBy: st.userRef(cm.by)})
	}
	if c.recording && !c.ongoing { // processed once the call is over
		v.Recording = nullable("https://rec.example.com/" + id + ".mp3")
		v.RecordingShortURL = nullable("https://short-urls.aircall.io/v1/r" + id)
		v.Asset = nullable("https://assets.aircall.io/calls/" + id + "/recording")
	}
	if c.voicemail {
		v.Voicemail = nullable("https://vm.example.com/" + id + ".mp3")
		v.VoicemailShortURL = nullable("https://short-urls.aircall.io/v1/v" + id)
		v.Asset = nullable("https://assets.aircall.io/calls/" + id + "/voicemail")
	}
	return v
}

// restCall renders a call as the Calls endpoints send it.
func (st *state) restCall(c *callRec, withContact bool) *restCallWire {
	v := &restCallWire{callWire: st.callWire(c, withContact), SID: callSID(c.c.ID), Tags: []*restCallTagWire{}}
	for _, tr := range c.tagIDs {
		if t, ok := st.tags[tr.id]; ok {
			v.Tags = append(v.Tags, &restCallTagWire{ID: t.id, Name: t.name, CreatedAt: unix(tr.at), TaggedBy: st.userRef(tr.taggedBy)})
		}
	}
	return v
}

// sdkCall is the call as the SDK reads it from REST, for the helpers.
func (st *state) sdkCall(c *callRec) *aircall.Call { return toSDK[aircall.Call](st.restCall(c, true)) }

// insertCall adds c keeping calls sorted by started_at then id.
func (st *state) insertCall(c *callRec) {
	ts, id := c.c.StartedAt.Unix(), c.c.ID
	i := sort.Search(len(st.calls), func(i int) bool {
		o := st.calls[i]
		ots := o.c.StartedAt.Unix()
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
