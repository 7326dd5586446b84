package aircalltest

import (
	"errors"
	"fmt"
	"net/http"
	"path"
	"regexp"
	"strings"
	"time"
)

// Fault makes the Server misbehave on matching requests, to test retries
// and error handling. A fault applies after authentication and rate
// limiting, so its answers carry the rate headers.
type Fault struct {
	// Method matches the request method; empty matches any.
	Method string
	// Path matches the request path: an exact path ("/v1/calls"), a path
	// with endpoints.tsv parameters ("/v1/calls/:id") or a path.Match glob
	// ("/v1/calls/*"). Empty matches any path.
	Path string
	// Status is the status to answer (500, 502, 503...). Zero with Drop or
	// Delay alone means the request is then served normally.
	Status int
	// Delay holds the request this long before answering (or before serving
	// it normally). It ends early if the client goes away.
	Delay time.Duration
	// Drop closes the connection without an answer.
	Drop bool
	// Times is how many matching requests the fault affects; 0 means all.
	Times int
}

func (f Fault) validate() error {
	if f.Status != 0 && (f.Status < 400 || f.Status > 599) {
		return fmt.Errorf("aircalltest: Fault: status %d is not an error status", f.Status)
	}
	if f.Status == 0 && !f.Drop && f.Delay <= 0 {
		return errors.New("aircalltest: Fault: set Status, Drop or Delay")
	}
	if f.Times < 0 || f.Delay < 0 {
		return errors.New("aircalltest: Fault: negative Times or Delay")
	}
	if f.Path != "" {
		if _, err := path.Match(faultGlob(f.Path), "/"); err != nil {
			return fmt.Errorf("aircalltest: Fault: bad path pattern %q: %w", f.Path, err)
		}
	}
	return nil
}

var paramSeg = regexp.MustCompile(`(:[a-z_]+|\{[a-z_]+\})`)

// faultGlob turns "/v1/calls/:id" into "/v1/calls/*".
func faultGlob(p string) string { return paramSeg.ReplaceAllString(p, "*") }

type faultState struct {
	Fault
	hits int
}

// InjectFault adds a fault while the Server runs.
func (s *Server) InjectFault(f Fault) error {
	if err := f.validate(); err != nil {
		return err
	}
	s.faultMu.Lock()
	s.faults = append(s.faults, &faultState{Fault: f})
	s.faultMu.Unlock()
	return nil
}

// ClearFaults removes every fault.
func (s *Server) ClearFaults() {
	s.faultMu.Lock()
	s.faults = nil
	s.faultMu.Unlock()
}

// applyFault answers r with the first matching fault and reports whether it
// did, counting the request in route's stats before the client can see the
// answer (or the dropped connection); a delay-only fault delays and lets
// the request through.
func (s *Server) applyFault(w http.ResponseWriter, r *http.Request, route string) bool {
	s.faultMu.Lock()
	var f *Fault
	for _, fs := range s.faults {
		if fs.Method != "" && !strings.EqualFold(fs.Method, r.Method) {
			continue
		}
		if fs.Path != "" {
			if ok, _ := path.Match(faultGlob(fs.Path), r.URL.Path); !ok {
				continue
			}
		}
		if fs.Times > 0 && fs.hits >= fs.Times {
			continue
		}
		fs.hits++
		cp := fs.Fault
		f = &cp
		break
	}
	s.faultMu.Unlock()
	if f == nil {
		return false
	}
	if f.Delay > 0 {
		t := time.NewTimer(f.Delay)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return true
		}
	}
	if f.Drop || f.Status != 0 {
		s.record(route, 500)
	}
	if f.Drop {
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				conn.Close()
				return true
			}
		}
		panic(http.ErrAbortHandler) // closes the connection without an answer
	}
	if f.Status != 0 {
		writeError(w, f.Status, http.StatusText(f.Status), "Injected fault on "+route)
		return true
	}
	return false
}
