package main

import (
	"context"
	"strings"
	"testing"
)

func TestRunTracesEachAttempt(t *testing.T) {
	var out strings.Builder
	if err := run(context.Background(), &out); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{
		"span HTTP GET /v1/ping status=200\n",
		"span HTTP GET /v1/users status=200\n",
		"span HTTP GET /v1/users/999999 status=404\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	if n := strings.Count(got, "span "); n != 3 {
		t.Errorf("%d spans, want 3 (one per attempt):\n%s", n, got)
	}
	if strings.Contains(got, "Authorization") || strings.Contains(got, "Basic ") {
		t.Errorf("spans hold credentials:\n%s", got)
	}
}
