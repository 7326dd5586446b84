package aircall_test

import (
	"context"
	"fmt"
	"log"
	"os"

	aircall "github.com/seed1279ea27/aircall-go"
)

// A first program: a Client from the environment (AIRCALL_API_ID and
// AIRCALL_API_TOKEN, or AIRCALL_ACCESS_TOKEN), listing the company's users.
// Here the environment points at the fake Aircall, so the example runs
// offline.
func Example() {
	srv := demoServer()
	defer srv.Close()
	for k, v := range map[string]string{aircall.EnvAPIID: srv.APIID(), aircall.EnvAPIToken: srv.APIToken(), aircall.EnvBaseURL: srv.URL()} {
		os.Setenv(k, v)
		defer os.Unsetenv(k)
	}

	c, err := aircall.NewClient(aircall.WithEnv())
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	for u, err := range c.Users.All(ctx, nil) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(u.ID, u.Name, u.AvailabilityStatus)
	}
	// Optional update fields are pointers: "unset" and "zero" differ.
	u, _, err := c.Users.Update(ctx, 456, &aircall.UserUpdateParams{WrapUpTime: aircall.Ptr(0)})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(u.Name, u.WrapUpTime)
	// Output:
	// 456 John Doe available
	// 457 Amy Rudd custom
	// 458 Vera Martin unavailable
	// 459 Rafael Lopez available
	// John Doe 0
}
