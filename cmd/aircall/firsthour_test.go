package main

// Tests of issue 21, "the first hour with the CLI": progress off a
// terminal, the version, errors that say what to do once, one flag style,
// completion.

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/seed1279ea27/aircall-go/aircalltest"
)

// progressLine is a periodic --progress lines report (the last one, at the
// end, has no budget).
var progressLine = regexp.MustCompile(`(?m)^calls: \d+(/\d+ \(\d+%\))? done, (\d+ a minute|none yet)(, ETA \S+ at \d+ req/min)?, budget: .+$`)

// TestExportProgressLinesOffATerminal: with stderr a file, an export against
// a rate-limited fake reports while it runs, not only at the end.
func TestExportProgressLinesOffATerminal(t *testing.T) {
	t.Parallel()
	end := time.Now().Add(-time.Hour)
	// 1,000 calls: 20 pages at 10 requests a second, about 2 s.
	srv := fake(t, aircalltest.WithGeneratedCalls(1000, end.Add(-24*time.Hour), end), aircalltest.WithRateLimit(600, time.Minute))
	dir := t.TempDir()
	errFile, err := os.Create(filepath.Join(dir, "stderr.log"))
	if err != nil {
		t.Fatal(err)
	}
	defer errFile.Close()
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "export", "calls", "-o", "calls.jsonl", "--rate-limit", "600",
		"--progress", "lines", "--progress-interval", "300ms")
	cmd.Dir = dir
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir}, envFor(srv)...)
	cmd.Stderr = errFile
	start := time.Now()
	if err := cmd.Run(); err != nil {
		t.Fatalf("export: %v\n%s", err, readFile(t, errFile.Name()))
	}
	took := time.Since(start)
	stderr := readFile(t, errFile.Name())
	during := progressLine.FindAllString(stderr, -1)
	if len(during) == 0 {
		t.Fatalf("an export of %s printed no progress line while it ran:\n%s", took, stderr)
	}
	if !regexp.MustCompile(`(?m)^calls: 1000/1000 \(100%\) done in \S+, \d+ a minute$`).MatchString(stderr) {
		t.Errorf("no last progress line with the count and the rate:\n%s", stderr)
	}
	if !strings.HasSuffix(stderr, "exported 1000 calls to calls.jsonl\n") {
		t.Errorf("the summary is not the last line:\n%s", stderr)
	}

	// --quiet: errors only.
	r := cli(t, dir, envFor(srv), "export", "calls", "-o", "quiet.jsonl", "--quiet", "--rate-limit", "6000")
	wantCode(t, r, 0, "export --quiet")
	if r.stderr != "" {
		t.Errorf("export --quiet wrote to stderr:\n%s", r.stderr)
	}
	if n := len(lines(readFile(t, filepath.Join(dir, "quiet.jsonl")))); n != 1000 {
		t.Errorf("export --quiet wrote %d calls, want 1000", n)
	}
	r = cli(t, dir, envFor(srv), "export", "calls", "--progress", "sometimes")
	wantCode(t, r, 2, "export --progress sometimes")
}

// TestProgressBarHasNoEmptyFirstFrame: the bar draws nothing before the
// first item of the run, then a rate per minute.
func TestProgressBarHasNoEmptyFirstFrame(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)
	now := t0
	var buf aircalltest.LogBuffer
	p := &progress{w: &buf, what: "calls", mode: "bar", now: func() time.Time { return now }, started: t0}
	t.Cleanup(p.Done)
	p.Resume(500) // a resumed export: 500 done before
	p.Set(500)
	if buf.String() != "" {
		t.Fatalf("a frame before the first item: %q", buf.String())
	}
	now = t0.Add(30 * time.Second)
	p.Set(550)
	frame := ansi.ReplaceAllString(buf.String(), "\n")
	if !strings.Contains(frame, "calls 100/min") || !strings.Contains(frame, "550") {
		t.Errorf("first frame %q, want the count and 100/min", frame)
	}
	if strings.Contains(frame, "/hr") || strings.Contains(frame, " 0/min") {
		t.Errorf("first frame with an empty rate: %q", frame)
	}
}

func TestVersion(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	r := cli(t, dir, nil, "version")
	wantCode(t, r, 0, "version")
	if !regexp.MustCompile(`^aircall \S+\nrevision: .+\n(time: .+\n)?sdk: +\S+.*\ngo: +go1\.\d+`).MatchString(r.stdout) {
		t.Errorf("aircall version printed:\n%s", r.stdout)
	}
	r2 := cli(t, dir, nil, "--version")
	wantCode(t, r2, 0, "--version")
	if r2.stdout != r.stdout {
		t.Errorf("aircall --version printed:\n%s\nwant the same as aircall version:\n%s", r2.stdout, r.stdout)
	}
}

// TestForbiddenHint: a refused credential names where it came from and what
// to check, never its value.
func TestForbiddenHint(t *testing.T) {
	t.Parallel()
	srv := fake(t)
	dir := t.TempDir()
	const wrong = "wrong-token-9d8c7b6a"
	for _, tc := range []struct {
		env  []string
		args []string
		want string
	}{
		{[]string{"AIRCALL_API_ID=" + testAPIID, "AIRCALL_API_TOKEN=" + wrong, "AIRCALL_BASE_URL=" + srv.URL()}, []string{"ping"},
			"hint: the API refused the API key from AIRCALL_API_ID and AIRCALL_API_TOKEN: check"},
		{[]string{"AIRCALL_API_ID=" + testAPIID, "AIRCALL_BASE_URL=" + srv.URL()}, []string{"export", "calls", "--api-token", wrong},
			"hint: the API refused the API key from AIRCALL_API_ID and --api-token: check"},
		{[]string{"AIRCALL_ACCESS_TOKEN=" + wrong, "AIRCALL_BASE_URL=" + srv.URL()}, []string{"users", "list"},
			"hint: the API refused the OAuth access token from AIRCALL_ACCESS_TOKEN: check that the token is current (not revoked or expired) and was granted the public_api scope"},
	} {
		r := cli(t, dir, tc.env, tc.args...)
		wantCode(t, r, 1, strings.Join(tc.args, " "))
		if !strings.Contains(r.stderr, tc.want) || strings.Count(r.stderr, "hint:") != 1 {
			t.Errorf("aircall %s: stderr lacks %q once:\n%s", strings.Join(tc.args, " "), tc.want, r.stderr)
		}
		if strings.Contains(r.stderr+r.stdout, wrong) {
			t.Errorf("aircall %s: the token is in the output:\n%s", strings.Join(tc.args, " "), r.stderr)
		}
		if !regexp.MustCompile(`^aircall: (export stopped after 0 calls: )?GET \S+: 403 Forbidden\n`).MatchString(r.stderr) {
			t.Errorf("aircall %s: stderr does not start with the error:\n%s", strings.Join(tc.args, " "), r.stderr)
		}
	}
}

// TestInterruptedExportSaysSoOnce: Ctrl-C during an export names the
// command once, says how many items are written, and how to resume.
func TestInterruptedExportSaysSoOnce(t *testing.T) {
	t.Parallel()
	end := time.Now().Add(-time.Hour)
	srv := fake(t, aircalltest.WithGeneratedCalls(500, end.Add(-24*time.Hour), end), aircalltest.WithRateLimit(120, time.Minute))
	dir := t.TempDir()
	p := start(t, dir, envFor(srv), "export", "calls", "-o", "calls.jsonl", "--checkpoint", "calls.cp", "--rate-limit", "120",
		"--progress", "lines", "--progress-interval", "100ms")
	waitFor(t, p.stderr, regexp.MustCompile(`calls: [1-9]\d*[/ ]`)) // a page is written
	if err := p.cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	<-p.done
	stderr := p.stderr.String()
	if code := p.cmd.ProcessState.ExitCode(); code != 1 {
		t.Errorf("interrupted export: exit %d, want 1:\n%s", code, stderr)
	}
	want := regexp.MustCompile(`(?m)^aircall: export interrupted after [1-9]\d* calls; run the same command again to resume from calls\.cp$`)
	if !want.MatchString(stderr) {
		t.Errorf("interrupted export: no %q in stderr:\n%s", want, stderr)
	}
	for _, l := range lines(stderr) {
		if strings.Count(l, "aircall:") > 1 {
			t.Errorf("a doubled prefix: %q", l)
		}
	}
}

// TestUsageErrorsShowTheCommand: a usage error prints the failing
// subcommand's usage; an id that cannot be one is refused before any
// request.
func TestUsageErrorsShowTheCommand(t *testing.T) {
	t.Parallel()
	srv := fake(t, aircalltest.WithDemoData())
	dir := t.TempDir()
	for _, tc := range []struct {
		args        []string
		want, usage string
	}{
		{[]string{"users", "get", "abc"}, `aircall: user id "abc": want a positive integer`, "Usage:\n  aircall users get ID"},
		{[]string{"calls", "get", "-5"}, "unknown shorthand flag: '5'", "Usage:\n  aircall calls get ID"},
		{[]string{"calls", "get", "0"}, `aircall: call id "0": want a positive integer`, "Usage:\n  aircall calls get ID"},
		{[]string{"webhooks", "delete", "../v1/users/1"}, `webhook id "../v1/users/1"`, "Usage:\n  aircall webhooks delete WEBHOOK_ID"},
		{[]string{"export", "calls", "--format", "xml"}, `--format "xml"`, "Usage:\n  aircall export "},
		{[]string{"contacts", "import"}, `"aircall contacts import" wants FILE.csv`, "Usage:\n  aircall contacts import "},
	} {
		before := srv.Stats().Requests
		r := cli(t, dir, envFor(srv), tc.args...)
		wantCode(t, r, 2, strings.Join(tc.args, " "))
		if !strings.HasPrefix(r.stderr, "aircall: ") || !strings.Contains(r.stderr, tc.want) || !strings.Contains(r.stderr, tc.usage) {
			t.Errorf("aircall %s: stderr lacks %q or %q:\n%s", strings.Join(tc.args, " "), tc.want, tc.usage, r.stderr)
		}
		if strings.Contains(r.stderr, "aircall: aircall") {
			t.Errorf("aircall %s: a doubled prefix:\n%s", strings.Join(tc.args, " "), r.stderr)
		}
		if n := srv.Stats().Requests - before; n != 0 {
			t.Errorf("aircall %s sent %d requests", strings.Join(tc.args, " "), n)
		}
	}
}

// TestRetryLogged: a retry after a 5xx prints one line (attempt, wait,
// reason) with -v; off a terminal without -v, none.
func TestRetryLogged(t *testing.T) {
	t.Parallel()
	for _, verbose := range []bool{true, false} {
		var n atomic.Int32
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if n.Add(1) == 1 {
				http.Error(w, `{"error":"Service Unavailable"}`, http.StatusServiceUnavailable)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"ping":"pong"}`))
		}))
		t.Cleanup(srv.Close)
		args := []string{"ping"}
		if verbose {
			args = append(args, "-v")
		}
		r := cli(t, t.TempDir(), []string{"AIRCALL_API_ID=id", "AIRCALL_API_TOKEN=tok-123", "AIRCALL_BASE_URL=" + srv.URL}, args...)
		wantCode(t, r, 0, strings.Join(args, " "))
		retry := regexp.MustCompile(`^aircall: GET /v1/ping: attempt 1 failed \(503 Service Unavailable\); retrying in \d[\d.]*m?s\n$`)
		if verbose && !retry.MatchString(r.stderr) {
			t.Errorf("ping -v after a 503: stderr %q, want one line matching %s", r.stderr, retry)
		}
		if !verbose && r.stderr != "" {
			t.Errorf("ping off a terminal after a 503: stderr %q, want nothing", r.stderr)
		}
	}
}

// TestOneFlagStyle: every flag of every command is spelled --name, with
// a one-letter shorthand only for those that had one; help texts name
// flags that way too.
func TestOneFlagStyle(t *testing.T) {
	t.Parallel()
	a := &app{env: environ{getenv: func(string) string { return "" }, stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}}}
	root := a.rootCmd()
	shorthands := map[string]string{"help": "h", "data": "d", "query": "q", "output": "o", "verbose": "v"}
	single := regexp.MustCompile(`(^|[\s(\[,"'])-[a-z][a-z0-9]+(-[a-z0-9]+)*\b`)
	var walk func(*cobra.Command)
	walk = func(cmd *cobra.Command) {
		for _, text := range []string{cmd.Use, cmd.Short, cmd.Long} {
			if m := single.FindString(text); m != "" {
				t.Errorf("%s: help names a flag %q", cmd.CommandPath(), strings.TrimSpace(m))
			}
		}
		check := func(f *pflag.Flag) {
			if f.Shorthand != "" && shorthands[f.Name] != f.Shorthand {
				t.Errorf("%s --%s: shorthand -%s", cmd.CommandPath(), f.Name, f.Shorthand)
			}
			if m := single.FindString(f.Usage); m != "" {
				t.Errorf("%s --%s: usage names a flag %q", cmd.CommandPath(), f.Name, strings.TrimSpace(m))
			}
		}
		cmd.LocalFlags().VisitAll(check)
		for _, c := range cmd.Commands() {
			walk(c)
		}
	}
	walk(root)
}

func TestCompletion(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for shell, want := range map[string]string{"bash": "bash completion", "zsh": "#compdef aircall", "fish": "fish completion"} {
		r := cli(t, dir, nil, "completion", shell)
		wantOutput(t, r, 0, "completion "+shell, r.stdout, want)
	}
}
