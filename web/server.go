// Package web serves ccroom over HTTP: the JSON API of DESIGN.md ("/api/v1"),
// the operational endpoints (/healthz, /readyz, /metrics) and, later, the HTML
// pages and the feeds.
//
// Every route is listed in one function, routes. Each handler lives in a file
// named after its resource and action (request_create.go, ...), is a method of
// the small handler struct that holds its dependencies, and returns an error;
// one function, fail in errors.go, turns an error into a status code and the
// JSON error body. Middleware wraps the routes in one visible order: recover,
// logging, metrics, body limit, authentication.
package web

import (
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

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
}

// Server is the HTTP side of ccroom. It implements http.Handler and is safe
// for concurrent use.
type Server struct {
	h       *handler
	mux     *http.ServeMux
	metrics *httpMetrics
	scrape  http.Handler // promhttp over Options.Registry
	root    http.Handler
	// feedMetrics are the feed routes' collectors, for the fast path.
	feedMetrics map[string]*routeMetrics
	// fastFeeds counts the requests the feeds' fast path answered (tests).
	fastFeeds atomic.Int64
}

// handler holds what the handlers need. Its methods are the routes.
type handler struct {
	office  *office.Office
	store   store.Store
	log     *slog.Logger
	baseURL string
	feeds   *feedCache // the encoded iCal feeds
	// feedPublicCC and feedPrivateCC are the feeds' Cache-Control values.
	feedPublicCC, feedPrivateCC []string
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
			baseURL: strings.TrimRight(opt.BaseURL, "/"),
		},
		mux:     http.NewServeMux(),
		metrics: newHTTPMetrics(opt.Registry),
		scrape:  promhttp.HandlerFor(opt.Registry, promhttp.HandlerOpts{}),
	}
	s.h.feeds = newFeedCache(opt.Office, opt.Store, opt.Feeds, s.h.baseURL)
	s.h.feedPublicCC, s.h.feedPrivateCC = cacheControls(s.h.feeds.opt.MaxAge)
	s.routes()
	s.feedMetrics = map[string]*routeMetrics{}
	for _, route := range []string{routePublicFeed, routeRoomFeed, routeStaffFeed} {
		s.feedMetrics[route] = s.metrics.forRoute(route)
	}
	s.root = chain(s.mux,
		s.recoverPanics,
		s.logRequests,
		s.countRequests,
		s.limitBody,
		s.authenticate,
	)
	return s
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.root.ServeHTTP(w, r)
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
	s.handle("/api/", s.apiNotFound)
	s.handle("GET /feeds", h.showSubscribe)
	s.handle("GET /feeds/public.ics", h.showPublicFeed)
	s.handle("GET /feeds/public.png", h.showPublicQR)
	s.handle("GET /feeds/rooms/{file}", h.showRoomFeed)
	s.handle("GET /feeds/staff/{file}", h.showStaffFeed)
	s.handle("GET /healthz", h.health)
	s.handle("GET /readyz", h.ready)
	s.handle("GET /metrics", s.serveMetrics)
	s.handle("GET /act/{token}", h.showAction) // signed links in the chain's email
	s.handle("POST /act/{token}", h.doAction)
	s.handle("GET /requests/{id}", h.showTrack) // the applicant's page, linked from the receipt
	s.handle("POST /requests/{id}/cancel", h.cancelTrack)
}

// handlerFunc is a handler that returns its failure instead of writing it.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// handle registers fn for pattern. The wrapper records the matched pattern
// for the log and the metrics, and hands a returned error to fail.
func (s *Server) handle(pattern string, fn handlerFunc) {
	s.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		if info := infoFrom(r.Context()); info != nil {
			info.route = r.Pattern
		}
		if err := fn(w, r); err != nil {
			s.h.fail(w, r, err)
		}
	})
}

// apiNotFound answers an /api/ path no route matches: 405 with Allow when
// the path exists for another method, else 404, both with the JSON error body.
func (s *Server) apiNotFound(w http.ResponseWriter, r *http.Request) error {
	var allow []string
	for _, m := range []string{http.MethodGet, http.MethodPost} {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, p := s.mux.Handler(probe); p != "" && p != "/api/" {
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
