package google

import "github.com/prometheus/client_golang/prometheus"

// Metrics of the sync. A nil *Metrics counts nothing.
type Metrics struct {
	Calls      *prometheus.CounterVec // method, result (HTTP status, timeout, error)
	Retries    *prometheus.CounterVec // reason (rateLimitExceeded, 429, 5xx, timeout...)
	Drift      prometheus.Counter     // ccroom events changed in Google and put back
	QueueDepth prometheus.Gauge       // pending push jobs
	SyncLag    prometheus.Gauge       // age of the oldest pending push, seconds
	LastImport prometheus.Gauge       // Unix time of the last successful import
}

// NewMetrics creates the metrics and registers them with reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		Calls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ccroom_google_api_calls_total",
			Help: "Google Calendar API calls, by method and result.",
		}, []string{"method", "result"}),
		Retries: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ccroom_google_retries_total",
			Help: "Google pushes left for a retry, by reason.",
		}, []string{"reason"}),
		Drift: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "ccroom_google_drift_total",
			Help: "Events of ccroom changed or deleted in Google and put back.",
		}),
		QueueDepth: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "ccroom_google_queue_depth",
			Help: "Google push jobs pending.",
		}),
		SyncLag: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "ccroom_google_sync_lag_seconds",
			Help: "Age of the oldest change not yet pushed to Google, 0 when none.",
		}),
		LastImport: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "ccroom_google_last_import_timestamp_seconds",
			Help: "When the calendar was last imported successfully.",
		}),
	}
	reg.MustRegister(m.Calls, m.Retries, m.Drift, m.QueueDepth, m.SyncLag, m.LastImport)
	return m
}

func (m *Metrics) call(method, result string) {
	if m != nil {
		m.Calls.WithLabelValues(method, result).Inc()
	}
}

func (m *Metrics) retry(reason string) {
	if m != nil {
		m.Retries.WithLabelValues(reason).Inc()
	}
}

func (m *Metrics) drift() {
	if m != nil {
		m.Drift.Inc()
	}
}
