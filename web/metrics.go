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

// routeMetrics are a route's collectors resolved once, for a path that
// answers only 200 or 304 (the feeds' fast path) and should not look its
// labels up on every request.
type routeMetrics struct {
	ok, notModified prometheus.Counter
	latency         prometheus.Observer
}

// forRoute resolves the collectors of route.
func (m *httpMetrics) forRoute(route string) *routeMetrics {
	return &routeMetrics{
		ok:          m.requests.WithLabelValues(route, "200"),
		notModified: m.requests.WithLabelValues(route, "304"),
		latency:     m.latency.WithLabelValues(route),
	}
}

// observe records one answered request; status is 200 or 304.
func (r *routeMetrics) observe(status int, took time.Duration) {
	if status == http.StatusNotModified {
		r.notModified.Inc()
	} else {
		r.ok.Inc()
	}
	r.latency.Observe(took.Seconds())
}
