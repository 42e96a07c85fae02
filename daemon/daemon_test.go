package daemon

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pelalawan/ccroom/config"
	"github.com/pelalawan/ccroom/store"
)

// TestServeAndShutdown starts the daemon on the embedded default in a temporary
// directory, checks that it answers, cancels it as SIGTERM would and checks that
// it returns and left a database that opens again.
func TestServeAndShutdown(t *testing.T) {
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	cfg.Database.DSN = cfg.DataDir + "/ccroom.db"
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Serve(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), ln) }()

	base := "http://" + ln.Addr().String()
	for _, path := range []string{"/healthz", "/readyz", "/api/v1/rooms", "/metrics"} {
		body := get(t, base+path)
		if path == "/api/v1/rooms" && !strings.Contains(body, "command-center") {
			t.Fatalf("rooms: %s", body)
		}
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve returned %v", err)
		}
	case <-time.After(ShutdownTimeout + 5*time.Second):
		t.Fatal("serve did not return after cancel")
	}
	st, err := store.Open(context.Background(), "sqlite", cfg.Database.DSN)
	if err != nil {
		t.Fatalf("reopen database: %v", err)
	}
	st.Close()
}

// get GETs url, retrying while the daemon starts, and fails unless 200.
func get(t *testing.T, url string) string {
	t.Helper()
	_, status, body := fetch(t, http.DefaultClient, url)
	if status != http.StatusOK {
		t.Fatalf("GET %s: %d %s", url, status, body)
	}
	return body
}
