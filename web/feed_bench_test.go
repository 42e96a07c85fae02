package web

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/office"
	"github.com/pelalawan/ccroom/store"
)

// discardWriter is a ResponseWriter that keeps nothing, so the benchmark
// measures the handler and not a recorder.
type discardWriter struct {
	h      http.Header
	status int
}

func (w *discardWriter) Header() http.Header         { return w.h }
func (w *discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (w *discardWriter) WriteHeader(code int)        { w.status = code }

// benchFeedServer serves the feeds of n approved bookings, one a day from
// 2026-11-24, half of them private.
func benchFeedServer(b *testing.B, n int) *Server {
	b.Helper()
	st, err := store.Open(b.Context(), store.DriverSQLite, filepath.Join(b.TempDir(), "ccroom.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	now := day(11, 20, 9, 0)
	for i := range n {
		start := day(11, 24, 9, 0).Add(time.Duration(i) * 4 * time.Hour)
		r := &booking.Request{UID: fmt.Sprintf("bench%05d", i), Room: "command-center",
			Title: fmt.Sprintf("Rapat koordinasi lintas sektor nomor %d", i), Organization: "Dinas Kesehatan",
			ContactName: "Siti Aminah", ContactEmail: "siti@example.org", ContactPhone: "0812",
			Start: start, End: start.Add(2 * time.Hour), Participants: 20, Visibility: booking.VisibilityPrivate,
			Status: booking.StatusApproved, CreatedAt: now, UpdatedAt: now}
		if i%2 == 0 {
			r.Visibility = booking.VisibilityPublic
		}
		tr := booking.Submitted(r, now, booking.DefaultStandards())
		r.Status = booking.StatusApproved
		if _, _, err := st.Submit(b.Context(), store.Submission{Request: r, Transition: tr}, nil); err != nil {
			b.Fatal(err)
		}
	}
	off := office.New(office.Options{Store: st, Rules: testRules(), Rooms: []booking.Room{booking.DefaultRoom()},
		Secret: []byte("0123456789abcdef0123456789abcdef"), Now: func() time.Time { return now }})
	return New(Options{Office: off, Store: st, Logger: slog.New(slog.DiscardHandler),
		Feeds: FeedOptions{Tentative: true, PastDays: 90, FutureDays: 400, MaxAge: 5 * time.Minute, Recheck: time.Hour}})
}

// BenchmarkPublicFeed serves /feeds/public.ics holding 2,000 events from the
// cache: in full, gzipped, and as a 304 to a client holding it.
func BenchmarkPublicFeed(b *testing.B) {
	srv := benchFeedServer(b, 2000)
	first := httptest.NewRecorder()
	srv.ServeHTTP(first, httptest.NewRequest("GET", "/feeds/public.ics", nil))
	if first.Code != http.StatusOK {
		b.Fatalf("first GET: %d", first.Code)
	}
	b.Logf("feed: %d bytes, ETag %s", first.Body.Len(), first.Header().Get("Etag"))
	cases := []struct{ name, header, value string }{
		{"full", "", ""},
		{"gzip", "Accept-Encoding", "gzip"},
		{"304", "If-None-Match", first.Header().Get("Etag")},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				req := httptest.NewRequest("GET", "/feeds/public.ics", nil)
				if c.header != "" {
					req.Header.Set(c.header, c.value)
				}
				w := &discardWriter{h: http.Header{}}
				for pb.Next() {
					clear(w.h)
					srv.ServeHTTP(w, req)
				}
			})
		})
	}
}
