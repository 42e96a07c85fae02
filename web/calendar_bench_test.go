package web

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/office"
	"github.com/pelalawan/ccroom/store"
)

// benchCalendarServer serves a room holding n bookings, four a day from
// 2024-01-01 07:00 (about seven years for 10,000), one in ten still in the
// chain, half of them private.
func benchCalendarServer(b *testing.B, n int) *Server {
	b.Helper()
	st, err := store.Open(b.Context(), store.DriverSQLite, filepath.Join(b.TempDir(), "ccroom.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	now := day(11, 20, 9, 0)
	first := time.Date(2024, 1, 1, 7, 0, 0, 0, wib)
	for i := range n {
		start := first.AddDate(0, 0, i/4).Add(time.Duration(i%4) * 150 * time.Minute)
		r := &booking.Request{UID: fmt.Sprintf("cal%05d", i), Room: "command-center",
			Title: fmt.Sprintf("Rapat koordinasi lintas sektor nomor %d", i), Organization: "Dinas Kesehatan",
			ContactName: "Siti Aminah", ContactEmail: "siti@example.org", ContactPhone: "0812",
			Start: start, End: start.Add(2 * time.Hour), Participants: 20, Visibility: booking.VisibilityPrivate,
			CreatedAt: now, UpdatedAt: now}
		if i%2 == 0 {
			r.Visibility = booking.VisibilityPublic
		}
		tr := booking.Submitted(r, now, booking.DefaultStandards())
		r.Status = booking.StatusApproved
		if i%10 == 0 {
			r.Status = booking.StatusForwarded
		}
		if _, _, err := st.Submit(b.Context(), store.Submission{Request: r, Transition: tr}, nil); err != nil {
			b.Fatal(err)
		}
	}
	off := office.New(office.Options{Store: st, Rules: testRules(), Rooms: []booking.Room{booking.DefaultRoom()},
		Secret: []byte("0123456789abcdef0123456789abcdef"), Now: func() time.Time { return now }})
	return New(Options{Office: off, Store: st, Logger: slog.New(slog.DiscardHandler)})
}

// BenchmarkCalendar renders the public month, week and day of a room
// holding 10,000 bookings, through the whole server (middleware included).
func BenchmarkCalendar(b *testing.B) {
	srv := benchCalendarServer(b, 10000)
	for _, view := range []string{"month", "week", "day"} {
		path := "/calendar?room=command-center&view=" + view + "&date=2026-12-15"
		first := httptest.NewRecorder()
		srv.ServeHTTP(first, httptest.NewRequest("GET", path, nil))
		if first.Code != http.StatusOK || !strings.Contains(first.Body.String(), "Desember 2026") {
			b.Fatalf("%s: %d\n%s", path, first.Code, first.Body)
		}
		b.Run(view, func(b *testing.B) {
			b.ReportAllocs()
			b.ReportMetric(float64(first.Body.Len()), "page-bytes")
			req := httptest.NewRequest("GET", path, nil)
			w := &discardWriter{h: http.Header{}}
			for b.Loop() {
				clear(w.h)
				srv.ServeHTTP(w, req)
				if w.status != http.StatusOK {
					b.Fatalf("%s: %d", path, w.status)
				}
			}
		})
	}
}
