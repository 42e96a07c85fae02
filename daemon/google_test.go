package daemon

import (
	"context"
	"log/slog"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/pelalawan/ccroom/calendar/google/googletest"
	"github.com/pelalawan/ccroom/config"
)

// TestStartGoogle starts the sync against the fake: it imports at once and
// stops with its context.
func TestStartGoogle(t *testing.T) {
	fake := googletest.New()
	defer fake.Close()
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	cfg.Database.DSN = filepath.Join(cfg.DataDir, "ccroom.db")
	cfg.Google = config.Google{Enabled: true, CalendarID: "cc", Endpoint: fake.Endpoint(), PollInterval: time.Hour, ShowTentative: true}
	off, st, err := Open(t.Context(), cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var wg sync.WaitGroup
	ctx, cancel := context.WithCancel(t.Context())
	planner, poller, err := startGoogle(ctx, &wg, cfg, off, st, prometheus.NewRegistry(), nil, slog.New(slog.DiscardHandler))
	if err != nil || planner == nil || poller == nil {
		t.Fatalf("startGoogle: %v, planner %v, poller %v", err, planner != nil, poller != nil)
	}
	if fake.Calls(googletest.EventsList) != 0 {
		t.Fatal("the import ran before the planner was installed")
	}
	wg.Go(func() { poller.Run(ctx) })
	deadline := time.Now().Add(5 * time.Second)
	for fake.Calls(googletest.EventsList) == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	wg.Wait()
	if fake.Calls(googletest.EventsList) == 0 {
		t.Fatal("no import at start")
	}
	cfg.Google.Enabled = false
	if p, poller, err := startGoogle(t.Context(), &wg, cfg, off, st, prometheus.NewRegistry(), nil, slog.Default()); p != nil || poller != nil || err != nil {
		t.Fatalf("disabled: %v, %v, %v", p != nil, poller != nil, err)
	}
}
