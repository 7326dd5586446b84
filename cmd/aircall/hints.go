package main

import (
	"errors"
	"net/http"
	"syscall"

	aircall "github.com/seed1279ea27/aircall-go"
)

// hint is the line that follows an error to say what to check, or "". It
// names the credentials' variables or flags, never their values.
func (a *app) hint(err error) string {
	var ae *aircall.APIError
	switch {
	case errors.As(err, &ae) && (ae.StatusCode == http.StatusUnauthorized || ae.StatusCode == http.StatusForbidden):
		h := "hint: the API refused the credentials"
		switch {
		case a.creds == "":
		case a.bearer:
			h = "hint: the API refused " + a.creds + ": check that the token is current (not revoked or expired) and was granted the public_api scope"
		default:
			h = "hint: the API refused " + a.creds + ": check that they are the id and token of one API key of this company (Aircall dashboard: Integrations & API, API keys), copied whole and not deleted"
		}
		if src := a.baseURLSource(); src != "" {
			h += "; the API's URL comes from " + src
		}
		return h + ". If other commands work with the same credentials, the account's plan lacks this feature."
	case errors.Is(err, syscall.ECONNREFUSED):
		if src := a.baseURLSource(); src != "" {
			return "hint: nothing listens at the API's URL from " + src + ": is the server (aircall fake?) running, on that port?"
		}
	}
	return ""
}

// baseURLSource names the flag or variable that sets the API's URL, or ""
// for the default.
func (a *app) baseURLSource() string {
	switch {
	case a.baseURL != "":
		return "--base-url"
	case a.env.getenv("AIRCALL_BASE_URL") != "":
		return "AIRCALL_BASE_URL"
	}
	return ""
}
