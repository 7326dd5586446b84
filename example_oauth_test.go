package aircall_test

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"

	"github.com/seed1279ea27/aircall-go"
	"golang.org/x/oauth2"
)

// The install flow of a marketplace app, against a stand-in for Aircall's
// API. A real app leaves TokenURL empty and serves steps 1 and 3 from its
// install_uri and redirect_uri handlers.
func ExampleOAuthConfig() {
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method + " " + r.URL.Path {
		case "POST /v1/oauth/token":
			fmt.Fprint(w, `{"access_token":"2d492d492d492d492d492d492d492d","token_type":"Bearer","created_at":1585868617}`)
		case "GET /v1/ping":
			if r.Header.Get("Authorization") != "Bearer 2d492d492d492d492d492d492d492d" {
				w.WriteHeader(http.StatusUnauthorized)
				return
			}
			fmt.Fprint(w, `{"ping":"pong"}`)
		default:
			http.NotFound(w, r)
		}
	}))
	defer api.Close()
	ctx := context.Background()

	cfg := &aircall.OAuthConfig{
		ClientID:     "my-client-id",
		ClientSecret: "my-client-secret",
		RedirectURL:  "https://app.example.com/aircall/callback",
		TokenURL:     api.URL + "/v1/oauth/token", // empty in production
	}

	// 1. install_uri: remember a fresh state in the admin's session and
	// redirect to the Dashboard.
	state := aircall.NewOAuthState()
	authURL, err := cfg.AuthCodeURL(state)
	if err != nil {
		log.Fatal(err)
	}
	u, _ := url.Parse(authURL)
	fmt.Println(u.Host+u.Path, u.Query().Get("scope"), u.Query().Get("response_type"))

	// 2. The admin authorizes; Aircall loads the redirect_uri.
	callback, _ := url.Parse(cfg.RedirectURL + "?code=tmp-code&state=" + url.QueryEscape(state))

	// 3. redirect_uri: check the state, then exchange the code, once.
	if callback.Query().Get("state") != state {
		log.Fatal("forged callback")
	}
	tok, err := cfg.Exchange(ctx, callback.Query().Get("code"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(tok.TokenType, "token, expires:", !tok.Expiry.IsZero())

	// 4. Store the token and call the API on the company's behalf.
	c, err := aircall.NewClient(
		aircall.WithTokenSource(oauth2.StaticTokenSource(tok)),
		aircall.WithBaseURL(api.URL), // omitted in production
	)
	if err != nil {
		log.Fatal(err)
	}
	if _, err := c.Ping(ctx); err != nil {
		log.Fatal(err)
	}
	fmt.Println("ping ok")
	// Output:
	// dashboard.aircall.io/oauth/authorize public_api code
	// Bearer token, expires: false
	// ping ok
}
