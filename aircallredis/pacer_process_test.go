package aircallredis

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	aircall "github.com/seed1279ea27/aircall-go"
	"github.com/seed1279ea27/aircall-go/aircalltest"
)

func init() { children["pacer"] = pacerChild }

// pacerResult is what a pacer child prints.
type pacerResult struct {
	OK, Failed   int64
	FallbackLogs int
}

// pacerChild pings the API with GOROUTINES goroutines, paced by a Redis
// PacerStore: it prints "ready", reads "<start> <until>" (Unix ms) from
// stdin, pings from start to until, and prints its result.
func pacerChild() error {
	env := os.Getenv
	limit, _ := strconv.Atoi(env("LIMIT"))
	window, _ := time.ParseDuration(env("WINDOW"))
	goroutines, _ := strconv.Atoi(env("GOROUTINES"))
	rc := redisClientFor(env("REDIS_ADDR"))
	defer rc.Close()
	store, err := NewPacerStore(rc, CompanyKey(env("API_ID")), PacerStoreOptions{})
	if err != nil {
		return err
	}
	logs := &aircalltest.LogBuffer{}
	c, err := aircall.NewClient(
		aircall.WithBasicAuth(env("API_ID"), env("API_TOKEN")),
		aircall.WithBaseURL(env("API_URL")),
		aircall.WithPacer(aircall.NewPacerWithStore(limit, window, store)),
		aircall.WithLogger(slog.New(slog.NewTextHandler(logs, nil))),
		aircall.WithRetryPolicy(aircall.RetryPolicy{MaxRetries: 8, MinWait: 5 * time.Millisecond, MaxWait: 100 * time.Millisecond}),
	)
	if err != nil {
		return err
	}
	fmt.Println("ready")
	var startMs, untilMs int64
	if _, err := fmt.Scanln(&startMs, &untilMs); err != nil {
		return err
	}
	time.Sleep(time.Until(time.UnixMilli(startMs)))
	ctx, cancel := context.WithDeadline(context.Background(), time.UnixMilli(untilMs))
	defer cancel()
	var res pacerResult
	var ok, failed atomic.Int64
	var wg sync.WaitGroup
	for range goroutines {
		wg.Go(func() {
			for ctx.Err() == nil {
				_, err := c.Ping(ctx)
				switch {
				case err == nil:
					ok.Add(1)
				case ctx.Err() == nil:
					failed.Add(1)
					fmt.Fprintln(os.Stderr, "ping:", err)
				}
			}
		})
	}
	wg.Wait()
	res.OK, res.Failed = ok.Load(), failed.Load()
	res.FallbackLogs = strings.Count(logs.String(), "pacer store failed")
	b, _ := json.Marshal(res)
	fmt.Println("result " + string(b))
	return nil
}

// windowLog counts the answers of a rate-limited server per fixed window,
// read from the X-AircallApi-Reset header of each answer.
type windowLog struct {
	mu      sync.Mutex
	ok      map[int64]int // window end (Unix ms) -> 2xx
	limited map[int64]int
}

func (l *windowLog) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		next.ServeHTTP(rec, r)
		reset, _ := strconv.ParseInt(rec.Header().Get("X-AircallApi-Reset"), 10, 64)
		l.mu.Lock()
		switch {
		case rec.Code == http.StatusTooManyRequests:
			l.limited[reset]++
		case rec.Code < 300:
			l.ok[reset]++
		}
		l.mu.Unlock()
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		_, _ = w.Write(rec.Body.Bytes())
	})
}

// TestPacerStoreFourProcessesShareOneBudget runs 4 processes of 4
// goroutines each against one rate-limited aircalltest server, all paced by
// the Redis PacerStore of one company; then stops Redis and lets them run
// on. It is not parallel: the other tests' processes would take the CPU
// that its 4 processes need to keep to their departure times.
func TestPacerStoreFourProcessesShareOneBudget(t *testing.T) {
	const limit, window = 20, 400 * time.Millisecond // 50 requests a second, 20ms apart
	srv := startRedis(t, false)
	api, err := aircalltest.New(aircalltest.WithRateLimit(limit, window), aircalltest.WithResetMillis())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(api.Close)
	log := &windowLog{ok: map[int64]int{}, limited: map[int64]int{}}
	front := httptest.NewServer(log.wrap(api))
	t.Cleanup(front.Close)

	var procs []*child
	for range 4 {
		procs = append(procs, startChild(t, "pacer",
			"REDIS_ADDR="+srv.Addr(), "API_URL="+front.URL, "API_ID="+api.APIID(), "API_TOKEN="+api.APIToken(),
			"LIMIT="+strconv.Itoa(limit), "WINDOW="+window.String(), "GOROUTINES=4"))
	}
	for _, p := range procs {
		p.line("ready", 60*time.Second)
	}
	start := time.Now().Add(window).Truncate(window)
	stopRedis := start.Add(22 * window)
	until := stopRedis.Add(4 * window)
	for _, p := range procs {
		p.send(fmt.Sprintf("%d %d", start.UnixMilli(), until.UnixMilli()))
	}
	time.Sleep(time.Until(stopRedis))
	srv.Stop()
	var results []pacerResult
	for _, p := range procs {
		var r pacerResult
		if err := json.Unmarshal([]byte(p.line("result ", 30*time.Second)), &r); err != nil {
			t.Fatal(err)
		}
		results = append(results, r)
	}

	log.mu.Lock()
	defer log.mu.Unlock()
	// Shared phase: no 429 after the first window; the rate is measured
	// from the third window (the first two warm up connections and scripts)
	// up to the stop.
	var sent, allowed, late429 int
	var perWindow []int
	for end := start.Add(2 * window); !end.After(stopRedis); end = end.Add(window) {
		ms := end.UnixMilli()
		late429 += log.limited[ms]
		if end.Equal(start.Add(2 * window)) {
			continue
		}
		perWindow = append(perWindow, log.ok[ms])
		sent += log.ok[ms]
		allowed += limit
	}
	ratio := float64(sent) / float64(allowed)
	first := start.Add(window).UnixMilli()
	t.Logf("shared budget: %d of %d allowed requests in %d windows (ratio %.3f; per window %v), %d 429s after the first window; first window: %d ok, %d 429",
		sent, allowed, len(perWindow), ratio, perWindow, late429, log.ok[first], log.limited[first])
	if late429 != 0 {
		t.Errorf("%d answers 429 after the first window, want none", late429)
	}
	if ratio < 0.95 || sent > allowed {
		t.Errorf("4 processes together sent %d requests where %d were allowed: ratio %.3f, want within [0.95, 1]", sent, allowed, ratio)
	}
	// Redis down: each process paces on its own, logs it once, and its
	// requests still succeed (429s are retried).
	var after, after429 int
	for end := stopRedis.Add(2 * window); !end.After(until); end = end.Add(window) {
		after += log.ok[end.UnixMilli()]
		after429 += log.limited[end.UnixMilli()]
	}
	t.Logf("Redis down: %d ok and %d 429s in the last 3 windows (budget %d)", after, after429, 3*limit)
	for i, r := range results {
		if r.FallbackLogs != 1 {
			t.Errorf("process %d logged the store failure %d times, want once", i, r.FallbackLogs)
		}
		if r.Failed != 0 {
			t.Errorf("process %d: %d requests failed", i, r.Failed)
		}
	}
	if after == 0 {
		t.Error("no request succeeded while Redis was down")
	}
}
