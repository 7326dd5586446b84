package aircall_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"

	"github.com/seed1279ea27/aircall-go"
)

// fakeAPI is a tiny stand-in for api.aircall.io so the examples run offline.
func fakeAPI() *httptest.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/ping", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"ping":"pong"}`)
	})
	mux.HandleFunc("GET /v2/users", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("page") == "2" {
			fmt.Fprint(w, `{"meta":{"count":1,"total":3,"current_page":2,"per_page":2,"next_page_link":null},
				"users":[{"id":458,"name":"Vera Martin","email":"vera.martin@aircall.io","created_at":"2020-01-02T09:01:58.000Z"}]}`)
			return
		}
		fmt.Fprint(w, `{"meta":{"count":2,"total":3,"current_page":1,"per_page":2,"next_page_link":"https://api.aircall.io/v2/users?page=2&per_page=2"},
			"users":[{"id":456,"name":"John Doe","email":"john.doe@aircall.io","created_at":"2019-12-29T10:03:18.000Z"},
			{"id":457,"name":"Amy Rudd","email":"amy.rudd@aircall.io","created_at":"2019-12-30T18:10:21.000Z"}]}`)
	})
	mux.HandleFunc("GET /v2/users/{id}", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, `{"error":"Not found","troubleshoot":"Id does not exist"}`)
	})
	return httptest.NewServer(mux)
}

func ExampleNewClient() {
	srv := fakeAPI() // in production, leave out WithBaseURL
	defer srv.Close()

	c, err := aircall.NewClient(
		aircall.WithBasicAuth("YOUR_API_ID", "YOUR_API_TOKEN"),
		aircall.WithBaseURL(srv.URL),
	)
	if err != nil {
		log.Fatal(err)
	}
	if _, err := c.Ping(context.Background()); err != nil {
		log.Fatal(err)
	}
	fmt.Println("credentials work")
	// Output: credentials work
}

func ExampleUsersService_All() {
	srv := fakeAPI()
	defer srv.Close()
	c, _ := aircall.NewClient(aircall.WithBasicAuth("id", "token"), aircall.WithBaseURL(srv.URL))

	// All fetches the pages as the loop needs them; break stops it.
	for u, err := range c.Users.All(context.Background(), nil) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(u.ID, u.Name, u.CreatedAt.Format("2006-01-02"))
	}
	// Output:
	// 456 John Doe 2019-12-29
	// 457 Amy Rudd 2019-12-30
	// 458 Vera Martin 2020-01-02
}

func ExampleAPIError() {
	srv := fakeAPI()
	defer srv.Close()
	c, _ := aircall.NewClient(aircall.WithBasicAuth("id", "token"), aircall.WithBaseURL(srv.URL))

	_, _, err := c.Users.Get(context.Background(), 999)
	switch {
	case errors.Is(err, aircall.ErrNotFound):
		fmt.Println("no such user")
	case errors.Is(err, aircall.ErrRateLimited):
		fmt.Println("budget spent, retry later")
	}
	var apiErr *aircall.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode, apiErr.Troubleshoot)
	}

	// Params the API would refuse are refused before any request.
	_, err = c.Users.Dial(context.Background(), 456, "01 23 45 67 89")
	var pe *aircall.ParamError
	fmt.Println(errors.Is(err, aircall.ErrValidation), errors.As(err, &pe) && pe.Field == "to")
	// Output:
	// no such user
	// 404 Id does not exist
	// true true
}
