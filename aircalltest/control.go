package aircalltest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"time"

	aircall "github.com/seed1279ea27/aircall-go"
)

// The control surface: what a phone, the Dashboard or Aircall's own
// processing would do, over HTTP, so that every event can be produced
// without Go code (aircall trigger uses it):
//
//	POST /_fake/events/{event}   make the state change that emits event
//	POST /_fake/flush            wait until every queued event is delivered
//
// Both answer on loopback connections only, with the Server's credentials.

// controlBody names the resources an event acts on; every field is
// optional and defaults to a resource in a state that allows the event.
type controlBody struct {
	CallID    aircall.ID `json:"call_id"`
	UserID    aircall.ID `json:"user_id"`
	NumberID  aircall.ID `json:"number_id"`
	ContactID aircall.ID `json:"contact_id"`
	TagID     aircall.ID `json:"tag_id"`
}

// controlError is a refusal of the control surface: 404 (no such
// resource), 409 (the state does not allow the event) or what an endpoint
// answered.
type controlError struct {
	status int
	msg    string
}

func (e *controlError) Error() string { return e.msg }

func conflict(format string, a ...any) error {
	return &controlError{http.StatusConflict, fmt.Sprintf(format, a...)}
}

func missing(what string, id aircall.ID) error {
	return &controlError{http.StatusNotFound, fmt.Sprintf("%s %d does not exist", what, id)}
}

// helperError classifies the error of a helper (SimulateInboundCall,
// Hold...): a resource that does not exist is 404, anything else is a
// state that does not allow the change (409).
func helperError(err error) error {
	var ce *controlError
	if err == nil || errors.As(err, &ce) {
		return err
	}
	if strings.Contains(err.Error(), "does not exist") {
		return &controlError{http.StatusNotFound, err.Error()}
	}
	return &controlError{http.StatusConflict, err.Error()}
}

// control answers /_fake/ requests.
func (s *Server) control(w http.ResponseWriter, r *http.Request) {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil || !isLoopbackHost(host) {
		writeEdge(w, http.StatusForbidden)
		return
	}
	if s.authenticate(r).kind == authNone {
		status := http.StatusForbidden
		if r.Header.Get("Authorization") == "" {
			status = http.StatusUnauthorized
		}
		writeEdge(w, status)
		return
	}
	if r.Method != http.MethodPost {
		writeEdge(w, http.StatusNotFound)
		return
	}
	if r.URL.Path == "/_fake/flush" {
		ctx, cancel := context.WithTimeout(r.Context(), time.Minute)
		defer cancel()
		if err := s.Flush(ctx); err != nil {
			writeError(w, http.StatusGatewayTimeout, "Gateway Timeout", "events are still being delivered")
			return
		}
		writeEmpty(w, http.StatusNoContent)
		return
	}
	name, ok := strings.CutPrefix(r.URL.Path, "/_fake/events/")
	act, known := controlActions[aircall.Event(name)]
	if !ok || !known {
		writeError(w, http.StatusNotFound, "Not Found", "unknown event "+name)
		return
	}
	var b controlBody
	if raw, _ := io.ReadAll(io.LimitReader(r.Body, 1<<16)); len(bytes.TrimSpace(raw)) > 0 {
		if err := json.Unmarshal(raw, &b); err != nil {
			badRequest(w, "the body must be a JSON object such as {\"call_id\": 123}: "+err.Error())
			return
		}
	}
	v, err := act(s, &b)
	if err != nil {
		var ce *controlError
		if !errors.As(helperError(err), &ce) {
			ce = &controlError{http.StatusConflict, err.Error()}
		}
		writeError(w, ce.status, http.StatusText(ce.status), ce.msg)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

// agentKey carries, on an internal request, the user who acts in the Phone
// app (tags and comments are then by that user).
type agentKey struct{}

// agentOf is the user acting on r in the Phone app, or 0 for the API.
func agentOf(r *http.Request) aircall.ID {
	id, _ := r.Context().Value(agentKey{}).(aircall.ID)
	return id
}

// rest runs one request through the Server's own endpoints, as the account
// owner (and as agent in the Phone app when not 0), and returns the answer
// (nil for none), or the endpoint's refusal.
func (s *Server) rest(method, path string, body any, agent aircall.ID) (any, error) {
	var rd io.Reader = http.NoBody
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, err
		}
		rd = bytes.NewReader(b)
	}
	r := httptest.NewRequest(method, path, rd)
	r.Header.Set("Content-Type", "application/json")
	ctx := context.WithValue(r.Context(), ctxKey{}, authInfo{kind: authBasic})
	r = r.WithContext(context.WithValue(ctx, agentKey{}, agent))
	rec := httptest.NewRecorder()
	s.mux.ServeHTTP(rec, r)
	if rec.Code/100 != 2 {
		return nil, &controlError{rec.Code, strings.TrimSpace(rec.Body.String())}
	}
	if rec.Body.Len() == 0 {
		return nil, nil
	}
	return json.RawMessage(rec.Body.Bytes()), nil // as the endpoint wrote it, key order kept
}

// resource is the REST answer for the resource at path (such as
// /v1/calls/812), the affected resource of a control request.
func (s *Server) resource(path string, err error) (any, error) {
	if err != nil {
		return nil, helperError(err)
	}
	return s.rest(http.MethodGet, path, nil, 0)
}

func callPath(id aircall.ID) string { return "/v1/calls/" + id.String() }

// pickCall returns b.CallID if that call is in a state ok accepts, else
// the newest call that is; what describes the state for the 409.
func (s *Server) pickCall(b *controlBody, what string, ok func(*callRec) bool) (*callRec, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if b.CallID != 0 {
		c, found := s.st.callByID[b.CallID]
		switch {
		case !found:
			return nil, missing("call", b.CallID)
		case !ok(c):
			return nil, conflict("call %d is not %s", b.CallID, what)
		}
		return c, nil
	}
	var best *callRec
	for _, c := range s.st.callByID {
		if ok(c) && (best == nil || c.c.ID > best.c.ID) {
			best = c
		}
	}
	if best == nil {
		return nil, conflict("no call is %s", what)
	}
	return best, nil
}

// pick returns id if it is in ids, else the last of ids (the newest, ids
// being sorted by creation); what names the resource.
func pick(what string, id aircall.ID, ids []aircall.ID) (aircall.ID, error) {
	if id != 0 {
		for _, x := range ids {
			if x == id {
				return id, nil
			}
		}
		return 0, missing(what, id)
	}
	if len(ids) == 0 {
		return 0, conflict("there is no %s", what)
	}
	return ids[len(ids)-1], nil
}

// ids lists the ids of the Server's users, numbers, contacts or tags, in
// creation order.
func (s *Server) ids(kind string) []aircall.ID {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.idsLocked(kind)
}

// idsLocked is ids with s.mu held.
func (s *Server) idsLocked(kind string) []aircall.ID {
	var out []aircall.ID
	switch kind {
	case "user":
		for _, u := range s.st.sortedUsers() {
			out = append(out, u.id)
		}
	case "number":
		for _, n := range s.st.sortedNumbers() {
			out = append(out, n.n.ID)
		}
	case "contact":
		for id := range s.st.contacts {
			out = append(out, id)
		}
		slices.Sort(out) // ids are given in creation order
	case "tag":
		for _, t := range s.st.sortedTags() {
			out = append(out, t.id)
		}
	}
	return out
}

// firstOr returns id, or the oldest resource of kind when id is 0.
func (s *Server) firstOr(kind string, id aircall.ID) (aircall.ID, error) {
	all := s.ids(kind)
	if id == 0 && len(all) > 0 {
		return all[0], nil
	}
	return pick(kind, id, all)
}

func ongoingAnswered(c *callRec) bool { return c.ongoing && !c.c.AnsweredAt.IsZero() }
func ended(c *callRec) bool           { return !c.ongoing }

// EventBody returns the body Aircall would POST for event: the envelope
// (resource, event, timestamp, token, data) with token, and data made by
// the same serializer and the same state change as POST
// /_fake/events/{event} on a Server WithDemoData. It starts such a Server
// on a loopback port for the time of the call. It fails for an event that
// is not one of the 67 documented events.
func EventBody(ctx context.Context, event aircall.Event, token string) ([]byte, error) {
	act, ok := controlActions[event]
	if !ok {
		return nil, fmt.Errorf("aircalltest: EventBody: unknown event %q", event)
	}
	s, err := New(WithDemoData(), WithAIDelay(0))
	if err != nil {
		return nil, err
	}
	defer s.Close()
	var body []byte
	s.mu.Lock()
	s.tap = func(ev aircall.Event, data []byte, ts int64) {
		if ev == event && body == nil {
			body = eventBody(ev, token, data, ts)
		}
	}
	s.mu.Unlock()
	for _, pre := range controlPrereqs[event] {
		if _, err := controlActions[pre](s, &controlBody{}); err != nil {
			return nil, fmt.Errorf("aircalltest: EventBody %s: %s: %w", event, pre, err)
		}
	}
	if _, err := act(s, &controlBody{}); err != nil {
		return nil, fmt.Errorf("aircalltest: EventBody %s: %w", event, err)
	}
	if err := s.Flush(ctx); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if body == nil {
		return nil, fmt.Errorf("aircalltest: EventBody: %s was not sent", event)
	}
	return body, nil
}
