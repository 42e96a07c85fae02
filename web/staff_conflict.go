package web

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/locale"
	"github.com/pelalawan/ccroom/store"
)

// The standing conflicts on the staff's pages: the inbox's "Konflik"
// section, and on a request's page its conflicts with the form its reader
// may fill, the Kabid's decision or the secretary's carry-out, posted to
// /staff/requests/{id}/conflicts/{cid}/decision and .../carry-out.

// conflictRoutes registers the staff's conflict forms.
func (s *Server) conflictRoutes() {
	h := s.h
	s.page("POST /staff/requests/{id}/conflicts/{cid}/decision", h.decideStaffConflict)
	s.page("POST /staff/requests/{id}/conflicts/{cid}/carry-out", h.carryOutStaffConflict)
}

// Outcomes of the conflict forms, as ?done= announces them.
const (
	doneDecided = "conflict_decided"
	doneCarried = "conflict_carried"
)

// conflictsWaitingFor keeps the open conflicts that wait for actor: the Kabid's
// decision, the secretary's carry-out; the head and the administrator see
// them all.
func conflictsWaitingFor(actor booking.Actor, open []store.Conflict) []store.Conflict {
	all := actor.Holds(booking.RoleHead) || actor.Holds(booking.RoleAdmin)
	var out []store.Conflict
	for _, c := range open {
		if all || c.AwaitsKabid() && actor.Holds(booking.RoleKabid) || c.AwaitsSecretary() && actor.Holds(booking.RoleSecretary) {
			out = append(out, c)
		}
	}
	return out
}

// conflictSection is the inbox's "Konflik" list for actor at now, the
// oldest first; ok false when none waits for them.
func (h *handler) conflictSection(ctx context.Context, p *locale.Printer, actor booking.Actor, now time.Time) (inboxSection, bool, error) {
	sec := inboxSection{ID: "conflicts", Title: p.Get("conflictweb.section"), Empty: p.Get("conflictweb.empty")}
	open, err := h.office.Conflicts(ctx, store.ConflictOpen)
	if err != nil {
		return sec, false, err
	}
	mine := conflictsWaitingFor(actor, open)
	if len(mine) == 0 {
		return sec, false, nil
	}
	loc, std := h.loc(), h.office.ConflictStandard()
	shown := mine[max(len(mine)-inboxLimit, 0):] // newest first: the oldest inboxLimit, oldest first
	for i := len(shown) - 1; i >= 0; i-- {
		c := shown[i]
		req, err := h.store.Request(ctx, c.RequestID)
		if err != nil {
			return sec, false, err
		}
		row := inboxRow{Link: staffRequestPath(c.RequestID) + "#" + conflictAnchor(c.ID), Number: booking.Number(c.RequestID),
			Title: req.Title, Organization: conflictCause(p, c), When: booking.FormatSpan(c.Start, c.End, loc, p.Lang()),
			Status: conflictState(p, c)}
		if c.AwaitsKabid() {
			row.Age, row.Late = conflictAge(p, c, now, std)
		}
		sec.Rows = append(sec.Rows, row)
	}
	if n := len(mine) - len(shown); n > 0 {
		sec.More = p.Get("staff.more", n)
	}
	return sec, true, nil
}

// staffConflicts are request id's standing conflicts as its page shows
// them to actor, with the forms actor may fill.
func (h *handler) staffConflicts(ctx context.Context, p *locale.Printer, id int64, actor booking.Actor, token string) ([]standingView, error) {
	cs, err := h.office.RequestConflicts(ctx, id)
	if err != nil {
		return nil, err
	}
	loc, now, std := h.loc(), h.office.Now(), h.office.ConflictStandard()
	out := make([]standingView, len(cs))
	for i, c := range cs {
		v := newStandingView(p, c, loc, now, std)
		base := conflictPath(id, c.ID)
		switch {
		case c.AwaitsKabid() && actor.Holds(booking.RoleKabid):
			v.Decide, v.Alternatives = newDecideForm(p, c, loc, base+"/decision", "form_token", token), nil
		case c.AwaitsSecretary() && actor.Holds(booking.RoleSecretary):
			v.CarryOut = newCarryForm(p, c, base+"/carry-out", "form_token", token)
		}
		out[i] = v
	}
	return out, nil
}

// conflictPath is where the forms of conflict cid of request id post.
func conflictPath(id, cid int64) string {
	return staffRequestPath(id) + "/conflicts/" + strconv.FormatInt(cid, 10)
}

// decideStaffConflict is POST /staff/requests/{id}/conflicts/{cid}/decision:
// the Kabid's decision, 303 back to the request's page; a refusal shows
// the page again with the form as posted and the refusal at its field.
func (h *handler) decideStaffConflict(w http.ResponseWriter, r *http.Request) error {
	return h.staffConflictStep(w, r, doneDecided, func(u booking.User, cid int64) error {
		_, d, err := decisionOf(r.PostForm.Get, h.loc())
		if err != nil {
			return err
		}
		_, err = h.office.DecideConflict(r.Context(), cid, d, h.office.ActorFor(u))
		return err
	})
}

// carryOutStaffConflict is POST /staff/requests/{id}/conflicts/{cid}/carry-out:
// the secretary carries out the Kabid's move or cancel.
func (h *handler) carryOutStaffConflict(w http.ResponseWriter, r *http.Request) error {
	return h.staffConflictStep(w, r, doneCarried, func(u booking.User, cid int64) error {
		_, err := h.office.CarryOutConflict(r.Context(), cid, h.office.ActorFor(u))
		return err
	})
}

// staffConflictStep checks the session, the form token and that conflict
// cid is request id's, then takes the step.
func (h *handler) staffConflictStep(w http.ResponseWriter, r *http.Request, done string, step func(booking.User, int64) error) error {
	u, err := h.sessionUser(r)
	if err != nil {
		return err
	}
	if err := h.checkForm(r); err != nil {
		return err
	}
	id, err := requestID(r)
	if err != nil {
		return err
	}
	cid, err := strconv.ParseInt(r.PathValue("cid"), 10, 64)
	if err != nil || cid < 1 {
		return store.ErrNotFound
	}
	c, err := h.office.Conflict(r.Context(), cid)
	if err != nil {
		return err
	}
	if c.RequestID != id {
		return store.ErrNotFound
	}
	if err := step(u, cid); err != nil {
		return h.staffConflictRefused(w, r, u, id, cid, err)
	}
	h.log.InfoContext(r.Context(), "conflict step taken on the staff page", "request", id, "conflict", cid,
		"step", done, "user", u.ID)
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, staffRequestPath(id)+"?done="+done+"#"+conflictAnchor(cid), http.StatusSeeOther)
	return nil
}

// staffConflictRefused shows the request's page again with the refusal;
// what is no refusal goes on to failPage.
func (h *handler) staffConflictRefused(w http.ResponseWriter, r *http.Request, u booking.User, id, cid int64, err error) error {
	p := locale.For(h.pageLang(r))
	e, ok := conflictRefusal(p, err, r.PostForm.Get("note"))
	if !ok {
		return err
	}
	page, perr := h.staffRequestPage(r, u, id)
	if perr != nil {
		return perr
	}
	page.Message, page.Error = e.message, true
	for i := range page.Conflicts {
		if f := page.Conflicts[i].Decide; page.Conflicts[i].ID == cid && f != nil {
			f.refill(r.PostForm.Get, e.field, e.message)
		}
	}
	return renderPage(w, e.status, "staff_request", page)
}
