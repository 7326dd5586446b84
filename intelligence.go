package aircall

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/seed1279ea27/aircall-go/internal/wire"
)

// Conversation intelligence: the AI results Aircall computes after a call
// (transcription, sentiments, topics, summary, action items, playbook
// result, custom summary, evaluations, predicted CSAT). They are methods of
// CallsService, read once the matching *.created webhook event arrived.

// ErrInsightUnavailable matches the error of a conversation intelligence
// method when the call has no such AI result (yet), or when the account
// lacks the add-on (AI and Transcription, AI Assist Pro) the result needs.
// The API's status for these cases is not documented: clients see 403 or
// 404, so the SDK maps both to ErrInsightUnavailable (keeping the
// *APIError in the chain, so ErrNotFound or ErrUnauthorized match too),
// and also a 200 answer without the result. A 403 from Aircall's edge
// ({"message":"Forbidden"}: a wrong credential) is not mapped.
var ErrInsightUnavailable = errors.New("aircall: AI result not available: not generated yet, or the account lacks the add-on")

// insightError maps the "not available" answers of a conversation
// intelligence endpoint to ErrInsightUnavailable.
func insightError(err error) error {
	var ae *APIError
	if !errors.As(err, &ae) {
		return err
	}
	if ae.StatusCode == http.StatusNotFound || (ae.StatusCode == http.StatusForbidden && !isEdgeError(ae)) {
		return fmt.Errorf("%w: %w", ErrInsightUnavailable, err)
	}
	return err
}

// tolerant decodes b into p (a pointer to a method-less copy of the
// type, so that its UnmarshalJSON is not called again) with the SDK's
// decode (Unmarshal), through wire.Lenient:
// a member that does not fit its Go type is dropped alone, so one odd field
// never fails a whole result or event; it is returned in dropped, with its
// path from the root of b. It keeps a copy of b in raw when raw is not nil.
func tolerant[P any](b []byte, p *P, raw *json.RawMessage) (dropped []wire.Issue, err error) {
	dropped, err = wire.Lenient(b, p, decodeSDK, "")
	if raw != nil {
		*raw = rawCopy(b)
	}
	return dropped, err
}

// rawCopy returns a copy of b, for the Raw fields.
func rawCopy(b []byte) json.RawMessage { return json.RawMessage(bytes.Clone(b)) }

// isEdgeError reports whether ae was answered by Aircall's edge (API
// Gateway), whose bodies are {"message": ...} only: a 403 there is a wrong
// credential, not a missing plan.
func isEdgeError(ae *APIError) bool {
	return ae.Title == "" && ae.Troubleshoot == "" && ae.Message != ""
}

// insight reads a conversation intelligence result of call id from
// /v1/calls/:id/<suffix>. The result is under key, or at the top level
// when key is "", or (for results whose envelope is unknown) under key if
// the body has it and at the top level otherwise.
func insight[T any](ctx context.Context, s *CallsService, id ID, suffix string, query url.Values, key string, bareOK bool) (*T, *Response, error) {
	path := callPath(id, "/"+suffix)
	resp, data, err := s.client.do(ctx, http.MethodGet, path, query, nil)
	if err != nil {
		return nil, resp, insightError(err)
	}
	v := new(T)
	found, err := s.client.decode(ctx, resp, data, key, v, nil)
	if err == nil && !found && bareOK {
		found, err = s.client.decode(ctx, resp, data, "", v, nil)
	}
	switch {
	case err != nil:
		return nil, resp, fmt.Errorf("aircall: GET %s: decoding: %w", path, err)
	case !found || bytes.Equal(bytes.TrimSpace(data), []byte("null")):
		return nil, resp, fmt.Errorf("aircall: GET %s: %w (answer has no %q object)", path, ErrInsightUnavailable, key)
	}
	return v, resp, nil
}

// Transcription returns the transcript of call id: by default the one
// generated after the call, or with TranscriptionRealtime the one generated
// for the agent during the call. opts may be nil.
//
// It needs an account with AI and Transcription and transcription enabled
// on the number; when the call has no transcription (yet) or the account
// lacks the add-on, the error matches ErrInsightUnavailable.
//
// Aircall API docs: https://developer.aircall.io/api-references/#retrieve-a-transcription
func (s *CallsService) Transcription(ctx context.Context, id ID, opts *TranscriptionOptions) (*Transcription, *Response, error) {
	if opts != nil && opts.Mode != "" && opts.Mode != TranscriptionAsync && opts.Mode != TranscriptionRealtime {
		return nil, nil, paramErr("Calls.Transcription", "mode", "must be async or realtime, got %q", opts.Mode)
	}
	return insight[Transcription](ctx, s, id, "transcription", encodeQuery(opts), "transcription", false)
}

// RealtimeTranscription returns the transcription generated for the agent
// during call id, from the endpoint that sends it without an envelope
// (Transcription has no ID there). When the call has none or the account
// lacks the add-on, the error matches ErrInsightUnavailable.
//
// Deprecated: Aircall is phasing the realtime_transcription endpoint out
// (one client gives 2026-03-31 as its removal date). Use
// Calls.Transcription with TranscriptionOptions{Mode: TranscriptionRealtime}.
//
// Aircall API docs: https://developer.aircall.io/api-references/#retrieve-a-realtime-transcription
func (s *CallsService) RealtimeTranscription(ctx context.Context, id ID) (*Transcription, *Response, error) {
	return insight[Transcription](ctx, s, id, "realtime_transcription", nil, "", false)
}

// Sentiments returns the mood of each external participant of call id (the
// answer's key is the singular "sentiment"). When the call has no result
// (yet) or the account lacks AI and Transcription, the error matches
// ErrInsightUnavailable.
//
// Aircall API docs: https://developer.aircall.io/api-references/#retrieve-sentiments
func (s *CallsService) Sentiments(ctx context.Context, id ID) (*Sentiment, *Response, error) {
	return insight[Sentiment](ctx, s, id, "sentiments", nil, "sentiment", false)
}

// Topics returns the key subjects of call id (the answer's key is the
// singular "topic"). When the call has no result (yet) or the account lacks
// AI and Transcription, the error matches ErrInsightUnavailable.
//
// Aircall API docs: https://developer.aircall.io/api-references/#retrieve-topics
func (s *CallsService) Topics(ctx context.Context, id ID) (*Topics, *Response, error) {
	return insight[Topics](ctx, s, id, "topics", nil, "topic", false)
}

// Summary returns the AI summary of call id. When the call has no summary
// (yet) or the account lacks AI and Transcription, the error matches
// ErrInsightUnavailable; a 400 (invalid call id) matches ErrValidation.
//
// Aircall API docs: https://developer.aircall.io/api-references/#retrieve-a-summary
func (s *CallsService) Summary(ctx context.Context, id ID) (*Summary, *Response, error) {
	return insight[Summary](ctx, s, id, "summary", nil, "summary", false)
}

// ActionItems returns the tasks extracted from call id (sent unwrapped,
// with the call id beside the list). When the call has no result (yet) or
// the account lacks AI and Transcription, the error matches
// ErrInsightUnavailable.
//
// Aircall API docs: https://developer.aircall.io/api-references/#retrieve-action-items
func (s *CallsService) ActionItems(ctx context.Context, id ID) (*ActionItems, *Response, error) {
	return insight[ActionItems](ctx, s, id, "action_items", nil, "", false)
}

// PlaybookResult returns the playbook result of call id; opts may be nil.
// The answer is read at the top level, as the examples send it, or under
// "playbook_result" if the body has that key (the envelope is not
// documented). It needs an AI Assist Pro licence; when the call has no
// result (yet) or the account lacks it, the error matches
// ErrInsightUnavailable. Results can be edited later: listen to
// playbook_result.updated.
//
// Aircall API docs: https://developer.aircall.io/api-references/#retrieve-a-playbook-result
func (s *CallsService) PlaybookResult(ctx context.Context, id ID, opts *PlaybookResultOptions) (*PlaybookResult, *Response, error) {
	return insight[PlaybookResult](ctx, s, id, "playbook_result", encodeQuery(opts), "playbook_result", true)
}

// CustomSummaryResult returns the custom summary of call id, read at the
// top level (or under "custom_summary_result" if the body has that key).
// It needs a custom summary template on the number (AI Assist Pro); when
// the call has none (yet) or the account lacks it, the error matches
// ErrInsightUnavailable.
//
// Aircall API docs: https://developer.aircall.io/api-references/#retrieve-a-custom-summary-result
func (s *CallsService) CustomSummaryResult(ctx context.Context, id ID) (*CustomSummaryResult, *Response, error) {
	return insight[CustomSummaryResult](ctx, s, id, "custom_summary_result", nil, "custom_summary_result", true)
}

// Evaluations returns the QA evaluations of call id, sent at the top
// level. It needs an AI Assist Pro licence; when the call has none (yet)
// or the account lacks it, the error matches ErrInsightUnavailable.
//
// Aircall API docs: https://developer.aircall.io/api-references/#retrieve-call-evaluations
func (s *CallsService) Evaluations(ctx context.Context, id ID) (*CallEvaluation, *Response, error) {
	return insight[CallEvaluation](ctx, s, id, "evaluations", nil, "", false)
}

// PredictedCSAT returns the predicted customer satisfaction of call id
// (under the key "csat"). When the call has no prediction (yet) or the
// account lacks the add-on, the error matches ErrInsightUnavailable.
//
// Aircall API docs: https://developer.aircall.io/api-references/#retrieve-predicted-csat
func (s *CallsService) PredictedCSAT(ctx context.Context, id ID) (*PredictedCSAT, *Response, error) {
	return insight[PredictedCSAT](ctx, s, id, "predicted_csat", nil, "csat", false)
}
