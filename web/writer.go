package web

import (
	"bytes"
	"encoding/json"
	"net/http"
)

// statusWriter remembers the status and size of a response for the log, the
// metrics and the panic handler. The middleware share one per request.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
	wrote  bool
}

// wrapWriter returns w as a statusWriter, reusing it when it already is one.
func wrapWriter(w http.ResponseWriter) *statusWriter {
	if sw, ok := w.(*statusWriter); ok {
		return sw
	}
	return &statusWriter{ResponseWriter: w}
}

// WriteHeader records the status.
func (w *statusWriter) WriteHeader(code int) {
	if !w.wrote {
		w.status, w.wrote = code, true
	}
	w.ResponseWriter.WriteHeader(code)
}

// Write records the bytes written (and the implicit 200).
func (w *statusWriter) Write(b []byte) (int, error) {
	if !w.wrote {
		w.status, w.wrote = http.StatusOK, true
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// statusCode is the status sent; done says the handler returned normally, so
// a response never written is net/http's implicit 200 and not a panic's 500.
func (w *statusWriter) statusCode(done bool) int {
	switch {
	case w.wrote:
		return w.status
	case done:
		return http.StatusOK
	}
	return http.StatusInternalServerError
}

// writeJSON sends v as JSON with status. It encodes first, so an encoding
// failure cannot leave half a body behind a 200.
func writeJSON(w http.ResponseWriter, status int, v any) error {
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(v); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
	return nil
}
