package aircall

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/seed1279ea27/aircall-go/internal/wire"
)

// ErrAnalyticsPlusRequired matches the error of an Analytics method when
// the account lacks the Analytics+ entitlement: the API answers 403, and
// the *APIError stays in the chain (ErrUnauthorized matches too). A 403
// from Aircall's edge ({"message":"Forbidden"}: a wrong credential) is not
// mapped.
var ErrAnalyticsPlusRequired = errors.New("aircall: the account needs the Analytics+ entitlement")

// ErrExportFailed matches the error of Analytics.WaitForExport when the
// export ended FAILED; the export, with its ErrorMessage, is returned too.
var ErrExportFailed = errors.New("aircall: analytics export failed")

// DefaultExportPollInterval is how often Analytics.WaitForExport polls by
// default: about once a minute, as Aircall recommends.
const DefaultExportPollInterval = time.Minute

func analyticsError(err error) error {
	var ae *APIError
	if errors.As(err, &ae) && ae.StatusCode == http.StatusForbidden && !isEdgeError(ae) {
		return fmt.Errorf("%w: %w", ErrAnalyticsPlusRequired, err)
	}
	return err
}

// ReportName is the report an analytics export is built from.
type ReportName string

// Report names.
const (
	ReportCallsHistory                                 ReportName = "CALLS_HISTORY"
	ReportUserStatusHistory                            ReportName = "USER_STATUS_HISTORY"
	ReportUserActivityAvailabilityBreakdown            ReportName = "USER_ACTIVITY_AVAILABILITY_BREAKDOWN"
	ReportUserActivityAverageAfterCallWorkTimePerUser  ReportName = "USER_ACTIVITY_AVERAGE_AFTER_CALL_WORK_TIME_PER_USER"
	ReportUserActivityAverageInboundInCallTimePerUser  ReportName = "USER_ACTIVITY_AVERAGE_INBOUND_IN_CALL_TIME_PER_USER"
	ReportUserActivityAverageOutboundInCallTimePerUser ReportName = "USER_ACTIVITY_AVERAGE_OUTBOUND_IN_CALL_TIME_PER_USER"
	ReportUserActivityCallVolumeAndTime                ReportName = "USER_ACTIVITY_CALL_VOLUME_AND_TIME"
	ReportUserActivityCallsHandled                     ReportName = "USER_ACTIVITY_CALLS_HANDLED"
	ReportUserActivityPercentageOfTimeInEachStatus     ReportName = "USER_ACTIVITY_PERCENTAGE_OF_TIME_IN_EACH_STATUS"
	ReportUserActivityRingingAttemptsPerUser           ReportName = "USER_ACTIVITY_RINGING_ATTEMPTS_PER_USER"
	ReportUserActivityWorkTimeAndAvailability          ReportName = "USER_ACTIVITY_WORK_TIME_AND_AVAILABILITY"
	ReportUserActivityRingingAttempts                  ReportName = "USER_ACTIVITY_RINGING_ATTEMPTS"
)

// RelativeDate is a date window relative to today.
type RelativeDate string

// Relative date windows.
const (
	DateLastMonth RelativeDate = "LAST_MONTH"
	DateLastWeek  RelativeDate = "LAST_WEEK"
	DateThisMonth RelativeDate = "THIS_MONTH"
	DateThisWeek  RelativeDate = "THIS_WEEK"
	DateToday     RelativeDate = "TODAY"
	DateYesterday RelativeDate = "YESTERDAY"
)

// ExportParams is the body of Analytics.CreateExport, sent inside a
// top-level "input" object with camelCase keys.
type ExportParams struct {
	// ReportName is mandatory.
	ReportName ReportName `json:"reportName"`
	// Filter is mandatory: its DateFilter and Timezone must be set.
	Filter        ReportFilter   `json:"filter"`
	Options       *ReportOptions `json:"options,omitempty"`
	ExportOptions *ExportOptions `json:"exportOptions,omitempty"`
}

// ReportFilter selects the rows of a report. Array filters always take an
// array, even for one value. Filters whose value type the sources do not
// give (Hours, Duration) are raw JSON.
type ReportFilter struct {
	// DateFilter is mandatory: set exactly one of Relative and
	// AbsoluteRange.
	DateFilter DateFilter `json:"dateFilter"`
	// Timezone is an IANA name, such as "Europe/Paris"; mandatory.
	Timezone             string          `json:"timezone"`
	UserIDs              []ID            `json:"userIDs,omitempty"`
	TeamIDs              []ID            `json:"teamIDs,omitempty"`
	TeamFilterOption     string          `json:"teamFilterOption,omitempty"`
	Hours                json.RawMessage `json:"hours,omitempty"`
	CallIDs              []ID            `json:"callIDs,omitempty"`
	LineIDs              []ID            `json:"lineIDs,omitempty"`
	CustomerNumbers      []string        `json:"customerNumbers,omitempty"`
	TagIDs               []ID            `json:"tagIDs,omitempty"`
	CallTypes            []string        `json:"callTypes,omitempty"`
	Duration             json.RawMessage `json:"duration,omitempty"`
	MinConnectedDuration *int            `json:"minConnectedDuration,omitempty"`
	IVRBranches          []string        `json:"ivrBranches,omitempty"`
	VirtualVoiceAgentIDs []string        `json:"virtualVoiceAgentIDs,omitempty"`
	WithAIIntervention   *bool           `json:"withAiIntervention,omitempty"`
	WithVoicemail        *bool           `json:"withVoicemail,omitempty"`
	RingAttemptOrigin    []string        `json:"ringAttemptOrigin,omitempty"`
	UserStatuses         []string        `json:"userStatuses,omitempty"`
	NextUserStatuses     []string        `json:"nextUserStatuses,omitempty"`
}

// DateFilter is the date window of a report: exactly one of Relative and
// AbsoluteRange.
type DateFilter struct {
	Relative      RelativeDate `json:"relative,omitempty"`
	AbsoluteRange *DateRange   `json:"absoluteRange,omitempty"`
}

// DateRange is an absolute window of days, "YYYY-MM-DD", both included.
type DateRange struct {
	FromDate string `json:"fromDate"`
	ToDate   string `json:"toDate"`
}

// ReportOptions shape the report's rows.
type ReportOptions struct {
	DateBreakdown                    string   `json:"dateBreakdown,omitempty"` // such as "DAILY"
	SLATimeToAnswerInSeconds         int      `json:"slaTimeToAnswerInSeconds,omitempty"`
	SLAIncludedCallUnansweredReasons []string `json:"slaIncludedCallUnansweredReasons,omitempty"`
}

// ExportOptions shape the exported file.
type ExportOptions struct {
	Format     string `json:"format,omitempty"` // "CSV"
	ExportName string `json:"exportName,omitempty"`
}

// ExportStatus is the state of an analytics export.
type ExportStatus string

// Export statuses.
const (
	ExportPending   ExportStatus = "PENDING"
	ExportCompleted ExportStatus = "COMPLETED"
	ExportFailed    ExportStatus = "FAILED"
)

// AnalyticsExport is an analytics report export job, as CreateExport and
// GetExport answer it (camelCase, top level; the key is "exportID") and,
// presumably, as the analytics.report_* events send it (their data shape
// is not documented: members that do not fit are dropped, and Raw always
// keeps the object).
type AnalyticsExport struct {
	ExportID  string       `json:"exportID"`
	CreatedAt Timestamp    `json:"createdAt"`
	Status    ExportStatus `json:"status"`
	Format    string       `json:"format,omitempty"`
	// ExportName is the name given in ExportOptions.
	ExportName      string `json:"exportName,omitempty"`
	IsZipCompressed bool   `json:"isZipCompressed"`
	// DownloadURL is a presigned URL, set once COMPLETED; it expires at
	// DownloadURLExpiresAt (about an hour): GetExport again for a fresh one.
	DownloadURL          string    `json:"downloadUrl,omitempty"`
	DownloadURLExpiresAt Timestamp `json:"downloadUrlExpiresAt"`
	// ErrorMessage tells why a FAILED export failed.
	ErrorMessage string `json:"errorMessage,omitempty"`
	// Raw is the object as received.
	Raw json.RawMessage `json:"-"`
}

// UnmarshalJSON decodes leniently and keeps Raw.
func (a *AnalyticsExport) UnmarshalJSON(b []byte) error { return decodeSelf(a, b) }

func (a *AnalyticsExport) decodeLenient(b []byte) ([]wire.Issue, error) {
	type plain AnalyticsExport
	return tolerant(b, (*plain)(a), &a.Raw)
}

func (p *ExportParams) validate(op string) error {
	if p == nil {
		return paramErr(op, "", "params are required")
	}
	df := p.Filter.DateFilter
	switch {
	case blank(string(p.ReportName)):
		return paramErr(op, "input.reportName", "is required")
	case blank(p.Filter.Timezone):
		return paramErr(op, "input.filter.timezone", "is required (an IANA name such as Europe/Paris)")
	case (df.Relative == "") == (df.AbsoluteRange == nil):
		return paramErr(op, "input.filter.dateFilter", "set exactly one of relative and absoluteRange")
	}
	if r := df.AbsoluteRange; r != nil {
		from, err1 := time.Parse(time.DateOnly, r.FromDate)
		to, err2 := time.Parse(time.DateOnly, r.ToDate)
		switch {
		case err1 != nil:
			return paramErr(op, "input.filter.dateFilter.absoluteRange.fromDate", "must be YYYY-MM-DD, got %q", r.FromDate)
		case err2 != nil:
			return paramErr(op, "input.filter.dateFilter.absoluteRange.toDate", "must be YYYY-MM-DD, got %q", r.ToDate)
		case to.Before(from):
			return paramErr(op, "input.filter.dateFilter.absoluteRange", "toDate %s is before fromDate %s", r.ToDate, r.FromDate)
		}
	}
	return nil
}

// CreateExport starts an analytics report export and returns the job,
// PENDING; follow it with GetExport or WaitForExport, or wait for the
// analytics.report_created event. It needs Analytics+: without it the
// error matches ErrAnalyticsPlusRequired. Any 2xx is accepted.
//
// Aircall API docs: https://developer.aircall.io/api-references/#create-an-analytics-report-export
func (s *AnalyticsService) CreateExport(ctx context.Context, p *ExportParams) (*AnalyticsExport, *Response, error) {
	if err := p.validate("Analytics.CreateExport"); err != nil {
		return nil, nil, err
	}
	body := struct {
		Input *ExportParams `json:"input"`
	}{p}
	v, resp, err := doOne[AnalyticsExport](ctx, s.client, http.MethodPost, "/v1/analytics/report/export", nil, body, "")
	return v, resp, analyticsError(err)
}

// GetExport returns analytics export id: PENDING, COMPLETED with its
// DownloadURL, or FAILED with its ErrorMessage. Without Analytics+ the
// error matches ErrAnalyticsPlusRequired.
//
// Aircall API docs: https://developer.aircall.io/api-references/#retrieve-an-analytics-report-export
func (s *AnalyticsService) GetExport(ctx context.Context, id string) (*AnalyticsExport, *Response, error) {
	if blank(id) {
		return nil, nil, paramErr("Analytics.GetExport", "id", "is required")
	}
	v, resp, err := doOne[AnalyticsExport](ctx, s.client, http.MethodGet, "/v1/analytics/report/export/"+url.PathEscape(id), nil, nil, "")
	return v, resp, analyticsError(err)
}

// WaitForExport polls GetExport every interval (DefaultExportPollInterval
// when interval is 0) until export id leaves PENDING, and returns it. Each
// poll goes through the Client's pacer, so waiting never spends more than
// the rate budget allows. It returns the export and an error matching
// ErrExportFailed when the export FAILED, and ctx's error (wrapped) when
// ctx ends first; any other error of GetExport ends the wait.
//
// Aircall API docs: https://developer.aircall.io/api-references/#retrieve-an-analytics-report-export
func (s *AnalyticsService) WaitForExport(ctx context.Context, id string, interval time.Duration) (*AnalyticsExport, *Response, error) {
	if interval < 0 {
		return nil, nil, paramErr("Analytics.WaitForExport", "interval", "must not be negative, got %s", interval)
	}
	if interval == 0 {
		interval = DefaultExportPollInterval
	}
	for {
		exp, resp, err := s.GetExport(ctx, id)
		if err != nil {
			return nil, resp, err
		}
		switch exp.Status {
		case ExportPending:
		case ExportFailed:
			return exp, resp, fmt.Errorf("%w: export %s: %s", ErrExportFailed, exp.ExportID, exp.ErrorMessage)
		default:
			return exp, resp, nil
		}
		if err := sleepCtx(ctx, interval); err != nil {
			return exp, resp, fmt.Errorf("aircall: Analytics.WaitForExport %s: still PENDING: %w", id, err)
		}
	}
}
