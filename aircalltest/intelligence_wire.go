package aircalltest

import (
	aircall "github.com/seed1279ea27/aircall-go"
)

// The wire shapes of the conversation intelligence results, key for key
// as the addendum's examples send them (intelligence.go fills and serves
// them).

type utteranceWire struct {
	StartTime       float64     `json:"start_time"`
	EndTime         float64     `json:"end_time"`
	Text            string      `json:"text"`
	ParticipantType string      `json:"participant_type"`
	UserID          *aircall.ID `json:"user_id,omitempty"`
	PhoneNumber     string      `json:"phone_number,omitempty"`
}

type transcriptContent struct {
	Language   string           `json:"language"`
	Utterances []*utteranceWire `json:"utterances"`
}

// aiHead is what every result's event adds to its REST object: the call's
// UUID and number.
type aiHead struct {
	CallUUID string     `json:"call_uuid,omitempty"`
	NumberID aircall.ID `json:"number_id,omitempty"`
}

// aiResultHead is the first keys of most results: the result's id, its
// call's id and, in events, the aiHead.
type aiResultHead struct {
	ID     aircall.ID `json:"id"`
	CallID aircall.ID `json:"call_id"`
	aiHead
}

type transcriptionWire struct {
	aiResultHead
	CallCreatedAt aircall.Timestamp `json:"call_created_at"`
	CreatedAt     aircall.Timestamp `json:"created_at"`
	Type          string            `json:"type"`
	Content       transcriptContent `json:"content"`
}

// realtimeWire is the deprecated realtime_transcription answer: no
// envelope, no id.
type realtimeWire struct {
	CallID   aircall.ID        `json:"call_id"`
	CallUUID string            `json:"call_uuid"`
	Content  transcriptContent `json:"content"`
}

type sentimentParticipantWire struct {
	PhoneNumber string `json:"phone_number,omitempty"`
	Value       string `json:"value"`
	Type        string `json:"type"`
}

type sentimentWire struct {
	aiResultHead
	CreatedAt    *aircall.Timestamp          `json:"created_at,omitempty"`
	Participants []*sentimentParticipantWire `json:"participants"`
}

type topicWire struct {
	aiResultHead
	Type      string            `json:"type,omitempty"`
	CreatedAt aircall.Timestamp `json:"created_at"`
	Content   []string          `json:"content"`
}

type summaryWire struct {
	aiResultHead                   // the aiHead stays empty: summary.created sends a summaryEventWire
	CreatedAt    aircall.Timestamp `json:"created_at"`
	Content      string            `json:"content"`
}

// summaryEventWire is summary.created's data: call_id is a numeric string
// there.
type summaryEventWire struct {
	ID     aircall.ID `json:"id"`
	CallID string     `json:"call_id"`
	aiHead
	Type      string            `json:"type"`
	Content   string            `json:"content"`
	CreatedAt aircall.Timestamp `json:"created_at"`
}

type actionItemWire struct {
	ID     aircall.ID `json:"id"`
	CallID aircall.ID `json:"call_id,omitempty"` // events only
	aiHead
	AIGenerated bool               `json:"ai_generated"`
	Content     string             `json:"content"`
	CreatedAt   aircall.Timestamp  `json:"created_at"`
	CreatedBy   *userWire          `json:"created_by"`
	UpdatedAt   *aircall.Timestamp `json:"updated_at"`
	UpdatedBy   *userWire          `json:"updated_by"`
}

type actionItemsWire struct {
	CallID      aircall.ID        `json:"call_id"`
	ActionItems []*actionItemWire `json:"action_items"`
}

type playbookTopicWire struct {
	Name   string `json:"name"`
	Result string `json:"result"`
}

type playbookWire struct {
	ID       aircall.ID `json:"id"`
	Name     string     `json:"name"`
	Language string     `json:"language"`
}

type playbookResultWire struct {
	aiResultHead
	UserID         aircall.ID           `json:"user_id"`
	NumberID       aircall.ID           `json:"number_id"`
	AIGenerated    *bool                `json:"ai_generated,omitempty"` // events only
	AdherenceScore float64              `json:"adherence_score"`
	Topics         []*playbookTopicWire `json:"playbook_result_topics"`
	Playbook       *playbookWire        `json:"playbook,omitempty"`
	CreatedAt      *aircall.Timestamp   `json:"created_at,omitempty"` // events only
}

type templateResultWire struct {
	Name    string `json:"name"`
	Content string `json:"content"`
}

type customSummaryWire struct {
	aiResultHead
	NumberID      aircall.ID `json:"number_id"`
	Language      string     `json:"language"`
	CustomSummary struct {
		Name string `json:"name"`
	} `json:"custom_summary"`
	Results   []*templateResultWire `json:"summary_template_results"`
	CreatedAt *aircall.Timestamp    `json:"created_at,omitempty"` // events only
}

// evaluationItemWire is one scorecard: the item shape is not documented;
// this is the one a sync client reads (scorecard.name, score.normalized_score).
type evaluationItemWire struct {
	Scorecard struct {
		Name string `json:"name"`
	} `json:"scorecard"`
	Score struct {
		NormalizedScore float64 `json:"normalized_score"`
	} `json:"score"`
}

type evaluationsWire struct {
	aiResultHead
	AIGenerated bool                  `json:"ai_generated"`
	Evaluations []*evaluationItemWire `json:"evaluations"`
	CreatedAt   *aircall.Timestamp    `json:"created_at,omitempty"` // events only
}

type csatDriverWire struct {
	Polarity string `json:"polarity"`
	Label    string `json:"label"`
}

type csatWire struct {
	CallID   aircall.ID        `json:"call_id"`
	CallUUID string            `json:"call_uuid"`
	Score    int               `json:"score"`
	Drivers  []*csatDriverWire `json:"drivers"`
}

// realtimeWireEvent is the data of realtime_transcription.utterances_received.
type realtimeEventWire struct {
	ID   string `json:"id"`
	Call struct {
		ID        aircall.ID            `json:"id"`
		UUID      string                `json:"uuid"`
		NumberID  aircall.ID            `json:"number_id"`
		Direction aircall.CallDirection `json:"direction"`
	} `json:"call"`
	Utterances []*realtimeUtteranceWire `json:"utterances"`
}

type realtimeUtteranceWire struct {
	ParticipantType string      `json:"participant_type"`
	UserID          *aircall.ID `json:"user_id"`
	Timestamp       int64       `json:"timestamp"`
	DurationMS      int         `json:"duration_ms"`
	Text            string      `json:"text"`
	Language        string      `json:"language"`
}
