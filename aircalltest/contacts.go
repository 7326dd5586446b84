package aircalltest

import (
	"cmp"
	"maps"
	"net/http"
	"slices"
	"strings"
	"unicode/utf8"

	aircall "github.com/seed1279ea27/aircall-go"
)

// maxContactDetails is how many phone numbers, and how many emails, a
// contact can hold.
const maxContactDetails = 20

const maxContactField = 255

func (s *Server) listContacts(search bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		lq, ok := readListQuery(w, r)
		if !ok {
			return
		}
		q := r.URL.Query()
		byUpdated := false
		switch q.Get("order_by") {
		case "", "created_at":
		case "updated_at":
			byUpdated = true
		default:
			badRequest(w, "order_by can be created_at or updated_at")
			return
		}
		phone, email := "", ""
		if search {
			phone, email = onlyDigits(q.Get("phone_number")), strings.ToLower(strings.TrimSpace(q.Get("email")))
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		key := func(c *contactRec) int64 {
			if byUpdated {
				return c.c.UpdatedAt.Unix()
			}
			return c.c.CreatedAt.Unix()
		}
		list := slices.DeleteFunc(slices.Collect(maps.Values(s.st.contacts)), func(c *contactRec) bool {
			return !s.inRange(lq, key(c)) || !contactMatches(c, phone, email)
		})
		slices.SortFunc(list, func(a, b *contactRec) int { return cmp.Or(cmp.Compare(key(a), key(b)), cmp.Compare(a.c.ID, b.c.ID)) })
		writeList(s, w, r, "contacts", lq, ordered(lq, list), func(c *contactRec) any { return s.st.contactView(c) })
	}
}

func contactMatches(c *contactRec, phone, email string) bool {
	if phone != "" {
		ok := false
		for _, p := range c.c.PhoneNumbers {
			ok = ok || onlyDigits(p.Value) == phone
		}
		if !ok {
			return false
		}
	}
	if email != "" {
		ok := false
		for _, e := range c.c.Emails {
			ok = ok || strings.EqualFold(e.Value, email)
		}
		if !ok {
			return false
		}
	}
	return true
}

func (s *Server) contact(w http.ResponseWriter, r *http.Request) *contactRec {
	return byPathID(w, r, "id", s.st.contacts, "Contact")
}

type detailBody struct {
	Label *string `json:"label"`
	Value *string `json:"value"`
}

type contactBody struct {
	FirstName    *string       `json:"first_name"`
	LastName     *string       `json:"last_name"`
	CompanyName  *string       `json:"company_name"`
	Information  *string       `json:"information"`
	Description  *string       `json:"description"`
	PhoneNumbers *[]detailBody `json:"phone_numbers"`
	Emails       *[]detailBody `json:"emails"`
}

// checkContactFields validates the text fields; "can't be blank if
// defined", 255 characters at most. Emojis are removed first.
func checkContactFields(b *contactBody) string {
	for _, f := range []struct {
		name string
		v    *string
		max  int
	}{
		{"first_name", b.FirstName, maxContactField}, {"last_name", b.LastName, maxContactField},
		{"company_name", b.CompanyName, maxContactField}, {"information", b.Information, 0},
		{"description", b.Description, 0},
	} {
		if f.v == nil {
			continue
		}
		*f.v = strings.TrimSpace(stripEmoji(*f.v))
		if *f.v == "" {
			return f.name + " can't be blank"
		}
		if f.max > 0 && utf8.RuneCountInString(*f.v) > f.max {
			return f.name + " can't exceed 255 characters"
		}
	}
	return ""
}

func checkDetails(field string, ds []detailBody) string {
	if len(ds) > maxContactDetails {
		return "Limit of 20 " + field + " per contact"
	}
	for _, d := range ds {
		if d.Label == nil || blank(*d.Label) || d.Value == nil || blank(*d.Value) {
			return "label and value must be set for each of " + field
		}
	}
	return ""
}

func (s *Server) createContact(w http.ResponseWriter, r *http.Request, b *contactBody) {
	if b.PhoneNumbers == nil || len(*b.PhoneNumbers) == 0 {
		badRequest(w, "phone_numbers is a mandatory field")
		return
	}
	if msg := checkContactFields(b); msg != "" {
		badRequest(w, msg)
		return
	}
	if msg := checkDetails("phone_numbers", *b.PhoneNumbers); msg != "" {
		badRequest(w, msg)
		return
	}
	if b.Emails != nil {
		if msg := checkDetails("emails", *b.Emails); msg != "" {
			badRequest(w, msg)
			return
		}
	}
	now := unix(s.now())
	c := &contactRec{c: aircall.Contact{ID: s.st.next("contact"), IsShared: true, CreatedAt: now, UpdatedAt: now,
		PhoneNumbers: []*aircall.PhoneNumber{}, Emails: []*aircall.Email{}}}
	applyContact(&c.c, b)
	for _, p := range *b.PhoneNumbers {
		c.c.PhoneNumbers = append(c.c.PhoneNumbers, &aircall.PhoneNumber{ID: s.st.next("detail"), Label: stripEmoji(*p.Label), Value: normalizePhone(*p.Value)})
	}
	if b.Emails != nil {
		for _, e := range *b.Emails {
			c.c.Emails = append(c.c.Emails, &aircall.Email{ID: s.st.next("detail"), Label: stripEmoji(*e.Label), Value: strings.TrimSpace(*e.Value)})
		}
	}
	s.st.contacts[c.c.ID] = c
	v := s.st.contactView(c)
	s.emit(aircall.EventContactCreated, v)
	writeEnvelope(w, http.StatusOK, "contact", v)
}

func applyContact(c *aircall.Contact, b *contactBody) {
	if b.FirstName != nil {
		c.FirstName = *b.FirstName
	}
	if b.LastName != nil {
		c.LastName = *b.LastName
	}
	if b.CompanyName != nil {
		c.CompanyName = *b.CompanyName
	}
	if b.Information != nil {
		c.Information = *b.Information
	}
	if b.Description != nil {
		c.Description = *b.Description
	}
}

func (s *Server) updateContact(w http.ResponseWriter, r *http.Request, b *contactBody) {
	if msg := checkContactFields(b); msg != "" {
		badRequest(w, msg)
		return
	}
	c := s.contact(w, r)
	if c == nil {
		return
	}
	applyContact(&c.c, b)
	v := s.touchContact(c)
	if r.Method == http.MethodPut {
		writeEnvelope(w, http.StatusOK, "contact", contactUpdatedWire{contactWire: v, URLs: []string{}})
		return
	}
	writeEnvelope(w, http.StatusOK, "contact", v)
}

// touchContact stamps c as updated now and sends contact.updated; it
// returns the view it sent.
func (s *Server) touchContact(c *contactRec) *contactWire {
	c.c.UpdatedAt = unix(s.now())
	v := s.st.contactView(c)
	s.emit(aircall.EventContactUpdated, v)
	return v
}

func (s *Server) deleteContact(w http.ResponseWriter, r *http.Request, c *contactRec) {
	v := s.st.contactView(c)
	delete(s.st.contacts, c.c.ID)
	s.emit(aircall.EventContactDeleted, v)
	writeEmpty(w, http.StatusNoContent)
}

// detailKind tells phone details from email details.
type detailKind struct {
	key       string // envelope key: phone_detail, email_detail
	param     string // path param of the detail id
	plural    string
	normalize func(string) string
}

var (
	phoneDetail = detailKind{key: "phone_detail", param: "phone_number_id", plural: "phone numbers", normalize: normalizePhone}
	emailDetail = detailKind{key: "email_detail", param: "email_id", plural: "emails", normalize: strings.TrimSpace}
)

// detail is the common form of aircall.PhoneNumber and aircall.Email.
type detail struct {
	ID    aircall.ID `json:"id"`
	Label string     `json:"label"`
	Value string     `json:"value"`
}

func (k detailKind) list(c *aircall.Contact) []detail {
	out := []detail{}
	if k.key == phoneDetail.key {
		for _, p := range c.PhoneNumbers {
			out = append(out, detail{ID: p.ID, Label: p.Label, Value: p.Value})
		}
	} else {
		for _, e := range c.Emails {
			out = append(out, detail{ID: e.ID, Label: e.Label, Value: e.Value})
		}
	}
	return out
}

func (k detailKind) set(c *aircall.Contact, ds []detail) {
	if k.key == phoneDetail.key {
		c.PhoneNumbers = make([]*aircall.PhoneNumber, len(ds))
		for i, d := range ds {
			c.PhoneNumbers[i] = &aircall.PhoneNumber{ID: d.ID, Label: d.Label, Value: d.Value}
		}
		return
	}
	c.Emails = make([]*aircall.Email, len(ds))
	for i, d := range ds {
		c.Emails[i] = &aircall.Email{ID: d.ID, Label: d.Label, Value: d.Value}
	}
}

// find returns the details of c and the index of the one the path names,
// or answers 404 and returns -1.
func (k detailKind) find(w http.ResponseWriter, r *http.Request, c *contactRec) ([]detail, int) {
	id, _ := pathID(r, k.param)
	ds := k.list(&c.c)
	i := slices.IndexFunc(ds, func(d detail) bool { return d.ID == id })
	if i < 0 {
		notFound(w, "Contact detail")
	}
	return ds, i
}

func (k detailKind) check(b *detailBody) string {
	if b.Value == nil || blank(*b.Value) {
		return "value is a mandatory field"
	}
	if b.Label != nil && blank(stripEmoji(*b.Label)) {
		return "label can't be blank"
	}
	return ""
}

func (s *Server) addDetail(k detailKind) http.HandlerFunc {
	return bodyRoute(s, badRequest, func(w http.ResponseWriter, r *http.Request, b *detailBody) {
		c := s.contact(w, r)
		if c == nil {
			return
		}
		if msg := k.check(b); msg != "" {
			badRequest(w, msg)
			return
		}
		ds := k.list(&c.c)
		if len(ds) >= maxContactDetails {
			writeError(w, http.StatusConflict, "Conflict", "A contact can have at most 20 "+k.plural)
			return
		}
		d := detail{ID: s.st.next("detail"), Label: "Work", Value: k.normalize(*b.Value)}
		if b.Label != nil {
			d.Label = stripEmoji(*b.Label)
		}
		k.set(&c.c, append(ds, d))
		s.touchContact(c)
		writeEnvelope(w, http.StatusCreated, k.key, d)
	})
}

func (s *Server) updateDetail(k detailKind) http.HandlerFunc {
	return bodyRoute(s, badRequest, func(w http.ResponseWriter, r *http.Request, b *detailBody) {
		c := s.contact(w, r)
		if c == nil {
			return
		}
		ds, i := k.find(w, r, c)
		if i < 0 {
			return
		}
		if msg := k.check(b); msg != "" {
			badRequest(w, msg)
			return
		}
		ds[i].Value = k.normalize(*b.Value)
		if b.Label != nil {
			ds[i].Label = stripEmoji(*b.Label)
		}
		k.set(&c.c, ds)
		s.touchContact(c)
		writeEnvelope(w, http.StatusAccepted, k.key, ds[i])
	})
}

func (s *Server) deleteDetail(k detailKind) http.HandlerFunc {
	return recordRoute(s, s.contact, func(w http.ResponseWriter, r *http.Request, c *contactRec) {
		if ds, i := k.find(w, r, c); i >= 0 {
			k.set(&c.c, slices.Delete(ds, i, i+1))
			s.touchContact(c)
			writeEmpty(w, http.StatusNoContent)
		}
	})
}
