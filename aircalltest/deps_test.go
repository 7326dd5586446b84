package aircalltest

import (
	"os/exec"
	"strings"
	"testing"
)

// TestNoTestingInPrograms: aircalltest is linked into programs (the
// quickstart, `aircall fake`), so it must not pull in package testing,
// whose code and flags would come along.
func TestNoTestingInPrograms(t *testing.T) {
	t.Parallel()
	out, err := exec.Command("go", "list", "-deps", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go list -deps: %v\n%s", err, out)
	}
	for _, dep := range strings.Fields(string(out)) {
		if dep == "testing" {
			t.Fatal("aircalltest depends on package testing")
		}
	}
}
