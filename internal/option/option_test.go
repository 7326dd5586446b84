package option

import "testing"

func TestChecked(t *testing.T) {
	t.Parallel()
	var got int
	set := func(p *int) { *p = 7 }
	if err := Checked("pkg", "WithX", false, "unused", set)(&got); err != nil || got != 7 {
		t.Fatalf("good option: err %v, value %d; want nil, 7", err, got)
	}
	got = 0
	err := Checked("pkg", "WithX", true, "must be positive, got -1", set)(&got)
	if err == nil || err.Error() != "pkg: WithX: must be positive, got -1" {
		t.Fatalf("bad option: err %v; want pkg: WithX: must be positive, got -1", err)
	}
	if got != 0 {
		t.Fatalf("bad option applied its value: %d", got)
	}
}
