package aircall

import "github.com/seed1279ea27/aircall-go/internal/wire"

// The fast path of the types that webhook events and call pages carry the
// most: a Call and what it nests, a User, a Contact and a Number. Each scan
// function reads the fields of its type by their wire names with a
// wire.Scanner, with no reflection; anything unusual stops the Scanner,
// and the value is then decoded by the generic decode (DecodeOptions),
// whose result is the same by construction (wire.Scanner says which input
// it accepts) and by test (scan_test.go compares both on every fixture,
// on values with every field set, and under fuzzing).
//
// A field a scan function does not read is not lost: its name is in the
// type's names list, so Object.Next stops the Scanner on it.
func init() {
	wire.Register((*Call).scan)
	wire.Register((*User).scan)
	wire.Register((*Contact).scan)
	wire.Register((*Number).scan)
}

var (
	callNames        = wire.Names[Call]()
	userNames        = wire.Names[User]()
	contactNames     = wire.Names[Contact]()
	phoneNumberNames = wire.Names[PhoneNumber]()
	emailNames       = wire.Names[Email]()
	numberNames      = wire.Names[Number]()
	messagesNames    = wire.Names[Messages]()
	teamNames        = wire.Names[Team]()
	commentNames     = wire.Names[Comment]()
	callTagNames     = wire.Names[CallTag]("created_at")
	participantNames = wire.Names[Participant]()
)

func (c *Call) scan(s *wire.Scanner) {
	for o := s.Object(callNames); o.Next(s); {
		switch string(o.Key) {
		case "id":
			scanID(s, &c.ID)
		case "sid":
			s.String(&c.SID)
		case "direct_link":
			s.String(&c.DirectLink)
		case "started_at":
			scanTime(s, &c.StartedAt)
		case "answered_at":
			scanTime(s, &c.AnsweredAt)
		case "ended_at":
			scanTime(s, &c.EndedAt)
		case "duration":
			s.Int(&c.Duration)
		case "status":
			s.String((*string)(&c.Status))
		case "direction":
			s.String((*string)(&c.Direction))
		case "raw_digits":
			s.String(&c.RawDigits)
		case "asset":
			s.String(&c.Asset)
		case "recording":
			s.String(&c.Recording)
		case "recording_short_url":
			s.String(&c.RecordingShortURL)
		case "voicemail":
			s.String(&c.Voicemail)
		case "voicemail_short_url":
			s.String(&c.VoicemailShortURL)
		case "archived":
			s.Bool(&c.Archived)
		case "missed_call_reason":
			s.String((*string)(&c.MissedCallReason))
		case "cost":
			s.String(&c.Cost)
		case "country_code_a2":
			s.String(&c.CountryCodeA2)
		case "pricing_type":
			s.String(&c.PricingType)
		case "number":
			wire.Ptr(s, &c.Number, (*Number).scan, true)
		case "user":
			wire.Ptr(s, &c.User, (*User).scan, true)
		case "contact":
			wire.Ptr(s, &c.Contact, (*Contact).scan, true)
		case "assigned_to":
			wire.Ptr(s, &c.AssignedTo, (*User).scan, true)
		case "teams":
			wire.Slice(s, &c.Teams, (*Team).scan)
		case "transferred_by":
			wire.Ptr(s, &c.TransferredBy, (*User).scan, true)
		case "transferred_to":
			wire.Ptr(s, &c.TransferredTo, (*User).scan, true)
		case "comments":
			wire.Slice(s, &c.Comments, (*Comment).scan)
		case "tags":
			wire.Slice(s, &c.Tags, (*CallTag).scan)
		case "participants":
			wire.Slice(s, &c.Participants, (*Participant).scan)
		case "ivr_options":
			wire.Slice(s, &c.IVROptions, (*IVROption).scan)
		case "hangup_cause":
			s.String(&c.HangupCause)
		case "call_uuid":
			s.String(&c.CallUUID)
		case "automatic_callback_call_id":
			scanID(s, &c.AutomaticCallbackCallID)
		case "external_transferred_to":
			s.String(&c.ExternalTransferredTo)
		case "external_caller_number":
			s.String(&c.ExternalCallerNumber)
		}
		// ivr_options_selected (raw JSON) and ai_voice_agents (REST
		// only, with their own tolerant decoders) stop the Scanner.
	}
}

func (u *User) scan(s *wire.Scanner) {
	for o := s.Object(userNames); o.Next(s); {
		switch string(o.Key) {
		case "id":
			scanID(s, &u.ID)
		case "direct_link":
			s.String(&u.DirectLink)
		case "name":
			s.String(&u.Name)
		case "email":
			s.String(&u.Email)
		case "available":
			s.Bool(&u.Available)
		case "availability_status":
			s.String((*string)(&u.AvailabilityStatus))
		case "substatus":
			s.String((*string)(&u.Substatus))
		case "state":
			s.String(&u.State)
		case "created_at":
			scanTime(s, &u.CreatedAt)
		case "time_zone":
			s.String(&u.TimeZone)
		case "language":
			s.String(&u.Language)
		case "wrap_up_time":
			s.Int(&u.WrapUpTime)
		case "extension":
			s.String(&u.Extension)
		case "default_number_id":
			scanID(s, &u.DefaultNumberID)
		case "numbers":
			wire.Slice(s, &u.Numbers, (*Number).scan)
		case "last_call_id":
			scanID(s, &u.LastCallID)
		}
	}
}

func (c *Contact) scan(s *wire.Scanner) {
	for o := s.Object(contactNames); o.Next(s); {
		switch string(o.Key) {
		case "id":
			scanID(s, &c.ID)
		case "direct_link":
			s.String(&c.DirectLink)
		case "first_name":
			s.String(&c.FirstName)
		case "last_name":
			s.String(&c.LastName)
		case "company_name":
			s.String(&c.CompanyName)
		case "description":
			s.String(&c.Description)
		case "information":
			s.String(&c.Information)
		case "is_shared":
			s.Bool(&c.IsShared)
		case "created_at":
			scanTime(s, &c.CreatedAt)
		case "updated_at":
			scanTime(s, &c.UpdatedAt)
		case "phone_numbers":
			wire.Slice(s, &c.PhoneNumbers, (*PhoneNumber).scan)
		case "emails":
			wire.Slice(s, &c.Emails, (*Email).scan)
		}
	}
}

func (p *PhoneNumber) scan(s *wire.Scanner) {
	for o := s.Object(phoneNumberNames); o.Next(s); {
		switch string(o.Key) {
		case "id":
			scanID(s, &p.ID)
		case "label":
			s.String(&p.Label)
		case "value":
			s.String(&p.Value)
		}
	}
}

func (e *Email) scan(s *wire.Scanner) {
	for o := s.Object(emailNames); o.Next(s); {
		switch string(o.Key) {
		case "id":
			scanID(s, &e.ID)
		case "label":
			s.String(&e.Label)
		case "value":
			s.String(&e.Value)
		}
	}
}

func (n *Number) scan(s *wire.Scanner) {
	for o := s.Object(numberNames); o.Next(s); {
		switch string(o.Key) {
		case "id":
			scanID(s, &n.ID)
		case "direct_link":
			s.String(&n.DirectLink)
		case "name":
			s.String(&n.Name)
		case "digits":
			s.String(&n.Digits)
		case "created_at":
			scanTime(s, &n.CreatedAt)
		case "country":
			s.String(&n.Country)
		case "time_zone":
			s.String(&n.TimeZone)
		case "open":
			s.Bool(&n.Open)
		case "availability_status":
			s.String((*string)(&n.AvailabilityStatus))
		case "is_ivr":
			s.Bool(&n.IsIVR)
		case "live_recording_activated":
			s.Bool(&n.LiveRecordingActivated)
		case "flow_editor_enabled":
			wire.Opt(s, &n.FlowEditorEnabled, (*wire.Scanner).Bool)
		case "users":
			wire.Slice(s, &n.Users, (*User).scan)
		case "priority":
			wire.Opt(s, &n.Priority, (*wire.Scanner).Int)
		case "messages":
			wire.Ptr(s, &n.Messages, (*Messages).scan, false)
		}
	}
}

func (m *Messages) scan(s *wire.Scanner) {
	for o := s.Object(messagesNames); o.Next(s); {
		switch string(o.Key) {
		case "welcome":
			s.String(&m.Welcome)
		case "waiting":
			s.String(&m.Waiting)
		case "ringing_tone":
			s.String(&m.RingingTone)
		case "unanswered_call":
			s.String(&m.UnansweredCall)
		case "after_hours":
			s.String(&m.AfterHours)
		case "ivr":
			s.String(&m.IVR)
		case "voicemail":
			s.String(&m.Voicemail)
		case "closed":
			s.String(&m.Closed)
		case "callback_later":
			s.String(&m.CallbackLater)
		}
	}
}

func (t *Team) scan(s *wire.Scanner) {
	for o := s.Object(teamNames); o.Next(s); {
		switch string(o.Key) {
		case "id":
			scanID(s, &t.ID)
		case "name":
			s.String(&t.Name)
		case "direct_link":
			s.String(&t.DirectLink)
		case "created_at":
			scanTime(s, &t.CreatedAt)
		case "users":
			wire.Slice(s, &t.Users, (*User).scan)
		}
	}
}

func (c *Comment) scan(s *wire.Scanner) {
	for o := s.Object(commentNames); o.Next(s); {
		switch string(o.Key) {
		case "id":
			scanID(s, &c.ID)
		case "content":
			s.String(&c.Content)
		case "posted_at":
			scanTime(s, &c.PostedAt)
		case "posted_by":
			wire.Ptr(s, &c.PostedBy, (*User).scan, true)
		}
	}
}

// scan reads tagged_at or created_at and drops a tagger without an ID, as
// CallTag.UnmarshalJSONFrom does; like it, it replaces an earlier tag (an
// item of a repeated list) instead of merging into it.
func (t *CallTag) scan(s *wire.Scanner) {
	*t = CallTag{} // it replaces, where other types merge
	var created Timestamp
	for o := s.Object(callTagNames); o.Next(s); {
		switch string(o.Key) {
		case "id":
			scanID(s, &t.ID)
		case "name":
			s.String(&t.Name)
		case "tagged_at":
			scanTime(s, &t.CreatedAt)
		case "created_at":
			scanTime(s, &created)
		case "tagged_by":
			wire.Ptr(s, &t.TaggedBy, (*User).scan, true)
		}
	}
	if t.CreatedAt.IsZero() {
		t.CreatedAt = created
	}
	if t.TaggedBy != nil && t.TaggedBy.ID == 0 {
		t.TaggedBy = nil
	}
}

func (p *Participant) scan(s *wire.Scanner) {
	for o := s.Object(participantNames); o.Next(s); {
		switch string(o.Key) {
		case "id":
			scanID(s, &p.ID)
		case "type":
			s.String((*string)(&p.Type))
		case "name":
			s.String(&p.Name)
		case "phone_number":
			s.String(&p.PhoneNumber)
		}
	}
}

// scan hands the option's bytes to UnmarshalJSON, as the generic decode
// does.
func (o *IVROption) scan(s *wire.Scanner) {
	if b := s.Value(); s.OK() && o.UnmarshalJSON(b) != nil {
		s.Fail()
	}
}

// scanID reads an ID with its own parser, as UnmarshalJSONFrom does.
func scanID(s *wire.Scanner, id *ID) {
	if b := s.Value(); s.OK() && id.parse(b) != nil {
		s.Fail()
	}
}

// scanTime reads a Timestamp with its own parser, as UnmarshalJSONFrom
// does.
func scanTime(s *wire.Scanner, t *Timestamp) {
	if b := s.Value(); s.OK() && t.parse(b) != nil {
		s.Fail()
	}
}
