package web

import "net/http"

// staffRoutes registers the staff's pages.
func (s *Server) staffRoutes() {
	s.page("GET /staff", s.h.showInbox)
}

// showInbox is GET /staff. (Placeholder until the inbox lands: the
// signed-in user's page with the navigation.)
func (h *handler) showInbox(w http.ResponseWriter, r *http.Request) error {
	u, err := h.sessionUser(r)
	if err != nil {
		return err
	}
	head := h.staffHead(r, u, "nav.inbox", "inbox")
	return renderPage(w, http.StatusOK, "notfound", &head)
}
