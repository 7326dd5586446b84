package pacerstoretest_test

import (
	"testing"

	aircall "github.com/seed1279ea27/aircall-go"
	"github.com/seed1279ea27/aircall-go/pacerstoretest"
)

func TestMemoryPacerStore(t *testing.T) {
	pacerstoretest.Run(t, func(*testing.T) aircall.PacerStore { return aircall.NewMemoryPacerStore() })
}
