package aircalltest

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	aircall "github.com/seed1279ea27/aircall-go"
)

// Every test here drives the Server through the SDK's own methods: the
// requests are the SDK's, and the answers must decode into what the spec
// documents.

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// wantDeleted checks that del(ctx, id) answers 204 and that get(ctx, id)
// then answers ErrNotFound.
func wantDeleted[K, T any](t *testing.T, ctx context.Context, id K, del func(context.Context, K) (*aircall.Response, error),
	get func(context.Context, K) (*T, *aircall.Response, error)) {
	t.Helper()
	resp, err := del(ctx, id)
	wantStatus(t, resp, err, 204)
	if _, _, err := get(ctx, id); !errors.Is(err, aircall.ErrNotFound) {
		t.Errorf("Get after Delete: %v, want ErrNotFound", err)
	}
}

// wantStatus fails t now on err, and unless resp has status.
func wantStatus(t *testing.T, resp *aircall.Response, err error, status int) {
	t.Helper()
	must(t, err)
	if resp == nil || resp.StatusCode != status {
		got := 0
		if resp != nil {
			got = resp.StatusCode
		}
		t.Errorf("status = %d, want %d", got, status)
	}
}

func isoTS(s string) aircall.Timestamp {
	tm, _ := time.Parse(time.RFC3339, s)
	return aircall.Timestamp{Time: tm, Form: aircall.FormISOMillis}
}

func TestPingAndCompany(t *testing.T) {
	t.Parallel()
	_, c, ctx := start(t, WithDemoData())
	resp, err := c.Ping(ctx)
	wantStatus(t, resp, err, 200)
	co, _, err := c.Company.Get(ctx)
	must(t, err)
	wantEqual(t, "company", &aircall.Company{Name: "Acme Inc.", UsersCount: 4, NumbersCount: 2}, co)
}

func TestUsersRoundTrip(t *testing.T) {
	t.Parallel()
	s, c, ctx := start(t, WithDemoData())
	base := s.URL()

	users, resp, err := c.Users.List(ctx, nil)
	must(t, err)
	var names []string
	for _, u := range users {
		names = append(names, u.Name)
	}
	wantEqual(t, "users", []string{"John Doe", "Amy Rudd", "Vera Martin", "Rafael Lopez"}, names)
	wantEqual(t, "meta", &aircall.Meta{Count: 4, Total: 4, CurrentPage: 1, PerPage: 20}, resp.Meta)

	john, _, err := c.Users.Get(ctx, DemoUserJohn)
	must(t, err)
	// The v2 user: no numbers, a v2 direct link, state, substatus and the
	// extension given in creation order (recorded).
	want := &aircall.User{ID: 456, DirectLink: base + "/v2/users/456", Name: "John Doe", Email: "john.doe@acme.example",
		Available: true, AvailabilityStatus: aircall.UserAvailable, Substatus: "always_opened", State: "always_opened",
		CreatedAt: isoTS("2019-12-29T10:03:18Z"), TimeZone: "America/New_York", Language: "en-US", Extension: "001", DefaultNumberID: 1234}
	wantEqual(t, "Get", want, john)
	byEmail, _, err := c.Users.GetByEmail(ctx, "john.doe@acme.example")
	must(t, err)
	wantEqual(t, "GetByEmail", want, byEmail)
	nums, _, err := c.Users.ListNumbers(ctx, DemoUserJohn, nil)
	must(t, err)
	if len(nums) != 2 || nums[0].ID != 1234 || nums[1].ID != 2345 {
		t.Errorf("John's numbers = %+v, want 1234 and 2345", nums)
	}

	created, resp, err := c.Users.Create(ctx, &aircall.UserCreateParams{Email: "jeffrey.curtis@acme.example", FirstName: "Jeffrey", LastName: "Curtis", WrapUpTime: aircall.Ptr(15)})
	wantStatus(t, resp, err, 200)
	if created.Name != "Jeffrey Curtis" || created.WrapUpTime != 15 || created.ID <= DemoUserRafael || created.TimeZone != "Etc/UTC" {
		t.Errorf("Create = %+v", created)
	}
	updated, _, err := c.Users.Update(ctx, created.ID, &aircall.UserUpdateParams{FirstName: aircall.Ptr("Jeff Updated"), AvailabilityStatus: aircall.Ptr(aircall.UserUnavailable)})
	must(t, err)
	if updated.Name != "Jeff Updated Curtis" || updated.Available || updated.AvailabilityStatus != aircall.UserUnavailable {
		t.Errorf("Update = %+v", updated)
	}

	avs, _, err := c.Users.ListAvailabilities(ctx, nil)
	must(t, err)
	wantAv := []*aircall.UserAvailability{
		{ID: 456, Availability: aircall.AvailabilityAvailable}, {ID: 457, Availability: aircall.AvailabilityAvailable},
		{ID: 458, Availability: aircall.AvailabilityDoNotDisturb}, {ID: 459, Availability: aircall.AvailabilityAvailable},
		{ID: created.ID, Availability: aircall.AvailabilityDoNotDisturb},
	}
	wantEqual(t, "ListAvailabilities", wantAv, avs)
	s.SetAvailability(DemoUserAmy, aircall.AvailabilityAfterCallWork)
	av, _, err := c.Users.GetAvailability(ctx, DemoUserAmy)
	must(t, err)
	if av != aircall.AvailabilityAfterCallWork {
		t.Errorf("GetAvailability = %q", av)
	}

	resp, err = c.Users.StartCall(ctx, DemoUserJohn, &aircall.StartCallParams{NumberID: DemoNumberFrance, To: "+18001231234"})
	wantStatus(t, resp, err, 204)
	resp, err = c.Users.Dial(ctx, DemoUserRafael, "+19161112222")
	wantStatus(t, resp, err, 204)
	acts := s.PhoneActions()
	for i := range acts {
		acts[i].At = time.Time{}
	}
	wantEqual(t, "phone actions", []PhoneAction{{Kind: "call", UserID: 456, NumberID: 1234, To: "+18001231234"}, {Kind: "dial", UserID: 459, To: "+19161112222"}}, acts)

	wantDeleted(t, ctx, created.ID, c.Users.Delete, c.Users.Get)
}

func TestTeamsRoundTrip(t *testing.T) {
	t.Parallel()
	s, c, ctx := start(t, WithDemoData())

	teams, _, err := c.Teams.List(ctx, &aircall.TeamListOptions{Order: aircall.OrderDesc})
	must(t, err)
	if len(teams) != 2 || teams[0].Name != "Support USA" || teams[1].Name != "Global Sales" {
		t.Errorf("List desc = %v", teams)
	}
	sales, _, err := c.Teams.Get(ctx, DemoTeamSales)
	must(t, err)
	want := &aircall.Team{ID: 678, Name: "Global Sales", DirectLink: s.URL() + "/v1/teams/678", CreatedAt: isoTS("2020-03-10T08:31:43Z"),
		Users: []*aircall.User{
			// Team members: no available boolean; availability_status, default_number_id, language, wrap_up_time (recorded).
			{ID: 456, DirectLink: s.URL() + "/v1/users/456", Name: "John Doe", Email: "john.doe@acme.example", CreatedAt: isoTS("2019-12-29T10:03:18Z"),
				TimeZone: "America/New_York", AvailabilityStatus: aircall.UserAvailable, Language: "en-US", DefaultNumberID: DemoNumberFrance},
			{ID: 457, DirectLink: s.URL() + "/v1/users/457", Name: "Amy Rudd", Email: "amy.rudd@acme.example", CreatedAt: isoTS("2019-12-30T18:10:21Z"),
				TimeZone: "Etc/UTC", AvailabilityStatus: aircall.UserCustom, Language: "en-US", DefaultNumberID: DemoNumberFrance},
		}}
	wantEqual(t, "Get", want, sales)

	team, resp, err := c.Teams.Create(ctx, &aircall.TeamCreateParams{Name: "Support EMEA"})
	wantStatus(t, resp, err, 200)
	if team.Name != "Support EMEA" || len(team.Users) != 0 {
		t.Errorf("Create = %+v", team)
	}
	team, resp, err = c.Teams.AddUser(ctx, team.ID, DemoUserVera)
	wantStatus(t, resp, err, 200)
	if len(team.Users) != 1 || team.Users[0].ID != DemoUserVera {
		t.Errorf("AddUser = %+v", team.Users)
	}
	team, resp, err = c.Teams.RemoveUser(ctx, team.ID, DemoUserVera)
	wantStatus(t, resp, err, 200)
	if len(team.Users) != 0 {
		t.Errorf("RemoveUser left %+v", team.Users)
	}
	wantDeleted(t, ctx, team.ID, c.Teams.Delete, c.Teams.Get)
}

func TestNumbersRoundTrip(t *testing.T) {
	t.Parallel()
	_, c, ctx := start(t, WithDemoData())

	nums, _, err := c.Numbers.List(ctx, nil)
	must(t, err)
	if len(nums) != 2 || nums[0].Name != "French Office" || nums[1].Digits != "+1 415-555-0134" || nums[0].Users != nil {
		t.Errorf("List = %+v", nums)
	}
	fr, _, err := c.Numbers.Get(ctx, DemoNumberFrance)
	must(t, err)
	if len(fr.Users) != 3 || fr.Priority != nil || !fr.IsIVR || !fr.LiveRecordingActivated || fr.Country != "FR" {
		t.Errorf("Get = %+v", fr)
	}
	up, _, err := c.Numbers.Update(ctx, DemoNumberFrance, &aircall.NumberUpdateParams{
		Name: aircall.Ptr("French Office UPDATED"), Priority: aircall.NonNull(1),
		Messages: &aircall.Messages{Welcome: "https://example.com/welcome_NEW.mp3"},
	})
	must(t, err)
	if up.Name != "French Office UPDATED" || up.Priority == nil || *up.Priority != 1 ||
		up.Messages.Welcome != "https://example.com/welcome_NEW.mp3" || up.Messages.Waiting != "https://example.com/fr/waiting_music.mp3" {
		t.Errorf("Update = %+v %+v", up, up.Messages)
	}
	up, _, err = c.Numbers.Update(ctx, DemoNumberFrance, &aircall.NumberUpdateParams{Priority: aircall.Null[int]()})
	must(t, err)
	if up.Priority != nil {
		t.Errorf("priority after Null = %v", *up.Priority)
	}
}

func TestCallsRoundTrip(t *testing.T) {
	t.Parallel()
	s, c, ctx := start(t, WithDemoData())

	calls, _, err := c.Calls.List(ctx, nil)
	must(t, err)
	if len(calls) != 3 || calls[0].ID != 812 || calls[1].ID != 813 || calls[2].ID != 814 {
		t.Fatalf("List = %v", calls)
	}
	if calls[0].Contact != nil {
		t.Errorf("List without fetch_contact has a contact")
	}
	missed := calls[1]
	if missed.User != nil || !missed.AnsweredAt.IsZero() || missed.MissedCallReason != aircall.MissedNoAvailableAgent || missed.Voicemail == "" {
		t.Errorf("missed call = %+v", missed)
	}
	got, _, err := c.Calls.Get(ctx, 812, &aircall.CallGetOptions{FetchContact: true})
	must(t, err)
	if got.Contact == nil || got.Contact.ID != DemoContactMargaret || got.User.ID != DemoUserJohn || got.Number.ID != DemoNumberFrance ||
		len(got.Comments) != 1 || len(got.Tags) != 1 || got.Tags[0].TaggedBy.ID != DemoUserJohn || len(got.Teams) != 1 || got.Recording == "" {
		t.Errorf("Get = %+v", got)
	}
	found, _, err := c.Calls.Search(ctx, &aircall.CallSearchOptions{Direction: aircall.CallInbound, Tags: []aircall.ID{DemoTagGeneral}})
	must(t, err)
	if len(found) != 1 || found[0].ID != 812 {
		t.Errorf("Search = %v", found)
	}

	live, err := s.SimulateInboundCall(OnNumber(DemoNumberFrance), AnsweredBy(DemoUserJohn), Ongoing())
	must(t, err)
	resp, err := c.Calls.PauseRecording(ctx, live.ID)
	wantStatus(t, resp, err, 204)
	if !s.RecordingPaused(live.ID) {
		t.Error("recording not paused")
	}
	resp, err = c.Calls.ResumeRecording(ctx, live.ID)
	wantStatus(t, resp, err, 204)
	resp, err = c.Calls.SendInsightCard(ctx, live.ID, &aircall.InsightCardParams{Contents: []aircall.InsightCardLine{
		aircall.TitleLine("My Custom CRM", "https://crm.example.com"), aircall.ShortTextLine("Account ID", "6789", ""), aircall.UserLine("Owner", DemoUserAmy),
	}})
	wantStatus(t, resp, err, 201)
	if cards := s.InsightCards(); len(cards) != 1 || len(cards[0].Contents) != 3 || cards[0].Contents[2].UserID != DemoUserAmy {
		t.Errorf("insight cards = %+v", cards)
	}
	resp, err = c.Calls.Transfer(ctx, live.ID, &aircall.TransferParams{UserID: DemoUserAmy})
	wantStatus(t, resp, err, 204)
	after, _, err := c.Calls.Get(ctx, live.ID, nil)
	must(t, err)
	if after.TransferredTo == nil || after.TransferredTo.ID != DemoUserAmy {
		t.Errorf("transferred_to = %+v", after.TransferredTo)
	}
	if _, err := s.HangUp(live.ID); err != nil {
		t.Fatal(err)
	}

	resp, err = c.Calls.AddComment(ctx, 814, &aircall.CommentParams{Content: "Call back on Monday 📞"})
	wantStatus(t, resp, err, 201)
	resp, err = c.Calls.AddTags(ctx, 814, &aircall.CallTagsParams{Tags: []aircall.ID{DemoTagFeedback}})
	wantStatus(t, resp, err, 201)
	//lint:ignore SA1019 the fake still serves the endpoint deprecated for Workspace users
	arch, resp, err := c.Calls.Archive(ctx, 814)
	wantStatus(t, resp, err, 200)
	if !arch.Archived || len(arch.Comments) != 1 || arch.Comments[0].Content != "Call back on Monday" || arch.Comments[0].PostedBy != nil ||
		len(arch.Tags) != 1 || arch.Tags[0].Name != "Feedback" {
		t.Errorf("Archive = %+v", arch)
	}
	//lint:ignore SA1019 the fake still serves the endpoint deprecated for Workspace users
	un, _, err := c.Calls.Unarchive(ctx, 814)
	must(t, err)
	if un.Archived {
		t.Error("Unarchive left archived")
	}
	resp, err = c.Calls.DeleteRecording(ctx, 812)
	wantStatus(t, resp, err, 200)
	resp, err = c.Calls.DeleteVoicemail(ctx, 813)
	wantStatus(t, resp, err, 200)
	for id, field := range map[aircall.ID]func(*aircall.Call) string{
		812: func(c *aircall.Call) string { return c.Recording }, 813: func(c *aircall.Call) string { return c.Voicemail },
	} {
		call, _, err := c.Calls.Get(ctx, id, nil)
		must(t, err)
		if field(call) != "" {
			t.Errorf("call %d still has its asset", id)
		}
	}
}

func TestContactsRoundTrip(t *testing.T) {
	t.Parallel()
	s, c, ctx := start(t, WithDemoData())

	list, _, err := c.Contacts.List(ctx, nil)
	must(t, err)
	if len(list) != 3 || list[0].ID != DemoContactVicente {
		t.Errorf("List = %v", list)
	}
	found, _, err := c.Contacts.Search(ctx, &aircall.ContactSearchOptions{PhoneNumber: "+49111000460"})
	must(t, err)
	if len(found) != 1 || found[0].ID != DemoContactMargaret {
		t.Errorf("Search = %v", found)
	}
	gary, _, err := c.Contacts.Get(ctx, DemoContactGary)
	must(t, err)
	wantGary := &aircall.Contact{ID: 712, DirectLink: s.URL() + "/v1/contacts/712", FirstName: "Gary", LastName: "Jennings", CompanyName: "Acme",
		Information: "external_custom_id:87123", IsShared: true, CreatedAt: aircall.Unix(1585083040), UpdatedAt: aircall.Unix(1585083040),
		PhoneNumbers: []*aircall.PhoneNumber{{ID: 9171, Label: "Work", Value: "+19001112222"}},
		Emails:       []*aircall.Email{{ID: 9170, Label: "Office", Value: "gary.jennings@acme.com"}}}
	wantEqual(t, "Get", wantGary, gary)

	ct, resp, err := c.Contacts.Create(ctx, &aircall.ContactCreateParams{FirstName: "Lena", LastName: "Weber 🎉", PhoneNumbers: []aircall.ContactDetailParams{{Label: "Work", Value: "+49 30 1234567"}}})
	wantStatus(t, resp, err, 200)
	if ct.LastName != "Weber" || ct.PhoneNumbers[0].Value != "+49301234567" || !ct.IsShared || len(ct.Emails) != 0 {
		t.Errorf("Create = %+v", ct)
	}
	ct, _, err = c.Contacts.Update(ctx, ct.ID, &aircall.ContactUpdateParams{CompanyName: aircall.Ptr("Weber GmbH")})
	must(t, err)
	if ct.CompanyName != "Weber GmbH" {
		t.Errorf("Update = %+v", ct)
	}
	p, resp, err := c.Contacts.AddPhoneNumber(ctx, ct.ID, &aircall.ContactDetailParams{Label: "Home", Value: "+19161110000"})
	wantStatus(t, resp, err, 201)
	p2, resp, err := c.Contacts.UpdatePhoneNumber(ctx, ct.ID, p.ID, &aircall.ContactDetailParams{Label: "Home UPDATED", Value: "+19161110011"})
	wantStatus(t, resp, err, 202)
	wantEqual(t, "UpdatePhoneNumber", &aircall.PhoneNumber{ID: p.ID, Label: "Home UPDATED", Value: "+19161110011"}, p2)
	resp, err = c.Contacts.DeletePhoneNumber(ctx, ct.ID, p.ID)
	wantStatus(t, resp, err, 204)
	e, resp, err := c.Contacts.AddEmail(ctx, ct.ID, &aircall.ContactDetailParams{Value: "lena@weber.example"})
	wantStatus(t, resp, err, 201)
	if e.Label != "Work" {
		t.Errorf("AddEmail label = %q, want the default Work", e.Label)
	}
	e2, resp, err := c.Contacts.UpdateEmail(ctx, ct.ID, e.ID, &aircall.ContactDetailParams{Value: "l.weber@weber.example"})
	wantStatus(t, resp, err, 202)
	if e2.Value != "l.weber@weber.example" || e2.Label != "Work" {
		t.Errorf("UpdateEmail = %+v", e2)
	}
	resp, err = c.Contacts.DeleteEmail(ctx, ct.ID, e.ID)
	wantStatus(t, resp, err, 204)
	final, _, err := c.Contacts.Get(ctx, ct.ID)
	must(t, err)
	if len(final.PhoneNumbers) != 1 || len(final.Emails) != 0 {
		t.Errorf("after detail changes: %+v", final)
	}
	wantDeleted(t, ctx, ct.ID, c.Contacts.Delete, c.Contacts.Get)
}

func TestTagsRoundTrip(t *testing.T) {
	t.Parallel()
	_, c, ctx := start(t, WithDemoData())

	tags, _, err := c.Tags.List(ctx, nil)
	must(t, err)
	if len(tags) != 3 || tags[2].Name != "Spam Call" {
		t.Errorf("List = %v", tags)
	}
	tag, _, err := c.Tags.Get(ctx, DemoTagGeneral)
	must(t, err)
	// Tags have no direct_link on the wire (recorded).
	wantEqual(t, "Get", &aircall.Tag{ID: 678, Name: "General Inquiries", Color: "#0662B5"}, tag)
	vip, resp, err := c.Tags.Create(ctx, &aircall.TagCreateParams{Name: "VIP Customer ⭐", Color: "#00B388"})
	wantStatus(t, resp, err, 200)
	if vip.Name != "VIP Customer" {
		t.Errorf("Create name = %q, want the emoji removed", vip.Name)
	}
	vip, _, err = c.Tags.Update(ctx, vip.ID, &aircall.TagUpdateParams{Name: aircall.Ptr("Tier 2 Customer")})
	must(t, err)
	if vip.Name != "Tier 2 Customer" || vip.Color != "#00B388" {
		t.Errorf("Update = %+v", vip)
	}
	resp, err = c.Tags.Delete(ctx, vip.ID)
	wantStatus(t, resp, err, 204)
}

func TestWebhooksRoundTrip(t *testing.T) {
	t.Parallel()
	s, c, ctx := start(t)

	h, resp, err := c.Webhooks.Create(ctx, &aircall.WebhookCreateParams{URL: "https://my-server.example.com/webhooks/contacts", CustomName: "My Custom Workflow",
		Events: []aircall.Event{aircall.EventContactCreated, aircall.EventContactUpdated}})
	wantStatus(t, resp, err, 200)
	// Create answers without the legacy id (recorded); GET still has it.
	if len(h.WebhookID) != 36 || h.ID != 0 || !h.Active || h.Token == "" || len(h.Events) != 2 || h.CustomName != "My Custom Workflow" ||
		h.DirectLink != s.URL()+"/v1/webhooks/"+h.WebhookID {
		t.Errorf("Create = %+v", h)
	}
	byUUID, _, err := c.Webhooks.Get(ctx, h.WebhookID)
	must(t, err)
	if byUUID.ID == 0 {
		t.Errorf("Get has no legacy id: %+v", byUUID)
	}
	byLegacy, _, err := c.Webhooks.Get(ctx, byUUID.ID.String())
	must(t, err)
	if d := diff(byUUID, byLegacy); d != "" {
		t.Errorf("Get by legacy id differs (-uuid +legacy):\n%s", d)
	}
	up, _, err := c.Webhooks.Update(ctx, h.WebhookID, &aircall.WebhookUpdateParams{URL: aircall.Ptr("https://my-new-server.example.com/hooks"), AllEvents: true})
	must(t, err)
	if up.URL != "https://my-new-server.example.com/hooks" || len(up.Events) != len(aircall.Events()) {
		t.Errorf("Update with all events = %s, %d events", up.URL, len(up.Events))
	}
	list, _, err := c.Webhooks.List(ctx, nil)
	must(t, err)
	if len(list) != 1 || list[0].WebhookID != h.WebhookID {
		t.Errorf("List = %+v", list)
	}
	// With OAuth, only the token's own webhooks are visible.
	bc, err := s.BearerClient(s.NewBearerToken())
	must(t, err)
	if other, _, err := bc.Webhooks.List(ctx, nil); err != nil || len(other) != 0 {
		t.Errorf("List with a token = %v, %v; want none", other, err)
	}
	wantDeleted(t, ctx, h.WebhookID, c.Webhooks.Delete, c.Webhooks.Get)
}

func TestDialerCampaignsRoundTrip(t *testing.T) {
	t.Parallel()
	_, c, ctx := start(t, WithDemoData())

	if _, _, err := c.DialerCampaigns.Get(ctx, DemoUserAmy); !errors.Is(err, aircall.ErrNotFound) {
		t.Errorf("Get without campaign: %v, want ErrNotFound", err)
	}
	resp, err := c.DialerCampaigns.Create(ctx, DemoUserAmy, &aircall.DialerPhoneNumbersParams{PhoneNumbers: []string{"+19161112222", "+18001112222"}})
	wantStatus(t, resp, err, 204)
	camp, _, err := c.DialerCampaigns.Get(ctx, DemoUserAmy)
	must(t, err)
	if camp.ID == 0 || camp.NumberID != 0 || camp.CreatedAt.IsZero() {
		t.Errorf("Get = %+v", camp)
	}
	resp, err = c.DialerCampaigns.AddPhoneNumbers(ctx, DemoUserAmy, &aircall.DialerPhoneNumbersParams{PhoneNumbers: []string{"+18002112223"}})
	wantStatus(t, resp, err, 204)
	nums, _, err := c.DialerCampaigns.ListPhoneNumbers(ctx, DemoUserAmy)
	must(t, err)
	var got []string
	for _, n := range nums {
		got = append(got, n.Number)
		if n.Called {
			t.Errorf("%s already called", n.Number)
		}
	}
	wantEqual(t, "ListPhoneNumbers", []string{"+19161112222", "+18001112222", "+18002112223"}, got)
	resp, err = c.DialerCampaigns.DeletePhoneNumber(ctx, DemoUserAmy, nums[0].ID)
	wantStatus(t, resp, err, 204)
	resp, err = c.DialerCampaigns.Delete(ctx, DemoUserAmy)
	wantStatus(t, resp, err, 204)
	if _, err := c.DialerCampaigns.Delete(ctx, DemoUserAmy); !errors.Is(err, aircall.ErrNotFound) {
		t.Errorf("second Delete: %v, want ErrNotFound", err)
	}
}

func TestA2PRoundTrip(t *testing.T) {
	t.Parallel()
	_, c, ctx := start(t, WithDemoData())

	a, resp, err := c.A2PCampaignAssociations.Create(ctx, &aircall.A2PCampaignAssociationCreateParams{ExternalCampaignID: "CNXIO", Numbers: []aircall.A2PNumber{"14155550134"}})
	wantStatus(t, resp, err, 201)
	if a.ExternalID != "CNXIO" || a.UpdateStatus != aircall.A2PPending || a.CompanyID != 501 || len(a.Numbers) != 1 || a.Numbers[0] != "14155550134" {
		t.Errorf("Create = %+v", a)
	}
	got, _, err := c.A2PCampaignAssociations.Get(ctx, a.ID)
	must(t, err)
	if got.ID != a.ID {
		t.Errorf("Get = %+v", got)
	}
	list, _, err := c.A2PCampaignAssociations.List(ctx, nil)
	must(t, err)
	if len(list) != 1 || list[0].UpdateStatus != aircall.A2PDone {
		t.Errorf("List = %+v, want one association, done once seen", list)
	}
	up, resp, err := c.A2PCampaignAssociations.Update(ctx, a.ID, &aircall.A2PCampaignAssociationUpdateParams{Numbers: []aircall.A2PNumber{"33176111111"}})
	wantStatus(t, resp, err, 200)
	if len(up.Numbers) != 1 || up.Numbers[0] != "33176111111" || up.UpdateStatus != aircall.A2PPending {
		t.Errorf("Update = %+v", up)
	}
	resp, err = c.A2PCampaignAssociations.Delete(ctx, a.ID)
	wantStatus(t, resp, err, 204)
}

func TestIntegrationsAndOAuth(t *testing.T) {
	t.Parallel()
	s := newServer(t, WithDemoData())
	ctx := ctxT(t)

	id, secret := s.OAuthClient()
	redirect := "http://127.0.0.1:9/oauth/callback"
	cfg := &aircall.OAuthConfig{ClientID: id, ClientSecret: secret, RedirectURL: redirect, TokenURL: s.URL() + "/v1/oauth/token"}
	tok, err := cfg.Exchange(ctx, s.NewOAuthCode(redirect))
	must(t, err)
	if tok.AccessToken == "" || tok.TokenType != "Bearer" {
		t.Fatalf("Exchange = %+v", tok)
	}
	bc, err := s.BearerClient(tok.AccessToken)
	must(t, err)
	if _, err := bc.Ping(ctx); err != nil {
		t.Fatalf("Ping with the exchanged token: %v", err)
	}
	me, _, err := bc.Integrations.Me(ctx)
	must(t, err)
	if me.Name != "My app" || !me.Active || me.CompanyID != 501 || me.NumbersCount != 2 || me.User == nil || me.User.ID != DemoUserJohn {
		t.Errorf("Me = %+v", me)
	}
	resp, err := bc.Integrations.Disable(ctx)
	wantStatus(t, resp, err, 204)
	if st, _ := s.IntegrationStatus(); st != "disabled" {
		t.Errorf("status after Disable = %q", st)
	}
	resp, err = bc.Integrations.Enable(ctx, &aircall.IntegrationEnableOptions{Install: true})
	wantStatus(t, resp, err, 204)
	if st, installed := s.IntegrationStatus(); st != "active" || !installed {
		t.Errorf("status after Enable(install) = %q, %v", st, installed)
	}

	// A code is single use.
	code := s.NewOAuthCode(redirect)
	_, err = cfg.Exchange(ctx, code)
	must(t, err)
	_, err = cfg.Exchange(ctx, code)
	var ae *aircall.APIError
	if !errors.As(err, &ae) || ae.StatusCode != http.StatusBadRequest || ae.Title != "invalid_grant" {
		t.Errorf("second Exchange of a code: %v, want 400 invalid_grant", err)
	}
	if strings.Contains(err.Error(), secret) {
		t.Error("error shows the client secret")
	}
}

// TestContactUpdateWithPut: the API takes PUT /v1/contacts/:id like POST
// (recorded), and sends contact.updated.
func TestContactUpdateWithPut(t *testing.T) {
	t.Parallel()
	s, c, ctx := start(t, WithDemoData())
	status, body, _ := raw(t, s, "PUT", "/v1/contacts/711", `{"last_name":"Morrison-Smith","company_name":"Acme"}`, "")
	if status != 200 || !strings.Contains(body, `"last_name":"Morrison-Smith"`) {
		t.Fatalf("PUT: %d %s", status, body)
	}
	ct, _, err := c.Contacts.Get(ctx, DemoContactMargaret)
	must(t, err)
	if ct.LastName != "Morrison-Smith" || ct.CompanyName != "Acme" || ct.FirstName != "Margaret" {
		t.Errorf("after PUT: %+v", ct)
	}
	if status, _, _ := raw(t, s, "PUT", "/v1/contacts/999", `{"last_name":"X"}`, ""); status != 404 {
		t.Errorf("PUT an unknown contact: %d, want 404", status)
	}
}

// TestWebhookEventsAction: events_action=add merges the events given into
// the webhook's, remove takes them out (Update a Webhook, 2026).
func TestWebhookEventsAction(t *testing.T) {
	t.Parallel()
	s, c, ctx := start(t)
	h, _, err := c.Webhooks.Create(ctx, &aircall.WebhookCreateParams{URL: "https://hooks.example.com/a", Events: []aircall.Event{aircall.EventCallCreated}})
	must(t, err)
	up, _, err := c.Webhooks.Update(ctx, h.WebhookID, &aircall.WebhookUpdateParams{EventsAction: aircall.EventsAdd,
		Events: []aircall.Event{aircall.EventCallEnded, aircall.EventCallCreated}})
	must(t, err)
	wantEqual(t, "after add", []aircall.Event{aircall.EventCallCreated, aircall.EventCallEnded}, up.Events)
	up, _, err = c.Webhooks.Update(ctx, h.WebhookID, &aircall.WebhookUpdateParams{EventsAction: aircall.EventsRemove,
		Events: []aircall.Event{aircall.EventCallCreated}})
	must(t, err)
	wantEqual(t, "after remove", []aircall.Event{aircall.EventCallEnded}, up.Events)
	for _, q := range []string{"?events_action=merge", "?events_action=add"} {
		body := `{"events":["call.created"]}`
		if q == "?events_action=add" {
			body = `{"url":"https://hooks.example.com/b"}` // no events
		}
		if status, _, _ := raw(t, s, "PUT", "/v1/webhooks/"+h.WebhookID+q, body, ""); status != 400 {
			t.Errorf("PUT %s %s: status %d, want 400", q, body, status)
		}
	}
}

// TestNumberChangeShowsInCalls: calls, users and lists carry a number as it
// is now, after an update.
func TestNumberChangeShowsInCalls(t *testing.T) {
	t.Parallel()
	_, c, ctx := start(t, WithDemoData())
	before, _, err := c.Calls.Get(ctx, 812, nil) // on the French number
	must(t, err)
	if before.Number.Name != "French Office" {
		t.Fatalf("call 812's number = %q", before.Number.Name)
	}
	_, _, err = c.Numbers.Update(ctx, DemoNumberFrance, &aircall.NumberUpdateParams{Name: aircall.Ptr("Paris Office")})
	must(t, err)
	after, _, err := c.Calls.Get(ctx, 812, nil)
	must(t, err)
	nums, _, err := c.Numbers.List(ctx, nil)
	must(t, err)
	if after.Number.Name != "Paris Office" || nums[0].Name != "Paris Office" {
		t.Errorf("after the update: call's number %q, listed %q; want Paris Office", after.Number.Name, nums[0].Name)
	}
}

// TestUserChangeShowsInCalls: calls and teams carry a user as they are now,
// after an update.
func TestUserChangeShowsInCalls(t *testing.T) {
	t.Parallel()
	_, c, ctx := start(t, WithDemoData())
	before, _, err := c.Calls.Get(ctx, 812, nil) // answered by John
	must(t, err)
	if before.User.Name != "John Doe" {
		t.Fatalf("call 812's user = %q", before.User.Name)
	}
	_, _, err = c.Users.Update(ctx, DemoUserJohn, &aircall.UserUpdateParams{FirstName: aircall.Ptr("Johnny")})
	must(t, err)
	after, _, err := c.Calls.Get(ctx, 812, nil)
	must(t, err)
	if after.User.Name != "Johnny Doe" {
		t.Errorf("after the update: call's user %q, want Johnny Doe", after.User.Name)
	}
}
