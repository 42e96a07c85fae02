package web

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"time"
)

// readyTimeout bounds the database ping of /readyz.
const readyTimeout = 3 * time.Second

// health is GET /healthz: the process is alive and serving.
func (h *handler) health(w http.ResponseWriter, r *http.Request) error {
	return writeText(w, http.StatusOK, "ok\n")
}

// ready is GET /readyz: the database answers and its schema is current; 503
// otherwise, so a load balancer sends no traffic here.
func (h *handler) ready(w http.ResponseWriter, r *http.Request) error {
	ctx, cancel := context.WithTimeout(r.Context(), readyTimeout)
	defer cancel()
	if err := h.store.Ping(ctx); err != nil {
		h.log.WarnContext(r.Context(), "not ready", slog.Any("err", err))
		return &apiError{Status: http.StatusServiceUnavailable, Code: "unavailable",
			Message: "the database is not ready"}
	}
	return writeText(w, http.StatusOK, "ready\n")
}

// writeText sends a short plain-text answer.
func writeText(w http.ResponseWriter, status int, text string) error {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(status)
	_, _ = fmt.Fprint(w, text) // a client gone mid-write needs no answer
	return nil
}
