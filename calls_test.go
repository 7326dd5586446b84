package aircall

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Expected values, written by hand from the fixtures; the shared ones are
// in fixtures_test.go.

// callFxJohnnDoe is John Doe as the spec's comments and tags send him: with
// a typo in his name and no time zone or language.
func callFxJohnnDoe() *User {
	u := fxJohnDoe()
	u.Name, u.TimeZone, u.Language = "Johnn Doe", "", ""
	return u
}

func callFx812() *Call {
	return &Call{
		ID: 812, DirectLink: "https://api.aircall.io/v1/calls/812", Direction: CallOutbound, Status: CallDone,
		StartedAt: Unix(1584998199), AnsweredAt: Unix(1584998205), EndedAt: Unix(1584998210), Duration: 11,
		RawDigits: "+1 800-123-4567", User: fxJohnDoe(), Cost: "2.34", Number: fxNumber1234(),
		Comments: []*Comment{{ID: 735, Content: "Please call back this customer!", PostedAt: Unix(1587994808), PostedBy: callFxJohnnDoe()}},
		Tags:     []*CallTag{{ID: 678, Name: "General Inquiries", CreatedAt: Unix(1587995020), TaggedBy: callFxJohnnDoe()}},
		Teams:    []*Team{},
	}
}

func callFx813() *Call {
	return &Call{
		ID: 813, DirectLink: "https://api.aircall.io/v1/calls/813", Direction: CallInbound, Status: CallDone,
		StartedAt: Unix(1584998199), AnsweredAt: Timestamp{Text: "no_available_agent", Form: FormText},
		EndedAt: Unix(1584998210), Duration: 22, RawDigits: "+1 800-123-4567", Cost: "0",
		Number: fxNumber1234(), Comments: []*Comment{}, Tags: []*CallTag{},
		Teams: []*Team{{ID: 678, Name: "Global Sales", DirectLink: "https://api.aircall.io/v1/teams/678",
			CreatedAt: fxTime("2020-03-10T08:31:43.000Z", FormISOMillis)}},
	}
}

func TestCallsEndpoints(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	archive := func(m func(*CallsService, context.Context, ID) (*Call, *Response, error)) func(*Client) (any, *Response, error) {
		return func(c *Client) (any, *Response, error) { return m(c.Calls, ctx, 812) }
	}
	runFamilyCalls(t, []familyCall{
		{name: "list", pattern: "GET /v1/calls", reply: "calls_list.json",
			call: func(c *Client) (any, *Response, error) {
				return c.Calls.List(ctx, &CallListOptions{
					ListOptions:  ListOptions{Page: 2, PerPage: 20},
					TimeRange:    TimeRange{From: time.Unix(1584998000, 0), To: time.Unix(1584999000, 0), Order: OrderDesc},
					FetchContact: true,
				})
			},
			path: "/v1/calls", query: "fetch_contact=true&from=1584998000&order=desc&page=2&per_page=20&to=1584999000",
			want: []*Call{callFx812(), callFx813()},
			meta: &Meta{Count: 2, Total: 2234, CurrentPage: 1, PerPage: 20, NextPageLink: "https://api.aircall.io/v1/calls?order=asc&page=2&per_page=20"}},
		// Each tag is a tags[] key, in order.
		{name: "search", pattern: "GET /v1/calls/search", reply: "calls_search.json",
			call: func(c *Client) (any, *Response, error) {
				return c.Calls.Search(ctx, &CallSearchOptions{
					TimeRange:    TimeRange{From: time.Unix(1584990000, 0)},
					Direction:    CallInbound,
					UserID:       456,
					PhoneNumber:  "+18001234567",
					Tags:         []ID{545, 678},
					FetchContact: true,
				})
			},
			path:  "/v1/calls/search",
			query: "direction=inbound&fetch_contact=true&from=1584990000&phone_number=%2B18001234567&tags%5B%5D=545&tags%5B%5D=678&user_id=456",
			want:  []*Call{callFx812(), callFx813()}, meta: &Meta{Count: 2, Total: 2, CurrentPage: 1, PerPage: 20}},
		{name: "list in the 2026 shape", pattern: "GET /v1/calls", reply: "calls_list_2026.json",
			call: func(c *Client) (any, *Response, error) { return c.Calls.List(ctx, nil) },
			path: "/v1/calls", want: callsFx2026()},
		// List and Search send the fetch_* flags only when true.
		{name: "list with fetch flags", pattern: "GET /v1/calls", reply: "calls_list_2026.json",
			call: func(c *Client) (any, *Response, error) {
				return c.Calls.List(ctx, &CallListOptions{FetchShortURLs: true, FetchAIVAConv: true})
			},
			path: "/v1/calls", query: "fetch_aiva_conv=true&fetch_short_urls=true", want: callsFx2026()},
		{name: "search with a fetch flag", pattern: "GET /v1/calls/search", reply: "calls_search.json",
			call: func(c *Client) (any, *Response, error) {
				return c.Calls.Search(ctx, &CallSearchOptions{FetchCallTimeline: true})
			},
			path: "/v1/calls/search", query: "fetch_call_timeline=true", want: []*Call{callFx812(), callFx813()}},
		{name: "archive", pattern: "PUT /v1/calls/{id}/archive", reply: "calls_archive.json",
			call: archive((*CallsService).Archive), path: "/v1/calls/812/archive",
			want: edit(callFx812(), func(c *Call) { c.Archived = true })},
		{name: "unarchive", pattern: "PUT /v1/calls/{id}/unarchive", reply: "calls_unarchive.json",
			call: archive((*CallsService).Unarchive), path: "/v1/calls/812/unarchive", want: callFx812()},
	})
}

func TestCallsSearchAllResendsFilters(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	ts.handle("GET /v1/calls/search", func(w http.ResponseWriter, r *http.Request) {
		// Calls 901 and 902, one a page, from honoured (inclusive).
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		from, _ := strconv.Atoi(r.URL.Query().Get("from"))
		var calls []map[string]any
		for id := 901; id <= 902; id++ {
			if at := 1584990000 + id - 900; at >= from {
				calls = append(calls, map[string]any{"id": id, "started_at": at, "direction": "outbound"})
			}
		}
		next := "https://api.aircall.io/v1/calls/search?page=2&per_page=50"
		if page >= len(calls) {
			next = ""
		}
		b, _ := json.Marshal(map[string]any{
			"meta":  map[string]any{"count": 1, "total": len(calls), "current_page": page, "per_page": 50, "next_page_link": next},
			"calls": calls[min(page, len(calls))-1 : min(page, len(calls))],
		})
		w.Write(b)
	})
	c := ts.client(t)
	var ids []ID
	for call, err := range c.Calls.SearchAll(context.Background(), &CallSearchOptions{UserID: 456, Tags: []ID{7}, FetchContact: true}) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, call.ID)
	}
	if !slices.Equal(ids, []ID{901, 902}) {
		t.Errorf("ids = %v", ids)
	}
	for _, r := range ts.all() {
		q, _ := url.ParseQuery(r.Query)
		if q.Get("fetch_contact") != "true" || q.Get("user_id") != "456" || q.Get("tags[]") != "7" || q.Get("order") != "asc" || q.Get("per_page") != "50" {
			t.Errorf("page query %q lost a filter", r.Query)
		}
	}
}

func TestCallsGet(t *testing.T) {
	t.Parallel()
	spec := callFx812()
	spec.Participants = []*Participant{
		{ID: 456, Type: ParticipantUser, Name: "John Doe"},
		{ID: 5443, Type: ParticipantContact, Name: "Jennifer Smith", PhoneNumber: "+33 7 49 88 29 71"},
		{ID: 457, Type: ParticipantUser, Name: "Rafael Lopez"},
	}
	missed := &Call{
		ID: 1904, SID: "CA0123456789abcdef0123456789abcdef", DirectLink: "https://api.aircall.io/v1/calls/1904", Direction: CallInbound, Status: CallDone,
		MissedCallReason: MissedAgentsDidNotAnswer, StartedAt: Unix(1712048400), EndedAt: Unix(1712048431), Duration: 31,
		Voicemail:         "https://voicemails.aircall.io/1904.mp3",
		VoicemailShortURL: "https://short-urls.aircall.io/v1/6a1f8d0e-2b7c-4e1a-9f0d-3c5b7a9e1d2f",
		Asset:             "https://assets.aircall.io/voicemail/1904", RawDigits: "+44 20 7946 0958",
		HangupCause: "NORMAL_CLEARING", Cost: "1.5",
		Number: &Number{ID: 2345, DirectLink: "https://api.aircall.io/v1/numbers/2345", Name: "UK office",
			Digits: "+44 20 0000 0000", CreatedAt: fxTime("2020-01-04T19:28:58Z", FormISO), Country: "GB",
			TimeZone: "Europe/London", Open: true, AvailabilityStatus: NumberOpen, Priority: Ptr(1)},
		Teams: []*Team{{ID: 679, Name: "Support USA", DirectLink: "https://api.aircall.io/v1/teams/679",
			CreatedAt: fxTime("2020-03-10T20:29:52+00:00", FormISO)}},
		Comments: []*Comment{{ID: 736, Content: "Left a voicemail about invoice 42", PostedAt: Unix(1712048500)}},
		Tags: []*CallTag{{ID: 545, Name: "Billing", CreatedAt: Unix(1712048520), TaggedBy: &User{
			ID: 457, Name: "Rafael Lopez", Email: "rafael.lopez@aircall.io", AvailabilityStatus: UserUnavailable,
			CreatedAt: fxTime("2021-05-03T08:00:00.123Z", FormISOMillis)}}},
		IVROptions:   []*IVROption{{ID: "b1c2", Title: "Billing", Key: "2", CreatedAt: Unix(1712048405)}},
		Participants: []*Participant{{Type: ParticipantExternal, PhoneNumber: "+44 20 7946 0958"}},
	}
	// get is Calls.Get of id with opts; with a contactID, the call's
	// Contact must be that contact (the Contact type belongs to
	// contacts.go: the link is checked here), and is then left out.
	get := func(id ID, opts *CallGetOptions, contactID ID) func(*Client) (any, *Response, error) {
		return func(c *Client) (any, *Response, error) {
			got, resp, err := c.Calls.Get(context.Background(), id, opts)
			if err == nil && contactID != 0 {
				if got.Contact == nil || got.Contact.ID != contactID || got.Contact.FirstName != "Gary" {
					err = errors.New("the call's contact is not contact " + contactID.String() + ", Gary")
				}
				got.Contact = nil
			}
			return got, resp, err
		}
	}
	runFamilyCalls(t, []familyCall{
		{name: "spec example with participants", pattern: "GET /v1/calls/{id}", reply: "calls_get.json",
			call: get(spec.ID, nil, 0), path: "/v1/calls/" + spec.ID.String(), want: spec},
		{name: "missed inbound, no user key, extra keys, contact", pattern: "GET /v1/calls/{id}", reply: "calls_get_missed_inbound.json",
			call: get(missed.ID, &CallGetOptions{FetchContact: true}, 719), path: "/v1/calls/" + missed.ID.String(), query: "fetch_contact=true",
			want: missed},
	})
}

func TestCallDecodeVariants(t *testing.T) {
	t.Parallel()
	runBodyCases(t, []bodyCase[*Call]{
		{"empty object", `{}`, &Call{}},
		{"unix strings and null answered_at", `{"id":"55","started_at":"1584998199","answered_at":null,"ended_at":1584998210,"cost":"0.00"}`,
			&Call{ID: 55, StartedAt: Timestamp{Time: time.Unix(1584998199, 0), Form: FormUnixString}, EndedAt: Unix(1584998210), Cost: "0.00"}},
		{"ivr option with numeric id and participant with string id", `{"id":56,"ivr_options":[{"id":12,"title":"Sales","key":"1","created_at":1712048405}],"participants":[{"id":"5443","type":"contact","name":"J","phone_number":"+33749882971"}],"unknown":{"nested":[1,2]}}`,
			&Call{ID: 56, IVROptions: []*IVROption{{ID: "12", Title: "Sales", Key: "1", CreatedAt: Unix(1712048405)}},
				Participants: []*Participant{{ID: 5443, Type: ParticipantContact, Name: "J", PhoneNumber: "+33749882971"}}},
		},
		{"webhook-only short urls", `{"id":57,"recording":"https://r/57.mp3","recording_short_url":"https://short-urls.aircall.io/v1/u"}`,
			&Call{ID: 57, Recording: "https://r/57.mp3", RecordingShortURL: "https://short-urls.aircall.io/v1/u"}},
	})
}

func TestCallsGetErrors(t *testing.T) {
	t.Parallel()
	_, c := serve(t, "GET /v1/calls/{id}", 404, `{"error":"Not found","troubleshoot":"Check the call id"}`)
	_, _, err := c.Calls.Get(context.Background(), 9, nil)
	var ae *APIError
	if !errors.Is(err, ErrNotFound) || !errors.As(err, &ae) || ae.Troubleshoot != "Check the call id" {
		t.Errorf("err = %v, want a 404 APIError", err)
	}
}

// TestCallsActions sends the calls' actions, which answer without a body
// to decode.
func TestCallsActions(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	// send adapts an action to a familyCall's call.
	send := func(f func(*CallsService) (*Response, error)) func(*Client) (any, *Response, error) {
		return func(c *Client) (any, *Response, error) { return answered(f(c.Calls)) }
	}
	// onCall is an action that takes only the call's id.
	onCall := func(m func(*CallsService, context.Context, ID) (*Response, error), id ID) func(*Client) (any, *Response, error) {
		return send(func(s *CallsService) (*Response, error) { return m(s, ctx, id) })
	}
	transfer := func(id ID, p *TransferParams) func(*Client) (any, *Response, error) {
		return send(func(s *CallsService) (*Response, error) { return s.Transfer(ctx, id, p) })
	}
	tags := func(ids ...ID) func(*Client) (any, *Response, error) {
		return send(func(s *CallsService) (*Response, error) { return s.AddTags(ctx, 812, &CallTagsParams{Tags: ids}) })
	}
	insight := func(lines ...InsightCardLine) func(*Client) (any, *Response, error) {
		return send(func(s *CallsService) (*Response, error) {
			return s.SendInsightCard(ctx, 812, &InsightCardParams{Contents: lines})
		})
	}
	runFamilyCalls(t, []familyCall{
		{name: "transfer to user", pattern: "POST /v1/calls/{id}/transfers", status: 204,
			call: transfer(812, &TransferParams{UserID: 456}), path: "/v1/calls/812/transfers", body: `{"user_id":456}`},
		{name: "transfer to team, random", pattern: "POST /v1/calls/{id}/transfers", status: 204,
			call: transfer(812, &TransferParams{TeamID: 679, DispatchingStrategy: DispatchRandom}),
			path: "/v1/calls/812/transfers", body: `{"team_id":679,"dispatching_strategy":"random"}`},
		{name: "transfer to team, default strategy", pattern: "POST /v1/calls/{id}/transfers", status: 204,
			call: transfer(812, &TransferParams{TeamID: 679}), path: "/v1/calls/812/transfers", body: `{"team_id":679}`},
		{name: "transfer to external number", pattern: "POST /v1/calls/{id}/transfers", status: 204,
			call: transfer(813, &TransferParams{Number: "+18001231234"}), path: "/v1/calls/813/transfers", body: `{"number":"+18001231234"}`},
		{name: "comment", pattern: "POST /v1/calls/{id}/comments", status: 201,
			call: send(func(s *CallsService) (*Response, error) {
				return s.AddComment(ctx, 812, &CommentParams{Content: "Please call back this customer!"})
			}),
			path: "/v1/calls/812/comments", body: `{"content":"Please call back this customer!"}`},
		{name: "tags", pattern: "POST /v1/calls/{id}/tags", status: 201, call: tags(545), path: "/v1/calls/812/tags", body: `{"tags":[545]}`},
		{name: "two tags", pattern: "POST /v1/calls/{id}/tags", status: 201, call: tags(545, 546), path: "/v1/calls/812/tags", body: `{"tags":[545,546]}`},
		{name: "pause recording", pattern: "POST /v1/calls/{id}/pause_recording", status: 204,
			call: onCall((*CallsService).PauseRecording, 812), path: "/v1/calls/812/pause_recording"},
		{name: "resume recording", pattern: "POST /v1/calls/{id}/resume_recording", status: 204,
			call: onCall((*CallsService).ResumeRecording, 812), path: "/v1/calls/812/resume_recording"},
		{name: "delete recording", pattern: "DELETE /v1/calls/{id}/recording", status: 200,
			call: onCall((*CallsService).DeleteRecording, 812), path: "/v1/calls/812/recording"},
		{name: "delete voicemail", pattern: "DELETE /v1/calls/{id}/voicemail", status: 200,
			call: onCall((*CallsService).DeleteVoicemail, 813), path: "/v1/calls/813/voicemail"},
		{name: "insight card (spec example)", pattern: "POST /v1/calls/{id}/insight_cards", status: 201,
			call: insight(
				TitleLine("My Custom CRM", "https://my-custom-crm.com"),
				ShortTextLine("Account ID", "6789", "https://my-custom-crm.com/6789"),
				ShortTextLine("Company name", "Acme Inc.", ""),
				UserLine("Account Owner", 12345),
			),
			path: "/v1/calls/812/insight_cards",
			body: `{ "contents": [ { "type": "title", "text": "My Custom CRM", "link": "https://my-custom-crm.com" }, { "type": "shortText", "label": "Account ID", "text": "6789", "link": "https://my-custom-crm.com/6789" }, { "type": "shortText", "label": "Company name", "text": "Acme Inc." }, { "type": "user", "label": "Account Owner", "user_id": 12345 } ] }`},
		{name: "insight card, literal lines", pattern: "POST /v1/calls/{id}/insight_cards", status: 201,
			call: insight(InsightCardLine{Type: InsightShortText, Text: "Gold plan"}),
			path: "/v1/calls/812/insight_cards", body: `{"contents":[{"type":"shortText","text":"Gold plan"}]}`},
	})
}

func TestCallsActionsTolerateBodies(t *testing.T) {
	t.Parallel()
	// DELETE answers 200 and may carry a body the SDK does not need.
	_, c := serve(t, "DELETE /v1/calls/{id}/recording", 200, `{"message":"Recording will be deleted"}`)
	resp, err := c.Calls.DeleteRecording(context.Background(), 5)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("DeleteRecording = %v, %v", resp, err)
	}
}

func TestCallsActionErrors(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	tests := []struct {
		name    string
		pattern string
		status  int
		body    string
		call    func(*Client) (*Response, error)
		want    error
	}{
		{"sixth comment", "POST /v1/calls/{id}/comments", 400, `{"error":"Bad Request","troubleshoot":"Maximum of 5 notes can be added to a Call."}`,
			func(c *Client) (*Response, error) {
				return c.Calls.AddComment(ctx, 1, &CommentParams{Content: "sixth"})
			}, ErrValidation},
		{"transfer of an ended call", "POST /v1/calls/{id}/transfers", 400, `{"error":"Bad Request","troubleshoot":"Call already ended."}`,
			func(c *Client) (*Response, error) { return c.Calls.Transfer(ctx, 1, &TransferParams{UserID: 2}) }, ErrValidation},
		{"transfer to unknown user", "POST /v1/calls/{id}/transfers", 404, `{"error":"Not Found","troubleshoot":"User or Call not found."}`,
			func(c *Client) (*Response, error) { return c.Calls.Transfer(ctx, 1, &TransferParams{UserID: 2}) }, ErrNotFound},
		{"recording disabled", "POST /v1/calls/{id}/pause_recording", 405, `{"error":"Method Not Allowed","troubleshoot":"Recording is disabled on the Call's number."}`,
			func(c *Client) (*Response, error) { return c.Calls.PauseRecording(ctx, 1) }, ErrNotAvailable},
		{"resume on ended call", "POST /v1/calls/{id}/resume_recording", 400, `{"error":"Bad Request","troubleshoot":"Call has already ended."}`,
			func(c *Client) (*Response, error) { return c.Calls.ResumeRecording(ctx, 1) }, ErrValidation},
		{"malformed insight card", "POST /v1/calls/{id}/insight_cards", 400, `{"error":"Bad Request","troubleshoot":"Payload malformed."}`,
			func(c *Client) (*Response, error) {
				return c.Calls.SendInsightCard(ctx, 1, &InsightCardParams{Contents: []InsightCardLine{TitleLine("x", "")}})
			}, ErrValidation},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, c := serve(t, tt.pattern, tt.status, tt.body)
			resp, err := tt.call(c)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			var ae *APIError
			if !errors.As(err, &ae) || ae.StatusCode != tt.status || resp == nil || resp.StatusCode != tt.status {
				t.Errorf("err = %#v, want an APIError with status %d", err, tt.status)
			}
		})
	}
}

func TestCallsLocalValidation(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	line := func(l InsightCardLine) *InsightCardParams { return &InsightCardParams{Contents: []InsightCardLine{l}} }
	transfer := paramCall(func(c *Client, p *TransferParams) error { _, err := c.Calls.Transfer(ctx, 1, p); return err })
	comment := paramCall(func(c *Client, p *CommentParams) error { _, err := c.Calls.AddComment(ctx, 1, p); return err })
	addTags := paramCall(func(c *Client, p *CallTagsParams) error { _, err := c.Calls.AddTags(ctx, 1, p); return err })
	insight := paramCall(func(c *Client, p *InsightCardParams) error { _, err := c.Calls.SendInsightCard(ctx, 1, p); return err })
	search := paramCall(func(c *Client, p *CallSearchOptions) error { return errOf(c.Calls.Search(ctx, p)) })
	tests := []paramCase{
		{"transfer nil", transfer(nil), ""},
		{"transfer no target", transfer(&TransferParams{}), ""},
		{"transfer user and team", transfer(&TransferParams{UserID: 1, TeamID: 2}), ""},
		{"transfer team and number", transfer(&TransferParams{TeamID: 2, Number: "+18001231234"}), ""},
		{"transfer number not E.164", transfer(&TransferParams{Number: "+1 800-123-1234"}), "number"},
		{"transfer negative user", transfer(&TransferParams{UserID: -4}), "user_id"},
		{"transfer negative team", transfer(&TransferParams{TeamID: -4}), "team_id"},
		{"strategy with user", transfer(&TransferParams{UserID: 1, DispatchingStrategy: DispatchRandom}), "dispatching_strategy"},
		{"strategy with number", transfer(&TransferParams{Number: "+18001231234", DispatchingStrategy: DispatchSimultaneous}), "dispatching_strategy"},
		{"unknown strategy", transfer(&TransferParams{TeamID: 2, DispatchingStrategy: "round_robin"}), "dispatching_strategy"},
		{"comment nil", comment(nil), ""},
		{"comment blank", comment(&CommentParams{Content: " \n"}), "content"},
		{"tags nil", addTags(nil), "tags"},
		{"tags empty", addTags(&CallTagsParams{}), "tags"},
		{"tags zero id", addTags(&CallTagsParams{Tags: []ID{3, 0}}), "tags"},
		{"insight nil", insight(nil), "contents"},
		{"insight empty", insight(&InsightCardParams{}), "contents"},
		{"insight title without text", insight(line(TitleLine("", "https://x.example"))), "contents[0].text"},
		{"insight title with label", insight(line(InsightCardLine{Type: InsightTitle, Text: "t", Label: "l"})), "contents[0].label"},
		{"insight shortText without text", insight(line(ShortTextLine("Account", "", ""))), "contents[0].text"},
		{"insight shortText with user_id", insight(line(InsightCardLine{Type: InsightShortText, Text: "t", UserID: 3})), "contents[0].user_id"},
		{"insight user without label", insight(line(UserLine("", 12345))), "contents[0].label"},
		{"insight user without user_id", insight(line(UserLine("Owner", 0))), "contents[0].user_id"},
		{"insight user with text", insight(line(InsightCardLine{Type: InsightUser, Label: "Owner", UserID: 1, Text: "x"})), "contents[0].text"},
		{"insight bad type", insight(line(InsightCardLine{Type: "longText", Text: "x"})), "contents[0].type"},
		{"insight bad link", insight(&InsightCardParams{Contents: []InsightCardLine{
			TitleLine("CRM", ""), ShortTextLine("", "x", "my-crm/6789"),
		}}), "contents[1].link"},
		{"search bad direction", search(&CallSearchOptions{Direction: "internal"}), "direction"},
		{"search zero tag", search(&CallSearchOptions{Tags: []ID{0}}), "tags"},
		{"search all bad direction", func(c *Client) error {
			for _, err := range c.Calls.SearchAll(ctx, &CallSearchOptions{Direction: "sideways"}) {
				return err
			}
			return nil
		}, "direction"},
	}
	runParamCases(t, tests)
}

// callCapServer is a call list with a small 10,000-style cap of 100.
func callCapServer(calls []*Call, exclusive bool) *capServer[*Call] {
	return &capServer[*Call]{key: "calls", items: calls, cap: 100, exclusive: exclusive,
		stamp: func(c *Call) int64 { return c.StartedAt.Unix() }}
}

// callCapItem is a done inbound call started at Unix second ts.
func callCapItem(id, ts int64) *Call {
	return &Call{ID: ID(id), StartedAt: Unix(ts), Direction: CallInbound, Status: CallDone, Cost: "0"}
}

func TestCallsAllPassesTheCap(t *testing.T) {
	t.Parallel()
	// 350 calls, three per second, so that window boundaries fall inside a
	// second; one lone call far later.
	var calls []*Call
	for i := range 350 {
		calls = append(calls, callCapItem(int64(1000+i), 1700000000+int64(i/3)))
	}
	calls = append(calls, callCapItem(5000, 1700009999))
	tests := []struct {
		name      string
		order     Order
		exclusive bool
		clientCap int // the SDK's cap; the server's is 100
	}{
		{"asc, inclusive from", OrderAsc, false, 100},
		{"asc, exclusive from", OrderAsc, true, 100},
		{"desc, inclusive to", OrderDesc, false, 100},
		{"desc, exclusive to", OrderDesc, true, 100},
		{"default order", "", false, 100},
		{"server cap lower than the SDK's", OrderAsc, false, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t)
			ts.handle("GET /v1/calls", callCapServer(calls, tt.exclusive).ServeHTTP)
			c := ts.client(t)
			c.listCap = tt.clientCap
			var got []int64
			for call, err := range c.Calls.All(context.Background(), &CallListOptions{TimeRange: TimeRange{Order: tt.order}, FetchContact: true}) {
				if err != nil {
					t.Fatalf("after %d calls: %v", len(got), err)
				}
				got = append(got, int64(call.ID))
			}
			want := make([]int64, 0, len(calls))
			for _, c := range calls {
				want = append(want, int64(c.ID))
			}
			if tt.order == OrderDesc {
				slices.Reverse(want)
			}
			if d := diff(want, got); d != "" {
				t.Errorf("calls (-want +got):\n%s", d)
			}
			for _, r := range ts.all() {
				q, _ := url.ParseQuery(r.Query)
				if q.Get("fetch_contact") != "true" {
					t.Errorf("request %q dropped fetch_contact", r.Query)
				}
				if p, _ := strconv.Atoi(q.Get("page")); p*50 > 100 && tt.clientCap == 100 {
					t.Errorf("request %q went past the cap", r.Query)
				}
			}
			restarts := 0
			for _, r := range ts.all() {
				q, _ := url.ParseQuery(r.Query)
				if q.Get("from") != "" || q.Get("to") != "" {
					restarts++
				}
			}
			if restarts < 3 {
				t.Errorf("%d requests with from or to, want at least 3 windows past the first", restarts)
			}
			if n := ts.requests.Load(); n > 16 {
				t.Errorf("%d requests for %d calls, want at most 16", n, len(calls))
			}
		})
	}
}

func TestCallsAllWindowOverflow(t *testing.T) {
	t.Parallel()
	// 150 calls in one second cannot be listed with a 100-item cap.
	var calls []*Call
	for i := range 150 {
		calls = append(calls, callCapItem(int64(i+1), 1700000000))
	}
	ts := newTestServer(t)
	ts.handle("GET /v1/calls", callCapServer(calls, false).ServeHTTP)
	c := ts.client(t)
	c.listCap = 100
	n := 0
	var last error
	for _, err := range c.Calls.All(context.Background(), nil) {
		if err != nil {
			last = err
			break
		}
		n++
	}
	if !errors.Is(last, ErrWindowOverflow) {
		t.Fatalf("err = %v after %d calls, want ErrWindowOverflow", last, n)
	}
	if n != 100 {
		t.Errorf("yielded %d calls before the error, want 100", n)
	}
}

// callsFx2026 are the calls of calls_list_2026.json, a page in the shape of
// recorded 2026 traffic: sid, country_code_a2, pricing_type, null short
// URLs, users with state and extension, numbers with flow_editor_enabled,
// and call tags sent with tagged_at and tagged_by (one of them an empty {}).
func callsFx2026() []*Call {
	john := fxJohnDoe()
	john.State, john.Extension = "always_opened", "001"
	french := fxNumber1234()
	french.FlowEditorEnabled = Ptr(true)
	return []*Call{
		{
			ID: 3821004417, SID: "CA7e1f0c2b9d8a4e6f5a3b2c1d0e9f8a7b", DirectLink: "https://api.aircall.io/v1/calls/3821004417",
			Direction: CallOutbound, Status: CallDone,
			StartedAt: Unix(1790603050), AnsweredAt: Unix(1790603056), EndedAt: Unix(1790603190), Duration: 140,
			Cost: "0.0", Recording: "https://recordings.aircall.io/3821004417.mp3",
			Asset: "https://assets.aircall.io/calls/3821004417/recording", RawDigits: "+1 415-555-0100",
			User: john, Number: french, CountryCodeA2: "US",
			Comments: []*Comment{}, Teams: []*Team{}, Tags: []*CallTag{},
		},
		{
			ID: 3821009921, SID: "CA0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e", DirectLink: "https://api.aircall.io/v1/calls/3821009921",
			Direction: CallInbound, Status: CallDone, MissedCallReason: MissedOutOfOpeningHours,
			StartedAt: Unix(1790611200), EndedAt: Unix(1790611231), Duration: 31, Archived: true, Cost: "0.0",
			Voicemail: "https://voicemails.aircall.io/3821009921.mp3",
			Asset:     "https://assets.aircall.io/calls/3821009921/voicemail", RawDigits: "+44 20 7946 0958",
			Number: fxNumberUK2026(0), CountryCodeA2: "GB", PricingType: "local",
			Comments: []*Comment{{ID: 9021, Content: "Called back the next morning", PostedAt: Unix(1790640000)}},
			Teams:    []*Team{},
			Tags: []*CallTag{
				{ID: 545, Name: "Callback Request", CreatedAt: Unix(1790640060), TaggedBy: &User{
					ID: 457, DirectLink: "https://api.aircall.io/v1/users/457", Name: "Amy Rudd", Email: "amy.rudd@aircall.io",
					Available: true, AvailabilityStatus: UserCustom, Language: "en-GB", WrapUpTime: 45}},
				// "tagged_by": {} is no user.
				{ID: 546, Name: "After hours", CreatedAt: Unix(1790640070)},
			},
		},
	}
}

func TestCallTagTimeKeys(t *testing.T) {
	t.Parallel()
	runBodyCases(t, []bodyCase[CallTag]{
		{"webhook tagged_at", `{"id":1,"name":"A","tagged_at":1646391384,"tagged_by":null}`, CallTag{ID: 1, Name: "A", CreatedAt: Unix(1646391384)}},
		{"reference created_at", `{"id":2,"name":"B","created_at":1587995020}`, CallTag{ID: 2, Name: "B", CreatedAt: Unix(1587995020)}},
		{"both: tagged_at wins", `{"id":3,"name":"C","created_at":1,"tagged_at":1646391384}`, CallTag{ID: 3, Name: "C", CreatedAt: Unix(1646391384)}},
		{"empty tagged_by", `{"id":4,"name":"D","tagged_by":{},"tagged_at":1646651108}`, CallTag{ID: 4, Name: "D", CreatedAt: Unix(1646651108)}},
	})
	b, err := json.Marshal(CallTag{ID: 1, Name: "A", CreatedAt: Unix(1646391384)})
	if err != nil || string(b) != `{"id":1,"name":"A","tagged_at":1646391384,"tagged_by":null}` {
		t.Errorf("encoded %s, %v; want the tagged_at and tagged_by keys of live traffic", b, err)
	}
}

// TestCallsGetFetchFlags sends the three fetch_* flags and decodes what they
// add: the short URLs, the raw call timeline and the AI voice agent
// segments, one of which has a shape the SDK cannot type.
func TestCallsGetFetchFlags(t *testing.T) {
	t.Parallel()
	ts, c := serve(t, "GET /v1/calls/{id}", 200, "calls_get_fetch_all.json")
	got, _, err := c.Calls.Get(context.Background(), 3821100012, &CallGetOptions{FetchShortURLs: true, FetchCallTimeline: true, FetchAIVAConv: true})
	if err != nil {
		t.Fatal(err)
	}
	ts.expectRequest(t, http.MethodGet, "/v1/calls/3821100012", "fetch_aiva_conv=true&fetch_call_timeline=true&fetch_short_urls=true", "")
	if got.RecordingShortURL != "https://short-urls.aircall.io/v1/0f4e2a91-77c3-4c1b-9a55-3e2d1c0b9a88" || got.VoicemailShortURL != "" {
		t.Errorf("short URLs = %q, %q", got.RecordingShortURL, got.VoicemailShortURL)
	}
	if !sameJSON(t, string(got.IVROptionsSelected), `[{"branch":"Main menu","key":"1","title":"Sales","created_at":1790700002}]`) {
		t.Errorf("ivr_options_selected = %s", got.IVROptionsSelected)
	}
	if len(got.AIVoiceAgents) != 2 {
		t.Fatalf("ai_voice_agents = %d segments, want 2", len(got.AIVoiceAgents))
	}
	first := *got.AIVoiceAgents[0]
	if !sameJSON(t, string(first.Raw), `{"agent_id":"agent-7f3a","agent_name":"Front desk","started_at":1790700004,"ended_at":1790700101,"end_reason":"escalated","escalation_reason":"caller asked for a human","escalation_target":{"type":"team","destination":{"id":679,"name":"Support USA"}},"transcript_id":"tr-5521"}`) {
		t.Errorf("first segment Raw = %s", first.Raw)
	}
	first.Raw = nil
	want := AIVoiceAgentSegment{
		AgentID: "agent-7f3a", AgentName: "Front desk", StartedAt: Unix(1790700004), EndedAt: Unix(1790700101),
		EndReason: "escalated", EscalationReason: "caller asked for a human",
		EscalationTarget: &EscalationTarget{Type: "team", Destination: json.RawMessage(`{"id": 679, "name": "Support USA"}`)},
	}
	if d := diff(want, first); d != "" {
		t.Errorf("first segment (-want +got):\n%s", d)
	}
	// started_at as an object: the segment keeps only Raw, the call decodes.
	second := got.AIVoiceAgents[1]
	if second.AgentID != "" || !sameJSON(t, string(second.Raw), `{"agent_id":"agent-9b10","agent_name":"Billing bot","started_at":{"seconds":1790700101},"ended_at":null,"end_reason":"transferred"}`) {
		t.Errorf("odd segment = %+v", second)
	}
}

func TestAIVoiceAgentSegmentsTolerance(t *testing.T) {
	t.Parallel()
	var c struct {
		A AIVoiceAgentSegments `json:"a"`
		B AIVoiceAgentSegments `json:"b"`
	}
	if err := json.Unmarshal([]byte(`{"a":null,"b":{"agent_id":"x","started_at":"2026-03-03T09:41:12.000Z"}}`), &c); err != nil {
		t.Fatal(err)
	}
	if c.A != nil || len(c.B) != 1 || c.B[0].AgentID != "x" || c.B[0].StartedAt.Unix() != 1772530872 {
		t.Errorf("decoded %+v %+v", c.A, c.B)
	}
	// A segment built by hand (no Raw) encodes its typed fields.
	b, err := json.Marshal(AIVoiceAgentSegment{AgentID: "x", StartedAt: Unix(1772530872), EscalationTarget: &EscalationTarget{Type: "external"}})
	if err != nil || !sameJSON(t, string(b), `{"agent_id":"x","started_at":1772530872,"ended_at":null,"escalation_target":{"type":"external"}}`) {
		t.Errorf("encoded %s, %v", b, err)
	}
}

// TestCallEncodesWireKeys checks the encoding rule the fake and the JSONL
// export rely on: the keys the API always sends are present, as null or [],
// even on an empty Call; the user objects and the event-only keys are not.
func TestCallEncodesWireKeys(t *testing.T) {
	t.Parallel()
	b, err := json.Marshal(&Call{ID: 1})
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]json.RawMessage
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"sid", "missed_call_reason", "voicemail", "recording", "asset", "hangup_cause",
		"recording_short_url", "voicemail_short_url", "country_code_a2", "pricing_type", "number", "answered_at", "ended_at"} {
		if string(got[k]) != "null" {
			t.Errorf("%s = %s, want null", k, got[k])
		}
	}
	for _, k := range []string{"comments", "tags", "teams"} {
		if string(got[k]) != "[]" {
			t.Errorf("%s = %s, want []", k, got[k])
		}
	}
	for _, k := range []string{"user", "contact", "assigned_to", "transferred_by", "transferred_to", "participants",
		"ivr_options", "ivr_options_selected", "ai_voice_agents", "call_uuid", "external_transferred_to", "external_caller_number"} {
		if v, ok := got[k]; ok {
			t.Errorf("%s = %s, want the key left out", k, v)
		}
	}
	// Values set are encoded as values.
	b, _ = json.Marshal(Call{Voicemail: "https://v.example/1.mp3", Tags: []*CallTag{{ID: 2}}})
	if !strings.Contains(string(b), `"voicemail":"https://v.example/1.mp3"`) || !strings.Contains(string(b), `"tags":[{"id":2,`) {
		t.Errorf("encoded %s", b)
	}
}
