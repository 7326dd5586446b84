package aircall

import (
	"strings"
	"testing"
)

// WithBaseURL never echoes a URL it cannot parse: its userinfo may be a
// credential (issue 9, finding 5).
func TestWithBaseURLUnparsableHidesUserinfo(t *testing.T) {
	t.Parallel()
	for _, raw := range []string{"https://my-id:s3cr3tT0ken@api.aircall.io:bad", "my-id:s3cr3tT0ken@api.aircall.io"} {
		_, err := NewClient(WithBasicAuth("a", "b"), WithBaseURL(raw))
		if err == nil {
			t.Fatalf("WithBaseURL(%q): no error", raw)
		}
		if strings.Contains(err.Error(), "s3cr3tT0ken") {
			t.Errorf("WithBaseURL error leaks the credential: %v", err)
		}
	}
}
