package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	aircall "github.com/seed1279ea27/aircall-go"
	"github.com/seed1279ea27/aircall-go/aircallsync/pgtest"
	"github.com/seed1279ea27/aircall-go/aircalltest"
)

// bin is the aircall binary, built once by TestMain.
var bin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "aircall-cli-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	bin = filepath.Join(dir, "aircall")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building the aircall binary:", err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	pgtest.Stop()
	os.RemoveAll(dir)
	os.Exit(code)
}

const (
	testAPIID    = "cli-test-id"
	testAPIToken = "cli-test-token-5f2c9a"
)

// fake starts an aircalltest server on loopback with a budget that never
// makes a test wait.
func fake(t *testing.T, opts ...aircalltest.Option) *aircalltest.Server {
	t.Helper()
	base := []aircalltest.Option{aircalltest.WithCredentials(testAPIID, testAPIToken), aircalltest.WithRateLimit(1_000_000, time.Second)}
	srv, err := aircalltest.New(append(base, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	return srv
}

// envFor is the environment that points the command at srv.
func envFor(srv *aircalltest.Server) []string {
	return []string{"AIRCALL_API_ID=" + testAPIID, "AIRCALL_API_TOKEN=" + testAPIToken, "AIRCALL_BASE_URL=" + srv.URL()}
}

type result struct {
	stdout, stderr string
	code           int
}

// cli runs the binary with env (and nothing else of the test's
// environment but PATH and HOME) in dir.
func cli(t *testing.T, dir string, env []string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = dir
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir}, env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		code = ee.ExitCode()
	case err != nil:
		t.Fatalf("aircall %s: %v", strings.Join(args, " "), err)
	}
	return result{stdout.String(), stderr.String(), code}
}

// wantCode fails unless r exited with code.
func wantCode(t *testing.T, r result, code int, args string) {
	t.Helper()
	if r.code != code {
		t.Fatalf("aircall %s: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", args, r.code, code, r.stdout, r.stderr)
	}
}

// wantOutput fails t unless r exited with code and out (r.stdout or
// r.stderr) contains want.
func wantOutput(t *testing.T, r result, code int, args, out, want string) {
	t.Helper()
	wantCode(t, r, code, args)
	if !strings.Contains(out, want) {
		t.Errorf("aircall %s: no %q in its output (first 2000 bytes):\n%.2000s", args, want, out)
	}
}

// background runs the binary until the test ends, and returns its stdout
// and stderr as they come.
type process struct {
	cmd            *exec.Cmd
	stdout, stderr *aircalltest.LogBuffer
	done           chan struct{}
}

func start(t *testing.T, dir string, env []string, args ...string) *process {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir}, env...)
	p := &process{cmd: cmd, stdout: &aircalltest.LogBuffer{}, stderr: &aircalltest.LogBuffer{}, done: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = p.stdout, p.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { _ = cmd.Wait(); close(p.done) }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-p.done
	})
	return p
}

// waitFor polls until re matches w's output, and returns the submatches.
func waitFor(t *testing.T, w *aircalltest.LogBuffer, re *regexp.Regexp) []string {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if m := re.FindStringSubmatch(w.String()); m != nil {
			return m
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("no %q in output:\n%s", re, w.String())
	return nil
}

// lines splits s in non-empty lines.
func lines(s string) []string {
	var out []string
	sc := bufio.NewScanner(strings.NewReader(s))
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		if sc.Text() != "" {
			out = append(out, sc.Text())
		}
	}
	return out
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// sdk is a client of srv for the test's own checks.
func sdk(t *testing.T, srv *aircalltest.Server) *aircall.Client {
	t.Helper()
	c, err := srv.Client()
	if err != nil {
		t.Fatal(err)
	}
	return c
}
