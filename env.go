package aircall

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"
)

// The environment variables WithEnv reads.
const (
	EnvAPIID       = "AIRCALL_API_ID"       // api_id of an API key, with EnvAPIToken
	EnvAPIToken    = "AIRCALL_API_TOKEN"    // api_token of an API key, with EnvAPIID
	EnvAccessToken = "AIRCALL_ACCESS_TOKEN" // an OAuth access token, instead of an API key
	EnvBaseURL     = "AIRCALL_BASE_URL"     // optional API root, DefaultBaseURL if unset
)

// WithEnv configures the Client from the environment: Basic auth from
// AIRCALL_API_ID and AIRCALL_API_TOKEN, or a Bearer token from
// AIRCALL_ACCESS_TOKEN, and the API root from AIRCALL_BASE_URL when it is
// set. A variable set to spaces only counts as unset.
//
// NewClient fails with an error naming the variables when none of the
// credentials is set, when only one of AIRCALL_API_ID and AIRCALL_API_TOKEN
// is, and when both an API key and an access token are (it will not guess
// which one was meant). The errors name variables, never their values.
// Like WithBasicAuth, WithEnv is an auth option: do not pass another one.
func WithEnv() Option {
	return func(c *config) error {
		get := func(name string) string { return strings.TrimSpace(os.Getenv(name)) }
		id, token, access, base := get(EnvAPIID), get(EnvAPIToken), get(EnvAccessToken), get(EnvBaseURL)
		var auth Option
		switch {
		case access != "" && (id != "" || token != ""):
			return errors.New("aircall: WithEnv: both " + EnvAccessToken + " and " + EnvAPIID + "/" + EnvAPIToken + " are set; unset one of them")
		case access != "":
			auth = WithBearerToken(access)
		case id != "" && token != "":
			auth = WithBasicAuth(id, token)
		case id != "":
			return errors.New("aircall: WithEnv: " + EnvAPIID + " is set but " + EnvAPIToken + " is not")
		case token != "":
			return errors.New("aircall: WithEnv: " + EnvAPIToken + " is set but " + EnvAPIID + " is not")
		default:
			return errors.New("aircall: WithEnv: no credentials in the environment: set " + EnvAPIID + " and " + EnvAPIToken + ", or " + EnvAccessToken)
		}
		if base != "" {
			// A value that does not parse is not echoed: it may hold a credential.
			if u, err := url.Parse(base); err != nil || u.User != nil {
				return errors.New("aircall: WithEnv: " + EnvBaseURL + " must be an absolute URL without credentials")
			}
			if err := WithBaseURL(base)(c); err != nil {
				return fmt.Errorf("aircall: WithEnv: %s: %w", EnvBaseURL, err)
			}
		}
		return auth(c)
	}
}
