package aircalltest

import (
	"net/http"
	"slices"
	"strings"
	"time"

	aircall "github.com/seed1279ea27/aircall-go"
)

// Analytics report exports: a POST creates a PENDING job; GETs answer
// PENDING WithExportPolls times, then COMPLETED with a presigned-looking
// downloadUrl valid an hour (or FAILED with WithExportFailure), and the
// Server sends analytics.report_created (or analytics.report_failed).
// Without Analytics+ (WithoutAnalyticsPlus) both endpoints answer 403.

type exportRec struct {
	id         string
	createdAt  time.Time
	doneAt     time.Time
	polls      int
	status     string
	exportName string
	failure    string // errorMessage of a FAILED export
}

type exportWire struct {
	ExportID             string             `json:"exportID"`
	CreatedAt            aircall.Timestamp  `json:"createdAt"`
	Status               string             `json:"status"`
	Format               string             `json:"format,omitempty"`
	ExportName           string             `json:"exportName,omitempty"`
	IsZipCompressed      *bool              `json:"isZipCompressed,omitempty"`
	DownloadURL          string             `json:"downloadUrl,omitempty"`
	DownloadURLExpiresAt *aircall.Timestamp `json:"downloadUrlExpiresAt,omitempty"`
	ErrorMessage         string             `json:"errorMessage,omitempty"`
}

// reportNames are the reports an export can be built from.
var reportNames = []string{
	"CALLS_HISTORY", "USER_STATUS_HISTORY", "USER_ACTIVITY_AVAILABILITY_BREAKDOWN",
	"USER_ACTIVITY_AVERAGE_AFTER_CALL_WORK_TIME_PER_USER", "USER_ACTIVITY_AVERAGE_INBOUND_IN_CALL_TIME_PER_USER",
	"USER_ACTIVITY_AVERAGE_OUTBOUND_IN_CALL_TIME_PER_USER", "USER_ACTIVITY_CALL_VOLUME_AND_TIME",
	"USER_ACTIVITY_CALLS_HANDLED", "USER_ACTIVITY_PERCENTAGE_OF_TIME_IN_EACH_STATUS",
	"USER_ACTIVITY_RINGING_ATTEMPTS_PER_USER", "USER_ACTIVITY_WORK_TIME_AND_AVAILABILITY", "USER_ACTIVITY_RINGING_ATTEMPTS",
}

var relativeDates = []string{"LAST_MONTH", "LAST_WEEK", "THIS_MONTH", "THIS_WEEK", "TODAY", "YESTERDAY"}

func (e *exportRec) wire() *exportWire {
	v := &exportWire{ExportID: e.id, CreatedAt: iso(e.createdAt), Status: e.status}
	switch e.status {
	case "COMPLETED":
		v.Format, v.ExportName, v.IsZipCompressed = "CSV", e.exportName, ptr(false)
		v.DownloadURL = "https://aircall-analytics-exports.s3.amazonaws.com/" + e.id + ".csv?X-Amz-Expires=3600&X-Amz-Signature=" + randHex(16)
		v.DownloadURLExpiresAt = ptr(iso(e.doneAt.Add(time.Hour)))
	case "FAILED":
		v.ErrorMessage = e.failure
	}
	return v
}

// analyticsRoute refuses accounts without Analytics+, then answers with the
// state locked.
func (s *Server) analyticsRoute(answer http.HandlerFunc) http.HandlerFunc {
	return s.entitledRoute(!s.cfg.noAnalytics, "Analytics+ is required to export analytics reports", answer)
}

// entitledRoute answers 403 with troubleshoot when the account lacks the
// add-on of an endpoint (entitled is false), else answers with the state
// locked.
func (s *Server) entitledRoute(entitled bool, troubleshoot string, answer http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !entitled {
			writeError(w, http.StatusForbidden, "Forbidden", troubleshoot)
			return
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		answer(w, r)
	}
}

func (s *Server) createExport(w http.ResponseWriter, r *http.Request) {
	var b struct {
		Input *struct {
			ReportName string `json:"reportName"`
			Filter     *struct {
				DateFilter *struct {
					Relative      string `json:"relative"`
					AbsoluteRange *struct {
						FromDate string `json:"fromDate"`
						ToDate   string `json:"toDate"`
					} `json:"absoluteRange"`
				} `json:"dateFilter"`
				Timezone string `json:"timezone"`
			} `json:"filter"`
			ExportOptions struct {
				Format     string `json:"format"`
				ExportName string `json:"exportName"`
			} `json:"exportOptions"`
		} `json:"input"`
	}
	if !decodeBody(w, r, &b, badRequest) {
		return
	}
	in := b.Input
	var problem string
	switch {
	case in == nil:
		problem = "input is required"
	case !slices.Contains(reportNames, in.ReportName):
		problem = "input.reportName must be one of " + strings.Join(reportNames, ", ")
	case in.Filter == nil || blank(in.Filter.Timezone):
		problem = "input.filter.timezone is required"
	case in.Filter.DateFilter == nil || (in.Filter.DateFilter.Relative == "") == (in.Filter.DateFilter.AbsoluteRange == nil):
		problem = "input.filter.dateFilter needs exactly one of relative and absoluteRange"
	case in.Filter.DateFilter.Relative != "" && !slices.Contains(relativeDates, in.Filter.DateFilter.Relative):
		problem = "input.filter.dateFilter.relative must be one of " + strings.Join(relativeDates, ", ")
	case in.ExportOptions.Format != "" && in.ExportOptions.Format != "CSV":
		problem = "input.exportOptions.format must be CSV"
	}
	if problem == "" {
		if _, err := time.LoadLocation(in.Filter.Timezone); err != nil {
			problem = "input.filter.timezone must be an IANA time zone"
		}
	}
	if problem == "" && in.Filter.DateFilter.AbsoluteRange != nil {
		ar := in.Filter.DateFilter.AbsoluteRange
		from, err1 := time.Parse(time.DateOnly, ar.FromDate)
		to, err2 := time.Parse(time.DateOnly, ar.ToDate)
		if err1 != nil || err2 != nil || to.Before(from) {
			problem = "input.filter.dateFilter.absoluteRange needs fromDate <= toDate, as YYYY-MM-DD"
		}
	}
	if problem != "" {
		badRequest(w, problem)
		return
	}
	name := in.ExportOptions.ExportName
	if name == "" {
		name = strings.ToLower(strings.ReplaceAll(in.ReportName, "_", "-"))
	}
	e := &exportRec{id: newUUID(), createdAt: s.now(), status: "PENDING", exportName: name}
	s.st.exports[e.id] = e
	if s.cfg.exportPolls == 0 {
		s.finishExport(e, s.cfg.exportFailure)
	}
	writeJSON(w, http.StatusOK, &exportWire{ExportID: e.id, CreatedAt: iso(e.createdAt), Status: "PENDING"})
}

// finishExport completes e (or fails it with failure, when not "") and
// sends its event. s.mu is held.
func (s *Server) finishExport(e *exportRec, failure string) {
	e.doneAt, e.status = s.now(), "COMPLETED"
	ev := aircall.EventAnalyticsReportCreated
	if failure != "" {
		e.status, e.failure, ev = "FAILED", failure, aircall.EventAnalyticsReportFailed
	}
	s.emit(ev, e.wire())
}

func (s *Server) getExport(w http.ResponseWriter, r *http.Request) {
	e, ok := s.st.exports[r.PathValue("id")]
	if !ok {
		notFound(w, "Export")
		return
	}
	if e.status == "PENDING" {
		if e.polls >= s.cfg.exportPolls {
			s.finishExport(e, s.cfg.exportFailure)
		}
		e.polls++
	}
	writeJSON(w, http.StatusOK, e.wire())
}
