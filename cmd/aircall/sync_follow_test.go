package main

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/seed1279ea27/aircall-go/aircallredis"
	"github.com/seed1279ea27/aircall-go/aircallsync/pgtest"
)

// startRedis runs a redis-server for t on a free loopback port, without
// persistence, and returns its address.
func startRedis(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("redis-server"); err != nil {
		t.Fatalf("redis-server is needed (apt-get install -y redis-server): %v", err)
	}
	addr := freeAddr(t)
	_, port, _ := net.SplitHostPort(addr)
	cmd := exec.Command("redis-server", "--port", port, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", t.TempDir())
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	rc := redis.NewClient(&redis.Options{Addr: addr})
	defer rc.Close()
	for deadline := time.Now().Add(10 * time.Second); rc.Ping(context.Background()).Err() != nil; {
		if time.Now().After(deadline) {
			t.Fatal("redis-server did not start")
		}
		time.Sleep(20 * time.Millisecond)
	}
	return addr
}

// freeAddr is a free 127.0.0.1 address.
func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// post delivers body to addr as Aircall does, and wants a 200.
func post(t *testing.T, addr, body string) {
	t.Helper()
	// A client of its own: httptest servers closing in other tests close
	// http.DefaultTransport's idle connections.
	client := &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
	resp, err := client.Post("http://"+addr+"/", "application/json", bytes.NewReader([]byte(body)))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("delivery to %s: %s", addr, resp.Status)
	}
}

// TestSyncFollowReplicas runs two --follow replicas on one Postgres with
// one Redis: an event delivered to both is applied once, and an older
// event of the same call, delivered later, changes nothing.
func TestSyncFollowReplicas(t *testing.T) {
	t.Parallel()
	dsn := pgtest.DSN(t)
	redisAddr := startRedis(t)
	srv := fake(t)
	dir := t.TempDir()
	env := append(envFor(srv), "AIRCALL_WEBHOOK_TOKEN=tk-replicas")
	var procs []*process
	var addrs []string
	for range 2 {
		addr := freeAddr(t)
		p := start(t, dir, env, "sync", "--db", dsn, "--follow", "--listen", addr, "--redis", "redis://"+redisAddr, "--progress", "none")
		procs, addrs = append(procs, p), append(addrs, addr)
	}
	for _, p := range procs {
		waitFor(t, p.stderr, regexp.MustCompile(`following webhook events`))
	}
	const t0 = 1_760_000_000
	ended := fmt.Sprintf(`{"resource":"call","event":"call.ended","timestamp":%d,"token":"tk-replicas","data":{"id":777001,"direction":"inbound","status":"done","started_at":%d,"answered_at":null,"ended_at":%d,"duration":60}}`, t0+60, t0, t0+60)
	created := fmt.Sprintf(`{"resource":"call","event":"call.created","timestamp":%d,"token":"tk-replicas","data":{"id":777001,"direction":"inbound","status":"initial","started_at":%d,"answered_at":null,"ended_at":null,"duration":0}}`, t0, t0)
	post(t, addrs[0], ended)
	post(t, addrs[1], ended) // a redelivery, to the other replica
	post(t, addrs[1], created)
	applied := regexp.MustCompile(`call.ended 777001 applied`)
	skipped := regexp.MustCompile(`call.created 777001 older than the row, skipped`)
	waitFor(t, procs[0].stderr, applied)
	waitFor(t, procs[1].stderr, skipped)
	if strings.Contains(procs[1].stderr.String(), "call.ended 777001") {
		t.Errorf("the redelivery was applied by the second replica too:\n%s", procs[1].stderr.String())
	}
	rc := redis.NewClient(&redis.Options{Addr: redisAddr})
	defer rc.Close()
	keys, err := rc.Keys(context.Background(), "aircall:dedupe:*").Result()
	if err != nil || len(keys) != 2 {
		t.Errorf("dedupe keys in Redis: %q, %v; want the two events'", keys, err)
	}
}

// With --redis, the Client's pacer keeps its budget on Redis, under the
// company's key, so that --follow replicas of one company share it.
func TestSyncRedisSharesTheRateBudget(t *testing.T) {
	t.Parallel()
	redisAddr := startRedis(t)
	srv := fake(t)
	vars := map[string]string{"AIRCALL_API_ID": testAPIID, "AIRCALL_API_TOKEN": testAPIToken, "AIRCALL_BASE_URL": srv.URL()}
	// 6 a minute: a departure reserves the budget for 10 s, long enough
	// to find its key after the request.
	a := &app{rateLimit: 6, env: environ{getenv: func(k string) string { return vars[k] }, stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}}}
	rc, err := redisClient("redis://" + redisAddr)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	pacing, err := a.sharedPacing(rc)
	if err != nil {
		t.Fatal(err)
	}
	c, err := a.client(pacing...)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Ping(context.Background()); err != nil {
		t.Fatal(err)
	}
	keys, err := rc.Keys(context.Background(), "*").Result()
	want := "{" + aircallredis.CompanyKey(testAPIID) + "}"
	found := false
	for _, k := range keys {
		found = found || strings.Contains(k, want)
	}
	if err != nil || !found {
		t.Errorf("Redis keys %q (%v): none of the company %s: the budget is not on Redis", keys, err, want)
	}
}
