package aircall

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"

	"github.com/seed1279ea27/aircall-go/internal/wire"
)

// SMS and WhatsApp templates, and the WhatsApp and registration status of
// a number: the read side of the messaging family (messages.go sends).

// SMSTemplate is a company SMS template.
type SMSTemplate struct {
	ID   ID     `json:"id"`
	Name string `json:"name"`
	Body string `json:"body"`
}

// SMSTemplateListOptions filters Messages.ListSMSTemplates and
// Messages.AllSMSTemplates. PerPage may go up to MaxSMSTemplatesPerPage.
type SMSTemplateListOptions struct {
	ListOptions
	// Search matches the name and the body.
	Search string `url:"search,omitempty"`
}

// WhatsAppTemplate is an approved (or pending) WhatsApp template of a
// number. Keys are camelCase on the wire; Raw keeps the object.
type WhatsAppTemplate struct {
	ID       ID     `json:"id"`
	WabaID   string `json:"wabaId"`
	Name     string `json:"name"`
	Category string `json:"category"`
	Status   string `json:"status"`
	Language string `json:"language"`
	// Raw is the object as received.
	Raw json.RawMessage `json:"-"`
}

// UnmarshalJSON decodes leniently and keeps Raw.
func (w *WhatsAppTemplate) UnmarshalJSON(b []byte) error { return decodeSelf(w, b) }

func (w *WhatsAppTemplate) decodeLenient(b []byte) ([]wire.Issue, error) {
	type plain WhatsAppTemplate
	return tolerant(b, (*plain)(w), &w.Raw)
}

// WhatsAppTemplateListOptions filters Messages.ListWhatsAppTemplates.
type WhatsAppTemplateListOptions struct {
	Status   string `url:"status,omitempty"`   // such as "APPROVED"
	Category string `url:"category,omitempty"` // such as "UTILITY"
	// Token is the cursor of the page to read: a PageInfo.NextToken; ""
	// for the first page.
	Token string `url:"token,omitempty"`
	Limit int    `url:"limit,omitempty"`
	Sort  string `url:"sort,omitempty"`
}

// Cursor is a page token of a cursor-paged list. The examples send
// integers; strings are accepted too.
type Cursor string

// UnmarshalJSON accepts a number, a string or null.
func (c *Cursor) UnmarshalJSON(b []byte) error {
	*c = Cursor(looseString(b))
	return nil
}

// PageInfo is the cursor of a WhatsApp template page.
type PageInfo struct {
	CurrentToken Cursor `json:"currentToken"`
	// NextToken is "" on the last page.
	NextToken  Cursor `json:"nextToken"`
	TotalCount int    `json:"totalCount"`
}

// WhatsAppTemplatePage is one page of WhatsApp templates.
type WhatsAppTemplatePage struct {
	Templates []*WhatsAppTemplate `json:"templates"`
	PageInfo  PageInfo            `json:"pageInfo"`
	// Response is the HTTP answer of the page, set by
	// WhatsAppTemplatePages (ListWhatsAppTemplates returns it apart).
	Response *Response `json:"-"`
}

// WhatsAppStatus is the registration and health of a WhatsApp number,
// sent at the top level with camelCase keys. Raw keeps the object.
type WhatsAppStatus struct {
	WabaID                     string `json:"wabaId"`
	Status                     string `json:"status"` // such as "ONLINE"
	CanSendMessage             bool   `json:"canSendMessage"`
	MessagingLimitTier         string `json:"messagingLimitTier"`
	QualityRating              string `json:"qualityRating"`
	BusinessVerificationStatus string `json:"businessVerificationStatus"`
	// Raw is the object as received.
	Raw json.RawMessage `json:"-"`
}

// UnmarshalJSON decodes leniently and keeps Raw.
func (w *WhatsAppStatus) UnmarshalJSON(b []byte) error { return decodeSelf(w, b) }

func (w *WhatsAppStatus) decodeLenient(b []byte) ([]wire.Issue, error) {
	type plain WhatsAppStatus
	return tolerant(b, (*plain)(w), &w.Raw)
}

// RegistrationStatus is the answer of Numbers.RegistrationStatus, whose
// shape no source documents: it is kept whole in Raw, and Status is read
// if the body has a string "status".
type RegistrationStatus struct {
	Status string `json:"status,omitempty"`
	// Raw is the body as received.
	Raw json.RawMessage `json:"-"`
}

// UnmarshalJSON keeps Raw and reads Status when it is a string.
func (r *RegistrationStatus) UnmarshalJSON(b []byte) error {
	*r = RegistrationStatus{Raw: rawCopy(b)}
	var w struct {
		Status json.RawMessage `json:"status"`
	}
	if json.Unmarshal(b, &w) == nil && len(w.Status) > 0 && w.Status[0] == '"' {
		r.Status = looseString(w.Status)
	}
	return nil
}

// ListSMSTemplates returns one page of the company's SMS templates; opts
// may be nil. PerPage may go up to MaxSMSTemplatesPerPage.
//
// Aircall API docs: https://developer.aircall.io/api-references/#list-sms-templates
func (s *MessagesService) ListSMSTemplates(ctx context.Context, opts *SMSTemplateListOptions) ([]*SMSTemplate, *Response, error) {
	return smsTemplates(s.client, opts).list(ctx)
}

// AllSMSTemplates iterates over every SMS template the options select, in
// pages of PerPage items (MaxSMSTemplatesPerPage when unset).
//
// Aircall API docs: https://developer.aircall.io/api-references/#list-sms-templates
func (s *MessagesService) AllSMSTemplates(ctx context.Context, opts *SMSTemplateListOptions) iter.Seq2[*SMSTemplate, error] {
	return smsTemplates(s.client, opts).all(ctx)
}

// SMSTemplatePages iterates over the pages of AllSMSTemplates, each with
// its Meta and Response.
//
// Aircall API docs: https://developer.aircall.io/api-references/#list-sms-templates
func (s *MessagesService) SMSTemplatePages(ctx context.Context, opts *SMSTemplateListOptions) iter.Seq2[*Page[SMSTemplate], error] {
	return smsTemplates(s.client, opts).pages(ctx)
}

// smsTemplates is the pager of GET /v1/sms/templates, which serves up to
// MaxSMSTemplatesPerPage items a page; a larger PerPage is refused before
// sending.
func smsTemplates(c *Client, opts *SMSTemplateListOptions) *pager[SMSTemplate] {
	return newPager[SMSTemplate](c, "/v1/sms/templates", "templates", opts).maxPerPage(MaxSMSTemplatesPerPage)
}

// ListWhatsAppTemplates returns one page of the WhatsApp templates of
// number id; opts may be nil. The list is cursor-paged: pass
// PageInfo.NextToken as opts.Token for the next page, or use
// AllWhatsAppTemplates.
//
// Aircall API docs: https://developer.aircall.io/api-references/#list-whatsapp-templates
func (s *MessagesService) ListWhatsAppTemplates(ctx context.Context, id ID, opts *WhatsAppTemplateListOptions) (*WhatsAppTemplatePage, *Response, error) {
	if opts != nil && opts.Limit < 0 {
		return nil, nil, paramErr("Messages.ListWhatsAppTemplates", "limit", "must not be negative, got %d", opts.Limit)
	}
	return doOne[WhatsAppTemplatePage](ctx, s.client, http.MethodGet, "/v1/numbers/"+id.String()+"/templates", encodeQuery(opts), nil, "")
}

// AllWhatsAppTemplates iterates over every WhatsApp template of number id,
// following pageInfo.nextToken from opts.Token, as WhatsAppTemplatePages
// does.
//
// Aircall API docs: https://developer.aircall.io/api-references/#list-whatsapp-templates
func (s *MessagesService) AllWhatsAppTemplates(ctx context.Context, id ID, opts *WhatsAppTemplateListOptions) iter.Seq2[*WhatsAppTemplate, error] {
	return func(yield func(*WhatsAppTemplate, error) bool) {
		for page, err := range s.WhatsAppTemplatePages(ctx, id, opts) {
			if err != nil {
				yield(nil, err)
				return
			}
			for _, t := range page.Templates {
				if !yield(t, nil) {
					return
				}
			}
		}
	}
}

// WhatsAppTemplatePages iterates over the pages of WhatsApp templates of
// number id, each with its PageInfo and Response, following
// pageInfo.nextToken from opts.Token (save a page's PageInfo.NextToken to
// resume there later). It stops after a page without a next token, an
// empty page, or a page whose next token it has already read (so a server
// that repeats a cursor cannot make it loop), and after an error, which it
// yields.
//
// Aircall API docs: https://developer.aircall.io/api-references/#list-whatsapp-templates
func (s *MessagesService) WhatsAppTemplatePages(ctx context.Context, id ID, opts *WhatsAppTemplateListOptions) iter.Seq2[*WhatsAppTemplatePage, error] {
	return func(yield func(*WhatsAppTemplatePage, error) bool) {
		var o WhatsAppTemplateListOptions
		if opts != nil {
			o = *opts
		}
		seen := map[string]bool{o.Token: true}
		for {
			page, resp, err := s.ListWhatsAppTemplates(ctx, id, &o)
			if err != nil {
				yield(nil, err)
				return
			}
			page.Response = resp
			if !yield(page, nil) {
				return
			}
			next := string(page.PageInfo.NextToken)
			if next == "" || len(page.Templates) == 0 || seen[next] {
				return
			}
			seen[next] = true
			o.Token = next
		}
	}
}

// WhatsAppStatus returns the WhatsApp registration and health of number
// id. It belongs to the messaging family, so it lives here, beside the
// Messages service, though it is a method of NumbersService.
//
// Aircall API docs: https://developer.aircall.io/api-references/#retrieve-whatsapp-status
func (s *NumbersService) WhatsAppStatus(ctx context.Context, id ID) (*WhatsAppStatus, *Response, error) {
	return doOne[WhatsAppStatus](ctx, s.client, http.MethodGet, "/v1/numbers/"+id.String()+"/whatsapp_status", nil, nil, "")
}

// RegistrationStatus returns the messaging registration status of number
// id (probably its A2P 10DLC registration). Its shape is not documented:
// read RegistrationStatus.Raw. Like WhatsAppStatus, it lives in the
// messaging family's file.
//
// Aircall API docs: https://developer.aircall.io/api-references/#retrieve-registration-status
func (s *NumbersService) RegistrationStatus(ctx context.Context, id ID) (*RegistrationStatus, *Response, error) {
	return doOne[RegistrationStatus](ctx, s.client, http.MethodGet, "/v1/numbers/"+id.String()+"/registration_status", nil, nil, "")
}
