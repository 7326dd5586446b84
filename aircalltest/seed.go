package aircalltest

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"time"

	aircall "github.com/seed1279ea27/aircall-go"
)

// The demo company of WithDemoData, with the IDs of the API reference's
// examples.
const (
	DemoUserJohn   aircall.ID = 456 // John Doe, available, on both numbers
	DemoUserAmy    aircall.ID = 457 // Amy Rudd, available by working hours
	DemoUserVera   aircall.ID = 458 // Vera Martin, unavailable
	DemoUserRafael aircall.ID = 459 // Rafael Lopez, available, US office

	DemoTeamSales   aircall.ID = 678 // Global Sales: John, Amy
	DemoTeamSupport aircall.ID = 679 // Support USA: Rafael

	DemoNumberFrance aircall.ID = 1234 // French Office, IVR, live recording on
	DemoNumberUS     aircall.ID = 2345 // US Office, classic, no recording

	DemoTagGeneral  aircall.ID = 678 // General Inquiries
	DemoTagFeedback aircall.ID = 679 // Feedback
	DemoTagSpam     aircall.ID = 680 // Spam Call

	DemoContactVicente  aircall.ID = 710 // Vicente Abad
	DemoContactMargaret aircall.ID = 711 // Margaret Morrison, TeleWorm
	DemoContactGary     aircall.ID = 712 // Gary Jennings, Acme
)

func date(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}
	}
	return t
}

// seedDemo loads the demo company.
func (st *state) seedDemo(now time.Time) {
	st.company = "Acme Inc."
	for _, u := range []*userRec{
		{id: DemoUserJohn, firstName: "John", lastName: "Doe", email: "john.doe@acme.example", status: aircall.UserAvailable,
			createdAt: date("2019-12-29T10:03:18Z"), timeZone: "America/New_York", language: "en-US", roles: []aircall.Role{aircall.RoleAdmin}},
		{id: DemoUserAmy, firstName: "Amy", lastName: "Rudd", email: "amy.rudd@acme.example", status: aircall.UserCustom,
			createdAt: date("2019-12-30T18:10:21Z"), timeZone: "Etc/UTC", language: "en-US", roles: []aircall.Role{aircall.RoleAgent}},
		{id: DemoUserVera, firstName: "Vera", lastName: "Martin", email: "vera.martin@acme.example", status: aircall.UserUnavailable,
			createdAt: date("2020-01-02T09:01:58Z"), timeZone: "Europe/Paris", language: "fr-FR", roles: []aircall.Role{aircall.RoleAgent}},
		{id: DemoUserRafael, firstName: "Rafael", lastName: "Lopez", email: "rafael.lopez@acme.example", status: aircall.UserAvailable,
			createdAt: date("2020-02-18T20:52:22Z"), timeZone: "America/Los_Angeles", language: "es-ES", wrapUpTime: 30, roles: []aircall.Role{aircall.RoleAgent}},
	} {
		st.addUser(u)
	}
	st.integ.userID, st.integ.createdAt, st.integ.updatedAt = DemoUserJohn, date("2020-11-02T15:38:16Z"), date("2020-11-02T15:38:29Z")

	for _, t := range []*teamRec{
		{id: DemoTeamSales, name: "Global Sales", createdAt: date("2020-03-10T08:31:43Z"), userIDs: []aircall.ID{DemoUserJohn, DemoUserAmy}},
		{id: DemoTeamSupport, name: "Support USA", createdAt: date("2020-03-10T20:29:52Z"), userIDs: []aircall.ID{DemoUserRafael}},
	} {
		st.teams[t.id] = t
		st.bump("team", t.id)
	}

	msgs := func(base string) *aircall.Messages {
		return &aircall.Messages{
			Welcome: base + "/welcome.mp3", Waiting: base + "/waiting_music.mp3", IVR: base + "/ivr_message.mp3",
			Voicemail: base + "/voicemail.mp3", Closed: base + "/closed_message.mp3", CallbackLater: base + "/callback_later.mp3",
			UnansweredCall: base + "/unanswered_call.mp3", AfterHours: base + "/closed_message.mp3", RingingTone: base + "/waiting_music.mp3",
		}
	}
	// The US number keeps the defaults where nothing was uploaded: those
	// messages are null, as recorded for a new account's number.
	usMsgs := func() *aircall.Messages {
		m := msgs("https://example.com/us")
		m.Welcome, m.IVR, m.Voicemail, m.AfterHours, m.RingingTone = "", "", "", "", ""
		return m
	}
	for _, n := range []*numberRec{
		{n: aircall.Number{ID: DemoNumberFrance, Name: "French Office", Digits: "+33 1 76 11 11 11", CreatedAt: iso(date("2020-01-02T11:41:01Z")),
			Country: "FR", TimeZone: "Europe/Paris", Open: true, AvailabilityStatus: aircall.NumberCustom, IsIVR: true, LiveRecordingActivated: true,
			Messages: msgs("https://example.com/fr")}, userIDs: []aircall.ID{DemoUserJohn, DemoUserAmy, DemoUserVera}},
		{n: aircall.Number{ID: DemoNumberUS, Name: "US Office", Digits: "+1 415-555-0134", CreatedAt: iso(date("2020-01-04T19:28:58Z")),
			Country: "US", TimeZone: "America/Los_Angeles", Open: true, AvailabilityStatus: aircall.NumberOpen, IsIVR: false, LiveRecordingActivated: false,
			Messages: usMsgs()}, userIDs: []aircall.ID{DemoUserJohn, DemoUserRafael}},
	} {
		st.numbers[n.n.ID] = n
		st.bump("number", n.n.ID)
	}

	for _, t := range []*tagRec{
		{id: DemoTagGeneral, name: "General Inquiries", color: "#0662B5"},
		{id: DemoTagFeedback, name: "Feedback", color: "#008f6c"},
		{id: DemoTagSpam, name: "Spam Call", color: "#FCBB26"},
	} {
		st.tags[t.id] = t
		st.bump("tag", t.id)
	}

	for _, c := range []aircall.Contact{
		{ID: DemoContactVicente, FirstName: "Vicente", LastName: "Abad", IsShared: true, CreatedAt: aircall.Unix(1400691054), UpdatedAt: aircall.Unix(1444336506),
			PhoneNumbers: []*aircall.PhoneNumber{{ID: 3367, Label: "Mobile", Value: "+34664673697"}}, Emails: []*aircall.Email{}},
		{ID: DemoContactMargaret, FirstName: "Margaret", LastName: "Morrison", CompanyName: "TeleWorm", IsShared: true,
			CreatedAt: aircall.Unix(1400692007), UpdatedAt: aircall.Unix(1444336507),
			PhoneNumbers: []*aircall.PhoneNumber{{ID: 3368, Label: "Mobile", Value: "+34768776683"}, {ID: 3369, Label: "Work", Value: "+49111000460"}},
			Emails:       []*aircall.Email{{ID: 3200, Label: "Work", Value: "m.morrison@teleworm.es"}}},
		{ID: DemoContactGary, FirstName: "Gary", LastName: "Jennings", CompanyName: "Acme", Information: "external_custom_id:87123", IsShared: true,
			CreatedAt: aircall.Unix(1585083040), UpdatedAt: aircall.Unix(1585083040),
			PhoneNumbers: []*aircall.PhoneNumber{{ID: 9171, Label: "Work", Value: "+19001112222"}},
			Emails:       []*aircall.Email{{ID: 9170, Label: "Office", Value: "gary.jennings@acme.com"}}},
	} {
		st.contacts[c.ID] = &contactRec{c: c}
		st.bump("contact", c.ID)
	}
	st.bump("detail", 9171)

	// Three finished calls two days before now.
	base := now.Add(-48 * time.Hour).Truncate(time.Second)
	answered := &callRec{numberID: DemoNumberFrance, userID: DemoUserJohn, contactID: DemoContactMargaret, recording: true, teamIDs: []aircall.ID{DemoTeamSales}}
	answered.c = aircall.Call{ID: 812, Direction: aircall.CallInbound, Status: aircall.CallDone, StartedAt: unix(base),
		AnsweredAt: unix(base.Add(6 * time.Second)), EndedAt: unix(base.Add(191 * time.Second)), Duration: 191,
		RawDigits: "+34 768 77 66 83", Cost: "4.07"}
	answered.comments = []commentRec{{id: 735, content: "Please call back this customer!", at: base.Add(200 * time.Second)}}
	answered.tagIDs = []callTagRec{{id: DemoTagGeneral, at: base.Add(195 * time.Second), taggedBy: DemoUserJohn}}
	missed := &callRec{numberID: DemoNumberFrance, voicemail: true}
	missed.c = aircall.Call{ID: 813, Direction: aircall.CallInbound, Status: aircall.CallDone, StartedAt: unix(base.Add(time.Hour)),
		EndedAt: unix(base.Add(time.Hour + 42*time.Second)), Duration: 42, RawDigits: "+1 800-123-4567", Cost: "0",
		MissedCallReason: aircall.MissedNoAvailableAgent}
	outbound := &callRec{numberID: DemoNumberUS, userID: DemoUserRafael, contactID: DemoContactGary}
	outbound.c = aircall.Call{ID: 814, Direction: aircall.CallOutbound, Status: aircall.CallDone, StartedAt: unix(base.Add(2 * time.Hour)),
		AnsweredAt: unix(base.Add(2*time.Hour + 5*time.Second)), EndedAt: unix(base.Add(2*time.Hour + 65*time.Second)), Duration: 65,
		RawDigits: "+1 900-111-2222", Cost: "2.34"}
	for _, c := range []*callRec{answered, missed, outbound} {
		st.insertCall(c)
	}
	st.bump("comment", 735)
}

var missedReasons = []aircall.MissedCallReason{
	aircall.MissedOutOfOpeningHours, aircall.MissedShortAbandoned, aircall.MissedAbandonedInIVR,
	aircall.MissedAbandonedInClassic, aircall.MissedNoAvailableAgent, aircall.MissedAgentsDidNotAnswer,
}

// genRange is the calls of WithGeneratedCalls: IDs first to first+n-1,
// their AI results IDs after aiBase.
type genRange struct {
	first  aircall.ID
	n      int
	aiBase aircall.ID
	seed   uint64
}

// generateCalls adds n finished calls with started_at uniformly spread over
// [from, to), deterministic for a seed.
func (st *state) generateCalls(n int, from, to time.Time, seed uint64) {
	rng := rand.New(rand.NewPCG(seed, seed*0x9E3779B97F4A7C15+1))
	span := to.Unix() - from.Unix()
	starts := make([]int64, n)
	for i := range starts {
		starts[i] = from.Unix() + rng.Int64N(span)
	}
	slices.Sort(starts)

	numbers := st.sortedNumbers()
	var contactPhones []string
	var contactIDs []aircall.ID
	// By contact ID, not in map order: the calls of a seed are the same on
	// every Server.
	for _, id := range slices.Sorted(maps.Keys(st.contacts)) {
		c := st.contacts[id]
		for _, p := range c.c.PhoneNumbers {
			contactPhones = append(contactPhones, p.Value)
			contactIDs = append(contactIDs, c.c.ID)
		}
	}
	var tagIDs []aircall.ID
	for _, t := range st.sortedTags() {
		tagIDs = append(tagIDs, t.id)
	}

	// Their IDs are consecutive, and each has len(aiRec.ids) AI result IDs
	// reserved, for the results aiOf makes on first read.
	st.gen = genRange{first: st.seq["call"] + 1, n: n, aiBase: st.seq["ai"], seed: seed}
	st.seq["ai"] += aircall.ID(n * len(aiRec{}.ids))
	recs := make([]callRec, n) // one allocation for all
	sorted := len(st.calls) == 0 || st.calls[len(st.calls)-1].c.StartedAt.Unix() <= starts[0]
	st.calls = slices.Grow(st.calls, n)
	for i, start := range starts {
		c := &recs[i]
		c.c.ID = st.next("call")
		c.c.StartedAt = aircall.Unix(start)
		c.c.Status = aircall.CallDone
		if len(numbers) > 0 {
			num := numbers[rng.IntN(len(numbers))]
			c.numberID = num.n.ID
			if len(num.userIDs) > 0 {
				c.userID = num.userIDs[rng.IntN(len(num.userIDs))]
			}
			c.recording = num.n.LiveRecordingActivated
		}
		if len(contactPhones) > 0 && rng.IntN(10) == 0 {
			k := rng.IntN(len(contactPhones))
			c.c.RawDigits, c.contactID = contactPhones[k], contactIDs[k]
		} else {
			c.c.RawDigits = fmt.Sprintf("+1 %03d-%03d-%04d", 200+rng.IntN(800), rng.IntN(1000), rng.IntN(10000))
		}
		ring := int64(2 + rng.IntN(20))
		talk := int64(10 + rng.IntN(600))
		answered := rng.IntN(4) != 0
		if rng.IntN(5) < 3 {
			c.c.Direction = aircall.CallInbound
			if !answered {
				c.c.MissedCallReason = missedReasons[rng.IntN(len(missedReasons))]
				c.userID, c.recording, talk = 0, false, 0
				c.voicemail = rng.IntN(3) == 0
			}
		} else {
			c.c.Direction = aircall.CallOutbound
			if c.userID == 0 {
				answered = false
			}
		}
		if answered {
			c.c.AnsweredAt = aircall.Unix(start + ring)
			c.c.Cost = fmt.Sprintf("%.2f", float64(ring+talk)*0.0213)
		} else {
			c.recording = false
			c.c.Cost = "0"
		}
		c.c.EndedAt = aircall.Unix(start + ring + talk)
		c.c.Duration = int(ring + talk)
		c.c.Archived = answered || rng.IntN(2) == 0
		if len(tagIDs) > 0 && rng.IntN(8) == 0 {
			c.tagIDs = []callTagRec{{id: tagIDs[rng.IntN(len(tagIDs))], at: time.Unix(start+ring+talk+5, 0), taggedBy: c.userID}}
		}
		st.calls = append(st.calls, c)
		st.callByID[c.c.ID] = c
	}
	if !sorted {
		slices.SortStableFunc(st.calls, func(a, b *callRec) int {
			return cmpTimeID(a.c.StartedAt.Time, a.c.ID, b.c.StartedAt.Time, b.c.ID)
		})
	}
}
