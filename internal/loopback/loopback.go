// Package loopback finds a free TCP port on 127.0.0.1 for the test servers
// that the modules of this repository start as child processes
// (redis-server in aircallredis, PostgreSQL in aircallsync/pgtest).
package loopback

import "net"

// FreePort returns a TCP port on 127.0.0.1 that was free a moment ago: the
// caller hands it to a child process, which may still lose it to another
// listener, so callers retry on a bind failure.
func FreePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
