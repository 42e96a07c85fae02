package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// httpMetrics counts the requests the server answers, by route pattern and
// status, and how long they took.
type httpMetrics struct {
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
}

// newHTTPMetrics creates the collectors and registers them with reg.
func newHTTPMetrics(reg prometheus.Registerer) *httpMetrics {
	m := &httpMetrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ccroom_http_requests_total",
			Help: "HTTP requests answered, by route pattern and status code.",
		}, []string{"route", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "ccroom_http_request_duration_seconds",
			Help:    "Time to answer an HTTP request, by route pattern.",
			Buckets: prometheus.DefBuckets,
		}, []string{"route"}),
	}
	reg.MustRegister(m.requests, m.latency)
	return m
}

// observe records one answered request.
func (m *httpMetrics) observe(route string, status int, took time.Duration) {
	m.requests.WithLabelValues(route, strconv.Itoa(status)).Inc()
	m.latency.WithLabelValues(route).Observe(took.Seconds())
}

// serveMetrics is GET /metrics: the registry in the Prometheus text format.
func (s *Server) serveMetrics(w http.ResponseWriter, r *http.Request) error {
	s.scrape.ServeHTTP(w, r)
	return nil
}

// routeMetrics are a route's collectors resolved once, so a request does not
// look its labels up: the common statuses are resolved too.
type routeMetrics struct {
	requests *prometheus.CounterVec
	route    string
	ok       prometheus.Counter
	notMod   prometheus.Counter
	latency  prometheus.Observer
}

// forRoute resolves the collectors of route.
func (m *httpMetrics) forRoute(route string) *routeMetrics {
	return &routeMetrics{
		requests: m.requests, route: route,
		ok:      m.requests.WithLabelValues(route, "200"),
		notMod:  m.requests.WithLabelValues(route, "304"),
		latency: m.latency.WithLabelValues(route),
	}
}

// observe records one answered request.
func (r *routeMetrics) observe(status int, took time.Duration) {
	switch status {
	case http.StatusOK:
		r.ok.Inc()
	case http.StatusNotModified:
		r.notMod.Inc()
	default:
		r.requests.WithLabelValues(r.route, strconv.Itoa(status)).Inc()
	}
	r.latency.Observe(took.Seconds())
}
