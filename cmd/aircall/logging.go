package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"
)

// logHandler is the slog.Handler the CLI gives the SDK (aircall.WithLogger)
// and listen's webhook Handler (webhook.WithLogger): it prints each record
// as one plain line on stderr, a retry as what failed, the attempt and the
// wait. A record about a webhook delivery in listen (its context holds a
// refusalKey) is not printed but noted as the delivery's reason, which
// listen prints once with the status. Its records never hold credentials:
// the SDK logs no header, URLs without their user info, and the webhook
// Handler no token.
type logHandler struct {
	mu    *sync.Mutex
	w     io.Writer
	level slog.Level
	// before runs before a line is written: it clears a progress bar.
	before func()
	attrs  []slog.Attr
}

func newLogHandler(w io.Writer, level slog.Level, before func()) *logHandler {
	return &logHandler{mu: &sync.Mutex{}, w: w, level: level, before: before}
}

// Enabled reports whether records of level are printed, or noted as a
// delivery's reason (at any level: a malformed body is a debug record).
func (h *logHandler) Enabled(ctx context.Context, level slog.Level) bool {
	return level >= h.level || ctx.Value(refusalKey{}) != nil
}

// WithAttrs returns a handler that adds attrs to every record.
func (h *logHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	h2 := *h
	h2.attrs = append(append([]slog.Attr(nil), h.attrs...), attrs...)
	return &h2
}

// WithGroup returns h: the CLI's lines have no groups.
func (h *logHandler) WithGroup(string) slog.Handler { return h }

// Handle prints r as one line, or notes it as a delivery's reason.
func (h *logHandler) Handle(ctx context.Context, r slog.Record) error {
	attrs := map[string]slog.Value{}
	var order []string
	add := func(a slog.Attr) bool {
		if _, ok := attrs[a.Key]; !ok {
			order = append(order, a.Key)
		}
		attrs[a.Key] = a.Value.Resolve()
		return true
	}
	for _, a := range h.attrs {
		add(a)
	}
	r.Attrs(add)
	if why, ok := ctx.Value(refusalKey{}).(*string); ok {
		*why = strings.TrimPrefix(r.Message, "webhook: ")
		if err, ok := attrs["err"]; ok {
			*why += ": " + err.String()
		}
		return nil
	}
	line := logLine(r.Message, attrs, order)
	if line == "" || r.Level < h.level {
		return nil
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.before != nil {
		h.before()
	}
	_, err := fmt.Fprintln(h.w, line)
	return err
}

// logLine formats one record; "" drops it.
func logLine(msg string, attrs map[string]slog.Value, order []string) string {
	msg = strings.TrimPrefix(msg, "aircall: ")
	str := func(k string) string {
		if v, ok := attrs[k]; ok {
			return v.String()
		}
		return ""
	}
	switch msg {
	case "rate limited":
		return "" // the retry line that follows says it
	case "retrying request":
		reason := str("error")
		if v, ok := attrs["status"]; ok {
			code := int(v.Int64())
			reason = fmt.Sprintf("%d %s", code, http.StatusText(code))
		}
		wait := attrs["backoff"].Duration().Round(100 * time.Millisecond)
		return fmt.Sprintf("aircall: %s %s: attempt %s failed (%s); retrying in %s", str("method"), str("path"), str("attempt"), reason, wait)
	}
	var b strings.Builder
	b.WriteString("aircall: " + msg)
	for _, k := range order {
		fmt.Fprintf(&b, " %s=%s", k, attrs[k].String())
	}
	return b.String()
}
