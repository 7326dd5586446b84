package aircall

// Number is an Aircall phone number, Classic or IVR.
type Number struct {
	ID                     ID        `json:"id"`
	DirectLink             string    `json:"direct_link,omitempty"`
	Name                   string    `json:"name"`
	Digits                 string    `json:"digits"`
	CreatedAt              Timestamp `json:"created_at"`
	Country                string    `json:"country,omitempty"`
	TimeZone               string    `json:"time_zone,omitempty"`
	Open                   bool      `json:"open"`
	AvailabilityStatus     string    `json:"availability_status,omitempty"`
	IsIVR                  bool      `json:"is_ivr"`
	LiveRecordingActivated bool      `json:"live_recording_activated"`
	Users                  []*User   `json:"users,omitempty"`
	Priority               *int      `json:"priority"` // null, 0 (no priority) or 1 (top priority)
	Messages               *Messages `json:"messages,omitempty"`
}

// Messages holds the URLs of a Number's Music & Messages audio files.
type Messages struct {
	Welcome        string `json:"welcome,omitempty"`
	Waiting        string `json:"waiting,omitempty"`
	RingingTone    string `json:"ringing_tone,omitempty"`
	UnansweredCall string `json:"unanswered_call,omitempty"`
	AfterHours     string `json:"after_hours,omitempty"`
	IVR            string `json:"ivr,omitempty"`
	Voicemail      string `json:"voicemail,omitempty"` // deprecated: replaced by unanswered_call
	Closed         string `json:"closed,omitempty"`    // deprecated: replaced by after_hours
	CallbackLater  string `json:"callback_later,omitempty"`
}
