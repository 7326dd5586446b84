package webhook

import (
	"testing"
)

// BenchmarkParse2026 decodes and verifies bodies of the newer events,
// whose types decode tolerantly and keep Raw, beside the same bodies
// decoded into map[string]any with encoding/json (compare the two in one
// run).
func BenchmarkParse2026(b *testing.B) {
	for _, name := range []string{"message_sent.json", "transcription_created.json", "summary_created.json"} {
		for _, w := range []struct {
			sub  string
			work func(*testing.B, []byte) func()
		}{{name, parseOnly}, {name + "/map", mapAny}} {
			b.Run(w.sub, func(b *testing.B) {
				do := w.work(b, benchBody(b, name))
				for b.Loop() {
					do()
				}
			})
		}
	}
}
