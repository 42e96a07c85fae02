package e2e

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/pelalawan/ccroom/config"
	"github.com/pelalawan/ccroom/daemon"
	"github.com/pelalawan/ccroom/web"
)

func benchServer(b *testing.B, logger *slog.Logger) http.Handler {
	cfg, err := config.Load(config.Options{File: os.Getenv("BENCH_CFG")})
	if err != nil {
		b.Fatal(err)
	}
	off, st, err := daemon.Open(b.Context(), cfg, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	return web.New(web.Options{Office: off, Store: st, Logger: logger})
}

func bench304(b *testing.B, logger *slog.Logger, gz bool) {
	s := benchServer(b, logger)
	req := httptest.NewRequest("GET", "/feeds/public.ics", nil)
	if gz {
		req.Header.Set("Accept-Encoding", "gzip")
	}
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	etag := rec.Header().Get("Etag")
	req.Header.Set("If-None-Match", etag)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code != 304 {
			b.Fatal(rec.Code)
		}
	}
}

func BenchmarkFeed304Discard(b *testing.B) {
	bench304(b, slog.New(slog.NewTextHandler(io.Discard, nil)), false)
}

func BenchmarkFeed304File(b *testing.B) {
	f, _ := os.Create("/tmp/scratchbench/log")
	defer f.Close()
	bench304(b, slog.New(slog.NewTextHandler(f, nil)), false)
}

func BenchmarkFeed304Warn(b *testing.B) {
	f, _ := os.Create("/tmp/scratchbench/log")
	defer f.Close()
	bench304(b, slog.New(slog.NewTextHandler(f, &slog.HandlerOptions{Level: slog.LevelWarn})), false)
}
