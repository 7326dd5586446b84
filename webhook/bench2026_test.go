package webhook

import (
	"encoding/json"
	"testing"
)

// BenchmarkParse2026 decodes and verifies bodies of the newer events,
// whose types decode tolerantly and keep Raw, beside the same bodies
// decoded into map[string]any with encoding/json (compare the two in one
// run).
func BenchmarkParse2026(b *testing.B) {
	for _, name := range []string{"message_sent.json", "transcription_created.json", "summary_created.json"} {
		body := fixture(b, name)
		b.Run(name, func(b *testing.B) {
			v := Tokens(testToken)
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Parse(body, v); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(name+"/map", func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				var m map[string]any
				if err := json.Unmarshal(body, &m); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
