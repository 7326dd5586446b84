// Package redistest starts redis-server processes for the tests of the
// aircallredis module and its examples: each on a free 127.0.0.1 port, in
// its own temporary directory, without RDB snapshots, stopped when the test
// ends.
package redistest

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os/exec"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/seed1279ea27/aircall-go/internal/loopback"
)

// Server is a redis-server process of one test: its own temporary
// directory, a free 127.0.0.1 port, no RDB snapshots. It is stopped when
// the test ends.
type Server struct {
	t     testing.TB
	dir   string
	port  int
	aof   bool
	extra []string

	mu  sync.Mutex
	cmd *exec.Cmd
}

// Start starts a redis-server for t, or fails t with how to install
// one. With aof, writes are kept in an append-only file fsynced at each
// write, so that Restart after Stop finds them.
// Extra arguments, such as "--cluster-enabled", "yes", are passed to
// redis-server.
func Start(t testing.TB, aof bool, extra ...string) *Server {
	t.Helper()
	if err := FindRedis(); err != nil {
		t.Fatal(err)
	}
	s := &Server{t: t, dir: t.TempDir(), aof: aof, extra: extra}
	var err error
	for range 5 { // a free port can be taken between the probe and the start
		if s.port, err = loopback.FreePort(); err != nil {
			t.Fatal(err)
		}
		if err = s.start(false); err == nil {
			t.Cleanup(s.Stop)
			return s
		}
	}
	t.Fatalf("start redis-server: %v", err)
	return nil
}

// FindRedis says how to install redis-server when it is not on PATH.
func FindRedis() error {
	if _, err := exec.LookPath("redis-server"); err != nil {
		return fmt.Errorf("redis-server not found (%w): these tests need a real Redis; install it with `apt-get install -y redis-server`", err)
	}
	return nil
}

// Addr is the server's host:port.
func (s *Server) Addr() string { return "127.0.0.1:" + strconv.Itoa(s.port) }

// start starts the process and waits until it answers PING; with
// loading, a LOADING error counts as an answer.
func (s *Server) start(loading bool) error {
	args := []string{"--port", strconv.Itoa(s.port), "--bind", "127.0.0.1", "--dir", s.dir,
		"--save", "", "--daemonize", "no", "--protected-mode", "yes", "--loglevel", "warning"}
	if s.aof {
		args = append(args, "--appendonly", "yes", "--appendfsync", "always")
	} else {
		args = append(args, "--appendonly", "no")
	}
	args = append(args, s.extra...)
	cmd := exec.Command("redis-server", args...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	cmd.Stderr = cmd.Stdout
	if err := cmd.Start(); err != nil {
		return err
	}
	logs := make(chan string, 64)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			select {
			case logs <- sc.Text():
			default:
			}
		}
		_, _ = io.Copy(io.Discard, out)
		close(logs)
	}()
	c := redis.NewClient(&redis.Options{Addr: s.Addr(), MaxRetries: -1, DialTimeout: 200 * time.Millisecond})
	defer c.Close()
	deadline := time.Now().Add(10 * time.Second)
	for {
		if err := c.Ping(context.Background()).Err(); err == nil || loading && redis.HasErrorPrefix(err, "LOADING") {
			break
		}
		select {
		case line, ok := <-logs:
			if !ok {
				_ = cmd.Wait()
				return fmt.Errorf("redis-server on port %d exited: %s", s.port, line)
			}
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
			return fmt.Errorf("redis-server on port %d did not answer PING", s.port)
		}
	}
	s.mu.Lock()
	s.cmd = cmd
	s.mu.Unlock()
	return nil
}

// Stop ends the server (SIGTERM: with aof it flushes its file first).
func (s *Server) Stop() {
	s.mu.Lock()
	cmd := s.cmd
	s.cmd = nil
	s.mu.Unlock()
	if cmd == nil {
		return
	}
	_ = cmd.Process.Signal(syscall.SIGCONT)
	_ = cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		_ = cmd.Process.Kill()
		<-done
	}
}

// Kill ends the server with SIGKILL, as a crash would.
func (s *Server) Kill() {
	s.mu.Lock()
	cmd := s.cmd
	s.cmd = nil
	s.mu.Unlock()
	if cmd != nil {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	}
}

// Restart starts the server again on the same port and directory, and
// returns once it has loaded its data.
func (s *Server) Restart() { s.t.Helper(); s.restart(false) }

// RestartLoading is Restart returning as soon as the server accepts
// connections, possibly still loading its data (commands then fail with
// LOADING); start it with "--key-load-delay" to make loading slow.
func (s *Server) RestartLoading() { s.t.Helper(); s.restart(true) }

func (s *Server) restart(loading bool) {
	s.t.Helper()
	var err error
	for range 50 { // the old socket may linger a moment
		if err = s.start(loading); err == nil {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	s.t.Fatalf("restart redis-server: %v", err)
}

// ClientOptions are go-redis options for addr with short timeouts, as a
// receiver should have them (Aircall waits 5 seconds for an answer).
func ClientOptions(addr string) *redis.Options {
	return &redis.Options{
		Addr:          addr,
		DialTimeout:   300 * time.Millisecond,
		ReadTimeout:   500 * time.Millisecond,
		WriteTimeout:  500 * time.Millisecond,
		MaxRetries:    1,
		DialerRetries: 1,
		PoolSize:      32,
	}
}
