package aircallsync

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
)

// DefaultDSN is the database of `aircall sync` without --db: aircall.db in
// the current directory.
const DefaultDSN = "sqlite:aircall.db"

// dialect is what differs between SQLite and Postgres in the SQL the stores
// share: column types, placeholders and timestamp values.
type dialect struct {
	name   string // "sqlite" or "postgres"
	types  map[string]string
	dollar bool // placeholders are $1, $2... instead of ?
}

var sqliteDialect = &dialect{name: "sqlite", types: map[string]string{
	kindTS: "TEXT", kindInt: "INTEGER", kindText: "TEXT", kindBool: "BOOLEAN", kindNum: "REAL", kindJSON: "TEXT",
}}

var postgresDialect = &dialect{name: "postgres", dollar: true, types: map[string]string{
	kindTS: "TIMESTAMPTZ", kindInt: "BIGINT", kindText: "TEXT", kindBool: "BOOLEAN", kindNum: "NUMERIC", kindJSON: "JSONB",
}}

// rebind turns the ? placeholders of q into $1, $2... for Postgres. The
// SQL of this package has no ? anywhere else.
func (d *dialect) rebind(q string) string {
	if !d.dollar {
		return q
	}
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// parseDSN returns the dialect of dsn and what its driver opens: a path
// for SQLite ("sqlite:PATH", "sqlite://PATH" or a bare path), the URL for
// Postgres ("postgres://..." or "postgresql://...").
func parseDSN(dsn string) (*dialect, string, error) {
	switch {
	case dsn == "":
		return nil, "", errors.New("aircallsync: empty DSN: use sqlite:PATH or postgres://USER@HOST/DB")
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		if _, err := url.Parse(dsn); err != nil {
			return nil, "", fmt.Errorf("aircallsync: DSN %s is not a URL", Redact(dsn))
		}
		return postgresDialect, dsn, nil
	case strings.HasPrefix(dsn, "sqlite://"):
		return sqliteDialect, strings.TrimPrefix(dsn, "sqlite://"), nil
	case strings.HasPrefix(dsn, "sqlite:"):
		return sqliteDialect, strings.TrimPrefix(dsn, "sqlite:"), nil
	case strings.Contains(dsn, "://"):
		scheme, _, _ := strings.Cut(dsn, "://")
		return nil, "", fmt.Errorf("aircallsync: unknown database %q in DSN: use sqlite:PATH or postgres://", scheme)
	}
	return sqliteDialect, dsn, nil
}

var kvPassword = regexp.MustCompile(`(?i)(password\s*=\s*)('[^']*'|\S+)`)

// Redact returns dsn with its password replaced by "xxxxx": the user info
// of a URL, a password query parameter, or a password=... setting. Every
// message of this package and of `aircall sync` shows DSNs through it.
func Redact(dsn string) string {
	if u, err := url.Parse(dsn); err == nil && u.Scheme != "" {
		if _, ok := u.User.Password(); ok {
			u.User = url.UserPassword(u.User.Username(), "xxxxx")
		}
		q := u.Query()
		if q.Has("password") {
			q.Set("password", "xxxxx")
			u.RawQuery = q.Encode()
		}
		return u.String()
	}
	return kvPassword.ReplaceAllString(dsn, "${1}xxxxx")
}

// dsnPassword is the password in dsn, "" if none.
func dsnPassword(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return ""
	}
	if p, ok := u.User.Password(); ok {
		return p
	}
	return u.Query().Get("password")
}

// redactedError hides a password that a driver's error may quote.
func redactedError(err error, password string) error {
	if err == nil || password == "" || !strings.Contains(err.Error(), password) {
		return err
	}
	return errors.New(strings.ReplaceAll(err.Error(), password, "xxxxx"))
}
