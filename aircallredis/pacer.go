package aircallredis

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
	aircall "github.com/seed1279ea27/aircall-go"
)

// PacerStore is an aircall.PacerStore on Redis: every Pacer that uses a
// PacerStore of the same company on the same Redis (in any process, on any
// machine) shares one rate budget: the limit learned from
// X-AircallApi-Limit, the remaining budget and reset of the window, the gate
// a 429 closes, and the spacing between requests.
//
// The state is one hash, Prefix + ":{" + company + "}:pacer", written by
// one Lua script per PacerStore method, each an atomic step exactly as
// aircall.PacerStore documents it. The company is the key's hash tag, so
// the scripts run on Redis Cluster too. Times are the callers' clocks, in
// microseconds: processes on several machines need synchronised clocks
// (NTP), as they already do to read X-AircallApi-Reset. Requests on the
// wire whose count has not changed for a window are forgotten, so that a
// process that died with requests out does not shrink the budget. The hash expires after ten windows
// (at least an hour) without requests.
//
// When Redis fails, the Pacer paces in process, logs it once and tries
// Redis again a second later (aircall.NewPacerWithStore): each process then keeps to the whole budget
// on its own, so N processes may together send up to N times the budget,
// and the server's 429s and headers hold each of them back, until Redis
// answers again.
type PacerStore struct {
	c   redis.UniversalClient
	key string
}

var _ aircall.PacerStore = (*PacerStore)(nil)

// PacerStoreOptions configures a PacerStore. The zero value takes the
// defaults.
type PacerStoreOptions struct {
	// Prefix starts the key (DefaultPrefix).
	Prefix string
}

// NewPacerStore returns the PacerStore of company, a name the caller
// chooses for one Aircall company (the same in every process), such as
// CompanyKey(apiID). It is part of a Redis key: it must not be a
// credential, and must not contain braces.
func NewPacerStore(c redis.UniversalClient, company string, o PacerStoreOptions) (*PacerStore, error) {
	if c == nil {
		return nil, errors.New("aircallredis: NewPacerStore: nil client")
	}
	if company == "" || len(company) > 200 || strings.ContainsAny(company, "{}") {
		return nil, errors.New("aircallredis: NewPacerStore: company must be 1 to 200 bytes without braces")
	}
	return &PacerStore{c: c, key: or(o.Prefix, DefaultPrefix) + ":{" + company + "}:pacer"}, nil
}

// CompanyKey derives a company name for NewPacerStore from an api_id (or
// an OAuth app's company ID): a hash, so that the key never holds a
// credential or an identifier in clear.
func CompanyKey(apiID string) string {
	sum := sha256.Sum256([]byte("aircall-go company " + apiID))
	return "c" + hex.EncodeToString(sum[:12])
}

// pacerPrelude loads the state of KEYS[1] and defines the helpers of the
// steps. ARGV: now, policy limit, window, margin (µs), expiry (ms), then
// the step's own arguments.
const pacerPrelude = `
local k = KEYS[1]
local now, plimit, window, margin, ttl = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local h = redis.call('HMGET', k, 'limit', 'known', 'remaining', 'reset', 'gate', 'next', 'epoch', 'wire', 'queued', 'wire_at')
local s = {limit = tonumber(h[1]) or 0, known = h[2] == '1', remaining = tonumber(h[3]) or 0,
  reset = tonumber(h[4]) or 0, gate = tonumber(h[5]) or 0, next = tonumber(h[6]) or 0,
  epoch = tonumber(h[7]) or 0, wire = tonumber(h[8]) or 0, queued = tonumber(h[9]) or 0, wire_at = tonumber(h[10]) or 0}
if s.wire > 0 and now - s.wire_at > window then s.wire = 0 end -- a process died with requests out
local function interval()
  if plimit < 1 or window <= 0 then return 0 end
  local l = s.limit
  if l <= 0 then l = plimit end
  return math.floor(window / l)
end
local function gateAt()
  if s.known and s.remaining <= 0 then return math.max(s.gate, s.reset + margin) end
  return s.gate
end
local function current(win) return s.known and win ~= 0 and win == s.reset end
local function setReset(r) if r ~= s.reset then s.reset = r; s.queued = 0 end end
local function wireAdd(d) s.wire = math.max(s.wire + d, 0); s.wire_at = now end
local function save()
  redis.call('HSET', k, 'limit', s.limit, 'known', s.known and '1' or '0', 'remaining', s.remaining,
    'reset', s.reset, 'gate', s.gate, 'next', s.next, 'epoch', s.epoch, 'wire', s.wire, 'queued', s.queued, 'wire_at', s.wire_at)
  redis.call('PEXPIRE', k, ttl)
end
`

var takeScript = redis.NewScript(pacerPrelude + `
if s.known and now >= s.reset then s.known = false; s.queued = 0 end
local dep = math.max(now, gateAt(), s.next)
local iv = interval()
if iv > 0 then s.next = dep + iv end
local win = 0
local counted = s.known and s.remaining > 0 and dep < s.reset
if counted then
  s.remaining = s.remaining - 1
  win = s.reset
end
if dep == now then wireAdd(1) elseif counted then s.queued = s.queued + 1 end
save()
return {dep, s.epoch, win}
`)

// ARGV[6..8]: the slot's At, Epoch, Window.
var departScript = redis.NewScript(pacerPrelude + `
local epoch, win = tonumber(ARGV[7]), tonumber(ARGV[8])
local cur = current(win)
local ok = epoch == s.epoch and (now >= gateAt() or cur)
if cur then s.queued = math.max(s.queued - 1, 0) end
if ok then wireAdd(1) end
save()
if ok then return 1 end
return 0
`)

var releaseScript = redis.NewScript(pacerPrelude + `
local at, epoch, win = tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8])
if current(win) then
  s.queued = math.max(s.queued - 1, 0)
  if epoch == s.epoch then s.remaining = s.remaining + 1 end
end
local iv = interval()
if iv > 0 and s.next == at + iv then s.next = at end
save()
return 1
`)

// ARGV[6..10]: status, limit, remaining, reset (0: none), retry-after.
var observeScript = redis.NewScript(pacerPrelude + `
local status, alimit, arem, areset, ra = tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8]), tonumber(ARGV[9]), tonumber(ARGV[10])
wireAdd(-1)
local replan = 0
if status == 429 then
  local untilT
  if areset ~= 0 then untilT = areset + margin
  elseif ra > 0 then untilT = now + ra
  else untilT = now + math.max(interval(), margin) end
  untilT = math.max(untilT, now + margin)
  s.gate = math.max(s.gate, untilT)
  s.next = math.max(s.next, s.gate)
  if areset ~= 0 then
    setReset(areset)
    s.known = true
    s.remaining = 0
  end
  s.epoch = s.epoch + 1
  replan = 1
end
if alimit > 0 and alimit ~= s.limit then
  local old = interval()
  s.limit = alimit
  if plimit >= 1 then
    local iv = interval()
    s.next = s.next + iv - old
    if now + iv < s.next then s.next = now + iv end
    s.epoch = s.epoch + 1
    replan = 1
  end
end
if status ~= 429 and arem >= 0 and areset ~= 0 then
  local left = arem - s.wire - s.queued
  if (not s.known) or areset > s.reset + margin then
    setReset(areset)
    s.remaining, s.known = left, true
  elseif areset >= s.reset - margin then
    setReset(math.max(s.reset, areset))
    s.remaining = math.min(s.remaining, left)
  end
end
save()
return replan
`)

// micros is t in Unix microseconds, 0 for the zero time.
func micros(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMicro()
}

func fromMicros(us int64) time.Time {
	if us == 0 {
		return time.Time{}
	}
	return time.UnixMicro(us)
}

func (s *PacerStore) run(ctx context.Context, sc *redis.Script, now time.Time, p aircall.PacerPolicy, extra ...any) *redis.Cmd {
	ttl := max(10*p.Window, time.Hour)
	args := append([]any{micros(now), p.Limit, p.Window.Microseconds(), p.Margin.Microseconds(), ttl.Milliseconds()}, extra...)
	return sc.Run(ctx, s.c, []string{s.key}, args...)
}

// Take implements aircall.PacerStore.
func (s *PacerStore) Take(ctx context.Context, now time.Time, p aircall.PacerPolicy) (aircall.PacerSlot, error) {
	now = now.Truncate(time.Microsecond)
	v, err := s.run(ctx, takeScript, now, p).Int64Slice()
	if err != nil {
		return aircall.PacerSlot{}, fmt.Errorf("aircallredis: pacer take: %w", err)
	}
	if len(v) != 3 {
		return aircall.PacerSlot{}, fmt.Errorf("aircallredis: pacer take: unexpected answer %v", v)
	}
	at := fromMicros(v[0])
	return aircall.PacerSlot{At: at, Wait: at.Sub(now), Epoch: uint64(v[1]), Window: fromMicros(v[2])}, nil
}

func slotArgs(sl aircall.PacerSlot) []any {
	return []any{micros(sl.At), sl.Epoch, micros(sl.Window)}
}

// Depart implements aircall.PacerStore.
func (s *PacerStore) Depart(ctx context.Context, now time.Time, p aircall.PacerPolicy, sl aircall.PacerSlot) (bool, error) {
	n, err := s.run(ctx, departScript, now, p, slotArgs(sl)...).Int64()
	if err != nil {
		return false, fmt.Errorf("aircallredis: pacer depart: %w", err)
	}
	return n == 1, nil
}

// Release implements aircall.PacerStore.
func (s *PacerStore) Release(ctx context.Context, now time.Time, p aircall.PacerPolicy, sl aircall.PacerSlot) error {
	if err := s.run(ctx, releaseScript, now, p, slotArgs(sl)...).Err(); err != nil {
		return fmt.Errorf("aircallredis: pacer release: %w", err)
	}
	return nil
}

// Observe implements aircall.PacerStore.
func (s *PacerStore) Observe(ctx context.Context, now time.Time, p aircall.PacerPolicy, a aircall.PacerAnswer) (bool, error) {
	n, err := s.run(ctx, observeScript, now, p, a.Status, a.Limit, a.Remaining, micros(a.Reset), a.RetryAfter.Microseconds()).Int64()
	if err != nil {
		return false, fmt.Errorf("aircallredis: pacer observe: %w", err)
	}
	return n == 1, nil
}
