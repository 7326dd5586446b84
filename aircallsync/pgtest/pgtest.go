// Package pgtest starts a throwaway PostgreSQL server for tests: initdb and
// pg_ctl into a temporary directory, on a free 127.0.0.1 port, with trust
// authentication on loopback and fsync off. One server serves a whole test
// binary; each test gets a database of its own. DurableDSN starts a second
// one, with fsync on as in production, for benchmarks that measure what
// waiting for the disk costs.
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
	"github.com/seed1279ea27/aircall-go/internal/loopback"
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

// lazyServer is a server started on first use.
type lazyServer struct {
	fsync bool
	once  sync.Once
	s     *server
	err   error
}

var (
	fast    = &lazyServer{}            // fsync off
	durable = &lazyServer{fsync: true} // fsync on
)

// DSN returns the URL of a new empty database for t on the shared server,
// starting the server on first use. Call Stop from TestMain after the
// tests.
func DSN(t testing.TB) string {
	t.Helper()
	return fast.dsn(t)
}

// DurableDSN is DSN on a server with fsync on, as Postgres runs in
// production: each commit waits for its WAL to reach the disk.
func DurableDSN(t testing.TB) string {
	t.Helper()
	return durable.dsn(t)
}

func (l *lazyServer) dsn(t testing.TB) string {
	t.Helper()
	l.once.Do(func() { l.s, l.err = start(l.fsync) })
	if l.err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("PostgreSQL is needed in CI: %v", l.err)
		}
		t.Skipf("no PostgreSQL (%v): install it with `apt-get install -y postgresql`", l.err)
	}
	name := fmt.Sprintf("t%d_%d", os.Getpid(), l.s.n.Add(1))
	if _, err := l.s.admin.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatal(err)
	}
	return l.s.url(name)
}

// Stop stops the shared servers that were started and removes their files.
func Stop() {
	for _, l := range []*lazyServer{fast, durable} {
		if l.s == nil {
			continue
		}
		if l.s.admin != nil {
			_ = l.s.admin.Close()
		}
		_ = l.s.ctl("stop", "-m", "immediate")
		_ = os.RemoveAll(l.s.dir)
	}
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

// start starts a server, with fsync on or off.
func start(fsync bool) (*server, error) {
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
		if s.port, err = loopback.FreePort(); err != nil {
			return nil, err
		}
		opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c max_connections=200", s.port, dir)
		if !fsync {
			opts += " -F"
		}
		if err = s.ctl("start", "-w", "-t", "30", "-l", filepath.Join(dir, "log"), "-o", opts); err == nil {
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

// CPU returns the CPU time the shared servers have used so far (user and
// system, of their postmasters and of their backends, live or ended), or 0
// when none runs or /proc is not readable: benchmarks measure the
// database's share of a run with it.
func CPU() time.Duration {
	var d time.Duration
	for _, l := range []*lazyServer{fast, durable} {
		if l.s != nil {
			d += l.s.cpu()
		}
	}
	return d
}

// cpu is the CPU time of s so far.
func (s *server) cpu() time.Duration {
	pidFile, err := os.ReadFile(filepath.Join(s.dir, "data", "postmaster.pid"))
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
