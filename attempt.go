package aircall

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"sync"
	"sync/atomic"
	"time"
)

// DefaultAttemptTimeout bounds one attempt on the wire (connect, send, and
// read the whole answer) when neither WithAttemptTimeout nor a
// WithHTTPClient Timeout is given. Waiting for the rate budget and between
// retries is not part of it; the context bounds the whole call.
const DefaultAttemptTimeout = 30 * time.Second

// attemptTimeoutError is the cause of an attempt that ran out of its
// per-attempt time while the caller's context was still live.
type attemptTimeoutError struct{ d time.Duration }

func (e attemptTimeoutError) Error() string { return fmt.Sprintf("attempt timed out after %s", e.d) }

// Timeout marks the error as a timeout, as net.Error does.
func (e attemptTimeoutError) Timeout() bool { return true }

// exchange is one request on the wire and its answer.
type exchange struct {
	resp *http.Response // nil when no answer came; its body is closed
	data []byte         // the body read: a 2xx's, or an error's up to maxErrorBytes
	err  error          // why no complete answer was read; nil otherwise
	sent bool           // the request may have reached the server
}

// wireTrace tells, through httptrace, whether a request may have reached
// the server.
type wireTrace struct {
	traced atomic.Bool // the transport reports httptrace events
	wrote  atomic.Bool // the request headers were written
}

func (w *wireTrace) context(ctx context.Context) context.Context {
	return httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		GetConn:      func(string) { w.traced.Store(true) },
		WroteHeaders: func() { w.wrote.Store(true) },
	})
}

// sent reports whether a request that failed with err may have reached the
// server. A transport that reports httptrace events (net/http's) says so
// exactly; for another one, only a refused connection or an unknown host
// count as not sent.
func (w *wireTrace) sent(err error) bool {
	if w.traced.Load() {
		return w.wrote.Load()
	}
	return !notSent(err)
}

// roundTrip sends req (built on ctx) with hc and reads its answer. A 2xx
// body is read whole, up to limit bytes, unless discard is set: then what
// can be drained is, and a cut is no failure since the body is not needed.
// The body of any other status is read up to maxErrorBytes. timeout, when
// positive, bounds the attempt including the body.
func roundTrip(ctx context.Context, hc *http.Client, build func(context.Context) (*http.Request, error), limit int64, discard bool, timeout time.Duration) exchange {
	actx, cancel := ctx, context.CancelFunc(func() {})
	if timeout > 0 {
		actx, cancel = context.WithTimeoutCause(ctx, timeout, attemptTimeoutError{timeout})
	}
	defer cancel()
	var tr wireTrace
	req, err := build(tr.context(actx))
	if err != nil {
		return exchange{err: err}
	}
	attemptErr := func(err error) error {
		if ctx.Err() == nil {
			if cause := context.Cause(actx); errors.As(cause, new(attemptTimeoutError)) {
				return cause
			}
		}
		return err
	}
	if err := ctx.Err(); err != nil {
		return exchange{err: err} // nothing left
	}
	resp, err := hc.Do(req)
	if err != nil {
		return exchange{err: attemptErr(cleanNetError(err)), sent: tr.sent(err)}
	}
	defer resp.Body.Close()
	ex := exchange{resp: resp, sent: true}
	switch {
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		// The status is the answer; a cut error body still describes it.
		ex.data, _ = io.ReadAll(io.LimitReader(resp.Body, maxErrorBytes))
	case discard:
		io.Copy(io.Discard, io.LimitReader(resp.Body, maxErrorBytes))
	default:
		ex.data, err = readBody(resp, limit)
		if err != nil {
			ex.err = attemptErr(err)
		}
	}
	return ex
}

// bufPool holds the buffers that read bodies of unknown length.
var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// errBodyTooLarge is returned for a success body above the read limit.
var errBodyTooLarge = errors.New("body too large")

// readBody reads a whole body of at most limit bytes: into a slice of its
// exact Content-Length when the server sent one, else through a pooled
// buffer copied out once.
func readBody(resp *http.Response, limit int64) ([]byte, error) {
	if n := resp.ContentLength; n >= 0 {
		if n > limit {
			return nil, fmt.Errorf("%w: %d bytes, the limit is %d", errBodyTooLarge, n, limit)
		}
		data := make([]byte, n)
		if _, err := io.ReadFull(resp.Body, data); err != nil {
			return nil, fmt.Errorf("reading body: %w", unexpected(err))
		}
		return data, nil
	}
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer func() {
		if buf.Cap() <= 1<<20 {
			bufPool.Put(buf)
		}
	}()
	if _, err := buf.ReadFrom(io.LimitReader(resp.Body, limit+1)); err != nil {
		return nil, fmt.Errorf("reading body: %w", unexpected(err))
	}
	if int64(buf.Len()) > limit {
		return nil, fmt.Errorf("%w: more than %d bytes", errBodyTooLarge, limit)
	}
	return bytes.Clone(buf.Bytes()), nil
}

// unexpected turns the io.EOF of a body shorter than announced into
// io.ErrUnexpectedEOF.
func unexpected(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

// requestMark is a mark a method puts on the context of its request (the
// context key, with the value true), for Client.do to read.
type requestMark int

const (
	markIgnoreBody requestMark = iota // see ignoreBody
	markRetrySafe                     // see retrySafe
	markPersonal                      // see personalSegment; its value is the segment
)

// marked reports whether ctx carries the mark m.
func marked(ctx context.Context, m requestMark) bool {
	v, _ := ctx.Value(m).(bool)
	return v
}

// personalSegment marks the request made with ctx as one whose URL path
// has seg (escaped, as in the path) as a segment that is personal data, such
// as an email address: errors and log lines show REDACTED in its place, as
// they show query values (shownURL). The request sent keeps it.
func personalSegment(ctx context.Context, seg string) context.Context {
	if ctx == nil {
		return nil // Client.do answers it
	}
	return context.WithValue(ctx, markPersonal, seg)
}

// personalOf returns the segment that personalSegment put on ctx, or "".
func personalOf(ctx context.Context) string {
	seg, _ := ctx.Value(markPersonal).(string)
	return seg
}

// ignoreBody marks the request made with ctx as one whose 2xx body the
// method does not read: the body is drained as far as it goes, and a cut in
// it does not fail the call.
func ignoreBody(ctx context.Context) context.Context {
	return context.WithValue(ctx, markIgnoreBody, true)
}
