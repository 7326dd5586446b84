package aircalltest

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	aircall "github.com/seed1279ea27/aircall-go"
)

// Messaging: number configurations (proxy mode), SMS/MMS, group and
// WhatsApp sends, SMS and WhatsApp templates, WhatsApp and registration
// status. Send answers are the message at the top level with epoch
// millisecond timestamps. A number with a configuration is a Proxy-mode
// line: its skip-inbox sends are accepted and, as Aircall documents, no
// messaging webhook fires for it. A number without one is a Native-mode
// line: skip-inbox sends are refused with a 400 (the real status is not
// documented), and its in-conversation sends fire message.sent or
// group_message.sent, then message.status_updated or
// group_message.status_updated (status delivered). A Proxy-mode line's sends are followed by a
// message.updated callback (status sent) to the configuration's
// callbackUrl: {"event_name", "timestamp" (ms), "token", "data"}, sent
// once, never retried.

type msgConfigRec struct {
	token, callbackURL string
}

type msgConfigWire struct {
	Token       string `json:"token"`
	CallbackURL string `json:"callbackUrl"`
	Type        string `json:"type"`
}

type smsTemplateRec struct {
	ID   aircall.ID `json:"id"`
	Name string     `json:"name"`
	Body string     `json:"body"`
}

// sentWire is what every send answer carries after its id.
type sentWire struct {
	Status     string            `json:"status"`
	DirectLink string            `json:"direct_link"`
	Direction  string            `json:"direction"`
	CreatedAt  aircall.Timestamp `json:"created_at"`
	SentAt     aircall.Timestamp `json:"sent_at"`
	UpdatedAt  aircall.Timestamp `json:"updated_at"`
}

// messageWire is a message as send answers carry it.
type messageWire struct {
	ID string `json:"id"`
	sentWire
	RawDigits string   `json:"raw_digits"`
	Body      string   `json:"body"`
	MediaURL  []string `json:"media_url,omitempty"`
}

// messageNumberWire is the number of a message event.
type messageNumberWire struct {
	ID                 aircall.ID           `json:"id"`
	Name               string               `json:"name"`
	Digits             string               `json:"digits"`
	Country            string               `json:"country"`
	TimeZone           string               `json:"time_zone"`
	AvailabilityStatus aircall.NumberStatus `json:"availability_status"`
}

// messageHeadWire is the first keys of the data of message.* events.
type messageHeadWire struct {
	ID             string  `json:"id"`
	DirectLink     string  `json:"direct_link"`
	Direction      string  `json:"direction"`
	ExternalNumber string  `json:"external_number"`
	Body           string  `json:"body"`
	Status         string  `json:"status"`
	Channel        *string `json:"channel"`
}

// messageEnds returns the number n and the contact whose phone is peer
// (nil when none) as message.* events carry them.
func (st *state) messageEnds(n *numberRec, peer string) (*messageNumberWire, *contactWire) {
	var contact *contactWire
	if ct, ok := st.contacts[st.contactByPhone(peer)]; ok {
		contact = st.contactView(ct)
	}
	return &messageNumberWire{ID: n.n.ID, Name: n.n.Name, Digits: n.n.Digits, Country: n.n.Country, TimeZone: n.n.TimeZone,
		AvailabilityStatus: n.n.AvailabilityStatus}, contact
}

// messageEventWire is the data of message.* events.
type messageEventWire struct {
	messageHeadWire
	Origin       string             `json:"origin"`
	MediaDetails []any              `json:"media_details"`
	CreatedAt    aircall.Timestamp  `json:"created_at"`
	SentAt       aircall.Timestamp  `json:"sent_at"`
	UpdatedAt    aircall.Timestamp  `json:"updated_at"`
	Number       *messageNumberWire `json:"number"`
	Contact      *contactWire       `json:"contact"`
}

// groupMessageWire is a group send answer; groupEventWire the data of
// group_message.* events (id instead of group_message_id).
type groupMessageWire struct {
	GroupMessageID string `json:"group_message_id"`
	sentWire
	GroupConversationID string   `json:"group_conversation_id"`
	Participants        []string `json:"participants"`
	MediaURL            []string `json:"media_url"`
	Body                string   `json:"body"`
}

// groupEventWire has the keys of the addendum's group_message example; its
// participants keep their "+" (the example has none, the REST answers
// have it) and created_at is in epoch milliseconds, like the send answer.
type groupEventWire struct {
	ID                  string            `json:"id"`
	GroupConversationID string            `json:"group_conversation_id"`
	Participants        []string          `json:"participants"`
	Body                string            `json:"body"`
	Status              string            `json:"status"`
	CreatedAt           aircall.Timestamp `json:"created_at"`
}

// sendBody is every send's body; media is read from mediaUrl or media_url
// (the request key is disputed).
type sendBody struct {
	To             string   `json:"to"`
	ExternalNumber string   `json:"externalNumber"`
	Body           string   `json:"body"`
	Text           string   `json:"text"`
	MediaURL       []string `json:"mediaUrl"`
	MediaURLSnake  []string `json:"media_url"`
	Participants   []string `json:"participants"`
	LineID         optID    `json:"lineId"`
	TemplateParams *struct {
		ID   string `json:"id"`
		Body []struct {
			Key   string `json:"key"`
			Value string `json:"value"`
		} `json:"body"`
	} `json:"templateParams"`
}

// optID is an ID sent as a number or a numeric string.
type optID struct{ optString }

func (o optID) id() aircall.ID {
	n, err := strconv.ParseInt(o.value, 10, 64)
	if err != nil || n <= 0 {
		return 0
	}
	return aircall.ID(n)
}

// ---- configuration ----

func (s *Server) createMsgConfig(w http.ResponseWriter, r *http.Request) {
	var b struct {
		CallbackURL string `json:"callbackUrl"`
		Type        string `json:"type"`
	}
	if !decodeBody(w, r, &b, badRequest) {
		return
	}
	if u, err := url.Parse(b.CallbackURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		badRequest(w, "callbackUrl must be an absolute http(s) URL")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	n := s.number(w, r)
	if n == nil {
		return
	}
	c := &msgConfigRec{token: randHex(16), callbackURL: b.CallbackURL}
	s.st.msgConfigs[n.n.ID] = c
	writeJSON(w, http.StatusOK, msgConfigWire{Token: c.token, CallbackURL: c.callbackURL, Type: "Public Api"})
}

// msgConfigRoute finds the number and its configuration, or answers 404.
func (s *Server) msgConfigRoute(answer func(w http.ResponseWriter, id aircall.ID, c *msgConfigRec)) http.HandlerFunc {
	return recordRoute(s, s.number, func(w http.ResponseWriter, _ *http.Request, n *numberRec) {
		c, ok := s.st.msgConfigs[n.n.ID]
		if !ok {
			notFound(w, "Messaging configuration of number "+n.n.ID.String())
			return
		}
		answer(w, n.n.ID, c)
	})
}

func (s *Server) getMsgConfig(w http.ResponseWriter, _ aircall.ID, c *msgConfigRec) {
	writeJSON(w, http.StatusOK, msgConfigWire{Token: c.token, CallbackURL: c.callbackURL, Type: "Public Api"})
}

func (s *Server) deleteMsgConfig(w http.ResponseWriter, id aircall.ID, _ *msgConfigRec) {
	delete(s.st.msgConfigs, id)
	writeEmpty(w, http.StatusNoContent)
}

// ---- sends ----

// sendKind says which send endpoint is answered.
type sendKind struct {
	native, group, whatsapp bool
}

// checkSend validates a send body as kind's endpoint does; it returns the
// recipient (or "" for groups), the text and the media, or the 400's text.
func checkSend(k sendKind, b *sendBody) (to, text string, media []string, problem string) {
	media = append(b.MediaURL, b.MediaURLSnake...)
	text = b.Body
	switch {
	case k.whatsapp:
		to, text = b.To, b.Text
		if k.native {
			to = b.ExternalNumber
		}
		field := map[bool]string{false: "to", true: "externalNumber"}[k.native]
		switch {
		case b.LineID.id() == 0:
			return "", "", nil, "lineId is required"
		case !isE164(to):
			return "", "", nil, field + " must be an E.164 number"
		case (b.Text == "") == (b.TemplateParams == nil):
			return "", "", nil, "exactly one of text and templateParams is required"
		case utf8.RuneCountInString(b.Text) > aircall.MaxWhatsAppText:
			return "", "", nil, "text must be at most 4096 characters"
		case b.TemplateParams != nil && blank(b.TemplateParams.ID):
			return "", "", nil, "templateParams.id is required"
		}
		if b.TemplateParams != nil {
			text = "[template " + b.TemplateParams.ID + "]"
		}
		return to, text, nil, ""
	case k.group:
		if len(b.Participants) == 0 {
			return "", "", nil, "participants must list at least one number"
		}
		for _, p := range b.Participants {
			if !isE164(p) {
				return "", "", nil, "participants must be E.164 numbers, got " + strconv.Quote(p)
			}
		}
		if k.native && len(media) > 0 {
			return "", "", nil, "mediaUrl is not accepted in conversation"
		}
	default:
		if !isE164(b.To) {
			return "", "", nil, "to must be an E.164 number"
		}
		to = b.To
	}
	switch {
	case text == "" && (len(media) == 0 || k.native && k.group):
		return "", "", nil, "body is required"
	case utf8.RuneCountInString(text) > aircall.MaxMessageBody:
		return "", "", nil, "body must be at most 1600 characters"
	}
	return to, text, media, ""
}

// sendRoute answers one of the six send endpoints.
func (s *Server) sendRoute(k sendKind) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var b sendBody
		if !decodeBody(w, r, &b, badRequest) {
			return
		}
		to, text, media, problem := checkSend(k, &b)
		if problem != "" {
			badRequest(w, problem)
			return
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		var n *numberRec
		if k.whatsapp {
			if n = s.st.numbers[b.LineID.id()]; n == nil {
				notFound(w, "Number")
				return
			}
		} else if n = s.number(w, r); n == nil {
			return
		}
		cfg, proxy := s.st.msgConfigs[n.n.ID]
		if !k.native && !proxy {
			badRequest(w, "number "+n.n.ID.String()+" has no messaging configuration: create one before sending outside the inbox")
			return
		}
		now := s.now()
		ms := aircall.UnixMilli(now.UnixMilli())
		id := strconv.FormatInt(now.UnixMilli(), 10) + randHex(8)
		link := s.st.link("numbers", n.n.ID) + "/messages/" + id
		fire := k.native && !proxy // messaging webhooks fire for Native-mode lines only
		head := sentWire{Status: "pending", DirectLink: link, Direction: "outbound", CreatedAt: ms, SentAt: ms, UpdatedAt: ms}
		if k.group {
			g := &groupMessageWire{GroupMessageID: newUUID(), sentWire: head, GroupConversationID: groupConversation(n.n.ID, b.Participants),
				Participants: b.Participants, MediaURL: append([]string{}, media...), Body: text}
			ev := &groupEventWire{ID: g.GroupMessageID, GroupConversationID: g.GroupConversationID,
				Participants: g.Participants, Body: text, Status: "sent", CreatedAt: ms}
			if fire {
				s.emit(aircall.EventGroupMessageSent, ev)
				delivered := *ev
				delivered.Status = "delivered"
				s.emit(aircall.EventGroupMessageStatusUpdated, &delivered)
			} else if proxy {
				s.callback(cfg, "message.updated", ev)
			}
			writeJSON(w, http.StatusOK, g)
			return
		}
		if fire {
			var channel *string
			if k.whatsapp {
				channel = nullable("whatsapp")
			}
			number, contact := s.st.messageEnds(n, to)
			sent := &messageEventWire{messageHeadWire: messageHeadWire{ID: id, DirectLink: link, Direction: "outbound", ExternalNumber: to,
				Body: text, Status: "sent", Channel: channel}, Origin: "native", MediaDetails: []any{}, CreatedAt: ms, SentAt: ms, UpdatedAt: ms,
				Number: number, Contact: contact}
			s.emit(aircall.EventMessageSent, sent)
			delivered := *sent
			delivered.Status = "delivered"
			s.emit(aircall.EventMessageStatusUpdated, &delivered)
		}
		m := &messageWire{ID: id, sentWire: head, RawDigits: to, Body: text, MediaURL: media}
		if proxy {
			sent := *m
			sent.Status = "sent"
			s.callback(cfg, "message.updated", &sent)
		}
		writeJSON(w, http.StatusOK, m)
	}
}

// groupConversation is the id of the group conversation of a number with
// participants, the same for the same set.
func groupConversation(number aircall.ID, participants []string) string {
	p := slices.Sorted(slices.Values(participants))
	sum := sha256.Sum256([]byte(number.String() + ":" + strings.Join(p, ",")))
	h := hex.EncodeToString(sum[:16])
	return h[0:8] + "-" + h[8:12] + "-4" + h[13:16] + "-8" + h[17:20] + "-" + h[20:32]
}

// callbackWire is a message callback of a Proxy-mode line: event_name
// (not event), a timestamp in milliseconds, the configuration's token.
type callbackWire struct {
	EventName string `json:"event_name"`
	Timestamp int64  `json:"timestamp"`
	Token     string `json:"token"`
	Data      any    `json:"data"`
}

// callback POSTs event_name with data to the callbackUrl of configuration
// c, once (callbacks are not retried). s.mu is held.
func (s *Server) callback(c *msgConfigRec, eventName string, data any) {
	body, err := json.Marshal(callbackWire{EventName: eventName, Timestamp: s.now().UnixMilli(), Token: c.token, Data: data})
	if err == nil {
		s.q.push(job{url: c.callbackURL, token: c.token, event: aircall.Event(eventName), body: body})
	}
}

// SimulateInboundMessage has the external number from (E.164) text number
// numberID, as a customer's phone would. On a Native-mode line (no
// messaging configuration) it sends message.received, whose created_at is
// an ISO string as in the addendum's inbound example; on a Proxy-mode line
// it POSTs a message.received callback to the configuration's callbackUrl
// instead. It returns the message id.
func (s *Server) SimulateInboundMessage(numberID aircall.ID, from, body string) (string, error) {
	if !isE164(from) || body == "" {
		return "", fmt.Errorf("aircalltest: SimulateInboundMessage: want an E.164 sender and a body, got %q and %q", from, body)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	n, ok := s.st.numbers[numberID]
	if !ok {
		return "", fmt.Errorf("aircalltest: SimulateInboundMessage: number %d does not exist", numberID)
	}
	now := s.now()
	id := strconv.FormatInt(now.UnixMilli(), 10) + randHex(8)
	number, contact := s.st.messageEnds(n, from)
	ev := &inboundEventWire{messageHeadWire: messageHeadWire{ID: id, DirectLink: s.st.link("numbers", numberID) + "/messages/" + id,
		Direction: "inbound", ExternalNumber: from, Body: body, Status: "received"}, MediaDetails: []any{},
		CreatedAt: aircall.Timestamp{Time: now.UTC().Truncate(time.Millisecond), Form: aircall.FormISOMillis},
		Number:    number, Contact: contact}
	if cfg, proxy := s.st.msgConfigs[numberID]; proxy {
		s.callback(cfg, "message.received", ev)
	} else {
		s.emit(aircall.EventMessageReceived, ev)
	}
	return id, nil
}

// SimulateInboundGroupMessage simulates a message that one of participants
// (E.164 numbers, at least two) sent to the group conversation of number
// numberID and the participants: a Native-mode line sends
// group_message.received to the webhooks, a Proxy-mode line posts the
// callback to its callbackUrl. It returns the message's id.
func (s *Server) SimulateInboundGroupMessage(numberID aircall.ID, participants []string, body string) (string, error) {
	if len(participants) < 2 || body == "" || slices.ContainsFunc(participants, func(p string) bool { return !isE164(p) }) {
		return "", fmt.Errorf("aircalltest: SimulateInboundGroupMessage: want two E.164 participants or more and a body, got %q and %q", participants, body)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.st.numbers[numberID]; !ok {
		return "", fmt.Errorf("aircalltest: SimulateInboundGroupMessage: number %d does not exist", numberID)
	}
	ev := &groupEventWire{ID: newUUID(), GroupConversationID: groupConversation(numberID, participants),
		Participants: slices.Clone(participants), Body: body, Status: "received", CreatedAt: aircall.UnixMilli(s.now().UnixMilli())}
	if cfg, proxy := s.st.msgConfigs[numberID]; proxy {
		s.callback(cfg, "group_message.received", ev)
	} else {
		s.emit(aircall.EventGroupMessageReceived, ev)
	}
	return ev.ID, nil
}

// inboundEventWire is the data of message.received: the keys of the
// addendum's example.
type inboundEventWire struct {
	messageHeadWire
	MediaDetails []any              `json:"media_details"`
	CreatedAt    aircall.Timestamp  `json:"created_at"`
	Number       *messageNumberWire `json:"number"`
	Contact      *contactWire       `json:"contact"`
}
