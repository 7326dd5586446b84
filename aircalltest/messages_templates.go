package aircalltest

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	aircall "github.com/seed1279ea27/aircall-go"
)

// ---- templates ----

// AddSMSTemplate adds a company SMS template, as an admin would in the
// Dashboard, and returns its id.
func (s *Server) AddSMSTemplate(name, body string) aircall.ID {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st.addSMSTemplate(name, body)
}

func (st *state) addSMSTemplate(name, body string) aircall.ID {
	t := &smsTemplateRec{ID: st.next("sms_template"), Name: name, Body: body}
	st.smsTemplates = append(st.smsTemplates, t)
	return t.ID
}

// maxSMSTemplatesPerPage is how many SMS templates a page may hold.
const maxSMSTemplatesPerPage = 100

// listSMSTemplates answers GET /v1/sms/templates: per_page goes up to 100
// there; search matches names and bodies.
func (s *Server) listSMSTemplates(w http.ResponseWriter, r *http.Request, lq listQuery) {
	if n, err := strconv.Atoi(r.URL.Query().Get("per_page")); err == nil {
		lq.perPage = min(max(n, 1), maxSMSTemplatesPerPage)
	}
	q := strings.ToLower(r.URL.Query().Get("search"))
	var out []*smsTemplateRec
	for _, t := range s.st.smsTemplates {
		if q == "" || strings.Contains(strings.ToLower(t.Name+"\n"+t.Body), q) {
			out = append(out, t)
		}
	}
	writeList(s, w, r, "templates", lq, ordered(lq, out), func(t *smsTemplateRec) any { return t })
}

type waTemplateWire struct {
	ID       aircall.ID `json:"id"`
	WabaID   string     `json:"wabaId"`
	Name     string     `json:"name"`
	Category string     `json:"category"`
	Status   string     `json:"status"`
	Language string     `json:"language"`
}

// waTemplates are the WhatsApp templates every number has.
func waTemplates(n aircall.ID) []*waTemplateWire {
	waba := wabaID(n)
	var out []*waTemplateWire
	for i, t := range [][3]string{
		{"order_confirmation", "UTILITY", "APPROVED"}, {"shipping_update", "UTILITY", "APPROVED"},
		{"spring_sale", "MARKETING", "APPROVED"}, {"login_code", "AUTHENTICATION", "APPROVED"},
		{"win_back", "MARKETING", "PENDING"},
	} {
		out = append(out, &waTemplateWire{ID: aircall.ID(i + 1), WabaID: waba, Name: t[0], Category: t[1], Status: t[2], Language: "en"})
	}
	return out
}

func wabaID(n aircall.ID) string { return strconv.FormatInt(int64(100000000+n), 10) }

// listWhatsAppTemplates answers GET /v1/numbers/:id/templates: cursor
// paging, the token being the offset; limit 10 by default (or 0), 100 at
// most.
func (s *Server) listWhatsAppTemplates(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	offset, limit := 0, 10
	for _, p := range []struct {
		name string
		dst  *int
	}{{"token", &offset}, {"limit", &limit}} {
		if v := q.Get(p.name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				badRequest(w, p.name+" must be a non-negative integer, got "+strconv.Quote(v))
				return
			}
			*p.dst = n
		}
	}
	if limit == 0 {
		limit = 10 // limit=0 (an unset option sent as is) reads as the default
	}
	limit = min(limit, 100)
	s.mu.Lock()
	n := s.number(w, r)
	s.mu.Unlock()
	if n == nil {
		return
	}
	var all []*waTemplateWire
	for _, t := range waTemplates(n.n.ID) {
		if (q.Get("status") == "" || strings.EqualFold(q.Get("status"), t.Status)) &&
			(q.Get("category") == "" || strings.EqualFold(q.Get("category"), t.Category)) {
			all = append(all, t)
		}
	}
	if q.Get("sort") == "name" {
		slices.SortFunc(all, func(a, b *waTemplateWire) int { return strings.Compare(a.Name, b.Name) })
	}
	page := all[min(offset, len(all)):min(offset+limit, len(all))]
	var next *int
	if offset+limit < len(all) {
		next = ptr(offset + limit)
	}
	writeJSON(w, http.StatusOK, map[string]any{"templates": append([]*waTemplateWire{}, page...),
		"pageInfo": map[string]any{"currentToken": offset, "nextToken": next, "totalCount": len(all)}})
}

// ---- number status ----

func (s *Server) whatsAppStatus(w http.ResponseWriter, _ *http.Request, n *numberRec) {
	writeJSON(w, http.StatusOK, map[string]any{"wabaId": wabaID(n.n.ID), "status": "ONLINE", "canSendMessage": true,
		"messagingLimitTier": "TIER_1K", "qualityRating": "GREEN", "businessVerificationStatus": "VERIFIED"})
}

// registrationStatus answers a shape of the fake's own: no source shows
// the real one.
func (s *Server) registrationStatus(w http.ResponseWriter, _ *http.Request, n *numberRec) {
	writeJSON(w, http.StatusOK, map[string]any{"number_id": n.n.ID, "status": "APPROVED"})
}
