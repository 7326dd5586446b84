package aircalltest

import (
	"time"

	aircall "github.com/seed1279ea27/aircall-go"
)

// ---- dialer campaigns ----

type dialerRec struct {
	id        aircall.ID
	createdAt time.Time
	numbers   []*dialerNumberRec
}

type dialerNumberRec struct {
	ID        aircall.ID        `json:"id"`
	Number    string            `json:"number"`
	Called    bool              `json:"called"`
	CreatedAt aircall.Timestamp `json:"created_at"`
}

// dialerView is a Dialer Campaign as GET sends it, without an envelope,
// with its phone numbers (as a client transcribed the reference's example).
type dialerView struct {
	ID           aircall.ID         `json:"id"`
	NumberID     *aircall.ID        `json:"number_id"`
	CreatedAt    aircall.Timestamp  `json:"created_at"`
	PhoneNumbers []*dialerNumberRec `json:"phone_numbers"`
}

// ---- A2P campaign associations ----

type a2pRec struct {
	id         aircall.ID
	externalID string
	numbers    []string // digits, E.164 without +
	createdAt  time.Time
	updatedAt  time.Time
	status     string
}

// a2pView is an A2P campaign association. Numbers are sent as JSON
// integers, as in every example of the reference (its attribute table says
// strings).
type a2pView struct {
	ID            aircall.ID        `json:"id"`
	CompanyID     aircall.ID        `json:"company_id"`
	ExternalID    string            `json:"external_id"`
	UpdateStatus  string            `json:"update_status"`
	UpdateMessage *string           `json:"update_message"`
	CreatedAt     aircall.Timestamp `json:"created_at"`
	UpdatedAt     aircall.Timestamp `json:"updated_at"`
	Numbers       []jsonNumber      `json:"numbers"`
}

// jsonNumber is a string of digits written as a JSON number.
type jsonNumber string

// MarshalJSON writes the digits unquoted.
func (n jsonNumber) MarshalJSON() ([]byte, error) { return []byte(n), nil }

const companyID aircall.ID = 501

func (st *state) a2pView(a *a2pRec) *a2pView {
	v := &a2pView{ID: a.id, CompanyID: companyID, ExternalID: a.externalID, UpdateStatus: a.status,
		CreatedAt: iso(a.createdAt), UpdatedAt: iso(a.updatedAt), Numbers: []jsonNumber{}}
	for _, n := range a.numbers {
		v.Numbers = append(v.Numbers, jsonNumber(n))
	}
	return v
}
