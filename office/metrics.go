package office

import "github.com/prometheus/client_golang/prometheus"

// Metrics counts what the office does, for /metrics.
type Metrics struct {
	Transitions  *prometheus.CounterVec // by action
	RuleFailures *prometheus.CounterVec // by rule code
	// ConflictsFound counts the standing conflicts a watch opened.
	ConflictsFound prometheus.Counter
}

// NewMetrics creates the counters and registers them with reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		Transitions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ccroom_transitions_total",
			Help: "SOP transitions recorded, by action.",
		}, []string{"action"}),
		RuleFailures: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ccroom_rule_failures_total",
			Help: "Requests refused or warned by a booking rule, by rule code.",
		}, []string{"code"}),
		ConflictsFound: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "ccroom_conflicts_found_total",
			Help: "Standing conflicts found after a booking was checked (Google event, holiday, config change).",
		}),
	}
	reg.MustRegister(m.Transitions, m.RuleFailures, m.ConflictsFound)
	return m
}

func (m *Metrics) transition(a string) {
	if m != nil {
		m.Transitions.WithLabelValues(a).Inc()
	}
}

func (m *Metrics) ruleFailure(code string) {
	if m != nil {
		m.RuleFailures.WithLabelValues(code).Inc()
	}
}

func (m *Metrics) conflicts(n int) {
	if m != nil && n > 0 {
		m.ConflictsFound.Add(float64(n))
	}
}
