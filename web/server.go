// Package web serves ccroom over HTTP: the JSON API of DESIGN.md ("/api/v1"),
// the HTML pages (from templates, worded from the locale catalogue), the iCal
// feeds and the operational endpoints (/healthz, /readyz, /metrics).
//
// Every route is listed in one function, routes. Each handler lives in a file
// named after its resource and action (request_create.go, ...), is a method of
// the small handler struct that holds its dependencies, and returns an error;
// one function, fail in errors.go, turns an error into a status code and the
// JSON error body. Each route carries the middleware in one visible order
// (wrap): recovery, security headers, logging, metrics, cross-origin refusal,
// body limit, authentication; a feed answered as asked takes a lean path
// (handleFeed).
package web

import (
	"log/slog"
	"net/http"
	"net/netip"
	"path"
	"strings"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/pelalawan/ccroom/config"
	"github.com/pelalawan/ccroom/office"
	"github.com/pelalawan/ccroom/store"
)

// Options configure a Server.
type Options struct {
	// Office runs the procedure; every handler goes through it.
	Office *office.Office
	// Store answers /readyz and the logbook.
	Store store.Store
	// Registry is served at /metrics; the Server registers its HTTP metrics
	// in it. A private registry is made when nil.
	Registry *prometheus.Registry
	// Logger receives one line per request and every internal error.
	Logger *slog.Logger
	// BaseURL, when set (https://ccroom.example.org), makes the Location
	// header of a created request absolute.
	BaseURL string
	// Feeds configure the iCal feeds.
	Feeds FeedOptions
	// OfficeName is the office that lends the rooms, as the pages name it.
	OfficeName string
	// Documents is the office as its printed documents show it (config
	// office: letterhead, head); the default office named OfficeName when
	// it has no name.
	Documents config.Office
	// Sessions bound the staff's web sessions.
	Sessions SessionOptions
	// TrustedProxies are the reverse proxies whose X-Forwarded-For names
	// the client (clientAddress).
	TrustedProxies []netip.Prefix
}

// Server is the HTTP side of ccroom. It implements http.Handler and is safe
// for concurrent use.
type Server struct {
	h       *handler
	mux     *http.ServeMux
	metrics *httpMetrics
	scrape  http.Handler // promhttp over Options.Registry
	// origin refuses cross-origin POSTs (and other unsafe methods) to pages.
	origin *http.CrossOriginProtection
	// unrouted answers, behind the middleware, a path the mux redirects to
	// its clean form; connect refuses a CONNECT (ServeHTTP).
	unrouted, connect http.Handler
}

// handler holds what the handlers need. Its methods are the routes.
type handler struct {
	office  *office.Office
	store   store.Store
	log     *slog.Logger
	baseURL string
	// officeName is the office that lends the rooms (config office.name).
	officeName string
	feeds      *feedCache // the encoded iCal feeds
	sessions   *scs.SessionManager
	proxies    []netip.Prefix // trusted reverse proxies
	// feedPublicCC and feedPrivateCC are the feeds' Cache-Control values.
	feedPublicCC, feedPrivateCC []string
	// documents is the office as the printed documents show it (document.go).
	documents config.Office
}

// New builds the Server: its routes, its middleware and its metrics.
func New(opt Options) *Server {
	if opt.Logger == nil {
		opt.Logger = slog.Default()
	}
	if opt.Store == nil && opt.Office != nil {
		opt.Store = opt.Office.Store()
	}
	if opt.Registry == nil {
		opt.Registry = prometheus.NewRegistry()
	}
	s := &Server{
		h: &handler{
			office: opt.Office, store: opt.Store, log: opt.Logger,
			baseURL: strings.TrimRight(opt.BaseURL, "/"), officeName: opt.OfficeName, documents: opt.Documents,
			proxies: opt.TrustedProxies,
		},
		mux:     http.NewServeMux(),
		metrics: newHTTPMetrics(opt.Registry),
		scrape:  promhttp.HandlerFor(opt.Registry, promhttp.HandlerOpts{}),
		origin:  http.NewCrossOriginProtection(),
	}
	s.origin.SetDenyHandler(http.HandlerFunc(s.refuseCrossOrigin))
	s.h.sessions = newSessions(opt.Store, opt.Sessions, strings.HasPrefix(s.h.baseURL, "https://"), s.h.failPage)
	s.h.feeds = newFeedCache(opt.Office, opt.Store, opt.Feeds, s.h.baseURL)
	s.h.feedPublicCC, s.h.feedPrivateCC = cacheControls(s.h.feeds.opt.MaxAge)
	s.routes()
	redirect := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h, _ := s.mux.Handler(r) // for an unclean path, the mux's redirect
		h.ServeHTTP(w, r)
	})
	s.unrouted = chain(redirect, s.recoverPanics, secureHeaders, s.logRequests(routeLabel("")),
		s.countRequests(s.metrics.forRoute(routeLabel(""))))
	s.connect = s.wrap("", func(http.ResponseWriter, *http.Request) error {
		return &apiError{Status: http.StatusMethodNotAllowed, Code: "method_not_allowed",
			Message: "method CONNECT is not allowed here"}
	})
	return s
}

// ServeHTTP implements http.Handler. The mux comes first: each route carries
// its own middleware (wrap), so a feed skips what it does not need. A request
// the mux answers itself, without a route (a path it redirects to its clean
// form, a CONNECT), goes through the middleware around the mux instead, so
// it too is logged, counted and carries the security headers.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.Method == http.MethodConnect:
		s.connect.ServeHTTP(w, r)
	case unclean(r.URL.Path):
		s.unrouted.ServeHTTP(w, r)
	default:
		s.mux.ServeHTTP(w, r)
	}
}

// unclean reports whether the mux would redirect p to another form (a
// double slash, a "." or ".." segment).
func unclean(p string) bool {
	c := path.Clean(p)
	if strings.HasSuffix(p, "/") && c != "/" {
		c += "/"
	}
	return c != p
}

// routes lists every route of the server.
func (s *Server) routes() {
	h := s.h
	s.handle("POST /api/v1/requests", h.createRequest)
	s.handle("GET /api/v1/requests/{id}", h.showRequest)
	s.handle("GET /api/v1/requests", h.listRequests)
	s.handle("POST /api/v1/requests/{id}/transitions", h.createTransition)
	s.handle("GET /api/v1/availability", h.showAvailability)
	s.handle("GET /api/v1/rooms", h.listRooms)
	s.handle("GET /api/v1/logbook", h.showLogbook)
	s.handle("GET /api/v1/feeds", h.listFeeds)
	s.handle("POST /api/v1/requests/{id}/occurrences", h.changeOccurrence)
	s.handle("GET /api/v1/conflicts", h.listConflicts)
	s.handle("POST /api/v1/conflicts/{id}/decision", h.decideConflict)
	s.handle("POST /api/v1/conflicts/{id}/carry-out", h.carryOutConflict)
	s.handle("GET /api/v1/holidays", h.listHolidays)
	s.handle("GET /feeds", h.showSubscribe)
	s.handleFeed("GET /feeds/public.ics", h.publicFeed)
	s.handle("GET /feeds/public.png", h.showPublicQR)
	s.handleFeed("GET /feeds/rooms/{file}", h.roomFeed)
	s.handleFeed("GET /feeds/staff/{file}", h.staffFeed)
	s.handle("GET /healthz", h.health)
	s.handle("GET /readyz", h.ready)
	s.handle("GET /metrics", s.serveMetrics)
	s.handle("GET /act/{token}", h.showAction) // signed links in the chain's email
	s.handle("POST /act/{token}", h.doAction)
	s.handle("GET /requests/{id}", h.showTrack) // the applicant's page, linked from the receipt
	s.handle("POST /requests/{id}/cancel", h.cancelTrack)
	s.handle("GET /{$}", h.showHome)
	s.signinRoutes()                             // signin.go
	s.calendarRoutes()                           // calendar.go
	s.formRoutes()                               // form.go
	s.staffRoutes()                              // staff.go
	s.accountRoutes()                            // account.go
	s.letterRoutes()                             // letter.go
	s.documentRoutes()                           // document.go
	s.reportRoutes()                             // report.go
	s.adminRoutes()                              // admin.go, admin_status.go
	s.handle("GET /static/{file}", h.showStatic) // hashed names, cached for a year
	s.handle("/", s.pageNotFound)                // every other path and method
}

// handlerFunc is a handler that returns its failure instead of writing it.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// handle registers fn for pattern behind the full middleware (wrap).
func (s *Server) handle(pattern string, fn handlerFunc) {
	s.mux.Handle(pattern, s.wrap(pattern, fn))
}

// page registers fn for pattern as a page of the web app: behind the full
// middleware, with the session loaded (a signed-in member of staff is
// known), and failures answered as HTML pages (failPage).
func (s *Server) page(pattern string, fn handlerFunc) {
	final := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := fn(w, r); err != nil {
			s.h.failPage(w, r, err)
		}
	})
	s.mux.Handle(pattern, s.wrapHandler(pattern, s.withSession(final)))
}

// wrap puts fn behind the middleware every route but a feed's goes through,
// in this order: recovery, security headers, logging, metrics, cross-origin
// refusal, body limit, authentication. The route's pattern is known here, so
// nothing downstream looks it up.
func (s *Server) wrap(pattern string, fn handlerFunc) http.Handler {
	return s.wrapHandler(pattern, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := fn(w, r); err != nil {
			s.h.fail(w, r, err)
		}
	}))
}

// wrapHandler is wrap for a handler that writes its own failures.
func (s *Server) wrapHandler(pattern string, final http.Handler) http.Handler {
	route := routeLabel(pattern)
	return chain(final,
		s.recoverPanics,
		secureHeaders,
		s.logRequests(route),
		s.countRequests(s.metrics.forRoute(route)),
		s.checkOrigin,
		s.limitBody(bodyLimit(pattern)),
		s.authenticate,
	)
}

// notFound answers a path and method no route has: 405 with Allow when the
// path exists for another method, else 404. An API path gets the JSON error
// body; a page gets the same through fail.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) error {
	var allow []string
	for _, m := range []string{http.MethodGet, http.MethodPost} {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, p := s.mux.Handler(probe); p != "" && p != "/" {
			allow = append(allow, m)
		}
	}
	if len(allow) == 0 {
		return &apiError{Status: http.StatusNotFound, Code: "not_found", Message: "no such endpoint"}
	}
	w.Header().Set("Allow", strings.Join(allow, ", "))
	return &apiError{Status: http.StatusMethodNotAllowed, Code: "method_not_allowed",
		Message: "method " + r.Method + " is not allowed here"}
}

// chain wraps h in middleware; the first listed is the outermost.
func chain(h http.Handler, mw ...func(http.Handler) http.Handler) http.Handler {
	for i := len(mw) - 1; i >= 0; i-- {
		h = mw[i](h)
	}
	return h
}

// loc is the office time zone, in which every time of a response is written.
func (h *handler) loc() *time.Location { return h.office.Location() }
