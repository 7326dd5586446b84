package webhook

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	aircall "github.com/seed1279ea27/aircall-go"
	"github.com/seed1279ea27/aircall-go/aircalltest"
	"github.com/seed1279ea27/aircall-go/webhook/webhooktest"
)

// testToken is the token of the spec's examples, used by every fixture.
const testToken = "45XXYYZZa08"

// diff returns a go-cmp diff (-want +got), empty when equal.
func diff(want, got any) string { return cmp.Diff(want, got) }

// fixture reads testdata/name.
func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// unix is a Timestamp sent as Unix seconds.
func unix(sec int64) aircall.Timestamp {
	return aircall.Timestamp{Time: time.Unix(sec, 0).UTC(), Form: aircall.FormUnix}
}

// isoMs is a Timestamp sent as "2006-01-02T15:04:05.000Z".
func isoMs(y int, mo time.Month, d, h, mi, s, ms int) aircall.Timestamp {
	return aircall.Timestamp{Time: time.Date(y, mo, d, h, mi, s, ms*int(time.Millisecond), time.UTC), Form: aircall.FormISOMillis}
}

// testLogger returns a logger writing to a buffer that the test can read.
func testLogger() (*slog.Logger, *aircalltest.LogBuffer) {
	buf := &aircalltest.LogBuffer{}
	return slog.New(slog.NewTextHandler(buf, &slog.HandlerOptions{Level: slog.LevelDebug})), buf
}

// quietLogger discards everything.
func quietLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// newTestHandler builds a Handler for testToken with a quiet logger.
func newTestHandler(t testing.TB, opts ...Option) *Handler {
	t.Helper()
	h, err := NewHandler(Tokens(testToken), append([]Option{WithLogger(quietLogger())}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = h.Shutdown(context.Background()) })
	return h
}

// withToken returns body with its token replaced by the JSON value tok
// (or removed when tok is empty).
func withToken(t testing.TB, body []byte, tok string) []byte {
	t.Helper()
	var m map[string]json.RawMessage
	if err := json.Unmarshal(body, &m); err != nil {
		t.Fatal(err)
	}
	if tok == "" {
		delete(m, "token")
	} else {
		m["token"] = json.RawMessage(tok)
	}
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// logTo returns a handler of events E that appends line(ev) to *got and
// succeeds, for the dispatch tests (handlers run one at a time there).
func logTo[E any](got *[]string, line func(ev *E) string) func(context.Context, *E) error {
	return func(_ context.Context, ev *E) error {
		*got = append(*got, line(ev))
		return nil
	}
}

// postAllOK posts each fixture of files to h, then an undocumented event
// named unknown with data, and fails t unless each is answered 200.
func postAllOK(t *testing.T, h *Handler, files []string, unknown aircall.Event, data map[string]any) {
	t.Helper()
	for _, f := range files {
		if w := webhooktest.Post(h, fixture(t, f)); w.Code != http.StatusOK {
			t.Errorf("%s: status %d", f, w.Code)
		}
	}
	if w := webhooktest.Send(t, h, unknown, testToken, data); w.Code != http.StatusOK {
		t.Errorf("unknown event %s: status %d", unknown, w.Code)
	}
}
