package aircallsync

import (
	"fmt"
	"strings"
)

// SchemaVersion is the version of the schema this release writes. Open
// migrates a database of an older version forward and refuses a newer one.
const SchemaVersion = 1

// column kinds, mapped to a type per dialect.
const (
	kindTS   = "ts"   // timestamptz; ISO-8601 UTC text in SQLite
	kindInt  = "int"  // BIGINT
	kindText = "text" // TEXT
	kindBool = "bool" // BOOLEAN
	kindNum  = "num"  // NUMERIC; REAL in SQLite
	kindJSON = "json" // JSONB; JSON text in SQLite
)

type column struct{ name, kind string }

// table describes a resource's table: id, then its typed columns, then the
// columns every resource table has (raw, raw_hash, observed_at, synced_at,
// deleted_at).
type table struct {
	name    string
	cols    []column
	indexes []string // columns with an index of their own
	// rank orders two versions of a row seen in the same second (events
	// arrive out of order): a version of lower rank never overwrites one of
	// higher rank. "" ranks them all alike.
	rank string
}

var resourceTables = map[Resource]*table{
	Calls: {name: "calls", cols: []column{
		{"started_at", kindTS}, {"answered_at", kindTS}, {"ended_at", kindTS}, {"duration", kindInt},
		{"direction", kindText}, {"status", kindText}, {"missed_call_reason", kindText},
		{"user_id", kindInt}, {"number_id", kindInt}, {"contact_id", kindInt}, {"archived", kindBool},
		{"cost", kindNum}, {"voicemail", kindText},
	}, indexes: []string{"started_at", "user_id", "number_id", "contact_id"},
		rank: "CASE %s.status WHEN 'initial' THEN 0 WHEN 'answered' THEN 1 ELSE 2 END"},
	Contacts: {name: "contacts", cols: []column{
		{"first_name", kindText}, {"last_name", kindText}, {"company_name", kindText},
		{"created_at", kindTS}, {"updated_at", kindTS},
	}, indexes: []string{"updated_at"}},
	Users: {name: "users", cols: []column{
		{"name", kindText}, {"email", kindText}, {"available", kindBool}, {"availability_status", kindText},
		{"created_at", kindTS},
	}},
	Teams:   {name: "teams", cols: []column{{"name", kindText}, {"created_at", kindTS}}},
	Numbers: {name: "numbers", cols: []column{{"name", kindText}, {"digits", kindText}, {"country", kindText}, {"created_at", kindTS}}},
	Tags:    {name: "tags", cols: []column{{"name", kindText}, {"color", kindText}, {"created_at", kindTS}}},
}

// commonCols follow the typed columns of every resource table.
var commonCols = []column{{"raw", kindJSON}, {"raw_hash", kindText}, {"observed_at", kindTS}, {"synced_at", kindTS}, {"deleted_at", kindTS}}

// allCols is id, the typed columns and the common ones.
func (t *table) allCols() []column {
	out := append([]column{{"id", kindInt}}, t.cols...)
	return append(out, commonCols...)
}

// aiTable is the table of an AI result kind: one row per call.
func aiTable(k AIKind) string { return "call_" + string(k) }

// migrations returns the statements of each schema version, in order:
// migrations(d)[v-1] moves a database from version v-1 to v.
func migrations(d *dialect) [][]string {
	var v1 []string
	for _, r := range AllResources {
		t := resourceTables[r]
		var defs []string
		for _, c := range t.allCols() {
			def := c.name + " " + d.types[c.kind]
			switch {
			case c.name == "id":
				def += " PRIMARY KEY"
			case c.name == "raw" || c.name == "raw_hash" || c.name == "observed_at" || c.name == "synced_at":
				def += " NOT NULL"
			}
			defs = append(defs, def)
		}
		v1 = append(v1, fmt.Sprintf("CREATE TABLE %s (\n\t%s\n)", t.name, strings.Join(defs, ",\n\t")))
		for _, ix := range t.indexes {
			v1 = append(v1, fmt.Sprintf("CREATE INDEX %s_%s_idx ON %s (%s)", t.name, ix, t.name, ix))
		}
	}
	for _, k := range AllAIKinds {
		v1 = append(v1, fmt.Sprintf("CREATE TABLE %s (\n\tcall_id %s PRIMARY KEY,\n\traw %s NOT NULL,\n\tsynced_at %s NOT NULL\n)",
			aiTable(k), d.types[kindInt], d.types[kindJSON], d.types[kindTS]))
	}
	v1 = append(v1,
		fmt.Sprintf(`CREATE TABLE ai_pending (
	call_id %s NOT NULL,
	kind %s NOT NULL,
	attempts %s NOT NULL,
	last_attempt_at %s NOT NULL,
	PRIMARY KEY (call_id, kind)
)`, d.types[kindInt], d.types[kindText], d.types[kindInt], d.types[kindTS]),
		fmt.Sprintf(`CREATE TABLE sync_state (
	resource %s PRIMARY KEY,
	cursor_at %s,
	walk_mode %s,
	walk_from %s,
	walk_started_at %s,
	walk_full %s,
	walk_page %s,
	updated_at %s NOT NULL
)`, d.types[kindText], d.types[kindTS], d.types[kindText], d.types[kindTS], d.types[kindTS], d.types[kindBool], d.types[kindInt], d.types[kindTS]))
	return [][]string{v1}
}

// Schema returns the DDL of the current schema in the dialect of dsn
// ("sqlite:PATH", a bare path, or "postgres://..."), as `aircall sync
// --print-schema` prints it. It opens nothing.
func Schema(dsn string) (string, error) {
	d, _, err := parseDSN(dsn)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "-- aircallsync schema version %d (%s)\n", SchemaVersion, d.name)
	fmt.Fprintf(&b, "CREATE TABLE schema_migrations (version %s PRIMARY KEY, applied_at %s NOT NULL);\n", d.types[kindInt], d.types[kindTS])
	for _, m := range migrations(d) {
		for _, s := range m {
			b.WriteString(s)
			b.WriteString(";\n")
		}
	}
	return b.String(), nil
}
