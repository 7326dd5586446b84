package webhook

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	aircall "github.com/seed1279ea27/aircall-go"

	"github.com/seed1279ea27/aircall-go/webhook/webhooktest"
)

func TestTokenVerification(t *testing.T) {
	t.Parallel()
	body := fixture(t, "call_ended.json")
	for _, tc := range []struct {
		name  string
		token string // JSON value; "" removes the key
		want  error
	}{
		{"right", `"45XXYYZZa08"`, nil},
		{"right with a JSON escape", `"45XX\u0059YZZa08"`, nil},
		{"wrong", `"wrong-token-123"`, ErrInvalidToken},
		{"prefix", `"45XXYYZZa0"`, ErrInvalidToken},
		{"longer", `"45XXYYZZa08x"`, ErrInvalidToken},
		{"other case", `"45xxyyzza08"`, ErrInvalidToken},
		{"empty", `""`, ErrInvalidToken},
		{"missing", ``, ErrInvalidToken},
		{"null", `null`, ErrInvalidToken},
		{"number", `4508`, ErrInvalidToken},
		{"bool", `true`, ErrInvalidToken},
		{"array", `["45XXYYZZa08"]`, ErrInvalidToken},
		{"object", `{"token":"45XXYYZZa08"}`, ErrInvalidToken},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ev, err := Parse(withToken(t, body, tc.token), Tokens("other-account-token", testToken))
			if !errors.Is(err, tc.want) || (tc.want == nil) != (ev != nil) {
				t.Fatalf("Parse = %v, %v; want error %v", ev, err, tc.want)
			}
			if err != nil && strings.Contains(err.Error(), "wrong-token") {
				t.Errorf("error %q shows the token", err)
			}
		})
	}
}

// namedVerifier is a Verifier case of a table.
type namedVerifier struct {
	name string
	v    Verifier
}

// emptyVerifiers are the Verifiers that hold no usable token.
func emptyVerifiers() []namedVerifier {
	return []namedVerifier{
		{"no tokens", Tokens()},
		{"only empty tokens", Tokens("", "")},
		{"empty account map", TokenAccounts(map[string]string{})},
		{"account map with an empty token", TokenAccounts(map[string]string{"": "acme"})},
		{"nil lookup", Lookup[string](nil)},
	}
}

func TestFailsClosed(t *testing.T) {
	t.Parallel()
	body := fixture(t, "call_ended.json")
	for _, tc := range append([]namedVerifier{{"nil verifier", nil}}, emptyVerifiers()...) {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if ev, err := Parse(body, tc.v); !errors.Is(err, ErrNotConfigured) || ev != nil {
				t.Errorf("Parse = %v, %v; want ErrNotConfigured", ev, err)
			}
			// An empty token never matches an empty configuration either.
			if _, err := Parse(withToken(t, body, `""`), tc.v); err == nil {
				t.Error("empty token accepted")
			}
		})
	}
}

func TestInsecureSkipVerify(t *testing.T) {
	t.Parallel()
	for _, tok := range []string{``, `""`, `"anything"`, `42`} {
		ev, err := Parse(withToken(t, fixture(t, "user_created.json"), tok), InsecureSkipVerify())
		if err != nil || ev.User() == nil || ev.Account != nil {
			t.Errorf("token %s: Parse = %v, %v", tok, ev, err)
		}
	}
}

type tenant struct {
	ID   int
	Name string
}

func TestTokenAccounts(t *testing.T) {
	t.Parallel()
	acme, globex := &tenant{1, "Acme"}, &tenant{2, "Globex"}
	v := TokenAccounts(map[string]*tenant{"tok-acme": acme, "tok-globex": globex})
	body := fixture(t, "call_ended.json")
	for tok, want := range map[string]*tenant{`"tok-acme"`: acme, `"tok-globex"`: globex} {
		ev, err := Parse(withToken(t, body, tok), v)
		if err != nil {
			t.Fatal(err)
		}
		if ev.Account != want {
			t.Errorf("token %s: account %v, want %v", tok, ev.Account, want)
		}
	}
	if _, err := Parse(withToken(t, body, `"tok-initech"`), v); !errors.Is(err, ErrInvalidToken) {
		t.Errorf("unknown token: %v", err)
	}
}

func TestLookup(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	errDown := errors.New("database is down")
	v := Lookup(func(_ context.Context, token string) (string, bool, error) {
		calls.Add(1)
		switch token {
		case "tok-acme":
			return "acme", true, nil
		case "tok-down":
			return "", false, errDown
		}
		return "", false, nil
	})
	body := fixture(t, "contact_created.json")
	ev, err := Parse(withToken(t, body, `"tok-acme"`), v)
	if err != nil || ev.Account != "acme" {
		t.Fatalf("Parse = %v, %v", ev, err)
	}
	if _, err := Parse(withToken(t, body, `"tok-nobody"`), v); !errors.Is(err, ErrInvalidToken) {
		t.Errorf("unknown token: %v", err)
	}
	if _, err := Parse(withToken(t, body, `"tok-down"`), v); !errors.Is(err, errDown) || errors.Is(err, ErrInvalidToken) {
		t.Errorf("lookup failure: %v", err)
	}
	before := calls.Load()
	for _, tok := range []string{``, `""`, `7`} {
		if _, err := Parse(withToken(t, body, tok), v); !errors.Is(err, ErrInvalidToken) {
			t.Errorf("token %s: %v", tok, err)
		}
	}
	if calls.Load() != before {
		t.Error("the lookup was called with a missing, empty or non-string token")
	}
}

// TestHandlerPassesAccount checks that a multi-tenant Handler gives each
// event handler the account of the token, on the event and in the context.
func TestHandlerPassesAccount(t *testing.T) {
	t.Parallel()
	acme, globex := &tenant{1, "Acme"}, &tenant{2, "Globex"}
	h, err := NewHandler(TokenAccounts(map[string]*tenant{"tok-acme": acme, "tok-globex": globex}), WithLogger(quietLogger()))
	if err != nil {
		t.Fatal(err)
	}
	type got struct {
		Event, Ctx *tenant
		Call       int64
	}
	seen := make(chan got, 2)
	h.OnCall(aircall.EventCallEnded, func(ctx context.Context, ev *CallEvent) error {
		fromCtx, ok := AccountAs[*tenant](ctx)
		if !ok {
			t.Error("no account in the context")
		}
		if a, ok := AccountFromContext(ctx); !ok || a != fromCtx {
			t.Error("AccountFromContext disagrees with AccountAs")
		}
		seen <- got{ev.Account.(*tenant), fromCtx, int64(ev.Call.ID)}
		return nil
	})
	for _, tc := range []struct {
		token string
		want  *tenant
	}{{"tok-globex", globex}, {"tok-acme", acme}} {
		w := webhooktest.Send(t, h, aircall.EventCallEnded, tc.token, map[string]any{"id": 812})
		if w.Code != http.StatusOK {
			t.Fatalf("status %d", w.Code)
		}
		if d := diff(got{tc.want, tc.want, 812}, <-seen); d != "" {
			t.Errorf("(-want +got):\n%s", d)
		}
	}
}

func TestNewHandlerRefusesAVerifierWithoutTokens(t *testing.T) {
	t.Parallel()
	for _, tc := range emptyVerifiers() {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h, err := NewHandler(tc.v)
			if !errors.Is(err, ErrNotConfigured) || h != nil {
				t.Errorf("NewHandler = %v, %v; want ErrNotConfigured", h, err)
			}
		})
	}
	for _, v := range []Verifier{Tokens("", "tok"), TokenAccounts(map[string]int{"tok": 1}), InsecureSkipVerify()} {
		h, err := NewHandler(v)
		if err != nil {
			t.Errorf("NewHandler(%T) = %v", v, err)
			continue
		}
		h.Shutdown(context.Background())
	}
}
