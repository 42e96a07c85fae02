package web

import (
	"net/http"
	"strconv"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/office"
	"github.com/pelalawan/ccroom/store"
)

// requireStaff returns the bearer user when they hold a role today: 401
// without a bearer token, 403 for a user with no active role.
func (h *handler) requireStaff(r *http.Request) (booking.User, error) {
	u, ok := userFrom(r)
	if !ok {
		return booking.User{}, office.ErrUnauthenticated
	}
	if !h.office.IsStaff(u) {
		return booking.User{}, &apiError{Status: http.StatusForbidden, Code: "forbidden",
			Message: "this needs a staff role held today"}
	}
	return u, nil
}

// requestID reads the {id} of the path. An id that is not a positive number
// names no request: 404, like an unknown one.
func requestID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id < 1 {
		return 0, store.ErrNotFound
	}
	return id, nil
}

// trackingToken is the applicant's token, from ?token= or X-Tracking-Token.
func trackingToken(r *http.Request) string {
	if t := r.URL.Query().Get("token"); t != "" {
		return t
	}
	return r.Header.Get("X-Tracking-Token")
}

// applicantOf returns request id's applicant as an actor when token is its
// tracking token; a wrong token answers like an unknown id.
func (h *handler) applicantOf(r *http.Request, id int64, token string) (booking.Actor, booking.Request, error) {
	req, err := h.store.Request(r.Context(), id)
	if err != nil {
		return booking.Actor{}, booking.Request{}, err
	}
	if !h.office.VerifyTracking(req.UID, token) {
		return booking.Actor{}, booking.Request{}, store.ErrNotFound
	}
	actor := booking.Actor{Name: req.ContactName, Roles: []booking.Role{booking.RoleApplicant}}
	return actor, req, nil
}
