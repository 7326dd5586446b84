package aircall

// Contact is a shared contact of the company, with its phone numbers and
// emails. Contacts created by third-party integrations are not visible in
// the Public API.
type Contact struct {
	ID           ID             `json:"id"`
	DirectLink   string         `json:"direct_link,omitempty"`
	FirstName    string         `json:"first_name,omitempty"`
	LastName     string         `json:"last_name,omitempty"`
	CompanyName  string         `json:"company_name,omitempty"`
	Description  string         `json:"description,omitempty"`
	Information  string         `json:"information,omitempty"`
	IsShared     bool           `json:"is_shared"`
	CreatedAt    Timestamp      `json:"created_at"`
	UpdatedAt    Timestamp      `json:"updated_at"`
	PhoneNumbers []*PhoneNumber `json:"phone_numbers"`
	Emails       []*Email       `json:"emails"`
}

// PhoneNumber is one phone number of a Contact (a "phone_detail").
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
