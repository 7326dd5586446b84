package aircalltest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode"

	aircall "github.com/seed1279ea27/aircall-go"
)

// errorBody is the application's error payload: {"error", "troubleshoot"}.
type errorBody struct {
	Error        string `json:"error"`
	Troubleshoot string `json:"troubleshoot"`
}

// badRequestBody is the 400 the API answers, as recorded: the text is in
// errors, and troubleshoot and message hold "BAD_REQUEST".
type badRequestBody struct {
	Error        string  `json:"error"`
	Data         *string `json:"data"`
	Message      string  `json:"message"`
	Errors       string  `json:"errors"`
	Troubleshoot string  `json:"troubleshoot"`
	Success      bool    `json:"success"`
}

// unprocessableBody is the 422 the API answers: errors maps a field to its
// messages.
type unprocessableBody struct {
	Error   string              `json:"error"`
	Success bool                `json:"success"`
	Errors  map[string][]string `json:"errors"`
}

// notAvailableBody is the 405 the API answers when the user or the number
// cannot take the action now.
type notAvailableBody struct {
	Error        string `json:"error"`
	Troubleshoot string `json:"troubleshoot"`
	Success      bool   `json:"success"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		writeError(w, http.StatusInternalServerError, "Internal Server Error", "encoding the answer failed")
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// writeEnvelope answers {key: v}, the envelope of single objects.
func writeEnvelope(w http.ResponseWriter, status int, key string, v any) {
	writeJSON(w, status, map[string]any{key: v})
}

func writeError(w http.ResponseWriter, status int, title, troubleshoot string) {
	writeJSON(w, status, errorBody{Error: title, Troubleshoot: troubleshoot})
}

// writeEdge answers as the API's gateway does, before the application:
// {"message": ...}; ServeHTTP calls it before any X-AircallApi-* header is
// set.
func writeEdge(w http.ResponseWriter, status int) {
	writeJSON(w, status, map[string]string{"message": http.StatusText(status)})
}

// writeEmpty answers status with no body (204, or the 200s without a
// documented body).
func writeEmpty(w http.ResponseWriter, status int) { w.WriteHeader(status) }

func badRequest(w http.ResponseWriter, text string) {
	writeJSON(w, http.StatusBadRequest, badRequestBody{Error: "Bad Request", Message: "BAD_REQUEST", Errors: text, Troubleshoot: "BAD_REQUEST"})
}

func notFound(w http.ResponseWriter, what string) {
	writeError(w, http.StatusNotFound, "Not Found", what+" not found")
}

// unprocessable answers 422 with text under the field it starts with (such
// as "email has already been taken"), or under "base".
func unprocessable(w http.ResponseWriter, text string) {
	field, _, _ := strings.Cut(text, " ")
	if field == "" || strings.ToLower(field) != field {
		field = "base"
	}
	writeJSON(w, http.StatusUnprocessableEntity, unprocessableBody{Error: "Unprocessable Entity", Errors: map[string][]string{field: {text}}})
}

// notAvailable answers the 405 of a user or number that cannot act now.
func notAvailable(w http.ResponseWriter, text string) {
	writeJSON(w, http.StatusMethodNotAllowed, notAvailableBody{Error: "Method Not Allowed", Troubleshoot: text})
}

// readBody decodes a JSON body into v. An empty body leaves v as is.
func readBody(r *http.Request, v any) error {
	data, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		return fmt.Errorf("reading the body: %w", err)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("the body is not valid JSON for this endpoint: %w", err)
	}
	return nil
}

// decodeBody reads r's JSON body into v like readBody; when the body cannot
// be read or decoded it answers fail(w, the error's text) and reports false.
func decodeBody(w http.ResponseWriter, r *http.Request, v any, fail func(http.ResponseWriter, string)) bool {
	if err := readBody(r, v); err != nil {
		fail(w, err.Error())
		return false
	}
	return true
}

// pathID parses the path parameter name as an ID.
func pathID(r *http.Request, name string) (aircall.ID, bool) {
	n, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || n <= 0 {
		return 0, false
	}
	return aircall.ID(n), true
}

// byPathID finds the record of m whose ID is the path parameter param, or
// answers 404 "<what> not found" and returns nil.
func byPathID[T any](w http.ResponseWriter, r *http.Request, param string, m map[aircall.ID]*T, what string) *T {
	if id, ok := pathID(r, param); ok {
		if rec, found := m[id]; found {
			return rec
		}
	}
	notFound(w, what)
	return nil
}

// getRoute is the shape of a route that reads one record: with the state
// locked, find it (or answer 404) and answer its view under key.
func getRoute[T, V any](s *Server, key string, find func(http.ResponseWriter, *http.Request) *T, view func(*http.Request, *T) V) http.HandlerFunc {
	return recordRoute(s, find, func(w http.ResponseWriter, r *http.Request, rec *T) {
		writeEnvelope(w, http.StatusOK, key, view(r, rec))
	})
}

// recordRoute is the shape of a route on one record: with the state
// locked, find it (or answer 404), then act on it.
func recordRoute[T any](s *Server, find func(http.ResponseWriter, *http.Request) *T, act func(w http.ResponseWriter, r *http.Request, rec *T)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		defer s.mu.Unlock()
		if rec := find(w, r); rec != nil {
			act(w, r, rec)
		}
	}
}

// recordBodyRoute is the shape of a route that changes one record: decode
// the body into a B (or answer fail with why it is not valid), find the
// record (or answer 404), then act, with the state locked.
func recordBodyRoute[B, T any](s *Server, fail func(http.ResponseWriter, string), find func(http.ResponseWriter, *http.Request) *T, act func(w http.ResponseWriter, r *http.Request, rec *T, b *B)) http.HandlerFunc {
	return bodyRoute(s, fail, func(w http.ResponseWriter, r *http.Request, b *B) {
		if rec := find(w, r); rec != nil {
			act(w, r, rec, b)
		}
	})
}

// stateView adapts a view of the state (a method expression such as
// (*state).tagView) to getRoute, reading s.st when the request comes.
func stateView[T, V any](s *Server, view func(*state, *T) V) func(*http.Request, *T) V {
	return func(_ *http.Request, rec *T) V { return view(s.st, rec) }
}

// atParam adapts a finder by path parameter to getRoute.
func atParam[T any](find func(http.ResponseWriter, *http.Request, string) *T, param string) func(http.ResponseWriter, *http.Request) *T {
	return func(w http.ResponseWriter, r *http.Request) *T { return find(w, r, param) }
}

// listQuery is the pagination and time range of a list request.
type listQuery struct {
	page, perPage int
	from, to      int64 // Unix seconds; hasFrom/hasTo tell whether set
	hasFrom       bool
	hasTo         bool
	desc          bool
}

// bodyRoute is the shape of a route that takes a JSON body: decode it into
// a B (or answer fail with why it is not valid), then act, with the state
// locked.
func bodyRoute[B any](s *Server, fail func(http.ResponseWriter, string), act func(w http.ResponseWriter, r *http.Request, b *B)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var b B
		if !decodeBody(w, r, &b, fail) {
			return
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		act(w, r, &b)
	}
}

// listRoute is the shape of a list endpoint: the list params (or the API's
// 400), then answer, with the state locked.
func (s *Server) listRoute(answer func(w http.ResponseWriter, r *http.Request, lq listQuery)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		lq, ok := readListQuery(w, r)
		if !ok {
			return
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		answer(w, r, lq)
	}
}

// readListQuery parses the list params of r, or answers 400 and reports
// false.
func readListQuery(w http.ResponseWriter, r *http.Request) (listQuery, bool) {
	lq, err := parseListQuery(r)
	if err != nil {
		badRequest(w, err.Error())
		return lq, false
	}
	return lq, true
}

func parseListQuery(r *http.Request) (listQuery, error) {
	q := r.URL.Query()
	lq := listQuery{page: 1, perPage: 20}
	if v := q.Get("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return lq, fmt.Errorf("page must be a positive integer, got %q", v)
		}
		lq.page = n
	}
	if v := q.Get("per_page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return lq, fmt.Errorf("per_page must be an integer, got %q", v)
		}
		lq.perPage = min(max(n, 1), aircall.MaxPerPage)
	}
	for _, p := range []struct {
		name string
		dst  *int64
		has  *bool
	}{{"from", &lq.from, &lq.hasFrom}, {"to", &lq.to, &lq.hasTo}} {
		if v := q.Get(p.name); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return lq, fmt.Errorf("%s must be a UNIX timestamp, got %q", p.name, v)
			}
			*p.dst, *p.has = n, true
		}
	}
	switch o := q.Get("order"); o {
	case "", "asc":
	case "desc":
		lq.desc = true
	default:
		return lq, fmt.Errorf("order must be asc or desc, got %q", o)
	}
	return lq, nil
}

// inRange reports whether a creation time (Unix seconds) passes from and to.
func (s *Server) inRange(lq listQuery, ts int64) bool {
	if lq.hasFrom {
		if s.cfg.fromExclusive && ts <= lq.from || ts < lq.from {
			return false
		}
	}
	if lq.hasTo && ts > lq.to {
		return false
	}
	return true
}

// meta is the pagination object of list answers: a webhookMeta and the
// link keys.
type meta struct {
	webhookMeta
	NextPageLink     *string `json:"next_page_link"`
	PreviousPageLink *string `json:"previous_page_link"`
}

// webhookMeta is the meta of /v1/webhooks: no link keys at all.
type webhookMeta struct {
	Count       int `json:"count"`
	Total       int `json:"total"`
	CurrentPage int `json:"current_page"`
	PerPage     int `json:"per_page"`
}

// capError is the text of the 400 past the list cap.
const capError = "Your query is limited to 10k results and pagination is out of bound, please use timestamps or other filters."

// cappedLists are the lists, by envelope key, that refuse pages past the
// list cap, as recorded (calls and their search, contacts and theirs, tags).
// No other list was seen capped, so the others are not.
var cappedLists = map[string]bool{"calls": true, "contacts": true, "tags": true}

// writePage answers one page of a list of total items, rendered by item(i)
// for i in the page; capped lists refuse pages past the list cap with the
// API's 400.
func (s *Server) writePage(w http.ResponseWriter, r *http.Request, key string, lq listQuery, total int, item func(i int) any) {
	offset := (lq.page - 1) * lq.perPage
	capped := cappedLists[key]
	if capped && (offset >= s.cfg.listCap || lq.page > (s.cfg.listCap+lq.perPage-1)/lq.perPage) {
		badRequest(w, capError)
		return
	}
	end := min(offset+lq.perPage, total)
	if capped {
		end = min(end, s.cfg.listCap)
	}
	items := make([]any, 0, max(end-offset, 0))
	for i := offset; i < end; i++ {
		items = append(items, item(i))
	}
	m := meta{webhookMeta: webhookMeta{Count: len(items), Total: total, CurrentPage: lq.page, PerPage: lq.perPage}}
	if key == "webhooks" {
		writeJSON(w, http.StatusOK, map[string]any{key: items, "meta": m.webhookMeta})
		return
	}
	if offset+lq.perPage < total {
		m.NextPageLink = s.pageLink(r, lq.page+1, lq.perPage)
	}
	if lq.page > 1 {
		m.PreviousPageLink = s.pageLink(r, lq.page-1, lq.perPage)
	}
	writeJSON(w, http.StatusOK, map[string]any{key: items, "meta": m})
}

// writeList answers the page lq asks for of items, each rendered by view.
func writeList[T any](s *Server, w http.ResponseWriter, r *http.Request, key string, lq listQuery, items []T, view func(T) any) {
	s.writePage(w, r, key, lq, len(items), func(i int) any { return view(items[i]) })
}

// ordered returns xs, sorted oldest first, in the order lq asks for.
func ordered[T any](lq listQuery, xs []T) []T {
	if lq.desc {
		slices.Reverse(xs)
	}
	return xs
}

// pageLink is the absolute URL of another page, with the request's params
// except fetch_contact (which the API does not carry either).
func (s *Server) pageLink(r *http.Request, page, perPage int) *string {
	q := url.Values{}
	for k, v := range r.URL.Query() {
		if k != "fetch_contact" {
			q[k] = v
		}
	}
	q.Set("page", strconv.Itoa(page))
	q.Set("per_page", strconv.Itoa(perPage))
	l := s.url + r.URL.Path + "?" + q.Encode()
	return &l
}

// ---- validation helpers ----

// isEmoji reports whether r is an emoji or an emoji modifier.
func isEmoji(r rune) bool {
	switch {
	case r >= 0x1F000 && r <= 0x1FAFF, // pictographs, emoticons, flags, symbols
		r >= 0x2600 && r <= 0x27BF,   // misc symbols, dingbats
		r >= 0x2B00 && r <= 0x2BFF,   // arrows, stars
		r >= 0xFE00 && r <= 0xFE0F,   // variation selectors
		r == 0x200D,                  // zero width joiner
		r >= 0xE0020 && r <= 0xE007F: // tags
		return true
	}
	return false
}

func hasEmoji(s string) bool { return strings.IndexFunc(s, isEmoji) >= 0 }

// stripEmoji removes emojis, as the API does for comments, contacts and
// tags, and trims the spaces left around them.
func stripEmoji(s string) string {
	if !hasEmoji(s) {
		return s
	}
	out := strings.Map(func(r rune) rune {
		if isEmoji(r) {
			return -1
		}
		return r
	}, s)
	return strings.Join(strings.FieldsFunc(out, unicode.IsSpace), " ")
}

func blank(s string) bool { return strings.TrimSpace(s) == "" }

func isE164(s string) bool {
	if len(s) < 3 || len(s) > 16 || s[0] != '+' || s[1] == '0' {
		return false
	}
	return onlyDigits(s[1:]) == s[1:]
}

func isHexColor(s string) bool {
	if len(s) != 7 && len(s) != 4 || s[0] != '#' {
		return false
	}
	for _, c := range s[1:] {
		if !strings.ContainsRune("0123456789abcdefABCDEF", c) {
			return false
		}
	}
	return true
}

// normalizePhone keeps a leading + and the digits: "+1 (916) 111-0000"
// becomes "+19161110000".
func normalizePhone(s string) string {
	d := onlyDigits(s)
	if strings.HasPrefix(strings.TrimSpace(s), "+") {
		return "+" + d
	}
	return d
}

var errBadJSON = errors.New("invalid JSON")

// optString decodes a JSON value that may be a string or a number, for
// params documented as strings but sent as integers (transfer user_id).
type optString struct {
	set   bool
	value string
}

func (o *optString) UnmarshalJSON(b []byte) error {
	o.set = true
	s := strings.TrimSpace(string(b))
	if s == "null" {
		o.value = ""
		return nil
	}
	if strings.HasPrefix(s, `"`) {
		return json.Unmarshal(b, &o.value)
	}
	if _, err := strconv.ParseFloat(s, 64); err != nil {
		return errBadJSON
	}
	o.value = s
	return nil
}
