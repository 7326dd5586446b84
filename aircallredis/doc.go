// Package aircallredis lets several processes that use aircall-go share, on
// Redis, what the core package keeps in memory: the webhook Deduper
// (NewDeduper) and a durable webhook queue on a Redis stream (NewQueue),
// which never loses an acknowledged event and handles it once, except when
// a worker is killed between its handler and the event's done-record.
//
// It is its own module, so that programs that do not use Redis never
// depend on a Redis client. It works with any redis.UniversalClient of
// github.com/redis/go-redis/v9, including Redis Cluster: the keys that one
// script touches share a hash tag.
package aircallredis
