// Package pgtest starts a throwaway PostgreSQL server for tests: initdb and
// pg_ctl into a temporary directory, on a free 127.0.0.1 port, with trust
// authentication on loopback and fsync off. One server serves a whole test
// binary; each test gets a database of its own.
//
// When run as root (as CI does), initdb and the server run as the postgres
// OS user through runuser, since initdb refuses to run as root. When the
// binaries are missing, tests are skipped, except with CI=true, where they
// fail: CI installs PostgreSQL (apt-get install -y postgresql).
package pgtest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
)

// server is a running PostgreSQL server.
type server struct {
	dir, bin string
	port     int
	asUser   []string // runuser prefix when root
	n        atomic.Int64
	// admin creates the tests' databases on one connection that lives as
	// long as the server: a backend that ended between two readings of
	// CPU would count its whole life in the second one.
	admin *sql.DB
}

var (
	once   sync.Once
	shared *server
	errPG  error
)

// DSN returns the URL of a new empty database for t on the shared server,
// starting the server on first use. Call Stop from TestMain after the
// tests.
func DSN(t testing.TB) string {
	t.Helper()
	once.Do(func() { shared, errPG = start() })
	if errPG != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("PostgreSQL is needed in CI: %v", errPG)
		}
		t.Skipf("no PostgreSQL (%v): install it with `apt-get install -y postgresql`", errPG)
	}
	name := fmt.Sprintf("t%d_%d", os.Getpid(), shared.n.Add(1))
	if _, err := shared.admin.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatal(err)
	}
	return shared.url(name)
}

// Stop stops the shared server, if it was started, and removes its files.
func Stop() {
	if shared == nil {
		return
	}
	if shared.admin != nil {
		_ = shared.admin.Close()
	}
	_ = shared.ctl("stop", "-m", "immediate")
	_ = os.RemoveAll(shared.dir)
}

func (s *server) url(db string) string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", s.port, db)
}

// binDir finds initdb: on PATH, else under /usr/lib/postgresql.
func binDir() (string, error) {
	if p, err := exec.LookPath("initdb"); err == nil {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			return filepath.Dir(real), nil
		}
		return filepath.Dir(p), nil
	}
	m, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	if len(m) == 0 {
		return "", errors.New("initdb not found on PATH nor under /usr/lib/postgresql")
	}
	return filepath.Dir(m[len(m)-1]), nil
}

func start() (*server, error) {
	bin, err := binDir()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "pgtest")
	if err != nil {
		return nil, err
	}
	s := &server{dir: dir, bin: bin}
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			return nil, fmt.Errorf("running as root needs the postgres OS user: %w", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			return nil, err
		}
		s.asUser = []string{"runuser", "-u", "postgres", "--"}
	}
	data := filepath.Join(dir, "data")
	if out, err := s.run(filepath.Join(bin, "initdb"), "-D", data, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8"); err != nil {
		return nil, fmt.Errorf("initdb: %v: %s", err, out)
	}
	for range 5 { // a free port can be taken between the probe and the start
		if s.port, err = freePort(); err != nil {
			return nil, err
		}
		if err = s.ctl("start", "-w", "-t", "30", "-l", filepath.Join(dir, "log"), "-o",
			fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -F -c max_connections=200", s.port, dir)); err == nil {
			return s, s.ready()
		}
	}
	log, _ := os.ReadFile(filepath.Join(dir, "log"))
	return nil, fmt.Errorf("pg_ctl start: %v: %s", err, log)
}

func (s *server) ctl(args ...string) error {
	args = append([]string{"-D", filepath.Join(s.dir, "data")}, args...)
	out, err := s.run(filepath.Join(s.bin, "pg_ctl"), args...)
	if err != nil {
		return fmt.Errorf("%v: %s", err, out)
	}
	return nil
}

func (s *server) run(name string, args ...string) ([]byte, error) {
	argv := append(append(append([]string{}, s.asUser...), name), args...)
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = s.dir
	return cmd.CombinedOutput()
}

// ready waits for the server to accept connections and opens s.admin.
func (s *server) ready() error {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	db, err := sql.Open("pgx", s.url("postgres"))
	if err != nil {
		return err
	}
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	for {
		if err = db.PingContext(ctx); err == nil {
			s.admin = db
			return nil
		}
		select {
		case <-ctx.Done():
			db.Close()
			return err
		case <-time.After(50 * time.Millisecond):
		}
	}
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// CPU returns the CPU time the shared server has used so far (user and
// system, of the postmaster and of its backends, live or ended), or 0 when
// the server is not running or /proc is not readable: benchmarks measure
// the database's share of a run with it.
func CPU() time.Duration {
	if shared == nil {
		return 0
	}
	pidFile, err := os.ReadFile(filepath.Join(shared.dir, "data", "postmaster.pid"))
	if err != nil {
		return 0
	}
	pm, err := strconv.Atoi(strings.TrimSpace(strings.SplitN(string(pidFile), "\n", 2)[0]))
	if err != nil {
		return 0
	}
	ticks := 0
	procs, _ := filepath.Glob("/proc/[0-9]*/stat")
	for _, p := range procs {
		b, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		// The fields after the command's closing parenthesis: state (3),
		// ppid (4), ..., utime (14), stime (15), cutime (16), cstime (17).
		i := strings.LastIndexByte(string(b), ')')
		if i < 0 {
			continue
		}
		f := strings.Fields(string(b[i+1:]))
		if len(f) < 15 {
			continue
		}
		pid, _ := strconv.Atoi(filepath.Base(filepath.Dir(p)))
		ppid, _ := strconv.Atoi(f[1])
		n := 2 // utime and stime
		switch {
		case pid == pm:
			n = 4 // and the ended backends' cutime and cstime
		case ppid != pm:
			continue
		}
		for _, v := range f[11 : 11+n] {
			k, _ := strconv.Atoi(v)
			ticks += k
		}
	}
	return time.Duration(ticks) * time.Second / 100 // /proc counts in USER_HZ, 100 on Linux
}
