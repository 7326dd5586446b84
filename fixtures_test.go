package aircall

import "time"

// Expected values shared by several families' tests, written by hand from
// the fixtures (the spec's examples).

// isoMillis is a Timestamp as the API sends webhook and user dates.
func isoMillis(y int, mo time.Month, d, h, mi, s int) Timestamp {
	return Timestamp{Time: time.Date(y, mo, d, h, mi, s, 0, time.UTC), Form: FormISOMillis}
}

// fxTime is the Timestamp of s (RFC 3339) as sent in form.
func fxTime(s string, form TimeForm) Timestamp {
	tm, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return Timestamp{Time: tm, Form: form}
}

// fxMessages are the messages of the spec's numbers.
func fxMessages() *Messages {
	return &Messages{
		Welcome:        "https://example.com/welcome.mp3",
		Waiting:        "https://example.com/waiting_music.mp3",
		IVR:            "https://example.com/ivr_message.mp3",
		Voicemail:      "https://example.com/voicemail.mp3",
		Closed:         "https://example.com/closed_message.mp3",
		CallbackLater:  "https://example.com/callback_later.mp3",
		UnansweredCall: "https://example.com/unanswered_call.mp3",
		AfterHours:     "https://example.com/closed_message.mp3",
		RingingTone:    "https://example.com/waiting_music.mp3",
	}
}

// fxNumber1234 is the spec's French Office number.
func fxNumber1234() *Number {
	return &Number{
		ID: 1234, DirectLink: "https://api.aircall.io/v1/numbers/1234", Name: "French Office",
		Digits: "+33 1 76 11 11 11", CreatedAt: fxTime("2020-01-02T11:41:01.000Z", FormISOMillis),
		Country: "FR", TimeZone: "Europe/Paris", Open: true, AvailabilityStatus: NumberCustom,
		IsIVR: true, LiveRecordingActivated: true, Priority: nil, Messages: fxMessages(),
	}
}

// fxJohnDoe is the spec's user 456, as calls, users and integrations send him.
func fxJohnDoe() *User {
	return &User{
		ID: 456, DirectLink: "https://api.aircall.io/v1/users/456", Name: "John Doe",
		Email: "john.doe@aircall.io", Available: true, AvailabilityStatus: UserAvailable,
		CreatedAt: fxTime("2019-12-29T10:03:18.000Z", FormISOMillis),
		TimeZone:  "America/New_York", Language: "en-US",
	}
}

// edit returns v once f has changed it: an expected value told as its
// difference from another.
func edit[T any](v *T, f func(*T)) *T {
	f(v)
	return v
}
