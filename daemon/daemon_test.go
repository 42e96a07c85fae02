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

func get(t *testing.T, url string) string {
	t.Helper()
	var resp *http.Response
	var err error
	for range 50 {
		if resp, err = http.Get(url); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %s", url, resp.StatusCode, b)
	}
	return string(b)
}
