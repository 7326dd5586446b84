package aircalltest

import (
	"errors"
	"fmt"
	"testing"
	"time"

	aircall "github.com/seed1279ea27/aircall-go"
)

var messageEvents = []aircall.Event{aircall.EventMessageSent, aircall.EventGroupMessageSent, aircall.EventMessageReceived}

// TestMessagingRoundTrip: skip-inbox sends need a number configuration
// (Proxy mode) and fire no webhook; in-conversation sends from a
// Native-mode line fire message.sent and group_message.sent; timestamps
// are epoch milliseconds.
func TestMessagingRoundTrip(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 3, 9, 35, 0, 520_000_000, time.UTC)
	s, c, ctx := start(t, WithDemoData(), WithClock(func() time.Time { return now }))
	rcv, token := subscribe(t, s, messageEvents...)
	fr, us := DemoNumberFrance, DemoNumberUS

	_, _, err := c.Messages.Send(ctx, fr, &aircall.MessageParams{To: "+13000000001", Body: "too early"})
	if !errors.Is(err, aircall.ErrValidation) {
		t.Fatalf("Send without a configuration: %v, want a 400", err)
	}
	cfg, _, err := c.Messages.CreateConfiguration(ctx, fr, &aircall.MessagingConfigurationParams{CallbackURL: "https://example.com/aircall/sms", Type: "whatsapp"})
	must(t, err)
	if cfg.Token == "" || cfg.CallbackURL != "https://example.com/aircall/sms" || cfg.Type != "Public Api" {
		t.Errorf("CreateConfiguration = %+v", cfg)
	}
	got, _, err := c.Messages.GetConfiguration(ctx, fr)
	must(t, err)
	wantEqual(t, "GetConfiguration", cfg, got)

	m, _, err := c.Messages.Send(ctx, fr, &aircall.MessageParams{To: "+13000000001", Body: "Your code is 1234"})
	must(t, err)
	if m.ID == "" || m.Status != "pending" || m.Direction != "outbound" || m.Body != "Your code is 1234" || m.RawDigits != "+13000000001" {
		t.Errorf("Send = %+v", m)
	}
	if !m.CreatedAt.Time.Equal(now) || m.CreatedAt.Form != aircall.FormUnixMillis || !m.SentAt.Time.Equal(now) {
		t.Errorf("created_at %v (form %d), want %v in epoch milliseconds", m.CreatedAt.Time, m.CreatedAt.Form, now)
	}
	g, _, err := c.Messages.SendGroup(ctx, fr, &aircall.GroupMessageParams{Participants: []string{"+13000000001", "+13000000002"}, MediaURL: []string{"https://example.com/a.png"}})
	must(t, err)
	if g.ID == "" || g.GroupConversationID == "" || len(g.Participants) != 2 || len(g.MediaURL) != 1 {
		t.Errorf("SendGroup = %+v", g)
	}
	if _, _, err := c.Messages.SendWhatsApp(ctx, &aircall.WhatsAppParams{LineID: fr, To: "+13000000001",
		TemplateParams: &aircall.WhatsAppTemplateParams{ID: "1234", Body: []aircall.WhatsAppTemplateValue{{Key: "{{1}}", Value: "Jordan"}}}}); err != nil {
		t.Errorf("SendWhatsApp: %v", err)
	}
	// In conversation from the Proxy-mode line: accepted, no webhook.
	if _, _, err := c.Messages.SendInConversation(ctx, fr, &aircall.MessageParams{To: "+13000000001", Body: "proxy line"}); err != nil {
		t.Errorf("SendInConversation on a proxy line: %v", err)
	}

	// Native-mode line: events.
	nm, _, err := c.Messages.SendInConversation(ctx, us, &aircall.MessageParams{To: "+34768776683", Body: "Hi, following up on your call."})
	must(t, err)
	ng, _, err := c.Messages.SendGroupInConversation(ctx, us, &aircall.GroupMessageParams{Participants: []string{"+13000000001", "+13000000002"}, Body: "Team lunch"})
	must(t, err)
	again, _, err := c.Messages.SendGroupInConversation(ctx, us, &aircall.GroupMessageParams{Participants: []string{"+13000000002", "+13000000001"}, Body: "Again"})
	must(t, err)
	if again.GroupConversationID != ng.GroupConversationID || again.ID == ng.ID {
		t.Errorf("the same participants: conversation %s then %s, ids %s then %s", ng.GroupConversationID, again.GroupConversationID, ng.ID, again.ID)
	}
	wa, _, err := c.Messages.SendWhatsAppInConversation(ctx, &aircall.WhatsAppParams{LineID: us, To: "+13000000001", Text: "hi"})
	must(t, err)
	inID, err := s.SimulateInboundMessage(us, "+34768776683", "Thanks!")
	must(t, err)
	if _, err := s.SimulateInboundMessage(fr, "+34768776683", "to the proxy line"); err != nil { // no webhook
		t.Fatal(err)
	}

	evs := parsed(t, s, rcv, token)
	wantEqual(t, "events", []aircall.Event{aircall.EventMessageSent, aircall.EventGroupMessageSent, aircall.EventGroupMessageSent,
		aircall.EventMessageSent, aircall.EventMessageReceived}, eventNames(evs))
	if len(evs) != 5 {
		t.FailNow()
	}
	sent := evs[0].Message()
	if sent == nil || sent.ID != nm.ID || sent.Origin != "native" || sent.Channel != "" || sent.Number == nil || sent.Number.ID != us ||
		sent.Contact == nil || sent.Contact.ID != DemoContactMargaret || !sent.CreatedAt.Time.Equal(now) {
		t.Errorf("message.sent = %+v", sent)
	}
	if gm := evs[1].GroupMessage(); gm == nil || gm.ID != ng.ID || gm.GroupConversationID != ng.GroupConversationID || gm.Body != "Team lunch" {
		t.Errorf("group_message.sent = %+v", gm)
	}
	if w := evs[3].Message(); w == nil || w.ID != wa.ID || w.Channel != "whatsapp" || w.Contact != nil {
		t.Errorf("WhatsApp message.sent = %+v", w)
	}
	if in := evs[4].Message(); in == nil || string(in.ID) != inID || in.Direction != "inbound" || in.ExternalNumber != "+34768776683" ||
		in.Contact == nil || in.Contact.ID != DemoContactMargaret || !in.CreatedAt.Time.Equal(now) || in.CreatedAt.Form != aircall.FormISOMillis {
		t.Errorf("message.received = %+v", in)
	}

	if _, err := c.Messages.DeleteConfiguration(ctx, fr); err != nil {
		t.Fatalf("DeleteConfiguration: %v", err)
	}
	if _, _, err := c.Messages.GetConfiguration(ctx, fr); !errors.Is(err, aircall.ErrNotFound) {
		t.Errorf("GetConfiguration after delete: %v, want ErrNotFound", err)
	}
	if _, _, err := c.Messages.SendInConversation(ctx, 999, &aircall.MessageParams{To: "+13000000001", Body: "x"}); !errors.Is(err, aircall.ErrNotFound) {
		t.Errorf("unknown number: %v, want ErrNotFound", err)
	}
}

// TestSendValidation: the server's 400s for what the SDK would refuse
// locally (sent raw), in the six-key shape.
func TestSendValidation(t *testing.T) {
	t.Parallel()
	s := newServer(t, WithDemoData())
	for _, req := range []string{
		`POST /v1/numbers/2345/messages/native/send {"to":"0612345678","body":"x"}`,
		`POST /v1/numbers/2345/messages/native/send {"to":"+13000000001"}`,
		`POST /v1/numbers/2345/messages/native/send {"to":"+13000000001","body":"` + fmt.Sprintf("%01601d", 0) + `"}`,
		`POST /v1/numbers/2345/messages/group/native/send {"participants":[],"body":"x"}`,
		`POST /v1/numbers/2345/messages/group/native/send {"participants":["+13000000001"],"mediaUrl":["https://example.com/a.png"]}`,
		`POST /v1/messages/send/whatsapp/native {"lineId":2345,"to":"+13000000001","text":"recipient key is externalNumber"}`,
		`POST /v1/messages/whatsapp/send {"lineId":2345,"to":"+13000000001"}`,
		`POST /v1/numbers/2345/messages/configuration {"callbackUrl":"not a url"}`,
	} {
		status, b := wireDo(t, s, req, "", nil)
		var e badRequestBody
		mustJSON(t, b, &e)
		if status != 400 || e.Troubleshoot != "BAD_REQUEST" || e.Errors == "" {
			t.Errorf("%s: %d %s, want the 400", req, status, b)
		}
	}
}

// TestTemplatesAndNumberStatus: SMS templates page up to 100, WhatsApp
// templates follow pageInfo cursors, and the number status endpoints
// answer camelCase at the top level.
func TestTemplatesAndNumberStatus(t *testing.T) {
	t.Parallel()
	s, c, ctx := start(t, WithDemoData())
	for i := range 117 {
		s.AddSMSTemplate(fmt.Sprintf("tpl_%03d", i), fmt.Sprintf("Body %d", i))
	}
	// per_page=100 is sent raw: the SDK's pager still caps per_page at 50.
	var big struct {
		Templates []*aircall.SMSTemplate `json:"templates"`
		Meta      aircall.Meta           `json:"meta"`
	}
	status, b := wireDo(t, s, "GET /v1/sms/templates?per_page=100", "", nil)
	mustJSON(t, b, &big)
	if status != 200 || len(big.Templates) != 100 || big.Meta.PerPage != 100 || big.Meta.Total != 120 {
		t.Errorf("per_page=100: %d, %d items, meta %+v", status, len(big.Templates), big.Meta)
	}
	page, resp, err := c.Messages.ListSMSTemplates(ctx, nil)
	must(t, err)
	if len(page) != 20 || resp.Meta == nil || resp.Meta.Total != 120 {
		t.Errorf("ListSMSTemplates: %d items, meta %+v", len(page), resp.Meta)
	}
	if page[0].Name != "order_update" || page[0].Body != "Your order is on its way." {
		t.Errorf("first template %+v, want the demo's order_update", page[0])
	}
	n := 0
	for _, err := range c.Messages.AllSMSTemplates(ctx, nil) {
		must(t, err)
		n++
	}
	if n != 120 {
		t.Errorf("AllSMSTemplates: %d, want 120", n)
	}
	found, _, err := c.Messages.ListSMSTemplates(ctx, &aircall.SMSTemplateListOptions{Search: "APPOINTMENT"})
	must(t, err)
	if len(found) != 1 || found[0].Name != "appointment_reminder" {
		t.Errorf("search: %+v", found)
	}

	first, _, err := c.Messages.ListWhatsAppTemplates(ctx, DemoNumberFrance, &aircall.WhatsAppTemplateListOptions{Limit: 2})
	must(t, err)
	wantEqual(t, "first pageInfo", aircall.PageInfo{CurrentToken: "0", NextToken: "2", TotalCount: 5}, first.PageInfo)
	var names []string
	for tpl, err := range c.Messages.AllWhatsAppTemplates(ctx, DemoNumberFrance, &aircall.WhatsAppTemplateListOptions{Limit: 2, Status: "APPROVED"}) {
		must(t, err)
		names = append(names, tpl.Name)
	}
	wantEqual(t, "approved templates", []string{"order_confirmation", "shipping_update", "spring_sale", "login_code"}, names)
	all, _, err := c.Messages.ListWhatsAppTemplates(ctx, DemoNumberUS, nil)
	must(t, err)
	if len(all.Templates) != 5 || all.PageInfo.NextToken != "" || all.PageInfo.TotalCount != 5 {
		t.Errorf("ListWhatsAppTemplates without options (default limit 10): %d templates, %+v", len(all.Templates), all.PageInfo)
	}

	ws, _, err := c.Numbers.WhatsAppStatus(ctx, DemoNumberFrance)
	must(t, err)
	if ws.WabaID == "" || ws.Status != "ONLINE" || !ws.CanSendMessage || ws.QualityRating != "GREEN" {
		t.Errorf("WhatsAppStatus = %+v", ws)
	}
	rs, _, err := c.Numbers.RegistrationStatus(ctx, DemoNumberUS)
	must(t, err)
	if rs.Status != "APPROVED" || len(rs.Raw) == 0 {
		t.Errorf("RegistrationStatus = %+v", rs)
	}
	if _, _, err := c.Numbers.WhatsAppStatus(ctx, 999); !errors.Is(err, aircall.ErrNotFound) {
		t.Errorf("unknown number: %v, want ErrNotFound", err)
	}
}

// TestProxyCallbacks: a Proxy-mode line reports its sends and inbound
// messages to the configuration's callbackUrl (event_name, a millisecond
// timestamp, the configuration's token), never as webhooks.
func TestProxyCallbacks(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 3, 9, 35, 0, 520_000_000, time.UTC)
	s, c, ctx := start(t, WithDemoData(), WithClock(func() time.Time { return now }))
	hooks, token := subscribe(t, s, messageEvents...)
	cb := newReceiver(t)
	cfg, _, err := c.Messages.CreateConfiguration(ctx, DemoNumberFrance, &aircall.MessagingConfigurationParams{CallbackURL: cb.URL + "/sms"})
	must(t, err)
	m, _, err := c.Messages.Send(ctx, DemoNumberFrance, &aircall.MessageParams{To: "+13000000001", Body: "Your code is 1234"})
	must(t, err)
	g, _, err := c.Messages.SendGroup(ctx, DemoNumberFrance, &aircall.GroupMessageParams{Participants: []string{"+13000000001"}, Body: "hi all"})
	must(t, err)
	in, err := s.SimulateInboundMessage(DemoNumberFrance, "+13000000001", "STOP")
	must(t, err)

	if evs := parsed(t, s, hooks, token); len(evs) != 0 {
		t.Errorf("webhooks from a proxy line: %v", eventNames(evs))
	}
	got := cb.events(t)
	var summary [][3]any
	for _, e := range got {
		d, _ := e["data"].(map[string]any)
		summary = append(summary, [3]any{e["event_name"], e["token"], d["id"]})
		if e["timestamp"] != float64(now.UnixMilli()) {
			t.Errorf("%v: timestamp %v, want %d (ms)", e["event_name"], e["timestamp"], now.UnixMilli())
		}
	}
	wantEqual(t, "callbacks", [][3]any{
		{"message.updated", cfg.Token, string(m.ID)},
		{"message.updated", cfg.Token, string(g.ID)},
		{"message.received", cfg.Token, in},
	}, summary)
}
