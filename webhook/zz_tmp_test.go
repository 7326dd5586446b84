package webhook

import (
	"testing"

	json "github.com/go-json-experiment/json"
	aircall "github.com/seed1279ea27/aircall-go"
	"github.com/seed1279ea27/aircall-go/internal/benchcpu"
	"github.com/seed1279ea27/aircall-go/internal/wire"
)

func BenchmarkZZData(b *testing.B) {
	body := fixture(b, "call_ended.json")
	ev, _ := Parse(body, Tokens(testToken))
	data := []byte(ev.Data)
	benchcpu.Loop(b, func() {
		var c aircall.Call
		json.Unmarshal(data, &c, wire.Tolerant)
	})
}
