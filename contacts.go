package aircall

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"strconv"
	"time"
	"unicode/utf8"
)

// Contact is a shared contact of the company, with its phone numbers and
// emails. Contacts created by third-party integrations are not visible in
// the Public API. Emojis can't be stored in a Contact's attributes: the
// server removes them.
//
// Every key of a Contact is always sent (see the wire rule in wire.go):
// an empty first_name, last_name, company_name, description or information
// encodes as null, and empty phone_numbers and emails as []. The API sends
// both "" and null for an empty information; the SDK cannot tell them apart
// and encodes null.
type Contact struct {
	ID          ID     `json:"id"`
	DirectLink  string `json:"direct_link,omitempty"`
	FirstName   string `json:"first_name"`
	LastName    string `json:"last_name"`
	CompanyName string `json:"company_name"`
	// Description is a field Aircall uses to qualify the contact.
	Description string `json:"description"`
	// Information holds extra data, such as an ID in another system.
	Information string `json:"information"`
	// IsShared is true for every contact the Public API returns.
	IsShared     bool           `json:"is_shared"`
	CreatedAt    Timestamp      `json:"created_at"`
	UpdatedAt    Timestamp      `json:"updated_at"`
	PhoneNumbers []*PhoneNumber `json:"phone_numbers"`
	Emails       []*Email       `json:"emails"`
}

// MarshalJSON encodes c with every key the API sends: empty strings as
// null, empty lists as [].
func (c Contact) MarshalJSON() ([]byte, error) {
	type contact Contact // no methods: no recursion
	return json.Marshal(struct {
		contact
		FirstName    *string        `json:"first_name"`
		LastName     *string        `json:"last_name"`
		CompanyName  *string        `json:"company_name"`
		Description  *string        `json:"description"`
		Information  *string        `json:"information"`
		PhoneNumbers []*PhoneNumber `json:"phone_numbers"`
		Emails       []*Email       `json:"emails"`
	}{
		contact(c), nullIfEmpty(c.FirstName), nullIfEmpty(c.LastName), nullIfEmpty(c.CompanyName),
		nullIfEmpty(c.Description), nullIfEmpty(c.Information), orEmpty(c.PhoneNumbers), orEmpty(c.Emails),
	})
}

// PhoneNumber is one phone number of a Contact (a "phone_detail"). The
// server normalises Value: "+19161110000" is stored as "19161110000".
type PhoneNumber struct {
	ID    ID     `json:"id,omitempty"`
	Label string `json:"label,omitempty"`
	Value string `json:"value"`
}

// Email is one email address of a Contact (an "email_detail").
type Email struct {
	ID    ID     `json:"id,omitempty"`
	Label string `json:"label,omitempty"`
	Value string `json:"value"`
}

// Limits the API puts on a Contact.
const (
	// MaxContactPhoneNumbers is the most phone numbers a Contact holds.
	MaxContactPhoneNumbers = 20
	// MaxContactEmails is the most emails a Contact holds.
	MaxContactEmails = 20
	// MaxContactNameLength is the longest first_name, last_name or
	// company_name Contacts.Create accepts, in characters.
	MaxContactNameLength = 255
)

// ContactOrderBy is the field a contact list is sorted by.
type ContactOrderBy string

// Sort fields of contact lists.
const (
	ContactOrderByCreatedAt ContactOrderBy = "created_at" // the default
	ContactOrderByUpdatedAt ContactOrderBy = "updated_at"
)

// ContactListOptions filters Contacts.List and Contacts.All by creation date
// (From, To) and sorts them by OrderBy (created_at by default) in Order
// (asc by default).
type ContactListOptions struct {
	ListOptions
	TimeRange
	OrderBy ContactOrderBy `url:"order_by,omitempty"`
}

// ContactSearchOptions filters Contacts.Search and Contacts.SearchAll.
type ContactSearchOptions struct {
	ContactListOptions
	PhoneNumber string `url:"phone_number,omitempty"` // a phone number of the contact
	Email       string `url:"email,omitempty"`        // an email address of the contact
}

// ContactDetailParams is a phone number or email to store on a Contact: an
// element of ContactCreateParams, or the body of the Add and Update
// methods for phone numbers and emails. Value is mandatory. Label is
// mandatory inside ContactCreateParams (Contacts.Create refuses a detail
// without one, as the API does) and optional for the Add and Update
// methods; it can't be blank if set.
type ContactDetailParams struct {
	Label string `json:"label,omitempty"` // a custom label such as "Work" or "Home"
	Value string `json:"value"`
}

// ContactCreateParams is the body of Contacts.Create. PhoneNumbers is
// mandatory (1 to 20, each with a label and a value); at most 20 Emails,
// each with a label and a value. Names are at most 255 characters. Text
// fields left empty are not sent; a field made only of spaces is rejected.
type ContactCreateParams struct {
	FirstName    string                `json:"first_name,omitempty"`
	LastName     string                `json:"last_name,omitempty"`
	CompanyName  string                `json:"company_name,omitempty"`
	Information  string                `json:"information,omitempty"`
	PhoneNumbers []ContactDetailParams `json:"phone_numbers"`
	Emails       []ContactDetailParams `json:"emails,omitempty"`
}

// ContactUpdateParams is the body of Contacts.Update; nil fields are not
// sent and set fields can't be blank. Phone numbers and emails are changed
// with their own methods (AddPhoneNumber, UpdateEmail, ...).
type ContactUpdateParams struct {
	FirstName   *string `json:"first_name,omitempty"`
	LastName    *string `json:"last_name,omitempty"`
	CompanyName *string `json:"company_name,omitempty"`
	Information *string `json:"information,omitempty"`
}

// contactPager reads a contact list. Lists sorted by created_at (the
// default) are walked by a created_at cursor; a list sorted by updated_at
// cannot be (from and to filter created_at), so it pages by offset and
// stops at the cap.
func (s *ContactsService) contactPager(path string, opts any, orderBy ContactOrderBy) *pager[Contact] {
	p := newPager[Contact](s.client, path, "contacts", opts)
	if orderBy == "" || orderBy == ContactOrderByCreatedAt {
		p.byCursor("created_at", func(c *Contact) (ID, time.Time) { return c.ID, c.CreatedAt.Time })
	}
	return p
}

func (o *ContactListOptions) orderBy() ContactOrderBy {
	if o == nil {
		return ""
	}
	return o.OrderBy
}

func (o *ContactSearchOptions) orderBy() ContactOrderBy {
	if o == nil {
		return ""
	}
	return o.OrderBy
}

// List returns one page of shared contacts with their phone numbers and
// emails.
//
// Aircall API docs: https://developer.aircall.io/api-references/#list-all-contacts
func (s *ContactsService) List(ctx context.Context, opts *ContactListOptions) ([]*Contact, *Response, error) {
	return s.contactPager("/v1/contacts", opts, opts.orderBy()).list(ctx)
}

// All iterates over every shared contact the options select.
//
// Sorted by created_at (the default), it walks by a time cursor as
// Calls.All does, on created_at: a contact that exists from the walk's
// start to its end is yielded exactly once, whatever is created or deleted
// meanwhile, past the API's 10,000-item cap, and one created during the
// walk at most once. It ends with ErrUnreadableItem at a contact whose id
// or created_at could not be read.
//
// Sorted by updated_at, it cannot: from and to filter created_at, not
// updated_at, so it pages by offset. A contact updated during the walk
// moves to the end of the list: it may then be yielded twice, and the
// contact that takes its place on a page not yet read is skipped; a
// creation or deletion can likewise repeat or skip one. The walk ends with
// the server's error once 10,000 contacts have been read.
//
// Aircall API docs: https://developer.aircall.io/api-references/#list-all-contacts
func (s *ContactsService) All(ctx context.Context, opts *ContactListOptions) iter.Seq2[*Contact, error] {
	return s.contactPager("/v1/contacts", opts, opts.orderBy()).all(ctx)
}

// Pages iterates over the pages of All, each with its Meta and Response,
// walking as All does: a page's Items are the contacts All yields from it.
//
// Aircall API docs: https://developer.aircall.io/api-references/#list-all-contacts
func (s *ContactsService) Pages(ctx context.Context, opts *ContactListOptions) iter.Seq2[*Page[Contact], error] {
	return s.contactPager("/v1/contacts", opts, opts.orderBy()).pages(ctx)
}

// Search returns one page of the shared contacts that match opts, for
// instance a phone number or an email address.
//
// Aircall API docs: https://developer.aircall.io/api-references/#search-contacts
func (s *ContactsService) Search(ctx context.Context, opts *ContactSearchOptions) ([]*Contact, *Response, error) {
	return s.contactPager("/v1/contacts/search", opts, opts.orderBy()).list(ctx)
}

// SearchAll iterates over every shared contact that matches opts, walking
// as All does: by a created_at cursor, exactly once and past the
// 10,000-item cap, unless the results are sorted by updated_at.
//
// Aircall API docs: https://developer.aircall.io/api-references/#search-contacts
func (s *ContactsService) SearchAll(ctx context.Context, opts *ContactSearchOptions) iter.Seq2[*Contact, error] {
	return s.contactPager("/v1/contacts/search", opts, opts.orderBy()).all(ctx)
}

// SearchPages iterates over the pages of SearchAll, each with its Meta and
// Response, walking as SearchAll does.
//
// Aircall API docs: https://developer.aircall.io/api-references/#search-contacts
func (s *ContactsService) SearchPages(ctx context.Context, opts *ContactSearchOptions) iter.Seq2[*Page[Contact], error] {
	return s.contactPager("/v1/contacts/search", opts, opts.orderBy()).pages(ctx)
}

// Get returns one shared contact.
//
// Aircall API docs: https://developer.aircall.io/api-references/#retrieve-a-contact
func (s *ContactsService) Get(ctx context.Context, id ID) (*Contact, *Response, error) {
	return doOne[Contact](ctx, s.client, http.MethodGet, "/v1/contacts/"+id.String(), nil, nil, "contact")
}

// Create creates a contact, shared across the company. It is not
// idempotent: each call creates a new contact, even with the same payload,
// so it is never retried once the request may have reached the server; a
// 5xx or a dropped connection then gives an error matching
// ErrOutcomeUnknown (search for the contact before creating it again).
// Emojis are removed from the attributes by the server.
//
// Aircall API docs: https://developer.aircall.io/api-references/#create-a-contact
func (s *ContactsService) Create(ctx context.Context, p *ContactCreateParams) (*Contact, *Response, error) {
	const op = "Contacts.Create"
	if p == nil {
		return nil, nil, paramErr(op, "", "params are required")
	}
	for _, f := range []struct{ name, value string }{
		{"first_name", p.FirstName}, {"last_name", p.LastName}, {"company_name", p.CompanyName},
	} {
		if err := checkText(op, f.name, f.value, MaxContactNameLength); err != nil {
			return nil, nil, err
		}
	}
	if p.Information != "" && blank(p.Information) {
		return nil, nil, paramErr(op, "information", "can't be blank")
	}
	switch n := len(p.PhoneNumbers); {
	case n == 0:
		return nil, nil, paramErr(op, "phone_numbers", "is mandatory: give at least one phone number")
	case n > MaxContactPhoneNumbers:
		return nil, nil, paramErr(op, "phone_numbers", "has %d entries, at most %d are allowed", n, MaxContactPhoneNumbers)
	}
	if n := len(p.Emails); n > MaxContactEmails {
		return nil, nil, paramErr(op, "emails", "has %d entries, at most %d are allowed", n, MaxContactEmails)
	}
	for i, d := range p.PhoneNumbers {
		if err := d.check(op, "phone_numbers", i, true); err != nil {
			return nil, nil, err
		}
	}
	for i, d := range p.Emails {
		if err := d.check(op, "emails", i, true); err != nil {
			return nil, nil, err
		}
	}
	return doOne[Contact](ctx, s.client, http.MethodPost, "/v1/contacts", nil, p, "contact")
}

// Update changes the fields set in p and returns the updated contact. The
// API uses POST for it, not PUT, so a 5xx or a dropped connection is not
// retried and matches ErrOutcomeUnknown.
//
// Aircall API docs: https://developer.aircall.io/api-references/#update-a-contact
func (s *ContactsService) Update(ctx context.Context, id ID, p *ContactUpdateParams) (*Contact, *Response, error) {
	const op = "Contacts.Update"
	if p == nil {
		return nil, nil, paramErr(op, "", "params are required")
	}
	for _, f := range []struct {
		name  string
		value *string
	}{
		{"first_name", p.FirstName}, {"last_name", p.LastName}, {"company_name", p.CompanyName}, {"information", p.Information},
	} {
		if f.value != nil && blank(*f.value) {
			return nil, nil, paramErr(op, f.name, "can't be blank")
		}
	}
	return doOne[Contact](ctx, s.client, http.MethodPost, "/v1/contacts/"+id.String(), nil, p, "contact")
}

// Delete deletes a shared contact.
//
// Aircall API docs: https://developer.aircall.io/api-references/#delete-a-contact
func (s *ContactsService) Delete(ctx context.Context, id ID) (*Response, error) {
	return s.client.doNoContent(ctx, http.MethodDelete, "/v1/contacts/"+id.String(), nil, nil)
}

// AddPhoneNumber adds one phone number to a contact and returns it, as the
// server normalised it. A contact holds at most 20: a 21st answers 409,
// which matches ErrConflict.
//
// Aircall API docs: https://developer.aircall.io/api-references/#add-phone-number-to-a-contact
func (s *ContactsService) AddPhoneNumber(ctx context.Context, contactID ID, p *ContactDetailParams) (*PhoneNumber, *Response, error) {
	if err := p.check("Contacts.AddPhoneNumber", "", -1, false); err != nil {
		return nil, nil, err
	}
	return doOne[PhoneNumber](ctx, s.client, http.MethodPost, "/v1/contacts/"+contactID.String()+"/phone_details", nil, p, "phone_detail")
}

// UpdatePhoneNumber replaces one phone number of a contact. Value must be
// sent each time.
//
// Aircall API docs: https://developer.aircall.io/api-references/#update-a-phone-number-from-a-contact
func (s *ContactsService) UpdatePhoneNumber(ctx context.Context, contactID, phoneNumberID ID, p *ContactDetailParams) (*PhoneNumber, *Response, error) {
	if err := p.check("Contacts.UpdatePhoneNumber", "", -1, false); err != nil {
		return nil, nil, err
	}
	return doOne[PhoneNumber](ctx, s.client, http.MethodPut, "/v1/contacts/"+contactID.String()+"/phone_details/"+phoneNumberID.String(), nil, p, "phone_detail")
}

// DeletePhoneNumber removes one phone number from a contact.
//
// Aircall API docs: https://developer.aircall.io/api-references/#delete-a-phone-number-from-a-contact
func (s *ContactsService) DeletePhoneNumber(ctx context.Context, contactID, phoneNumberID ID) (*Response, error) {
	return s.client.doNoContent(ctx, http.MethodDelete, "/v1/contacts/"+contactID.String()+"/phone_details/"+phoneNumberID.String(), nil, nil)
}

// AddEmail adds one email address to a contact and returns it. A contact
// holds at most 20: a 21st answers 409, which matches ErrConflict.
//
// Aircall API docs: https://developer.aircall.io/api-references/#add-email-to-a-contact
func (s *ContactsService) AddEmail(ctx context.Context, contactID ID, p *ContactDetailParams) (*Email, *Response, error) {
	if err := p.check("Contacts.AddEmail", "", -1, false); err != nil {
		return nil, nil, err
	}
	return doOne[Email](ctx, s.client, http.MethodPost, "/v1/contacts/"+contactID.String()+"/email_details", nil, p, "email_detail")
}

// UpdateEmail replaces one email address of a contact. Value must be sent
// each time.
//
// Aircall API docs: https://developer.aircall.io/api-references/#update-an-email-from-a-contact
func (s *ContactsService) UpdateEmail(ctx context.Context, contactID, emailID ID, p *ContactDetailParams) (*Email, *Response, error) {
	if err := p.check("Contacts.UpdateEmail", "", -1, false); err != nil {
		return nil, nil, err
	}
	return doOne[Email](ctx, s.client, http.MethodPut, "/v1/contacts/"+contactID.String()+"/email_details/"+emailID.String(), nil, p, "email_detail")
}

// DeleteEmail removes one email address from a contact.
//
// Aircall API docs: https://developer.aircall.io/api-references/#delete-an-email-from-a-contact
func (s *ContactsService) DeleteEmail(ctx context.Context, contactID, emailID ID) (*Response, error) {
	return s.client.doNoContent(ctx, http.MethodDelete, "/v1/contacts/"+contactID.String()+"/email_details/"+emailID.String(), nil, nil)
}

// check validates a detail: value mandatory, label mandatory when
// needLabel (inside Contacts.Create) and never blank when set. list and i
// name the element in a Create list (i < 0 for a lone detail).
func (d *ContactDetailParams) check(op, list string, i int, needLabel bool) error {
	if d == nil {
		return paramErr(op, "", "params are required")
	}
	field := func(name string) string {
		if i < 0 {
			return name
		}
		return list + "[" + strconv.Itoa(i) + "]." + name
	}
	switch {
	case blank(d.Value):
		return paramErr(op, field("value"), "is mandatory")
	case needLabel && blank(d.Label):
		return paramErr(op, field("label"), "is mandatory")
	case d.Label != "" && blank(d.Label):
		return paramErr(op, field("label"), "can't be blank")
	}
	return nil
}

// checkText rejects a text field that is set but blank, or longer than
// maxLen characters.
func checkText(op, name, v string, maxLen int) error {
	if v == "" {
		return nil
	}
	if blank(v) {
		return paramErr(op, name, "can't be blank")
	}
	if n := utf8.RuneCountInString(v); n > maxLen {
		return paramErr(op, name, "is %d characters, at most %d are allowed", n, maxLen)
	}
	return nil
}
