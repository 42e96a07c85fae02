package web

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/office"
	"github.com/pelalawan/ccroom/store"
)

// BenchmarkInboxPage renders GET /staff for the secretary, through the
// whole server (middleware, the session read from the database, the
// inbox's three queries, the template), over 10,000 requests:
//   - "office": a year and a half of an office's requests, most of them
//     done with (closed, rejected, cancelled, expired), the 1,000 of the
//     coming months spread over the chain;
//   - "all-in-chain": the worst case, every one of the 10,000 still in the
//     chain.
func BenchmarkInboxPage(b *testing.B) {
	for _, mix := range []struct {
		name    string
		inChain int
	}{{"office", 1_000}, {"all-in-chain", 10_000}} {
		b.Run(mix.name, func(b *testing.B) {
			srv, cookie := benchServer(b, 10_000, mix.inChain)
			req := httptest.NewRequest("GET", "/staff", nil)
			req.Header.Set("Cookie", cookie)
			req.Header.Set("Accept-Language", "id")
			var size int
			for b.Loop() {
				w := httptest.NewRecorder()
				srv.ServeHTTP(w, req)
				if w.Code != http.StatusOK {
					b.Fatalf("GET /staff: %d %s", w.Code, w.Body)
				}
				size = w.Body.Len()
			}
			b.ReportMetric(float64(size), "page-bytes")
		})
	}
}

// benchServer serves a fresh SQLite database holding n requests, the last
// inChain of them (by start) still in the chain, and returns the session
// cookie of the signed-in secretary.
func benchServer(b *testing.B, n, inChain int) (*Server, string) {
	b.Helper()
	ctx := b.Context()
	st, err := store.Open(ctx, store.DriverSQLite, filepath.Join(b.TempDir(), "ccroom.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	now := day(11, 20, 9, 0)
	reg := prometheus.NewRegistry()
	o := office.New(office.Options{Store: st, Rules: testRules(), Rooms: []booking.Room{booking.DefaultRoom()},
		Secret: []byte("0123456789abcdef0123456789abcdef"), Now: func() time.Time { return now },
		Metrics: office.NewMetrics(reg)})
	srv := New(Options{Office: o, Store: st, Registry: reg, Logger: slog.New(slog.DiscardHandler)})
	if _, err := o.AddUser(ctx, office.NewUser{Email: "sec@example.go.id", Name: "Sekretaris",
		Grants: []booking.Grant{{Role: booking.RoleSecretary}}, Password: password}); err != nil {
		b.Fatal(err)
	}
	if err := fillRequests(b, st, now, n, inChain); err != nil {
		b.Fatal(err)
	}
	return srv, benchSignIn(b, srv)
}

// fillRequests submits n requests of two hours, one every six hours, so
// that the last inChain start after now; those cycle through the chain's
// states, the others through the final ones.
func fillRequests(b *testing.B, st store.Store, now time.Time, n, inChain int) error {
	final := []booking.Status{booking.StatusClosed, booking.StatusClosed, booking.StatusClosed,
		booking.StatusRejected, booking.StatusCancelled, booking.StatusExpired}
	first := now.Add(-time.Duration(n-inChain) * 6 * time.Hour)
	for i := range n {
		start := first.Add(time.Duration(i) * 6 * time.Hour)
		r := &booking.Request{UID: fmt.Sprint("bench-", i), Room: booking.DefaultRoom().ID,
			Title:        fmt.Sprintf("Rapat Koordinasi Percepatan Penurunan Stunting Terintegrasi nomor %d", i),
			Organization: "Badan Perencanaan Pembangunan Daerah Kabupaten Pelalawan",
			ContactName:  "Siti Aminah", ContactEmail: "siti@example.org", ContactPhone: "0812-7777-1234",
			Start: start, End: start.Add(2 * time.Hour), Participants: 20, Visibility: booking.VisibilityPublic, Language: "id"}
		tr := booking.Submitted(r, start.Add(-7*24*time.Hour), booking.DefaultStandards())
		if i >= n-inChain {
			r.Status = chainStatuses[i%len(chainStatuses)]
		} else {
			r.Status = final[i%len(final)]
		}
		if _, _, err := st.Submit(b.Context(), store.Submission{Request: r, Transition: tr}, nil); err != nil {
			return err
		}
	}
	return nil
}

// benchSignIn signs the secretary in and returns the session's cookie.
func benchSignIn(b *testing.B, srv *Server) string {
	b.Helper()
	w := httptest.NewRecorder()
	srv.ServeHTTP(w, httptest.NewRequest("GET", "/login", nil))
	page, _ := io.ReadAll(w.Body)
	form := url.Values{"form_token": {hiddenFieldB(b, page, "form_token")}, "email": {"sec@example.go.id"}, "password": {password}}
	req := httptest.NewRequest("POST", "/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	w = httptest.NewRecorder()
	srv.ServeHTTP(w, req)
	if w.Code != http.StatusSeeOther {
		b.Fatalf("sign in: %d %s", w.Code, w.Body)
	}
	for _, c := range w.Result().Cookies() {
		if c.Name == cookieName {
			return c.Name + "=" + c.Value
		}
	}
	b.Fatal("no session cookie")
	return ""
}

// hiddenFieldB is hiddenField for a benchmark.
func hiddenFieldB(b *testing.B, page []byte, name string) string {
	b.Helper()
	const marker = `name="`
	i := strings.Index(string(page), marker+name+`" value="`)
	if i < 0 {
		b.Fatalf("no field %s", name)
	}
	rest := string(page[i+len(marker+name+`" value="`):])
	return rest[:strings.IndexByte(rest, '"')]
}
