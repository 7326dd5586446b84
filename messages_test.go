package aircall

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

// epochMs is the Timestamp of epoch milliseconds, compared as an instant.
func epochMs(v int64) Timestamp { return Timestamp{Time: time.UnixMilli(v).UTC()} }

// TestMessagesEndpoints checks the messaging endpoints that answer an
// object: the configuration, group sends, templates and the number's
// WhatsApp status.
func TestMessagesEndpoints(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	config := &MessagingConfiguration{Token: "t0k3n", CallbackURL: "https://example.com/aircall/sms", Type: "Public Api"}
	group := &GroupMessage{
		ID: "8f3c2c4e-9c6c-4c8e-9b4a-2c1f7e3d9c52", GroupConversationID: "c4b8c1c0-0c6e-4c3f-9c1c-5c2f8e7a91d4",
		Participants: []string{"+13000000001", "+13000000002"}, Status: "pending", Direction: MessageOutbound,
		DirectLink: "https://api.aircall.io/v1/numbers/123/messages/SM1", Body: "text", MediaURL: []string{},
		CreatedAt: epochMs(1722317361216), SentAt: epochMs(1722317361216), UpdatedAt: epochMs(1722317361216),
	}
	sendGroup := func(p *GroupMessageParams) func(*Client) (any, *Response, error) {
		return func(c *Client) (any, *Response, error) { return c.Messages.SendGroup(ctx, 123, p) }
	}
	calls := []familyCall{
		{name: "create configuration", pattern: "POST /v1/numbers/{id}/messages/configuration", reply: "messages_configuration.json",
			call: func(c *Client) (any, *Response, error) {
				return c.Messages.CreateConfiguration(ctx, 123, &MessagingConfigurationParams{CallbackURL: "https://example.com/aircall/sms", Type: "whatsapp"})
			},
			path: "/v1/numbers/123/messages/configuration", body: `{"callbackUrl":"https://example.com/aircall/sms","type":"whatsapp"}`,
			want: config},
		{name: "get configuration", pattern: "GET /v1/numbers/{id}/messages/configuration", reply: "messages_configuration.json",
			call: func(c *Client) (any, *Response, error) { return c.Messages.GetConfiguration(ctx, 123) },
			path: "/v1/numbers/123/messages/configuration", want: config},
		{name: "delete configuration, 200", pattern: "DELETE /v1/numbers/{id}/messages/configuration",
			call: func(c *Client) (any, *Response, error) { return answered(c.Messages.DeleteConfiguration(ctx, 123)) },
			path: "/v1/numbers/123/messages/configuration"},
		{name: "delete configuration, 204", pattern: "DELETE /v1/numbers/{id}/messages/configuration", status: 204,
			call: func(c *Client) (any, *Response, error) { return answered(c.Messages.DeleteConfiguration(ctx, 123)) },
			path: "/v1/numbers/123/messages/configuration"},
		{name: "send group", pattern: "POST /v1/numbers/{id}/messages/group/send", reply: "messages_group_send.json",
			call: sendGroup(&GroupMessageParams{Participants: []string{"+13000000001", "+13000000002"}, Body: "text"}),
			path: "/v1/numbers/123/messages/group/send", body: `{"participants":["+13000000001","+13000000002"],"body":"text"}`,
			want: group},
		// Media only, on the skip-inbox endpoint.
		{name: "send group media only", pattern: "POST /v1/numbers/{id}/messages/group/send", reply: "messages_group_send.json",
			call: sendGroup(&GroupMessageParams{Participants: []string{"+13000000001"}, MediaURL: []string{"https://example.com/a.png"}}),
			path: "/v1/numbers/123/messages/group/send", body: `{"participants":["+13000000001"],"mediaUrl":["https://example.com/a.png"]}`,
			want: group},
		{name: "send group in conversation", pattern: "POST /v1/numbers/{id}/messages/group/native/send", reply: "messages_group_send.json",
			call: func(c *Client) (any, *Response, error) {
				return c.Messages.SendGroupInConversation(ctx, 123, &GroupMessageParams{Participants: []string{"+13000000001", "+13000000002"}, Body: "text"})
			},
			path: "/v1/numbers/123/messages/group/native/send", body: `{"participants":["+13000000001","+13000000002"],"body":"text"}`,
			want: group},
		{name: "sms templates", pattern: "GET /v1/sms/templates", reply: "messages_sms_templates.json",
			call: func(c *Client) (any, *Response, error) {
				return c.Messages.ListSMSTemplates(ctx, &SMSTemplateListOptions{ListOptions: ListOptions{PerPage: 100}, Search: "order"})
			},
			path: "/v1/sms/templates", query: "per_page=100&search=order",
			want: []*SMSTemplate{{ID: 8821, Name: "order_update", Body: "Your order is on its way."}},
			meta: &Meta{Count: 1, Total: 1, CurrentPage: 1, PerPage: 20}},
		{name: "whatsapp templates", pattern: "GET /v1/numbers/{id}/templates", reply: "messages_whatsapp_templates.json",
			call: func(c *Client) (any, *Response, error) {
				return c.Messages.ListWhatsAppTemplates(ctx, 123, &WhatsAppTemplateListOptions{Status: "APPROVED", Category: "UTILITY", Limit: 10, Sort: "name"})
			},
			path: "/v1/numbers/123/templates", query: "category=UTILITY&limit=10&sort=name&status=APPROVED",
			want: &WhatsAppTemplatePage{
				Templates: []*WhatsAppTemplate{{ID: 1, WabaID: "123456789", Name: "order_confirmation", Category: "UTILITY", Status: "APPROVED", Language: "en"}},
				PageInfo:  PageInfo{CurrentToken: "0", NextToken: "10", TotalCount: 50},
			}},
		{name: "number whatsapp status", pattern: "GET /v1/numbers/{id}/whatsapp_status", reply: "messages_whatsapp_status.json",
			call: func(c *Client) (any, *Response, error) { return c.Numbers.WhatsAppStatus(ctx, 123) },
			path: "/v1/numbers/123/whatsapp_status",
			want: &WhatsAppStatus{WabaID: "123456789", Status: "ONLINE", CanSendMessage: true, MessagingLimitTier: "TIER_1K",
				QualityRating: "GREEN", BusinessVerificationStatus: "VERIFIED"}},
	}
	runFamilyCalls(t, calls, newAPIOpts)
}

func sentCode() *Message {
	return &Message{
		ID: "messageId", Status: "pending", DirectLink: "https://api.aircall.io/v1/numbers/123/messages/SM123",
		Direction: MessageOutbound, CreatedAt: epochMs(1722317361216), SentAt: epochMs(1722317361216),
		UpdatedAt: epochMs(1722317361216), RawDigits: "+1 300-000-0001", Body: "Your code is 1234",
	}
}

func TestMessagesSend(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	calls := []familyCall{
		{name: "send", pattern: "POST /v1/numbers/{id}/messages/send", path: "/v1/numbers/123/messages/send",
			body: `{"to":"+13000000001","body":"Your code is 1234"}`, reply: "messages_send.json",
			call: func(c *Client) (any, *Response, error) {
				return c.Messages.Send(ctx, 123, &MessageParams{To: "+13000000001", Body: "Your code is 1234"})
			}, want: sentCode()},
		// The media key the SDK sends is mediaUrl; the answer's media_url
		// is read, with ISO timestamps and a numeric id.
		{name: "send with media", pattern: "POST /v1/numbers/{id}/messages/send", path: "/v1/numbers/123/messages/send",
			body: `{"to":"+13000000001","body":"Hi, following up on your call.","mediaUrl":["https://example.com/brochure.png"]}`, reply: "messages_send_variant.json",
			call: func(c *Client) (any, *Response, error) {
				return c.Messages.Send(ctx, 123, &MessageParams{To: "+13000000001", Body: "Hi, following up on your call.", MediaURL: []string{"https://example.com/brochure.png"}})
			}, want: &Message{ID: "5551234", Status: "queued", DirectLink: "https://api.aircall.io/v1/numbers/123/messages/5551234",
				Direction: MessageOutbound, CreatedAt: instant("2024-07-30T05:29:21.216Z"), UpdatedAt: instant("2024-07-30T05:29:21.216Z"),
				RawDigits: "+1 300-000-0001", Body: "Hi, following up on your call.", MediaURL: []string{"https://example.com/brochure.png"}}},
		{name: "in conversation, attributed to an agent", pattern: "POST /v1/numbers/{id}/messages/native/send", path: "/v1/numbers/123/messages/native/send",
			body: `{"to":"+13000000001","body":"Your code is 1234","user_id":456}`, reply: "messages_send.json",
			call: func(c *Client) (any, *Response, error) {
				return c.Messages.SendInConversation(ctx, 123, &MessageParams{To: "+13000000001", Body: "Your code is 1234", UserID: 456})
			}, want: sentCode()},
		{name: "whatsapp", pattern: "POST /v1/messages/whatsapp/send", path: "/v1/messages/whatsapp/send",
			body: `{"lineId":123,"to":"+13000000001","text":"hi"}`, reply: "messages_whatsapp_send.json",
			call: func(c *Client) (any, *Response, error) {
				return c.Messages.SendWhatsApp(ctx, &WhatsAppParams{LineID: 123, To: "+13000000001", Text: "hi"})
			}, want: whatsAppHi()},
		// In conversation the recipient key is externalNumber.
		{name: "whatsapp template in conversation", pattern: "POST /v1/messages/send/whatsapp/native", path: "/v1/messages/send/whatsapp/native",
			body: `{"lineId":123,"externalNumber":"+13000000001","templateParams":{"id":"1234","body":[{"key":"{{1}}","value":"Jordan"}]}}`, reply: "messages_whatsapp_send.json",
			call: func(c *Client) (any, *Response, error) {
				return c.Messages.SendWhatsAppInConversation(ctx, &WhatsAppParams{LineID: 123, To: "+13000000001",
					TemplateParams: &WhatsAppTemplateParams{ID: "1234", Body: []WhatsAppTemplateValue{{Key: "{{1}}", Value: "Jordan"}}}})
			}, want: whatsAppHi()},
	}
	runFamilyCalls(t, calls, newAPIOpts)
}

func whatsAppHi() *Message {
	return &Message{
		ID: "wamid.HBgLMTMwMDAwMDAwMDEVAgARGBI", Status: "pending", Direction: MessageOutbound, Channel: "whatsapp",
		DirectLink: "https://api.aircall.io/v1/numbers/123/messages/wamid.HBgLMTMwMDAwMDAwMDEVAgARGBI",
		CreatedAt:  epochMs(1722317361216), SentAt: epochMs(1722317361216), UpdatedAt: epochMs(1722317361216),
		Body: "hi", WhatsAppMessageCategory: "utility", WhatsAppMessageType: "regular", RecipientCountry: "US",
	}
}

// TestMessageTimestampsAreMilliseconds checks the instant decoded from
// the epoch milliseconds of a send answer.
func TestMessageTimestampsAreMilliseconds(t *testing.T) {
	t.Parallel()
	_, c := serve(t, "POST /v1/numbers/{id}/messages/send", 200, "messages_send.json")
	m, _, err := c.Messages.Send(context.Background(), 123, &MessageParams{To: "+13000000001", Body: "Your code is 1234"})
	if err != nil {
		t.Fatal(err)
	}
	want := time.Date(2024, 7, 30, 5, 29, 21, 216_000_000, time.UTC)
	if !m.CreatedAt.Equal(want) || !m.SentAt.Equal(want) {
		t.Errorf("created_at = %v, sent_at = %v, want %v", m.CreatedAt.Time, m.SentAt.Time, want)
	}
}

func TestMessagesValidation(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	long := strings.Repeat("é", MaxMessageBody+1) // runes, not bytes
	send := paramCall(func(c *Client, p *MessageParams) error { return errOf(c.Messages.Send(ctx, 123, p)) })
	group := paramCall(func(c *Client, p *GroupMessageParams) error { return errOf(c.Messages.SendGroup(ctx, 123, p)) })
	wa := paramCall(func(c *Client, p *WhatsAppParams) error { return errOf(c.Messages.SendWhatsApp(ctx, p)) })
	runParamCases(t, []paramCase{
		{"send nil", send(nil), ""},
		{"send to not E.164", send(&MessageParams{To: "0612345678", Body: "hi"}), "to"},
		{"send to with spaces", send(&MessageParams{To: "+33 6 12 34 56 78", Body: "hi"}), "to"},
		{"send without body or media", send(&MessageParams{To: "+13000000001"}), "body"},
		{"send body too long", send(&MessageParams{To: "+13000000001", Body: long}), "body"},
		{"send media not a URL", send(&MessageParams{To: "+13000000001", MediaURL: []string{"brochure.png"}}), "mediaUrl[0]"},
		{"send with user_id", send(&MessageParams{To: "+13000000001", Body: "hi", UserID: 456}), "user_id"},
		{"in conversation body too long", func(c *Client) error {
			return errOf(c.Messages.SendInConversation(ctx, 123, &MessageParams{To: "+13000000001", Body: long}))
		}, "body"},
		{"group nil", group(nil), ""},
		{"group without participants", group(&GroupMessageParams{Body: "hi"}), "participants"},
		{"group participant not E.164", group(&GroupMessageParams{Participants: []string{"+13000000001", "13000000002"}, Body: "hi"}), "participants[1]"},
		{"group without body", group(&GroupMessageParams{Participants: []string{"+13000000001"}}), "body"},
		{"group in conversation with media", func(c *Client) error {
			return errOf(c.Messages.SendGroupInConversation(ctx, 123, &GroupMessageParams{Participants: []string{"+13000000001"}, Body: "hi", MediaURL: []string{"https://example.com/a.png"}}))
		}, "mediaUrl"},
		{"whatsapp nil", wa(nil), ""},
		{"whatsapp without line", wa(&WhatsAppParams{To: "+13000000001", Text: "hi"}), "lineId"},
		{"whatsapp text and template", wa(&WhatsAppParams{LineID: 1, To: "+13000000001", Text: "hi", TemplateParams: &WhatsAppTemplateParams{ID: "1"}}), "text"},
		{"whatsapp neither text nor template", wa(&WhatsAppParams{LineID: 1, To: "+13000000001"}), "text"},
		{"whatsapp text too long", wa(&WhatsAppParams{LineID: 1, To: "+13000000001", Text: strings.Repeat("a", MaxWhatsAppText+1)}), "text"},
		{"whatsapp template without id", wa(&WhatsAppParams{LineID: 1, To: "+13000000001", TemplateParams: &WhatsAppTemplateParams{}}), "templateParams.id"},
		{"whatsapp to not E.164", wa(&WhatsAppParams{LineID: 1, To: "13000000001", Text: "hi"}), "to"},
		{"whatsapp in conversation recipient", func(c *Client) error {
			return errOf(c.Messages.SendWhatsAppInConversation(ctx, &WhatsAppParams{LineID: 1, To: "", Text: "hi"}))
		}, "externalNumber"},
		{"configuration nil", func(c *Client) error { return errOf(c.Messages.CreateConfiguration(ctx, 1, nil)) }, ""},
		{"configuration callback not https", func(c *Client) error {
			return errOf(c.Messages.CreateConfiguration(ctx, 1, &MessagingConfigurationParams{CallbackURL: "http://example.com/cb"}))
		}, "callbackUrl"},
		{"sms templates per_page", func(c *Client) error {
			return errOf(c.Messages.ListSMSTemplates(ctx, &SMSTemplateListOptions{ListOptions: ListOptions{PerPage: 101}}))
		}, "per_page"},
		{"all sms templates per_page", func(c *Client) error {
			for _, err := range c.Messages.AllSMSTemplates(ctx, &SMSTemplateListOptions{ListOptions: ListOptions{PerPage: 500}}) {
				return err
			}
			return nil
		}, "per_page"},
		{"whatsapp templates limit", func(c *Client) error {
			return errOf(c.Messages.ListWhatsAppTemplates(ctx, 1, &WhatsAppTemplateListOptions{Limit: -1}))
		}, "limit"},
	})
}

// TestMessagesSendNotRetried checks that a send (a POST without an
// idempotency key) is not sent again after a 5xx.
func TestMessagesSendNotRetried(t *testing.T) {
	t.Parallel()
	ts, c := serve(t, "POST /v1/numbers/{id}/messages/send", 502, `{"message":"Bad Gateway"}`)
	_, _, err := c.Messages.Send(context.Background(), 123, &MessageParams{To: "+13000000001", Body: "Your code is 1234"})
	if !errors.Is(err, ErrOutcomeUnknown) {
		t.Errorf("err = %v, want ErrOutcomeUnknown", err)
	}
	ts.expectRequestCount(t, 1)
}

func TestMessagesAllSMSTemplates(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	ts, c := servePages(t, "GET /v1/sms/templates",
		`{"templates":[{"id":1,"name":"a","body":"A"},{"id":2,"name":"b","body":"B"}],"meta":{"count":2,"total":3,"current_page":1,"per_page":2,"next_page_link":"https://api.aircall.io/v1/sms/templates?page=2&per_page=2"}}`,
		`{"templates":[{"id":3,"name":"c","body":"C"}],"meta":{"count":1,"total":3,"current_page":2,"per_page":2,"next_page_link":null}}`)
	all := collect(t, c.Messages.AllSMSTemplates(ctx, &SMSTemplateListOptions{ListOptions: ListOptions{PerPage: 2}, Search: "x"}))
	checkDiff(t, "all templates", []*SMSTemplate{{ID: 1, Name: "a", Body: "A"}, {ID: 2, Name: "b", Body: "B"}, {ID: 3, Name: "c", Body: "C"}}, all)
	checkDiff(t, "queries", []string{"page=1&per_page=2&search=x", "page=2&per_page=2&search=x"}, ts.rawQueries())
}

func TestMessagesAllWhatsAppTemplates(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pages := map[string]string{
		"":   `{"templates":[{"id":1,"name":"a"},{"id":2,"name":"b"}],"pageInfo":{"currentToken":0,"nextToken":2,"totalCount":5}}`,
		"2":  `{"templates":[{"id":3,"name":"c"},{"id":4,"name":"d"}],"pageInfo":{"currentToken":2,"nextToken":"4","totalCount":5}}`,
		"4":  `{"templates":[{"id":5,"name":"e"}],"pageInfo":{"currentToken":4,"nextToken":null,"totalCount":5}}`,
		"r0": `{"templates":[{"id":1,"name":"a"}],"pageInfo":{"currentToken":"r0","nextToken":"r1"}}`,
		"r1": `{"templates":[{"id":2,"name":"b"}],"pageInfo":{"currentToken":"r1","nextToken":"r0"}}`,
	}
	ts := newTestServer(t)
	ts.handle("GET /v1/numbers/{id}/templates", func(w http.ResponseWriter, r *http.Request) {
		body, ok := pages[r.URL.Query().Get("token")]
		if !ok {
			http.Error(w, `{"error":"Bad Request"}`, http.StatusBadRequest)
			return
		}
		fmt.Fprint(w, body)
	})
	c := ts.client(t)
	var names []string
	for _, tpl := range collect(t, c.Messages.AllWhatsAppTemplates(ctx, 123, &WhatsAppTemplateListOptions{Status: "APPROVED"})) {
		names = append(names, tpl.Name)
	}
	checkDiff(t, "templates", []string{"a", "b", "c", "d", "e"}, names)
	checkDiff(t, "queries", []string{"status=APPROVED", "status=APPROVED&token=2", "status=APPROVED&token=4"}, ts.rawQueries())

	// A server that points back at a cursor already read ends the
	// iteration instead of looping.
	got := collect(t, c.Messages.AllWhatsAppTemplates(ctx, 123, &WhatsAppTemplateListOptions{Token: "r0"}))
	if len(got) != 2 {
		t.Errorf("looping cursor: %d templates, want 2", len(got))
	}

	// An error ends the iteration with that error.
	var gotErr error
	for _, err := range c.Messages.AllWhatsAppTemplates(ctx, 123, &WhatsAppTemplateListOptions{Token: "bogus"}) {
		gotErr = err
	}
	if !errors.Is(gotErr, ErrValidation) {
		t.Errorf("err = %v, want the 400", gotErr)
	}
}

func TestNumbersRegistrationStatus(t *testing.T) {
	t.Parallel()
	ts, c := serve(t, "GET /v1/numbers/{id}/registration_status", 200, "messages_registration_status.json")
	got, _, err := c.Numbers.RegistrationStatus(context.Background(), 123)
	if err != nil {
		t.Fatal(err)
	}
	ts.expectRequest(t, http.MethodGet, "/v1/numbers/123/registration_status", "", "")
	if got.Status != "APPROVED" {
		t.Errorf("Status = %q", got.Status)
	}
	var raw struct {
		CampaignID string `json:"campaign_id"`
		Brand      struct {
			Status string `json:"status"`
		} `json:"brand"`
	}
	if err := json.Unmarshal(got.Raw, &raw); err != nil || raw.CampaignID != "CX7K2L9" || raw.Brand.Status != "VERIFIED" {
		t.Errorf("Raw = %s (%v)", got.Raw, err)
	}

	// A status that is not a string stays in Raw only.
	_, c = serve(t, "GET /v1/numbers/{id}/registration_status", 200, `{"status":{"brand":"PENDING"}}`)
	got, _, err = c.Numbers.RegistrationStatus(context.Background(), 123)
	if err != nil || got.Status != "" || !sameJSON(t, string(got.Raw), `{"status":{"brand":"PENDING"}}`) {
		t.Errorf("RegistrationStatus = %+v, %v", got, err)
	}
}

func TestMessageDecodesLeniently(t *testing.T) {
	t.Parallel()
	var m Message
	body := `{"id":"m1","body":"hello","created_at":{"seconds":1},"number":{"id":1,"name":"Support"},"media_details":[{"file_name":"a.png","file_type":"image/png","presigned_url":"https://x"}]}`
	if err := json.Unmarshal([]byte(body), &m); err != nil {
		t.Fatal(err)
	}
	want := Message{ID: "m1", Body: "hello", Number: &Number{ID: 1, Name: "Support"},
		MediaDetails: []*MediaDetail{{FileName: "a.png", FileType: "image/png", PresignedURL: "https://x"}}}
	checkDiff(t, "message", want, m, newAPIOpts)
	if !sameJSON(t, string(m.Raw), body) {
		t.Errorf("Raw = %s", m.Raw)
	}
}

func TestMessagesWhatsAppTemplatePages(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pages := map[string]string{
		"":  `{"templates":[{"id":1,"name":"a"},{"id":2,"name":"b"}],"pageInfo":{"currentToken":0,"nextToken":2,"totalCount":3}}`,
		"2": `{"templates":[{"id":3,"name":"c"}],"pageInfo":{"currentToken":2,"nextToken":null,"totalCount":3}}`,
	}
	ts := newTestServer(t)
	ts.handle("GET /v1/numbers/{id}/templates", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Page", r.URL.Query().Get("token"))
		fmt.Fprint(w, pages[r.URL.Query().Get("token")])
	})
	c := ts.client(t)
	type view struct {
		Names       []string
		Next        Cursor
		Status      int
		HeaderToken string
	}
	var got []view
	for page, err := range c.Messages.WhatsAppTemplatePages(ctx, 123, nil) {
		if err != nil {
			t.Fatal(err)
		}
		v := view{Next: page.PageInfo.NextToken}
		for _, tpl := range page.Templates {
			v.Names = append(v.Names, tpl.Name)
		}
		if page.Response != nil {
			v.Status, v.HeaderToken = page.Response.StatusCode, page.Response.Header.Get("X-Page")
		}
		got = append(got, v)
	}
	want := []view{{[]string{"a", "b"}, "2", 200, ""}, {[]string{"c"}, "", 200, "2"}}
	checkDiff(t, "pages", want, got)

	// A break after the first page sends no second request, and the saved
	// NextToken resumes there.
	before := len(ts.all())
	var next Cursor
	for page := range c.Messages.WhatsAppTemplatePages(ctx, 123, nil) {
		next = page.PageInfo.NextToken
		break
	}
	if n := len(ts.all()) - before; n != 1 {
		t.Errorf("break after one page: %d requests, want 1", n)
	}
	var resumed []string
	for _, tpl := range collect(t, c.Messages.AllWhatsAppTemplates(ctx, 123, &WhatsAppTemplateListOptions{Token: string(next)})) {
		resumed = append(resumed, tpl.Name)
	}
	if d := diff([]string{"c"}, resumed); d != "" {
		t.Errorf("resumed at %q (-want +got):\n%s", next, d)
	}
}
