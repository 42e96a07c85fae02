package web

// calendarRoutes registers the calendar pages.
func (s *Server) calendarRoutes() {}
