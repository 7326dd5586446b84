module github.com/seed1279ea27/aircall-go

go 1.26.0

require (
	github.com/go-json-experiment/json v1.27.2
	github.com/google/go-cmp v0.7.0
	github.com/google/go-querystring v1.2.0
	github.com/jarcoal/httpmock v1.4.2
	golang.org/x/oauth2 v0.38.0
	golang.org/x/time v0.16.0
)
