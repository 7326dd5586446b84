// Package aircallsync mirrors an Aircall account into SQLite or Postgres,
// for reporting: the engine of `aircall sync`, usable from any Go service.
// It lives in a module of its own so that the database drivers
// (modernc.org/sqlite, pure Go, and jackc/pgx) never reach the users of the
// core SDK.
//
//	st, err := aircallsync.OpenStore(ctx, "sqlite:aircall.db") // or postgres://...
//	s, err := aircallsync.New(client, st, aircallsync.Options{})
//	sum, err := s.Run(ctx) // run it nightly: each run is incremental
//
// # Schema
//
// One table per resource (calls, contacts, users, teams, numbers, tags), id
// the primary key, typed columns for what reports filter and join on, raw
// with the object exactly as the API sent it (JSONB in Postgres, JSON text
// in SQLite; from a webhook, the event's data), raw_hash (to count what
// changed), observed_at (when that state was true: the API's answer or the
// event's timestamp; an older version never overwrites a newer one),
// synced_at, and deleted_at for rows that disappeared. sync_state holds each
// resource's cursor and the walk in progress; call_summary, call_topics,
// call_sentiments, call_action_items and call_transcription hold AI results
// by call_id, and ai_pending the calls tried without a result yet.
// Timestamps are timestamptz in Postgres and ISO-8601 UTC text
// ("2006-01-02T15:04:05.000Z") in SQLite. Schema prints the DDL; OpenStore
// migrates older schemas forward (schema_migrations).
//
// # Incremental and resumable
//
// Calls are read by started_at through the SDK's cursor walk (Calls.Pages),
// past the 10,000-item cap, from Options.From the first time and from the
// cursor minus Options.Lookback later: calls change after they end.
// Contacts are read by updated_at, newest first, down to the cursor minus
// the lookback; the first sync, Full, and a change too large for one walk
// under the cap read them all by created_at. Users, teams, numbers and tags
// are read whole: rows no longer listed get deleted_at. Each page is
// written with the cursor that covers it in one transaction, so a sync
// killed at any moment and run again writes every item once and asks for
// no page it had committed (it reads again from the second of the last
// item committed).
//
// # Speed and durability
//
// The next pages are fetched and turned into rows while a page is
// written, so the database costs little wall time beside the API. SQLite
// runs in WAL mode with synchronous=NORMAL and prepared page statements: a
// killed process (kill -9) never loses a committed page, since the WAL is in the OS's hands at commit; only an OS
// crash or power loss can lose the last pages committed, and then their
// cursor with them, so the next sync reads them again. Postgres writes a
// page in one round trip: a pgx batch of the query of the stored versions,
// the upsert and the state, which the server runs as one implicit
// transaction, with synchronous_commit off for that transaction alone. A
// page then commits without waiting for the disk (a WAL flush of about
// 2 ms each on a common disk, a second per 25,000 calls), and the same
// holds as for SQLite: a killed sync loses nothing committed; a crash of
// the Postgres server (or of its machine) can lose the last pages
// committed, at most about 0.6 s of them (three wal_writer_delay), and
// always with their cursor, never a page without it, so the next sync
// reads them again. Webhook events and the end of a walk still commit
// synchronously.
//
// On a 2-core machine that also runs the fake Aircall, an unpaced sync of
// 25,000 calls (BenchmarkSync25k) is bound by CPU, not by waiting: the
// Postgres server's own work per row (parsing raw into JSONB, the heap and
// its five indexes) and SQLite's engine each take more CPU time than the
// whole export to JSONL of the same calls: 38,000-41,000 rows a second into
// SQLite (1.6-2.0 times the export's time) and 23,000-24,000 into Postgres
// (3.6-4.0 times). Below that ceiling the database keeps up: at 400
// requests a second (200 times Aircall's budget, 19,000 calls a second) and
// at 100, the sync takes the export's time within 3 percent, on both.
//
// # Live
//
// Follow serves the webhook Handler and applies events as they arrive, with
// a catch-up sync every few minutes.
//
// # AI results
//
// Options.AI fetches a result kind per ended call that has none: one request
// per call and kind, from the same rate budget (at 120 requests a minute,
// 5 kinds for 1,000 calls take about 42 minutes). A call without a result
// yet is tried again on later syncs, for a week after it ended, at most 5
// times. An account without the add-on gets one message, through
// Options.Notify.
package aircallsync
