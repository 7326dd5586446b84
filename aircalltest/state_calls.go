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

// callWire renders a call as the Calls endpoints send it, but its sid and
// tags.
func (st *state) callWire(c *callRec, withContact bool) callWire {
	v := callWire{callBase: st.callBaseOf(c),
		User: st.userRef(c.userID), AssignedTo: st.userRef(c.assignedTo),
		TransferredBy: st.userRef(c.transferredBy), TransferredTo: st.userRef(c.transferredTo),
		Comments: []*commentWire{}, PricingType: nullable(c.pricingType),
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
	for _, cm := range c.comments {
		v.Comments = append(v.Comments, &commentWire{ID: cm.id, Content: cm.content, PostedAt: unix(cm.at), PostedBy: st.userRef(cm.by)})
	}
	id := c.c.ID.String()
	if v.Recording != nil {
		v.RecordingShortURL = nullable("https://short-urls.aircall.io/v1/r" + id)
	}
	if v.Voicemail != nil {
		v.VoicemailShortURL = nullable("https://short-urls.aircall.io/v1/v" + id)
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
