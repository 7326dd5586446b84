package aircall

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Contacts of the spec examples, written by hand.
var (
	contact710 = &Contact{
		ID: 710, DirectLink: "https://api.aircall.io/v1/contacts/710",
		FirstName: "Vicente", LastName: "Abad", IsShared: true,
		CreatedAt: Unix(1400691054), UpdatedAt: Unix(1444336506),
		Emails:       []*Email{},
		PhoneNumbers: []*PhoneNumber{{ID: 3367, Label: "Mobile", Value: "+34664673697"}},
	}
	contact711 = &Contact{
		ID: 711, DirectLink: "https://api.aircall.io/v1/contacts/711",
		FirstName: "Margaret", LastName: "Morrison", CompanyName: "TeleWorm", IsShared: true,
		CreatedAt: Unix(1400692007), UpdatedAt: Unix(1444336507),
		PhoneNumbers: []*PhoneNumber{{ID: 3368, Label: "Mobile", Value: "+34768776683"}, {ID: 3369, Label: "Work", Value: "+49111000460"}},
		Emails:       []*Email{{ID: 3200, Label: "Work", Value: "m.morrison@teleworm.es"}},
	}
)

func TestContactsEndpoints(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	get := func(id ID) func(*Client) (any, *Response, error) {
		return func(c *Client) (any, *Response, error) { return c.Contacts.Get(ctx, id) }
	}
	runFamilyCalls(t, []familyCall{
		// The spec's example repeats "emails" on contact 711 ([] then one
		// email). encoding/json keeps the last value of a duplicated key, so
		// the email is decoded.
		{name: "list", pattern: "GET /v1/contacts", reply: "contacts_list.json",
			call: func(c *Client) (any, *Response, error) {
				return c.Contacts.List(ctx, &ContactListOptions{
					ListOptions: ListOptions{Page: 2, PerPage: 50},
					TimeRange:   TimeRange{From: time.Unix(1400000000, 0), To: time.Unix(1500000000, 0), Order: OrderDesc},
					OrderBy:     ContactOrderByUpdatedAt,
				})
			},
			path: "/v1/contacts", query: "from=1400000000&order=desc&order_by=updated_at&page=2&per_page=50&to=1500000000",
			want: []*Contact{contact710, contact711}, meta: &Meta{Count: 2, Total: 2, CurrentPage: 1, PerPage: 20}},
		{name: "search", pattern: "GET /v1/contacts/search", reply: "contacts_search.json",
			call: func(c *Client) (any, *Response, error) {
				return c.Contacts.Search(ctx, &ContactSearchOptions{
					ContactListOptions: ContactListOptions{TimeRange: TimeRange{From: time.Unix(1400000000, 0)}, OrderBy: ContactOrderByCreatedAt},
					PhoneNumber:        "+34768776683",
					Email:              "m.morrison@teleworm.es",
				})
			},
			path: "/v1/contacts/search", query: "email=m.morrison%40teleworm.es&from=1400000000&order_by=created_at&phone_number=%2B34768776683",
			want: []*Contact{contact711}, meta: &Meta{Count: 1, Total: 1, CurrentPage: 1, PerPage: 20}},
		{name: "get spec example", pattern: "GET /v1/contacts/{id}", reply: "contacts_get.json",
			call: get(710), path: "/v1/contacts/710", want: contact710},
		// A string ID, ISO and string-Unix timestamps, missing keys
		// (direct_link, company_name, emails), a null label and extra keys
		// at every level.
		{name: "get realistic variant", pattern: "GET /v1/contacts/{id}", reply: "contacts_get_variant.json",
			call: get(712), path: "/v1/contacts/712",
			want: &Contact{
				ID: 712, FirstName: "Jennifer", LastName: "Smith", Description: "VIP",
				Information: "crm_id:A-991", IsShared: true,
				CreatedAt:    Timestamp{Time: time.Date(2020, 3, 25, 20, 50, 40, 0, time.UTC), Form: FormISOMillis},
				UpdatedAt:    Timestamp{Time: time.Unix(1585169440, 0).UTC(), Form: FormUnixString},
				PhoneNumbers: []*PhoneNumber{{ID: 9180, Value: "+33749882971"}},
			}},
		{name: "create", pattern: "POST /v1/contacts", status: 201, reply: "contacts_create.json",
			call: func(c *Client) (any, *Response, error) {
				return c.Contacts.Create(ctx, &ContactCreateParams{
					FirstName: "Gary", LastName: "Jennings", Information: "external_custom_id:87123",
					PhoneNumbers: []ContactDetailParams{{Label: "Work", Value: "+19001112222"}},
					Emails:       []ContactDetailParams{{Label: "Office", Value: "gary.jennings@acme.com"}},
				})
			},
			path: "/v1/contacts",
			body: `{"first_name":"Gary","last_name":"Jennings","information":"external_custom_id:87123",
				"phone_numbers":[{"label":"Work","value":"+19001112222"}],"emails":[{"label":"Office","value":"gary.jennings@acme.com"}]}`,
			want: &Contact{
				ID: 719, DirectLink: "https://api.aircall.io/v1/contacts/719",
				FirstName: "Gary", LastName: "Jennings", Information: "external_custom_id:87123", IsShared: true,
				CreatedAt: Unix(1585083040), UpdatedAt: Unix(1585083040),
				Emails:       []*Email{{ID: 9170, Label: "Office", Value: "gary.jennings@acme.com"}},
				PhoneNumbers: []*PhoneNumber{{ID: 9171, Label: "Work", Value: "+19001112222"}},
			}},
		// POST, not PUT.
		{name: "update", pattern: "POST /v1/contacts/{id}", reply: "contacts_update.json",
			call: func(c *Client) (any, *Response, error) {
				return c.Contacts.Update(ctx, 710, &ContactUpdateParams{FirstName: Ptr("Vicente UPDATED"), CompanyName: Ptr("Lerox Inc.")})
			},
			path: "/v1/contacts/710", body: `{"first_name":"Vicente UPDATED","company_name":"Lerox Inc."}`,
			want: edit(new(*contact710), func(c *Contact) { c.FirstName, c.CompanyName = "Vicente UPDATED", "Lerox Inc." })},
		{name: "delete", pattern: "DELETE /v1/contacts/{id}", status: 204,
			call: func(c *Client) (any, *Response, error) { return answered(c.Contacts.Delete(ctx, 710)) },
			path: "/v1/contacts/710"},
		{name: "add phone number", pattern: "POST /v1/contacts/{id}/phone_details", status: 201, reply: "contacts_phone_detail_add.json",
			call: func(c *Client) (any, *Response, error) {
				return c.Contacts.AddPhoneNumber(ctx, 710, &ContactDetailParams{Label: "Work", Value: "+19161110000"})
			},
			path: "/v1/contacts/710/phone_details", body: `{"label":"Work","value":"+19161110000"}`,
			want: &PhoneNumber{ID: 5200, Label: "Work", Value: "19161110000"}},
		{name: "update phone number", pattern: "PUT /v1/contacts/{id}/phone_details/{phone_number_id}", status: 202,
			reply: "contacts_phone_detail_update.json",
			call: func(c *Client) (any, *Response, error) {
				return c.Contacts.UpdatePhoneNumber(ctx, 710, 5200, &ContactDetailParams{Label: "Home UPDATED", Value: "+19161110011"})
			},
			path: "/v1/contacts/710/phone_details/5200", body: `{"label":"Home UPDATED","value":"+19161110011"}`,
			want: &PhoneNumber{ID: 5200, Label: "Home UPDATED", Value: "19161110011"}},
		{name: "delete phone number", pattern: "DELETE /v1/contacts/{id}/phone_details/{phone_number_id}", status: 204,
			call: func(c *Client) (any, *Response, error) { return answered(c.Contacts.DeletePhoneNumber(ctx, 710, 5200)) },
			path: "/v1/contacts/710/phone_details/5200"},
		{name: "add email without label", pattern: "POST /v1/contacts/{id}/email_details", status: 201, reply: "contacts_email_detail_add.json",
			call: func(c *Client) (any, *Response, error) {
				return c.Contacts.AddEmail(ctx, 710, &ContactDetailParams{Value: "v.lightner@example.com"})
			},
			path: "/v1/contacts/710/email_details", body: `{"value":"v.lightner@example.com"}`,
			want: &Email{ID: 5201, Label: "Work", Value: "v.lightner@example.com"}},
		{name: "update email", pattern: "PUT /v1/contacts/{id}/email_details/{email_id}", status: 202, reply: "contacts_email_detail_update.json",
			call: func(c *Client) (any, *Response, error) {
				return c.Contacts.UpdateEmail(ctx, 710, 5201, &ContactDetailParams{Value: "v.updated@example.com"})
			},
			path: "/v1/contacts/710/email_details/5201", body: `{"value":"v.updated@example.com"}`,
			want: &Email{ID: 5201, Label: "Work", Value: "v.updated@example.com"}},
		{name: "delete email", pattern: "DELETE /v1/contacts/{id}/email_details/{email_id}", status: 204,
			call: func(c *Client) (any, *Response, error) { return answered(c.Contacts.DeleteEmail(ctx, 710, 5201)) },
			path: "/v1/contacts/710/email_details/5201"},
	})
}

func TestContactsGetNotFound(t *testing.T) {
	t.Parallel()
	ts, c := serve(t, "GET /v1/contacts/{id}", 404, `{"error":"Not found","troubleshoot":"Check the Contact ID"}`)
	got, resp, err := c.Contacts.Get(context.Background(), 9)
	if !errors.Is(err, ErrNotFound) || got != nil {
		t.Fatalf("Get = %v, %v; want nil and ErrNotFound", got, err)
	}
	if resp == nil || resp.StatusCode != 404 {
		t.Errorf("resp = %v, want the 404 response", resp)
	}
	// A 404 is not retried.
	ts.expectRequestCount(t, 1)
}

// contactsHangUp reads the request, then closes the connection without
// answering: the request reached the server, the answer never came back.
func contactsHangUp(w http.ResponseWriter, r *http.Request) {
	io.Copy(io.Discard, r.Body)
	if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
		conn.Close()
	}
}

func TestContactsCreateNotRetried(t *testing.T) {
	t.Parallel()
	p := &ContactCreateParams{FirstName: "Gary", PhoneNumbers: []ContactDetailParams{{Label: "Work", Value: "+19001112222"}}}
	tests := []struct {
		name    string
		handler http.HandlerFunc
		status  int // of the APIError, 0 for a transport error
	}{
		{"500", reply(t, 500, `{"error":"Internal Server Error","troubleshoot":"Please retry later"}`), 500},
		{"503 proxy page", reply(t, 503, "<html><body>Service Unavailable</body></html>"), 503},
		{"connection dropped after the request was sent", contactsHangUp, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t)
			ts.handle("POST /v1/contacts", tt.handler)
			got, _, err := ts.client(t).Contacts.Create(context.Background(), p)
			if got != nil || err == nil {
				t.Fatalf("Create = %v, %v; want an error", got, err)
			}
			// A create must not be repeated.
			ts.expectRequestCount(t, 1)
			if !errors.Is(err, ErrOutcomeUnknown) {
				t.Errorf("err = %v, want it to match ErrOutcomeUnknown", err)
			}
			if !strings.Contains(err.Error(), "outcome unknown") {
				t.Errorf("err = %q, want it to say the outcome is unknown", err)
			}
			var ae *APIError
			if isAPI := errors.As(err, &ae); isAPI != (tt.status != 0) || (isAPI && ae.StatusCode != tt.status) {
				t.Errorf("err = %#v, want an APIError: %v with status %d", err, tt.status != 0, tt.status)
			}
			if strings.Contains(err.Error(), "api-token") {
				t.Errorf("error leaks the api token: %v", err)
			}
		})
	}
}

func TestContactsCreateRetriedAfter429(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	created := reply(t, 201, "contacts_create.json")
	ts.handle("POST /v1/contacts", func(w http.ResponseWriter, r *http.Request) {
		if ts.requests.Load() == 1 {
			// The budget is spent; the window reset already, so the pacer
			// does not hold the retry.
			w.Header().Set("X-AircallApi-Remaining", "0")
			w.Header().Set("X-AircallApi-Reset", strconv.FormatInt(time.Now().Add(-2*time.Second).Unix(), 10))
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusTooManyRequests)
			io.WriteString(w, `{"error":"Too Many Requests","troubleshoot":"Rate limit exceeded"}`)
			return
		}
		created(w, r)
	})
	p := &ContactCreateParams{FirstName: "Gary", PhoneNumbers: []ContactDetailParams{{Label: "Work", Value: "+19001112222"}}}
	got, resp, err := ts.client(t).Contacts.Create(context.Background(), p)
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	// A 429 was refused by the server, so it is retried once.
	ts.expectRequestCount(t, 2)
	if resp.StatusCode != 201 || got.ID != 719 {
		t.Errorf("Create = contact %d, status %d; want 719, 201", got.ID, resp.StatusCode)
	}
	reqs := ts.all()
	if len(reqs) == 2 && reqs[0].Body != reqs[1].Body {
		t.Errorf("retry body %q differs from the first %q", reqs[1].Body, reqs[0].Body)
	}
}

func TestContactsUpdateNotRetried(t *testing.T) {
	t.Parallel()
	ts, c := serve(t, "POST /v1/contacts/{id}", 502, `{"error":"Bad Gateway"}`)
	_, _, err := c.Contacts.Update(context.Background(), 710, &ContactUpdateParams{LastName: Ptr("Abad")})
	if !errors.Is(err, ErrOutcomeUnknown) || ts.requests.Load() != 1 {
		t.Errorf("Update = %v after %d requests; want ErrOutcomeUnknown after 1", err, ts.requests.Load())
	}
}

func TestContactsDetailErrors(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	ts.handle("POST /v1/contacts/{id}/phone_details", reply(t, 409, `{"error":"Conflict","troubleshoot":"A contact can't have more than 20 phone numbers"}`))
	ts.handle("PUT /v1/contacts/{id}/email_details/{email_id}", reply(t, 404, `{"error":"Not found","troubleshoot":"Email not found"}`))
	c := ts.client(t)
	_, _, err := c.Contacts.AddPhoneNumber(context.Background(), 710, &ContactDetailParams{Value: "+19161110000"})
	if !errors.Is(err, ErrConflict) || !strings.Contains(err.Error(), "more than 20") {
		t.Errorf("AddPhoneNumber past 20 = %v, want ErrConflict with the troubleshoot text", err)
	}
	_, _, err = c.Contacts.UpdateEmail(context.Background(), 710, 1, &ContactDetailParams{Value: "a@b.c"})
	if !errors.Is(err, ErrNotFound) {
		t.Errorf("UpdateEmail = %v, want ErrNotFound", err)
	}
	// 4xx are not retried.
	ts.expectRequestCount(t, 2)
}

func TestContactsCreateServerValidation(t *testing.T) {
	t.Parallel()
	_, c := serve(t, "POST /v1/contacts", 400, `{"error":"Invalid payload","troubleshoot":"phone_numbers value is invalid"}`)
	_, _, err := c.Contacts.Create(context.Background(), &ContactCreateParams{PhoneNumbers: []ContactDetailParams{{Label: "x", Value: "abc"}}})
	var ae *APIError
	if !errors.Is(err, ErrValidation) || !errors.As(err, &ae) || ae.Troubleshoot != "phone_numbers value is invalid" {
		t.Errorf("Create = %v, want a 400 APIError matching ErrValidation", err)
	}
	if errors.Is(err, ErrOutcomeUnknown) {
		t.Errorf("a 400 was refused by the server, its outcome is known: %v", err)
	}
}

func contactDetails(n int, value func(int) string) []ContactDetailParams {
	out := make([]ContactDetailParams, n)
	for i := range out {
		out[i] = ContactDetailParams{Label: "Work", Value: value(i)}
	}
	return out
}

func TestContactsValidation(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	phone := []ContactDetailParams{{Label: "Work", Value: "+19001112222"}}
	phones := func(n int) []ContactDetailParams {
		return contactDetails(n, func(i int) string { return fmt.Sprintf("+1900111%04d", i) })
	}
	emails := func(n int) []ContactDetailParams {
		return contactDetails(n, func(i int) string { return fmt.Sprintf("g%d@acme.com", i) })
	}
	create := paramCall(func(c *Client, p *ContactCreateParams) error { return errOf(c.Contacts.Create(ctx, p)) })
	update := paramCall(func(c *Client, p *ContactUpdateParams) error { return errOf(c.Contacts.Update(ctx, 710, p)) })
	addPhone := paramCall(func(c *Client, p *ContactDetailParams) error { return errOf(c.Contacts.AddPhoneNumber(ctx, 710, p)) })
	updatePhone := paramCall(func(c *Client, p *ContactDetailParams) error {
		return errOf(c.Contacts.UpdatePhoneNumber(ctx, 710, 5200, p))
	})
	addEmail := paramCall(func(c *Client, p *ContactDetailParams) error { return errOf(c.Contacts.AddEmail(ctx, 710, p)) })
	updateEmail := paramCall(func(c *Client, p *ContactDetailParams) error { return errOf(c.Contacts.UpdateEmail(ctx, 710, 5201, p)) })
	tests := []paramCase{
		{"create nil params", create(nil), ""},
		{"create 0 phones", create(&ContactCreateParams{FirstName: "Gary"}), "phone_numbers"},
		{"create empty phones", create(&ContactCreateParams{PhoneNumbers: []ContactDetailParams{}}), "phone_numbers"},
		{"create 21 phones", create(&ContactCreateParams{PhoneNumbers: phones(21)}), "phone_numbers"},
		{"create 21 emails", create(&ContactCreateParams{PhoneNumbers: phone, Emails: emails(21)}), "emails"},
		{"create phone without value", create(&ContactCreateParams{PhoneNumbers: []ContactDetailParams{{Label: "Work"}}}), "phone_numbers[0].value"},
		{"create phone without label", create(&ContactCreateParams{PhoneNumbers: append(phones(1), ContactDetailParams{Value: "+1"})}), "phone_numbers[1].label"},
		{"create email without value", create(&ContactCreateParams{PhoneNumbers: phone, Emails: []ContactDetailParams{{Label: "Work", Value: " "}}}), "emails[0].value"},
		{"create blank first name", create(&ContactCreateParams{FirstName: "  ", PhoneNumbers: phone}), "first_name"},
		{"create blank information", create(&ContactCreateParams{Information: "\t", PhoneNumbers: phone}), "information"},
		{"create 256-char last name", create(&ContactCreateParams{LastName: strings.Repeat("é", 256), PhoneNumbers: phone}), "last_name"},
		{"create 256-char company", create(&ContactCreateParams{CompanyName: strings.Repeat("a", 256), PhoneNumbers: phone}), "company_name"},
		{"update nil params", update(nil), ""},
		{"update blank first name", update(&ContactUpdateParams{FirstName: Ptr("")}), "first_name"},
		{"update blank information", update(&ContactUpdateParams{Information: Ptr(" ")}), "information"},
		{"add phone nil", addPhone(nil), ""},
		{"add phone empty value", addPhone(&ContactDetailParams{Label: "Work"}), "value"},
		{"add phone blank label", addPhone(&ContactDetailParams{Label: " ", Value: "+19161110000"}), "label"},
		{"update phone empty value", updatePhone(&ContactDetailParams{Label: "Home"}), "value"},
		{"add email empty value", addEmail(&ContactDetailParams{}), "value"},
		{"update email empty value", updateEmail(&ContactDetailParams{Value: ""}), "value"},
	}
	runParamCases(t, tests)
	// The limits themselves are accepted.
	_, c := serve(t, "POST /v1/contacts", 201, "contacts_create.json")
	_, _, err := c.Contacts.Create(ctx, &ContactCreateParams{
		FirstName: strings.Repeat("é", 255), PhoneNumbers: phones(20), Emails: emails(20),
	})
	if err != nil {
		t.Errorf("Create with 20 phones, 20 emails and a 255-char name: %v", err)
	}
}

// contactCapServer is a contact list with a 10,000-style cap, ordered by
// created_at; it also filters on phone_number, as search does.
func contactCapServer(contacts []*Contact, listCap int, inclusive bool) *capServer[*Contact] {
	return &capServer[*Contact]{key: "contacts", items: contacts, cap: listCap, exclusive: !inclusive,
		stamp: func(c *Contact) int64 { return c.CreatedAt.Unix() },
		match: func(c *Contact, q url.Values) bool {
			pn := q.Get("phone_number")
			return pn == "" || c.PhoneNumbers[0].Value == pn
		}}
}

// contactsCapData returns n contacts, three per second of creation, all with
// the phone number +33100000000 except every seventh.
func contactsCapData(n int) []*Contact {
	out := make([]*Contact, n)
	for i := range out {
		pn := "+33100000000"
		if i%7 == 6 {
			pn = "+33199999999"
		}
		out[i] = &Contact{
			ID: ID(1000 + i), FirstName: "C" + strconv.Itoa(i), IsShared: true,
			CreatedAt: Unix(1600000000 + int64(i/3)), UpdatedAt: Unix(1700000000 - int64(i)),
			PhoneNumbers: []*PhoneNumber{{ID: ID(5000 + i), Label: "Work", Value: pn}},
		}
	}
	return out
}

func TestContactsAllPassesTheCap(t *testing.T) {
	t.Parallel()
	const n = 337
	tests := []struct {
		name      string
		order     Order
		inclusive bool
		serverCap int // the client's cap is 100
		search    bool
	}{
		{"asc, from inclusive", OrderAsc, true, 100, false},
		{"asc, from exclusive", OrderAsc, false, 100, false},
		{"default order", "", true, 100, false},
		{"desc, to inclusive", OrderDesc, true, 100, false},
		{"desc, to exclusive", OrderDesc, false, 100, false},
		{"server cap below the client's", OrderAsc, true, 50, false},
		{"server cap below the client's, desc", OrderDesc, false, 50, false},
		{"search, asc", OrderAsc, true, 100, true},
		{"search, desc", OrderDesc, false, 100, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			all := contactsCapData(n)
			srv := contactCapServer(all, tt.serverCap, tt.inclusive)
			ts := newTestServer(t)
			ts.handle("GET /v1/contacts", srv.ServeHTTP)
			ts.handle("GET /v1/contacts/search", srv.ServeHTTP)
			c := ts.client(t)
			c.listCap = 100

			var want []ID
			for _, ct := range all {
				if !tt.search || ct.PhoneNumbers[0].Value == "+33100000000" {
					want = append(want, ct.ID)
				}
			}
			lopts := ContactListOptions{TimeRange: TimeRange{Order: tt.order}}
			seq := c.Contacts.All(context.Background(), &lopts)
			if tt.search {
				seq = c.Contacts.SearchAll(context.Background(), &ContactSearchOptions{ContactListOptions: lopts, PhoneNumber: "+33100000000"})
			}
			seen := map[ID]int{}
			var got []ID
			var last int64
			for ct, err := range seq {
				if err != nil {
					t.Fatalf("All: error after %d contacts: %v", len(got), err)
				}
				seen[ct.ID]++
				got = append(got, ct.ID)
				ts := ct.CreatedAt.Unix()
				if len(got) > 1 && ((tt.order == OrderDesc && ts > last) || (tt.order != OrderDesc && ts < last)) {
					t.Errorf("contact %d out of order", ct.ID)
				}
				last = ts
			}
			for id, k := range seen {
				if k != 1 {
					t.Errorf("contact %d yielded %d times, want once", id, k)
				}
			}
			sort.Slice(got, func(i, j int) bool { return got[i] < got[j] })
			checkDiff(t, "contacts yielded", want, got)
			var restarts int
			for _, r := range ts.all() {
				if r.Path != "/v1/contacts" && r.Path != "/v1/contacts/search" {
					t.Errorf("request to %s", r.Path)
				}
				q := contactsQuery(t, r.Query)
				if q.Get("per_page") != "50" {
					t.Errorf("per_page = %q, want 50", q.Get("per_page"))
				}
				if tt.search && q.Get("phone_number") != "+33100000000" {
					t.Errorf("phone_number lost in %q", r.Query)
				}
				if q.Get("from") != "" || q.Get("to") != "" {
					restarts++
				}
			}
			if restarts == 0 {
				t.Errorf("no request restarted with from/to: the cap was never passed")
			}
			// ceil(n/50) pages plus one extra page per window, plus the
			// refused page when the server's cap is below the client's.
			if max := int64(2*len(want)/50 + 4); ts.requests.Load() > max {
				t.Errorf("requests = %d, want at most %d", ts.requests.Load(), max)
			}
		})
	}
}

func TestContactsAllOrderedByUpdatedAtStopsAtCap(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	ts.handle("GET /v1/contacts", contactCapServer(contactsCapData(180), 100, true).ServeHTTP)
	c := ts.client(t)
	c.listCap = 100
	var got int
	var lastErr error
	for _, err := range c.Contacts.All(context.Background(), &ContactListOptions{OrderBy: ContactOrderByUpdatedAt}) {
		if err != nil {
			lastErr = err
			break
		}
		got++
	}
	if got != 100 {
		t.Errorf("yielded %d contacts, want the 100 before the cap", got)
	}
	if !errors.Is(lastErr, ErrValidation) || !strings.Contains(lastErr.Error(), "10k") {
		t.Errorf("err = %v, want the server's 400 about the 10k cap", lastErr)
	}
	for _, r := range ts.all() {
		q := contactsQuery(t, r.Query)
		if q.Get("from") != "" || q.Get("to") != "" || q.Get("order_by") != "updated_at" {
			t.Errorf("query %q: want order_by=updated_at and no window", r.Query)
		}
	}
}

func TestContactsAllStopsWhenLoopBreaks(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	ts.handle("GET /v1/contacts", contactCapServer(contactsCapData(120), 10000, true).ServeHTTP)
	if got := collectFirst(t, ts.client(t).Contacts.All(context.Background(), nil), 60); len(got) != 60 {
		t.Errorf("got %d contacts, want 60", len(got))
	}
	// Two pages for 60 contacts.
	ts.expectRequestCount(t, 2)
}

func contactsQuery(t *testing.T, raw string) url.Values {
	t.Helper()
	q, err := url.ParseQuery(raw)
	if err != nil {
		t.Fatalf("query %q: %v", raw, err)
	}
	return q
}
