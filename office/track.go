package office

import (
	"crypto/hmac"
)

// TrackFormToken is the CSRF token of the applicant's page of their request:
// derived from the tracking token under the office secret, so only a page
// that was opened with the tracking token can post its cancel form back.
func (o *Office) TrackFormToken(trackingToken string) string {
	return o.shortMAC("track-form", trackingToken)
}

// VerifyTrackForm reports, in constant time, whether formToken is the CSRF
// token of the page opened with trackingToken.
func (o *Office) VerifyTrackForm(trackingToken, formToken string) bool {
	return formToken != "" && hmac.Equal([]byte(formToken), []byte(o.TrackFormToken(trackingToken)))
}
