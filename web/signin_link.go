package web

// linkRoutes registers the emailed sign-in link's routes.
func (s *Server) linkRoutes() {}
