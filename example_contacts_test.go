package aircall_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"

	"github.com/seed1279ea27/aircall-go"
)

// ExampleContactsService_Create creates a contact. The httptest server
// stands in for api.aircall.io and answers as the API does.
func ExampleContactsService_Create() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/v1/contacts" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		io.WriteString(w, `{"contact":{"id":719,"direct_link":"https://api.aircall.io/v1/contacts/719",
			"first_name":"Gary","last_name":"Jennings","company_name":null,"information":"external_custom_id:87123",
			"is_shared":true,"created_at":1585083040,"updated_at":1585083040,
			"emails":[{"id":9170,"label":"Office","value":"gary.jennings@acme.com"}],
			"phone_numbers":[{"id":9171,"label":"Work","value":"+19001112222"}]}}`)
	}))
	defer srv.Close()

	c, err := aircall.NewClient(
		aircall.WithBasicAuth("YOUR_API_ID", "YOUR_API_TOKEN"),
		aircall.WithBaseURL(srv.URL), // omit to talk to https://api.aircall.io
	)
	if err != nil {
		log.Fatal(err)
	}

	contact, _, err := c.Contacts.Create(context.Background(), &aircall.ContactCreateParams{
		FirstName:    "Gary",
		LastName:     "Jennings",
		Information:  "external_custom_id:87123",
		PhoneNumbers: []aircall.ContactDetailParams{{Label: "Work", Value: "+19001112222"}},
		Emails:       []aircall.ContactDetailParams{{Label: "Office", Value: "gary.jennings@acme.com"}},
	})
	if err != nil {
		// A 5xx or a dropped connection matches aircall.ErrOutcomeUnknown:
		// the contact may exist, so search before creating it again.
		log.Fatal(err)
	}
	fmt.Println(contact.ID, contact.FirstName, contact.LastName, contact.PhoneNumbers[0].Value)
	fmt.Println("created", contact.CreatedAt)
	// Output:
	// 719 Gary Jennings +19001112222
	// created 2020-03-24T20:50:40Z
}
