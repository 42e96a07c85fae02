package web

// formRoutes registers the request form's pages.
func (s *Server) formRoutes() {}
