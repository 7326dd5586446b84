package aircalltest_test

import (
	"context"
	"errors"
	"fmt"

	aircall "github.com/seed1279ea27/aircall-go"
	"github.com/seed1279ea27/aircall-go/aircalltest"
)

// A test of what the SDK does when Aircall fails: a GET is retried after a
// 503, and a POST whose connection dropped is not sent again, since it may
// have created the contact.
func ExampleWithFault() {
	srv, c := demo( // its Client retries fast: 5ms to 100ms
		aircalltest.WithFault(aircalltest.Fault{Method: "GET", Path: "/v1/tags/:id", Status: 503, Times: 1}),
		aircalltest.WithFault(aircalltest.Fault{Method: "POST", Path: "/v1/contacts", Drop: true, Times: 1}),
	)
	defer srv.Close()
	ctx := context.Background()

	tag, _, err := c.Tags.Get(ctx, aircalltest.DemoTagFeedback)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(tag.Name, srv.Stats().Routes["GET /v1/tags/:id"].Requests)

	_, _, err = c.Contacts.Create(ctx, &aircall.ContactCreateParams{
		FirstName:    "Lena",
		PhoneNumbers: []aircall.ContactDetailParams{{Label: "Work", Value: "+49301234567"}},
	})
	fmt.Println(errors.Is(err, aircall.ErrOutcomeUnknown), srv.Stats().Routes["POST /v1/contacts"].Requests)
	// Output:
	// Feedback 2
	// true 1
}
