package daemon

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
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
	cfg := testConfig(t)
	addr, stop := startServe(t, cfg)
	base := "http://" + addr
	for _, path := range []string{"/healthz", "/readyz", "/api/v1/rooms", "/metrics"} {
		body := get(t, base+path)
		if path == "/api/v1/rooms" && !strings.Contains(body, "command-center") {
			t.Fatalf("rooms: %s", body)
		}
	}
	if err := stop(); err != nil {
		t.Fatalf("serve returned %v", err)
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

// testConfig is the embedded default over a temporary data directory.
func testConfig(t *testing.T) *config.Config {
	t.Helper()
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	cfg.Database.DSN = filepath.Join(cfg.DataDir, "ccroom.db")
	return cfg
}

// startServe runs Serve with cfg on a loopback port and returns its address
// and stop, which cancels it as SIGTERM would and returns what Serve returned;
// the test fails when Serve does not return in time.
func startServe(t *testing.T, cfg *config.Config) (addr string, stop func() error) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Serve(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), ln) }()
	return ln.Addr().String(), func() error {
		cancel()
		select {
		case err := <-done:
			return err
		case <-time.After(ShutdownTimeout + 5*time.Second):
			t.Fatal("serve did not return after cancel")
			return nil
		}
	}
}
