package aircall_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	aircall "github.com/seed1279ea27/aircall-go"
	"github.com/seed1279ea27/aircall-go/aircalltest"
)

// demoClient starts the fake Aircall with its demo company and returns a
// Client for it; against the real API, use NewClient with your credentials.
func demoClient() (*aircall.Client, *aircalltest.Server) {
	srv := demoServer()
	c, err := srv.Client()
	if err != nil {
		log.Fatal(err)
	}
	return c, srv
}

// demoServer starts the fake Aircall with its demo company and a budget of
// 1,000 requests a minute.
func demoServer() *aircalltest.Server {
	srv, err := aircalltest.New(aircalltest.WithDemoData(), aircalltest.WithRateLimit(1000, time.Minute))
	if err != nil {
		log.Fatal(err)
	}
	return srv
}

// ExampleTeamsService creates a team, adds a user to it and removes the
// team.
func ExampleTeamsService() {
	c, srv := demoClient()
	defer srv.Close()
	ctx := context.Background()

	team, _, err := c.Teams.Create(ctx, &aircall.TeamCreateParams{Name: "Night Shift"})
	if err != nil {
		log.Fatal(err)
	}
	team, _, err = c.Teams.AddUser(ctx, team.ID, aircalltest.DemoUserVera)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(team.Name, len(team.Users), team.Users[0].Name)

	// Team names are unique: the second create is refused.
	_, _, err = c.Teams.Create(ctx, &aircall.TeamCreateParams{Name: "Night Shift"})
	fmt.Println(errors.Is(err, aircall.ErrValidation))

	if _, err := c.Teams.Delete(ctx, team.ID); err != nil {
		log.Fatal(err)
	}
	for t, err := range c.Teams.All(ctx, nil) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(t.ID, t.Name, len(t.Users))
	}
	// Output:
	// Night Shift 1 Vera Martin
	// true
	// 678 Global Sales 2
	// 679 Support USA 1
}

// ExampleNumbersService_Update sets a number's routing priority, then clears
// it with an explicit JSON null: Nullable tells "leave unchanged" (the zero
// value, not sent), "null" (Null) and a value (NonNull) apart.
func ExampleNumbersService_Update() {
	c, srv := demoClient()
	defer srv.Close()
	ctx := context.Background()

	n, _, err := c.Numbers.Update(ctx, aircalltest.DemoNumberUS, &aircall.NumberUpdateParams{
		Priority: aircall.NonNull(aircall.PriorityTop),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(n.Name, "priority", *n.Priority)

	n, _, err = c.Numbers.Update(ctx, aircalltest.DemoNumberUS, &aircall.NumberUpdateParams{
		Priority: aircall.Null[int](), // sends "priority": null
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(n.Name, "priority cleared:", n.Priority == nil)

	// Only the fields set are sent: the name changes, the priority stays.
	n, _, err = c.Numbers.Update(ctx, aircalltest.DemoNumberUS, &aircall.NumberUpdateParams{Name: aircall.Ptr("US Sales")})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(n.Name, n.Priority == nil)
	// Output:
	// US Office priority 1
	// US Office priority cleared: true
	// US Sales true
}

// ExampleTagsService creates, renames and deletes a tag.
func ExampleTagsService() {
	c, srv := demoClient()
	defer srv.Close()
	ctx := context.Background()

	tag, _, err := c.Tags.Create(ctx, &aircall.TagCreateParams{Name: "VIP", Color: "#ff0000"})
	if err != nil {
		log.Fatal(err)
	}
	tag, _, err = c.Tags.Update(ctx, tag.ID, &aircall.TagUpdateParams{Name: aircall.Ptr("VIP customer")})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(tag.Name, tag.Color)
	if _, err := c.Tags.Delete(ctx, tag.ID); err != nil {
		log.Fatal(err)
	}
	for t, err := range c.Tags.All(ctx, nil) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(t.ID, t.Name)
	}
	// Output:
	// VIP customer #ff0000
	// 678 General Inquiries
	// 679 Feedback
	// 680 Spam Call
}

// ExampleDialerCampaignsService gives a user a Power Dialer campaign of two
// numbers, in E.164 format.
func ExampleDialerCampaignsService() {
	c, srv := demoClient()
	defer srv.Close()
	ctx := context.Background()

	user := aircalltest.DemoUserJohn
	if _, err := c.DialerCampaigns.Create(ctx, user, &aircall.DialerPhoneNumbersParams{
		PhoneNumbers: []string{"+33612345678", "+14155550100"},
	}); err != nil {
		log.Fatal(err)
	}
	numbers, _, err := c.DialerCampaigns.ListPhoneNumbers(ctx, user)
	if err != nil {
		log.Fatal(err)
	}
	for _, n := range numbers {
		fmt.Println(n.Number, n.Called)
	}
	if _, err := c.DialerCampaigns.DeletePhoneNumber(ctx, user, numbers[0].ID); err != nil {
		log.Fatal(err)
	}
	if _, err := c.DialerCampaigns.Delete(ctx, user); err != nil {
		log.Fatal(err)
	}
	_, _, err = c.DialerCampaigns.Get(ctx, user)
	fmt.Println(errors.Is(err, aircall.ErrNotFound))
	// Output:
	// +33612345678 false
	// +14155550100 false
	// true
}

// ExampleA2PCampaignAssociationsService links US numbers to a registered
// 10DLC campaign, then replaces the list of numbers.
func ExampleA2PCampaignAssociationsService() {
	c, srv := demoClient()
	defer srv.Close()
	ctx := context.Background()
	// The fake company gets a second US number (in Aircall, buy one).
	if _, err := srv.AddNumber(aircalltest.NewNumber{Name: "US Sales", Digits: "+1 415-555-0199", Country: "US"}); err != nil {
		log.Fatal(err)
	}

	a, _, err := c.A2PCampaignAssociations.Create(ctx, &aircall.A2PCampaignAssociationCreateParams{
		ExternalCampaignID: "CX7B2LQ",
		Numbers:            []aircall.A2PNumber{"14155550134"},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(a.ExternalID, a.UpdateStatus, a.Numbers)
	a, _, err = c.A2PCampaignAssociations.Update(ctx, a.ID, &aircall.A2PCampaignAssociationUpdateParams{
		Numbers: []aircall.A2PNumber{"14155550134", "14155550199"},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(a.Numbers)
	// Output:
	// CX7B2LQ pending [14155550134]
	// [14155550134 14155550199]
}

// ExampleIntegrationsService reads the integration of an OAuth app. With
// Basic auth the SDK answers ErrOAuthOnly without sending a request.
func ExampleIntegrationsService() {
	srv := demoServer()
	defer srv.Close()
	ctx := context.Background()

	basic, err := srv.Client()
	if err != nil {
		log.Fatal(err)
	}
	_, _, err = basic.Integrations.Me(ctx) // Basic auth
	fmt.Println(errors.Is(err, aircall.ErrOAuthOnly))

	c, err := srv.BearerClient(srv.NewBearerToken()) // the app's access token
	if err != nil {
		log.Fatal(err)
	}
	in, _, err := c.Integrations.Me(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(in.Name, in.Active)
	if _, err := c.Integrations.Disable(ctx); err != nil {
		log.Fatal(err)
	}
	in, _, err = c.Integrations.Me(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(in.Status)
	// Output:
	// true
	// My app true
	// disabled
}

// ExampleCompanyService reads the company the credentials belong to.
func ExampleCompanyService() {
	c, srv := demoClient()
	defer srv.Close()

	co, resp, err := c.Company.Get(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(co.Name, co.UsersCount, "users,", co.NumbersCount, "numbers")
	fmt.Println(resp.StatusCode, resp.Rate.Limit)
	// Output:
	// Acme Inc. 4 users, 2 numbers
	// 200 1000
}
