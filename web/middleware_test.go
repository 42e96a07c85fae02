package web

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/pelalawan/ccroom/store"
)

// TestPanicRecovered: a panicking handler answers 500 internal, is logged and
// counted, and the server goes on serving.
func TestPanicRecovered(t *testing.T) {
	logs := &syncBuffer{}
	s := New(Options{Logger: slog.New(slog.NewTextHandler(logs, nil))})
	s.handle("GET /boom", func(http.ResponseWriter, *http.Request) error { panic("boom") })
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest("GET", "/boom", nil))
	if rec.Code != 500 || !strings.Contains(rec.Body.String(), `"code":"internal"`) {
		t.Errorf("panic: %d %s", rec.Code, rec.Body)
	}
	if !strings.Contains(logs.String(), "panic in handler") || !strings.Contains(logs.String(), "status=500") {
		t.Errorf("log: %s", logs)
	}
	rec = httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest("GET", "/healthz", nil))
	if rec.Code != 200 {
		t.Errorf("after a panic: %d", rec.Code)
	}
}

// TestSecretsNotLogged: neither a bearer token nor a tracking token reaches
// the log.
func TestSecretsNotLogged(t *testing.T) {
	forEachStore(t, func(t *testing.T, e *env) {
		id, token := e.submit(application("Rapat", day(12, 17, 9, 0), 1))
		e.do("GET", requestPath(id)+"?token="+token, nil)
		e.do("GET", requestPath(id), nil, "X-Tracking-Token", token)
		e.do("GET", requestPath(id), nil, e.as("head")...)
		e.do("GET", requestPath(id), nil, "Authorization", "Bearer wrong-secret-token")
		log := e.logs.String()
		for _, secret := range []string{token, e.tokens["head"], "wrong-secret-token"} {
			if strings.Contains(log, secret) {
				t.Errorf("the log holds a secret %q:\n%s", secret, log)
			}
		}
		if !strings.Contains(log, `route="GET /api/v1/requests/{id}"`) {
			t.Errorf("the log lacks the route:\n%s", log)
		}
	})
}

// TestUnknownEndpoints: JSON 404 for an unknown API path, 405 with Allow for
// a known path and a wrong method.
func TestUnknownEndpoints(t *testing.T) {
	s := New(Options{})
	for _, c := range []struct {
		method, path string
		status       int
		allow        string
	}{
		{"GET", "/api/v1/nothing", 404, ""},
		{"DELETE", "/api/v1/requests/5", 405, "GET"},
		{"PUT", "/api/v1/requests", 405, "GET, POST"},
	} {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest(c.method, c.path, nil))
		if rec.Code != c.status || rec.Header().Get("Allow") != c.allow || !strings.Contains(rec.Body.String(), `"error"`) {
			t.Errorf("%s %s: %d %q %s", c.method, c.path, rec.Code, rec.Header().Get("Allow"), rec.Body)
		}
	}
}

// downStore is a store whose database does not answer.
type downStore struct{ store.Store }

func (downStore) Ping(context.Context) error { return errors.New("connection refused") }

// TestNotReady: /readyz answers 503 when the database does not.
func TestNotReady(t *testing.T) {
	s := New(Options{Store: downStore{}, Logger: slog.New(slog.DiscardHandler)})
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest("GET", "/readyz", nil))
	if rec.Code != 503 || !strings.Contains(rec.Body.String(), `"code":"unavailable"`) {
		t.Errorf("readyz: %d %s", rec.Code, rec.Body)
	}
}
