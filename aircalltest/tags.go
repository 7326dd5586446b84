package aircalltest

import (
	"cmp"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	aircall "github.com/seed1279ea27/aircall-go"
)

func (s *Server) listTags(w http.ResponseWriter, r *http.Request, lq listQuery) {
	writeList(s, w, r, "tags", lq, s.st.sortedTags(), func(t *tagRec) any { return s.st.tagView(t) })
}

func (s *Server) tag(w http.ResponseWriter, r *http.Request) *tagRec {
	return byPathID(w, r, "id", s.st.tags, "Tag")
}

type tagBody struct {
	Name  *string `json:"name"`
	Color *string `json:"color"`
}

// invalidPayload answers the 400 of the Tags endpoints.
func invalidPayload(w http.ResponseWriter, troubleshoot string) {
	badRequest(w, "Invalid payload: "+troubleshoot)
}

// checkTag validates a create (all mandatory) or an update (each
// optional, never blank); emojis are removed from the name first.
func checkTag(b *tagBody, create bool) string {
	if b.Name != nil {
		*b.Name = strings.TrimSpace(stripEmoji(*b.Name))
	}
	switch {
	case create && b.Name == nil, b.Name != nil && *b.Name == "":
		return "name is mandatory and can't be blank"
	case create && b.Color == nil, b.Color != nil && !isHexColor(*b.Color):
		return "color is mandatory and must be formatted in hexadecimal, such as #00B388"
	}
	return ""
}

func (s *Server) createTag(w http.ResponseWriter, r *http.Request, b *tagBody) {
	if msg := checkTag(b, true); msg != "" {
		invalidPayload(w, msg)
		return
	}
	t := &tagRec{id: s.st.next("tag"), name: *b.Name, color: *b.Color, createdAt: s.now()}
	s.st.tags[t.id] = t
	writeEnvelope(w, http.StatusOK, "tag", s.st.tagView(t))
}

func (s *Server) updateTag(w http.ResponseWriter, r *http.Request, t *tagRec, b *tagBody) {
	if msg := checkTag(b, false); msg != "" {
		invalidPayload(w, msg)
		return
	}
	if b.Name != nil {
		t.name = *b.Name
	}
	if b.Color != nil {
		t.color = *b.Color
	}
	writeEnvelope(w, http.StatusOK, "tag", s.st.tagView(t))
}

func (s *Server) deleteTag(w http.ResponseWriter, r *http.Request, t *tagRec) {
	delete(s.st.tags, t.id)
	for _, c := range s.st.calls {
		if len(c.tagIDs) == 0 {
			continue
		}
		kept := c.tagIDs[:0]
		for _, ct := range c.tagIDs {
			if ct.id != t.id {
				kept = append(kept, ct)
			}
		}
		c.tagIDs = kept
	}
	writeEmpty(w, http.StatusNoContent)
}

// ---- webhooks ----

func (st *state) sortedHooks() []*hookRec {
	return slices.SortedFunc(maps.Values(st.hooks), func(a, b *hookRec) int { return cmp.Compare(a.id, b.id) })
}

// hookEnabled reports whether the integration behind a webhook lets it
// receive events: webhooks created with an OAuth token stop while the
// integration is disabled.
func (st *state) hookEnabled(h *hookRec) bool {
	return !strings.HasPrefix(h.owner, "bearer:") || st.integ.status == "active"
}

func (s *Server) listWebhooks(w http.ResponseWriter, r *http.Request, lq listQuery) {
	owner := authOf(r).owner()
	hooks := slices.DeleteFunc(s.st.sortedHooks(), func(h *hookRec) bool { return h.owner != owner })
	writeList(s, w, r, "webhooks", lq, ordered(lq, hooks), func(h *hookRec) any { return s.st.hookView(h) })
}

// webhook finds a webhook by webhook_id, or by its deprecated integer id,
// among those the request's credentials can see.
func (s *Server) webhook(w http.ResponseWriter, r *http.Request) *hookRec {
	id := r.PathValue("id")
	if n, err := strconv.ParseInt(id, 10, 64); err == nil {
		id = s.st.hookIDs[aircall.ID(n)]
	}
	if h, ok := s.st.hooks[id]; ok && h.owner == authOf(r).owner() {
		return h
	}
	notFound(w, "Webhook")
	return nil
}

type hookBody struct {
	URL        *string          `json:"url"`
	CustomName *string          `json:"custom_name"`
	Events     *[]aircall.Event `json:"events"`
	Active     *bool            `json:"active"`
}

// checkHook validates the url and events; it returns the events to store
// (every event when none are given).
func checkHook(b *hookBody, create bool) ([]aircall.Event, string) {
	if create && b.URL == nil || b.URL != nil && !validURL(*b.URL) {
		return nil, "url is mandatory and must be a valid URL"
	}
	if b.Events == nil || len(*b.Events) == 0 {
		return aircall.Events(), ""
	}
	var out []aircall.Event
	seen := map[aircall.Event]bool{}
	for _, e := range *b.Events {
		if !e.Known() {
			return nil, "events are not valid: " + string(e) + " is not an event"
		}
		if !seen[e] {
			seen[e] = true
			out = append(out, e)
		}
	}
	return out, ""
}

func validURL(raw string) bool {
	u, err := url.Parse(strings.TrimSpace(raw))
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}

func (s *Server) createWebhook(w http.ResponseWriter, r *http.Request, b *hookBody) {
	events, msg := checkHook(b, true)
	if msg != "" {
		badRequest(w, msg)
		return
	}
	if len(s.st.hooks) >= s.cfg.maxWebhooks {
		badRequest(w, "The company reached its maximum Webhooks count (100)")
		return
	}
	h := &hookRec{uuid: newUUID(), id: s.st.next("hook"), createdAt: s.now(),
		url: strings.TrimSpace(*b.URL), active: true, token: randHex(10), events: events, owner: authOf(r).owner()}
	if b.CustomName != nil && !blank(*b.CustomName) {
		h.customName = *b.CustomName
	}
	s.st.hooks[h.uuid] = h
	s.st.hookIDs[h.id] = h.uuid
	writeEnvelope(w, http.StatusOK, "webhook", s.st.hookWritten(h))
}

// updateWebhook follows the reference: an update without events (or with
// an empty list) subscribes the webhook to every event; with the
// events_action query param (add or remove) the events given are merged into
// or removed from the webhook's instead.
func (s *Server) updateWebhook(w http.ResponseWriter, r *http.Request, b *hookBody) {
	action := r.URL.Query().Get("events_action")
	if action != "" && action != "add" && action != "remove" || action != "" && (b.Events == nil || len(*b.Events) == 0) {
		badRequest(w, "events_action must be add or remove, with events")
		return
	}
	h := s.webhook(w, r)
	if h == nil {
		return
	}
	events, msg := checkHook(b, false)
	if msg != "" {
		badRequest(w, msg)
		return
	}
	if b.URL != nil {
		h.url = strings.TrimSpace(*b.URL)
	}
	if b.CustomName != nil {
		h.customName = *b.CustomName
	}
	if b.Active != nil {
		h.active = *b.Active
		if h.active {
			h.failures = 0
		}
	}
	switch action {
	case "add":
		for _, e := range events {
			if !h.subscribed(e) {
				h.events = append(h.events, e)
			}
		}
	case "remove":
		h.events = slices.DeleteFunc(h.events, func(e aircall.Event) bool { return slices.Contains(events, e) })
	default:
		h.events = events
	}
	writeEnvelope(w, http.StatusOK, "webhook", s.st.hookWritten(h))
}

func (s *Server) deleteWebhook(w http.ResponseWriter, r *http.Request, h *hookRec) {
	delete(s.st.hooks, h.uuid)
	delete(s.st.hookIDs, h.id)
	writeEmpty(w, http.StatusNoContent)
}
