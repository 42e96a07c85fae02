package outbox

import "github.com/prometheus/client_golang/prometheus"

// Metrics count the outcomes of jobs by kind.
type Metrics struct {
	Jobs *prometheus.CounterVec // kind, result (done, retry, failed)
}

// NewMetrics creates the counters and registers them with reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{Jobs: prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "ccroom_jobs_total",
		Help: "Outbox jobs run, by kind and result (done, retry, failed).",
	}, []string{"kind", "result"})}
	reg.MustRegister(m.Jobs)
	return m
}

func (m *Metrics) count(kind, result string) {
	if m != nil {
		m.Jobs.WithLabelValues(kind, result).Inc()
	}
}
