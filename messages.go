package aircall

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"unicode/utf8"

	"github.com/seed1279ea27/aircall-go/internal/wire"
)

// Limits of the messaging endpoints, checked before sending.
const (
	// MaxMessageBody is the longest SMS/MMS body, in characters.
	MaxMessageBody = 1600
	// MaxWhatsAppText is the longest WhatsApp text, in characters.
	MaxWhatsAppText = 4096
	// MaxSMSTemplatesPerPage is the largest page of Messages.ListSMSTemplates
	// (this endpoint allows 100, not 50).
	MaxSMSTemplatesPerPage = 100
)

// MessageID identifies a message. Aircall sends message ids as strings
// ("1779973182949pqnihpvazdyw6336", UUIDs for group messages); a number is
// accepted too and kept as its decimal text.
type MessageID string

// UnmarshalJSON accepts a string, a number or null.
func (m *MessageID) UnmarshalJSON(b []byte) error {
	*m = MessageID(looseString(b))
	return nil
}

// MessageDirection tells whether a message was received or sent.
type MessageDirection string

// Message directions.
const (
	MessageInbound  MessageDirection = "inbound"
	MessageOutbound MessageDirection = "outbound"
)

// Message is an SMS, MMS or WhatsApp message, as the send endpoints answer
// it (at the top level, without envelope) and as the message.* webhook
// events send it. Messages are read-only.
//
// CreatedAt, SentAt and UpdatedAt are epoch milliseconds on send answers and
// ISO strings on some inbound events: both decode to the right instant.
// MediaURL (media_url, send answers) and MediaDetails (media_details,
// events) are different fields. Channel is "" for SMS/MMS (null on the
// wire) and "whatsapp" for WhatsApp. Members that do not fit their type are
// dropped; Raw keeps the object.
type Message struct {
	ID         MessageID        `json:"id"`
	DirectLink string           `json:"direct_link,omitempty"`
	Direction  MessageDirection `json:"direction,omitempty"`
	Body       string           `json:"body"`
	Status     string           `json:"status,omitempty"`
	// RawDigits is the other party's number on send answers.
	RawDigits string `json:"raw_digits,omitempty"`
	// ExternalNumber is the other party's number in events, in display
	// format ("+44 7474 626067").
	ExternalNumber string          `json:"external_number,omitempty"`
	Channel        string          `json:"channel,omitempty"`
	Origin         string          `json:"origin,omitempty"`
	CreatedAt      Timestamp       `json:"created_at"`
	SentAt         Timestamp       `json:"sent_at"`
	UpdatedAt      Timestamp       `json:"updated_at"`
	MediaURL       []string        `json:"media_url,omitempty"`
	MediaDetails   []*MediaDetail  `json:"media_details,omitempty"`
	Number         *Number         `json:"number,omitempty"`
	Contact        *Contact        `json:"contact,omitempty"`
	ParentID       MessageID       `json:"parent_id,omitempty"`
	Type           string          `json:"type,omitempty"`
	Metadata       json.RawMessage `json:"metadata,omitempty"`
	// TemplateContent is the WhatsApp template sent, as raw JSON.
	TemplateContent json.RawMessage `json:"template_content,omitempty"`
	// WhatsAppMessageCategory is marketing, utility or authentication.
	WhatsAppMessageCategory string `json:"whatsapp_message_category,omitempty"`
	// WhatsAppMessageType is regular, free_entry_point or
	// free_customer_serivce (spelled so by the source).
	WhatsAppMessageType string `json:"whatsapp_message_type,omitempty"`
	RecipientCountry    string `json:"recipient_country,omitempty"`
	// Raw is the object as received.
	Raw json.RawMessage `json:"-"`
}

// UnmarshalJSON decodes leniently and keeps Raw.
func (m *Message) UnmarshalJSON(b []byte) error { return decodeSelf(m, b) }

func (m *Message) decodeLenient(b []byte) ([]wire.Issue, error) {
	type plain Message
	return tolerant(b, (*plain)(m), &m.Raw)
}

// MediaDetail is an attachment of a message in events.
type MediaDetail struct {
	FileName     string `json:"file_name"`
	FileType     string `json:"file_type"`
	PresignedURL string `json:"presigned_url"`
}

// GroupMessage is a message to a group conversation, as the group send
// endpoints answer it and as the group_message.* events send it.
//
// The sources disagree and the SDK reads both forms: ID is "id" (events)
// or, when absent, "group_message_id" (send answers); Participants are kept
// as sent, "+E.164" on send answers and without "+" in an event example.
// Members that do not fit their type are dropped; Raw keeps the object.
type GroupMessage struct {
	ID                  MessageID        `json:"id"`
	GroupConversationID string           `json:"group_conversation_id,omitempty"`
	Participants        []string         `json:"participants"`
	DirectLink          string           `json:"direct_link,omitempty"`
	Direction           MessageDirection `json:"direction,omitempty"`
	Body                string           `json:"body"`
	Status              string           `json:"status,omitempty"`
	Channel             string           `json:"channel,omitempty"`
	CreatedAt           Timestamp        `json:"created_at"`
	SentAt              Timestamp        `json:"sent_at"`
	UpdatedAt           Timestamp        `json:"updated_at"`
	MediaURL            []string         `json:"media_url,omitempty"`
	MediaDetails        []*MediaDetail   `json:"media_details,omitempty"`
	Number              *Number          `json:"number,omitempty"`
	// Raw is the object as received.
	Raw json.RawMessage `json:"-"`
}

// UnmarshalJSON decodes leniently, reads group_message_id into ID when id
// is absent, and keeps Raw.
func (g *GroupMessage) UnmarshalJSON(b []byte) error { return decodeSelf(g, b) }

func (g *GroupMessage) decodeLenient(b []byte) ([]wire.Issue, error) {
	type plain GroupMessage
	var w struct {
		plain
		GroupMessageID MessageID `json:"group_message_id"`
	}
	dropped, err := tolerant(b, &w, nil)
	*g = GroupMessage(w.plain)
	if g.ID == "" {
		g.ID = w.GroupMessageID
	}
	g.Raw = rawCopy(b)
	return dropped, err
}

// MessagingConfiguration is the skip-inbox (proxy mode) configuration of a
// number. Token is carried by the message callbacks sent to CallbackURL.
type MessagingConfiguration struct {
	Token       string `json:"token"`
	CallbackURL string `json:"callbackUrl"`
	Type        string `json:"type"`
}

// MessagingConfigurationParams is the body of Messages.CreateConfiguration.
type MessagingConfigurationParams struct {
	// CallbackURL receives the message callbacks; mandatory, https.
	CallbackURL string `json:"callbackUrl"`
	// Type is the channel, such as "whatsapp"; optional.
	Type string `json:"type,omitempty"`
}

// MessageParams is the body of Messages.Send and Messages.SendInConversation.
//
// The media key is disputed between clients (mediaUrl or media_url): the
// SDK sends "mediaUrl", the form one client asserts Aircall expects. The
// agent attribution of SendInConversation is disputed too (user_id or
// agentId): the SDK sends "user_id".
type MessageParams struct {
	// To is the recipient in E.164 form; mandatory.
	To string `json:"to"`
	// Body is the text, at most MaxMessageBody characters; mandatory unless
	// MediaURL is set.
	Body string `json:"body,omitempty"`
	// MediaURL are public URLs of attachments (MMS).
	MediaURL []string `json:"mediaUrl,omitempty"`
	// UserID attributes the message to an agent; SendInConversation only.
	UserID ID `json:"user_id,omitempty"`
}

// GroupMessageParams is the body of Messages.SendGroup and
// Messages.SendGroupInConversation.
type GroupMessageParams struct {
	// Participants are the recipients in E.164 form; at least one.
	Participants []string `json:"participants"`
	// Body is the text, at most MaxMessageBody characters; mandatory
	// unless MediaURL is set (SendGroup).
	Body string `json:"body,omitempty"`
	// MediaURL are attachments; SendGroup only.
	MediaURL []string `json:"mediaUrl,omitempty"`
}

// WhatsAppParams is the body of Messages.SendWhatsApp and
// Messages.SendWhatsAppInConversation. Set exactly one of Text and
// TemplateParams. The recipient is sent as "to" by SendWhatsApp and as
// "externalNumber" by SendWhatsAppInConversation.
type WhatsAppParams struct {
	// LineID is the Aircall number the message is sent from; mandatory.
	LineID ID
	// To is the recipient in E.164 form; mandatory.
	To string
	// Text is a free-form message, at most MaxWhatsAppText characters.
	Text string
	// TemplateParams sends an approved template.
	TemplateParams *WhatsAppTemplateParams
}

// WhatsAppTemplateParams selects a WhatsApp template and fills its
// placeholders.
type WhatsAppTemplateParams struct {
	ID   string                  `json:"id"`
	Body []WhatsAppTemplateValue `json:"body,omitempty"`
}

// WhatsAppTemplateValue fills one placeholder, such as {"key": "{{1}}",
// "value": "Jordan"}.
type WhatsAppTemplateValue struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// whatsAppBody is the wire form of WhatsAppParams.
type whatsAppBody struct {
	LineID         ID                      `json:"lineId"`
	To             string                  `json:"to,omitempty"`
	ExternalNumber string                  `json:"externalNumber,omitempty"`
	Text           string                  `json:"text,omitempty"`
	TemplateParams *WhatsAppTemplateParams `json:"templateParams,omitempty"`
}

func numberMessagesPath(id ID, suffix string) string {
	return "/v1/numbers/" + id.String() + "/messages" + suffix
}

// checkBody checks a message body against MaxMessageBody; empty is
// accepted only when media is set.
func checkBody(op, body string, media []string) error {
	if body == "" && len(media) == 0 {
		return paramErr(op, "body", "is required (or media)")
	}
	if n := utf8.RuneCountInString(body); n > MaxMessageBody {
		return paramErr(op, "body", "is %d characters, at most %d are allowed", n, MaxMessageBody)
	}
	for i, u := range media {
		if !isAbsHTTPURL(u) {
			return paramErr(op, fmt.Sprintf("mediaUrl[%d]", i), "must be an absolute http(s) URL, got %q", u)
		}
	}
	return nil
}

func checkE164(op, field, v string) error {
	if !isE164(v) {
		return paramErr(op, field, "must be an E.164 number such as +33612345678, got %q", v)
	}
	return nil
}

// CreateConfiguration registers number id for the skip-inbox (proxy mode)
// channel and sets the URL of its message callbacks; Messages.Send and
// Messages.SendGroup need it. Any 2xx is accepted (the status is not
// documented).
//
// Aircall API docs: https://developer.aircall.io/api-references/#create-a-number-configuration
func (s *MessagesService) CreateConfiguration(ctx context.Context, id ID, p *MessagingConfigurationParams) (*MessagingConfiguration, *Response, error) {
	const op = "Messages.CreateConfiguration"
	if p == nil {
		return nil, nil, paramErr(op, "", "params are required")
	}
	if err := checkHTTPS(p.CallbackURL); err != nil {
		return nil, nil, paramErr(op, "callbackUrl", "%v", err)
	}
	return doOne[MessagingConfiguration](ctx, s.client, http.MethodPost, numberMessagesPath(id, "/configuration"), nil, p, "")
}

// GetConfiguration returns the messaging configuration of number id (sent
// without envelope).
//
// Aircall API docs: https://developer.aircall.io/api-references/#fetch-a-number-configuration
func (s *MessagesService) GetConfiguration(ctx context.Context, id ID) (*MessagingConfiguration, *Response, error) {
	return doOne[MessagingConfiguration](ctx, s.client, http.MethodGet, numberMessagesPath(id, "/configuration"), nil, nil, "")
}

// DeleteConfiguration removes the messaging configuration of number id.
// Any 2xx is success (200 or 204, not documented).
//
// Aircall API docs: https://developer.aircall.io/api-references/#delete-a-number-configuration
func (s *MessagesService) DeleteConfiguration(ctx context.Context, id ID) (*Response, error) {
	return s.client.doNoContent(ctx, http.MethodDelete, numberMessagesPath(id, "/configuration"), nil, nil)
}

func (s *MessagesService) send(ctx context.Context, op string, id ID, suffix string, p *MessageParams, native bool) (*Message, *Response, error) {
	if p == nil {
		return nil, nil, paramErr(op, "", "params are required")
	}
	if err := checkE164(op, "to", p.To); err != nil {
		return nil, nil, err
	}
	if err := checkBody(op, p.Body, p.MediaURL); err != nil {
		return nil, nil, err
	}
	if p.UserID != 0 && !native {
		return nil, nil, paramErr(op, "user_id", "is only accepted by SendInConversation")
	}
	return doOne[Message](ctx, s.client, http.MethodPost, numberMessagesPath(id, suffix), nil, p, "")
}

// Send sends an SMS or MMS from number id SKIPPING the agents' inbox: for
// automated, high-volume traffic; the number must first be configured with
// CreateConfiguration. To must be E.164 and Body at most MaxMessageBody
// characters. The message is answered at the top level; its timestamps are
// epoch milliseconds. POSTs are not retried once they may have reached the
// server.
//
// Aircall API docs: https://developer.aircall.io/api-references/#send-a-message
func (s *MessagesService) Send(ctx context.Context, id ID, p *MessageParams) (*Message, *Response, error) {
	return s.send(ctx, "Messages.Send", id, "/send", p, false)
}

// SendInConversation sends an SMS or MMS from number id in the agent
// conversation: it is stored in the Aircall inbox, agents see and continue
// it, and replies arrive as message.received events. See MessageParams for
// the agent attribution field.
//
// Aircall API docs: https://developer.aircall.io/api-references/#send-a-message-in-the-agent-conversation
func (s *MessagesService) SendInConversation(ctx context.Context, id ID, p *MessageParams) (*Message, *Response, error) {
	return s.send(ctx, "Messages.SendInConversation", id, "/native/send", p, true)
}

func (s *MessagesService) sendGroup(ctx context.Context, op string, id ID, suffix string, p *GroupMessageParams, native bool) (*GroupMessage, *Response, error) {
	if p == nil {
		return nil, nil, paramErr(op, "", "params are required")
	}
	if len(p.Participants) == 0 {
		return nil, nil, paramErr(op, "participants", "needs at least one number")
	}
	for i, n := range p.Participants {
		if err := checkE164(op, "participants["+strconv.Itoa(i)+"]", n); err != nil {
			return nil, nil, err
		}
	}
	if native && len(p.MediaURL) > 0 {
		return nil, nil, paramErr(op, "mediaUrl", "is only accepted by SendGroup")
	}
	if err := checkBody(op, p.Body, p.MediaURL); err != nil {
		return nil, nil, err
	}
	return doOne[GroupMessage](ctx, s.client, http.MethodPost, numberMessagesPath(id, suffix), nil, p, "")
}

// SendGroup sends a message from number id to a group conversation,
// skipping the agents' inbox. Participants must be E.164; Body (at most
// MaxMessageBody characters) or MediaURL is required. The answer's id is
// group_message_id, read into GroupMessage.ID.
//
// Aircall API docs: https://developer.aircall.io/api-references/#send-a-group-message
func (s *MessagesService) SendGroup(ctx context.Context, id ID, p *GroupMessageParams) (*GroupMessage, *Response, error) {
	return s.sendGroup(ctx, "Messages.SendGroup", id, "/group/send", p, false)
}

// SendGroupInConversation sends a message from number id to a group
// conversation stored in the agents' inbox. Body is mandatory; media is
// not accepted.
//
// Aircall API docs: https://developer.aircall.io/api-references/#send-a-group-message-in-conversation
func (s *MessagesService) SendGroupInConversation(ctx context.Context, id ID, p *GroupMessageParams) (*GroupMessage, *Response, error) {
	return s.sendGroup(ctx, "Messages.SendGroupInConversation", id, "/group/native/send", p, true)
}

func (s *MessagesService) sendWhatsApp(ctx context.Context, op, path string, p *WhatsAppParams, native bool) (*Message, *Response, error) {
	if p == nil {
		return nil, nil, paramErr(op, "", "params are required")
	}
	recipient := "to"
	if native {
		recipient = "externalNumber"
	}
	switch {
	case p.LineID <= 0:
		return nil, nil, paramErr(op, "lineId", "is required")
	case (p.Text == "") == (p.TemplateParams == nil):
		return nil, nil, paramErr(op, "text", "set exactly one of text and templateParams")
	case utf8.RuneCountInString(p.Text) > MaxWhatsAppText:
		return nil, nil, paramErr(op, "text", "is %d characters, at most %d are allowed", utf8.RuneCountInString(p.Text), MaxWhatsAppText)
	case p.TemplateParams != nil && blank(p.TemplateParams.ID):
		return nil, nil, paramErr(op, "templateParams.id", "is required")
	}
	if err := checkE164(op, recipient, p.To); err != nil {
		return nil, nil, err
	}
	body := whatsAppBody{LineID: p.LineID, Text: p.Text, TemplateParams: p.TemplateParams}
	if native {
		body.ExternalNumber = p.To
	} else {
		body.To = p.To
	}
	return doOne[Message](ctx, s.client, http.MethodPost, path, nil, body, "")
}

// SendWhatsApp sends a WhatsApp message from line p.LineID to p.To (sent as
// "to"), skipping the agents' inbox. Set exactly one of Text (at most
// MaxWhatsAppText characters) and TemplateParams.
//
// Aircall API docs: https://developer.aircall.io/api-references/#send-a-whatsapp-message
func (s *MessagesService) SendWhatsApp(ctx context.Context, p *WhatsAppParams) (*Message, *Response, error) {
	return s.sendWhatsApp(ctx, "Messages.SendWhatsApp", "/v1/messages/whatsapp/send", p, false)
}

// SendWhatsAppInConversation sends a WhatsApp message from line p.LineID to
// p.To (sent as "externalNumber"), stored in the agent conversation. Set
// exactly one of Text and TemplateParams.
//
// Aircall API docs: https://developer.aircall.io/api-references/#send-a-whatsapp-message-in-conversation
func (s *MessagesService) SendWhatsAppInConversation(ctx context.Context, p *WhatsAppParams) (*Message, *Response, error) {
	return s.sendWhatsApp(ctx, "Messages.SendWhatsAppInConversation", "/v1/messages/send/whatsapp/native", p, true)
}
