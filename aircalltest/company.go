package aircalltest

import (
	"cmp"
	"encoding/json"
	"maps"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"

	aircall "github.com/seed1279ea27/aircall-go"
)

func (s *Server) getCompany(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"company": map[string]any{
		"name": s.st.company, "users_count": len(s.st.users), "numbers_count": len(s.st.numbers),
	}})
}

// ---- integrations (OAuth only) ----

// oauthOnly refuses Basic auth on the integrations endpoints, as the API
// does.
func oauthOnly(w http.ResponseWriter, r *http.Request) bool {
	if authOf(r).kind == authBearer {
		return true
	}
	writeError(w, http.StatusForbidden, "Forbidden", "Cannot be used with API KEY (Oauth only)")
	return false
}

// integrationView is the integration as /v1/integrations/me sends it: the
// keys of the Integration object (the recorded body); the reference's
// example also shows id, created_at, updated_at and deleted_at.
type integrationView struct {
	Name         string               `json:"name"`
	CustomName   *string              `json:"custom_name"`
	Logo         string               `json:"logo"`
	CompanyID    aircall.ID           `json:"company_id"`
	Status       string               `json:"status"`
	Active       bool                 `json:"active"`
	NumberIDs    []aircall.ID         `json:"number_ids"`
	NumbersCount int                  `json:"numbers_count"`
	User         *integrationUserWire `json:"user"`
}

// integrationUserWire is the user who installed the integration: the
// webhook user plus substatus, created_at and time_zone (no state, no
// extension).
type integrationUserWire struct {
	hookUserWire
	Substatus string            `json:"substatus"`
	CreatedAt aircall.Timestamp `json:"created_at"`
	TimeZone  string            `json:"time_zone"`
}

func (s *Server) integrationMe(w http.ResponseWriter, r *http.Request) {
	if !oauthOnly(w, r) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	in := s.st.integ
	v := integrationView{Name: in.name, Logo: "https://cdn.aircall.io/applications/standard/ico_91.svg",
		CompanyID: companyID, Status: in.status, Active: in.status == "active", NumberIDs: []aircall.ID{}}
	for _, n := range s.st.sortedNumbers() {
		v.NumberIDs = append(v.NumberIDs, n.n.ID)
	}
	v.NumbersCount = len(v.NumberIDs)
	if u, ok := s.st.users[in.userID]; ok {
		v.User = &integrationUserWire{hookUserWire: *hookUserOf(s.st, u), Substatus: u.state(), CreatedAt: iso(u.createdAt), TimeZone: u.timeZone}
	}
	writeEnvelope(w, http.StatusOK, "integration", v)
}

func (s *Server) integrationToggle(enable bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !oauthOnly(w, r) {
			return
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		if enable {
			s.st.integ.status = "active"
			if v, _ := strconv.ParseBool(r.URL.Query().Get("install")); v {
				s.st.integ.installed = true
			}
		} else {
			s.st.integ.status = "disabled"
		}
		s.st.integ.updatedAt = s.now()
		writeEmpty(w, http.StatusNoContent)
	}
}

// IntegrationStatus returns the status of the OAuth integration ("active"
// or "disabled") and whether it was enabled with install=true.
func (s *Server) IntegrationStatus() (status string, installed bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st.integ.status, s.st.integ.installed
}

// ---- OAuth ----

// oauthToken exchanges an authorization code for an access token. It takes
// the documented JSON body, and also the form body and Basic client
// credentials that OAuth libraries send.
func (s *Server) oauthToken(w http.ResponseWriter, r *http.Request) {
	var b struct {
		ClientID     string `json:"client_id"`
		ClientSecret string `json:"client_secret"`
		Code         string `json:"code"`
		RedirectURI  string `json:"redirect_uri"`
		GrantType    string `json:"grant_type"`
	}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct == "application/x-www-form-urlencoded" {
		if err := r.ParseForm(); err != nil {
			oauthError(w, http.StatusBadRequest, "invalid_request", "the body is not a valid form")
			return
		}
		b.ClientID, b.ClientSecret, b.Code = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret"), r.PostForm.Get("code")
		b.RedirectURI, b.GrantType = r.PostForm.Get("redirect_uri"), r.PostForm.Get("grant_type")
	} else if err := readBody(r, &b); err != nil {
		oauthError(w, http.StatusBadRequest, "invalid_request", err.Error())
		return
	}
	if id, secret, ok := r.BasicAuth(); ok && b.ClientID == "" {
		b.ClientID, b.ClientSecret = id, secret
	}
	switch {
	case b.ClientID == "" || b.ClientSecret == "" || b.Code == "" || b.RedirectURI == "" || b.GrantType == "":
		oauthError(w, http.StatusBadRequest, "invalid_request", "client_id, client_secret, code, redirect_uri and grant_type are mandatory")
		return
	case b.GrantType != "authorization_code":
		oauthError(w, http.StatusBadRequest, "unsupported_grant_type", "grant_type must be authorization_code")
		return
	case !constEq(b.ClientID, s.cfg.oauthClientID) || !constEq(b.ClientSecret, s.cfg.oauthClientSecret):
		oauthError(w, http.StatusUnauthorized, "invalid_client", "Unknown client_id or wrong client_secret")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	code, ok := s.st.codes[b.Code]
	if !ok || s.now().After(code.expires) || code.redirectURI != b.RedirectURI {
		oauthError(w, http.StatusBadRequest, "invalid_grant", "The authorization code is invalid, expired, used, or was issued for another redirect_uri")
		return
	}
	delete(s.st.codes, b.Code)
	token := randHex(15)
	s.st.bearer[token] = true
	writeJSON(w, http.StatusOK, map[string]any{"access_token": token, "token_type": "Bearer", "created_at": s.now().Unix()})
}

func oauthError(w http.ResponseWriter, status int, code, text string) {
	writeJSON(w, status, map[string]string{"error": code, "error_description": text, "troubleshoot": text})
}

// ---- A2P campaign associations ----

func (s *Server) listA2P(w http.ResponseWriter, r *http.Request, lq listQuery) {
	list := slices.SortedFunc(maps.Values(s.st.a2p), func(a, b *a2pRec) int { return cmp.Compare(a.id, b.id) })
	views := make([]*a2pView, len(list))
	for i, a := range list {
		views[i] = s.st.a2pView(a)
		a.status = "done" // the background update is over once it was seen
	}
	writeList(s, w, r, "a2p_campaign_associations", lq, views, func(v *a2pView) any { return v })
}

func (s *Server) a2pAssoc(w http.ResponseWriter, r *http.Request) *a2pRec {
	return byPathID(w, r, "id", s.st.a2p, "A2P campaign association")
}

// a2pSeen is the view of a, whose background update is over once it was
// seen.
func (s *Server) a2pSeen(_ *http.Request, a *a2pRec) *a2pView {
	v := s.st.a2pView(a)
	a.status = "done"
	return v
}

// a2pNumbers reads numbers sent as strings or integers, E.164 without +.
func a2pNumbers(raw []json.RawMessage) ([]string, string) {
	if len(raw) == 0 {
		return nil, "numbers is a mandatory field"
	}
	var out []string
	for _, r := range raw {
		var o optString
		if err := json.Unmarshal(r, &o); err != nil || o.value == "" {
			return nil, "numbers must be phone numbers in E.164 format without the + prefix"
		}
		v := strings.TrimSpace(o.value)
		if onlyDigits(v) != v || !isE164("+"+v) {
			return nil, "numbers must be phone numbers in E.164 format without the + prefix, got " + v
		}
		out = append(out, v)
	}
	return out, ""
}

// checkA2PNumbers makes sure each number is one of the company's and not
// in another association.
func (s *Server) checkA2PNumbers(numbers []string, self aircall.ID) string {
	own := map[string]bool{}
	for _, n := range s.st.numbers {
		own[onlyDigits(n.n.Digits)] = true
	}
	for _, n := range numbers {
		if !own[n] {
			return "number " + n + " is not an Aircall number of the company"
		}
		for _, a := range s.st.a2p {
			if a.id != self && slices.Contains(a.numbers, n) {
				return "number " + n + " is already associated to campaign " + a.externalID
			}
		}
	}
	return ""
}

// createA2PBody is the body of createA2P.
type createA2PBody struct {
	ExternalCampaignID string            `json:"external_campaign_id"`
	Numbers            []json.RawMessage `json:"numbers"`
}

func (s *Server) createA2P(w http.ResponseWriter, r *http.Request, b *createA2PBody) {
	if blank(b.ExternalCampaignID) {
		badRequest(w, "external_campaign_id is a mandatory field")
		return
	}
	numbers, msg := a2pNumbers(b.Numbers)
	if msg != "" {
		badRequest(w, msg)
		return
	}
	for _, a := range s.st.a2p {
		if a.externalID == b.ExternalCampaignID {
			badRequest(w, "campaign "+a.externalID+" is already associated")
			return
		}
	}
	if msg := s.checkA2PNumbers(numbers, 0); msg != "" {
		badRequest(w, msg)
		return
	}
	now := s.now()
	a := &a2pRec{id: s.st.next("a2p"), externalID: b.ExternalCampaignID, numbers: numbers, createdAt: now, updatedAt: now, status: "pending"}
	s.st.a2p[a.id] = a
	writeEnvelope(w, http.StatusCreated, "a2p_campaign_association", s.st.a2pView(a))
}

// updateA2PBody is the body of updateA2P.
type updateA2PBody struct {
	Numbers []json.RawMessage `json:"numbers"`
}

func (s *Server) updateA2P(w http.ResponseWriter, r *http.Request, a *a2pRec, b *updateA2PBody) {
	numbers, msg := a2pNumbers(b.Numbers)
	if msg == "" {
		msg = s.checkA2PNumbers(numbers, a.id)
	}
	if msg != "" {
		badRequest(w, msg)
		return
	}
	a.numbers, a.updatedAt, a.status = numbers, s.now(), "pending"
	writeEnvelope(w, http.StatusOK, "a2p_campaign_association", s.st.a2pView(a))
}

func (s *Server) deleteA2P(w http.ResponseWriter, r *http.Request, a *a2pRec) {
	delete(s.st.a2p, a.id)
	writeEmpty(w, http.StatusNoContent)
}
