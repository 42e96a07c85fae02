package mail

import (
	"bytes"
	"github.com/pelalawan/ccroom/internal/pgtest"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/calendar/ical"
	"github.com/pelalawan/ccroom/config"
	"github.com/pelalawan/ccroom/office"
	"github.com/pelalawan/ccroom/outbox"
	"github.com/pelalawan/ccroom/store"
)

// TestFirstWorkingDay: Monday to Friday, not a closed date.
func TestFirstWorkingDay(t *testing.T) {
	r := rules()
	r.ClosedDates = []time.Time{time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)}
	for _, tt := range []struct {
		year  int
		month time.Month
		want  string
	}{
		{2026, 12, "2026-12-01"}, // a Tuesday
		{2026, 8, "2026-08-03"},  // the 1st is a Saturday
		{2026, 11, "2026-11-02"}, // the 1st is a Sunday
		{2027, 1, "2027-01-04"},  // the 1st (a Friday) is closed
	} {
		got := FirstWorkingDay(tt.year, tt.month, r)
		if got.Format(time.DateOnly) != tt.want || got.Location() != wib || got.Hour() != 0 {
			t.Errorf("%d-%02d: %v, want %s", tt.year, tt.month, got, tt.want)
		}
	}
}

// replica is one ccroom over a shared database: its own store connection,
// office, mailer and worker, as another process has them.
type replica struct {
	st     store.Store
	off    *office.Office
	mailer *Mailer
	worker *outbox.Worker
}

func openReplica(t *testing.T, driver, dsn string, clk *clock, smtpAddr string) *replica {
	t.Helper()
	st, err := store.Open(t.Context(), driver, dsn)
	if err != nil {
		t.Fatalf("store.Open: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	off := office.New(office.Options{Store: st, Rules: rules(), Rooms: []booking.Room{booking.DefaultRoom()},
		Secret: []byte(secret), Now: clk.Now})
	host, port, _ := net.SplitHostPort(smtpAddr)
	p, _ := strconv.Atoi(port)
	m, err := New(Options{
		Office: off, Sender: &SMTP{Config: config.SMTP{Host: host, Port: p, TLS: "none", Timeout: 5 * time.Second}},
		Mail:    config.Mail{From: "Diskominfo Pelalawan <ccroom@diskominfo.example.go.id>", Language: "id"},
		BaseURL: "https://ccroom.example", Calendar: ical.Options{Domain: "ccroom.example"},
		Log: slog.New(slog.DiscardHandler),
	})
	if err != nil {
		t.Fatal(err)
	}
	st.SetJobPlanner(Plan)
	w := &outbox.Worker{Store: st, Kind: Kind, Handle: m.Handle, Now: clk.Now,
		Backoff: func(int) time.Duration { return time.Minute }, Log: slog.New(slog.DiscardHandler)}
	return &replica{st: st, off: off, mailer: m, worker: w}
}

// reportEngines are the databases two replicas share: a SQLite file, and a
// PostgreSQL schema when CCROOM_TEST_POSTGRES holds a DSN.
func reportEngines(t *testing.T) map[string]func(t *testing.T) (string, string) {
	engines := map[string]func(t *testing.T) (string, string){
		"sqlite": func(t *testing.T) (string, string) {
			return store.DriverSQLite, filepath.Join(t.TempDir(), "ccroom.db")
		},
	}
	if admin := os.Getenv("CCROOM_TEST_POSTGRES"); admin != "" {
		engines["postgres"] = func(t *testing.T) (string, string) { return store.DriverPostgres, reportSchema(t, admin) }
	}
	return engines
}

// reportSchema creates a PostgreSQL schema for one test, dropped at its end.
func reportSchema(t *testing.T, admin string) string {
	return pgtest.Schema(t, admin, "ccroom_mail_")
}

// TestComplianceReportOnce: two replicas over one database, each running
// its scheduler and its worker at once, send November's report on the
// first working day of December once to the head and the admin, with the
// workbook; a restart, the next days and the next replica send nothing
// more.
func TestComplianceReportOnce(t *testing.T) {
	for name, dsn := range reportEngines(t) {
		t.Run(name, func(t *testing.T) {
			driver, path := dsn(t)
			clk := &clock{now: day(11, 20, 9, 0)}
			smtp := newSMTPD(t)
			a := openReplica(t, driver, path, clk, smtp.addr)
			b := openReplica(t, driver, path, clk, smtp.addr)
			ctx := t.Context()
			users := map[string]booking.User{}
			for _, s := range []struct {
				name string
				role booking.Role
				lang string
			}{
				{"secretary", booking.RoleSecretary, ""}, {"head", booking.RoleHead, "en"},
				{"admin", booking.RoleAdmin, ""}, {"kabid", booking.RoleKabid, ""},
			} {
				u, err := a.off.AddUser(ctx, office.NewUser{Email: s.name + "@diskominfo.example.go.id",
					Name: "Bapak " + s.name, Grants: []booking.Grant{{Role: s.role}}, Language: s.lang})
				if err != nil {
					t.Fatal(err)
				}
				users[s.name] = u
			}
			// November: a request forwarded 7 minutes after it came (late).
			r, err := a.off.Submit(ctx, booking.Request{Room: "command-center", Title: "Rapat Koordinasi",
				Organization: "Dinas Kesehatan", ContactName: "Siti Aminah", ContactEmail: "siti@example.org",
				ContactPhone: "0812-7777-1234", Start: day(12, 10, 9, 0), End: day(12, 10, 11, 0),
				Participants: 20, Visibility: booking.VisibilityPrivate, LetterNumber: "005/DINKES/XI/2026"}, "", nil)
			if err != nil {
				t.Fatal(err)
			}
			clk.set(day(11, 20, 9, 7))
			if _, err := a.off.Act(ctx, r.Request.ID, booking.Act{Action: booking.ActionForward,
				Actor: a.off.ActorFor(users["secretary"])}); err != nil {
				t.Fatal(err)
			}
			both := func() {
				t.Helper()
				var wg sync.WaitGroup
				for _, x := range []*replica{a, b} {
					wg.Go(func() {
						if _, err := x.mailer.Schedule(ctx); err != nil {
							t.Error(err)
						}
						for range 20 {
							n, err := x.worker.RunOnce(ctx)
							if err != nil {
								t.Error(err)
							}
							if n == 0 {
								return
							}
						}
					})
				}
				wg.Wait()
			}
			both()
			smtp.take() // the chain's own email
			for _, at := range []time.Time{day(11, 30, 16, 0), day(12, 1, 6, 59)} {
				clk.set(at)
				both()
				if got := reports(smtp.take()); len(got) != 0 {
					t.Fatalf("at %v: %d messages, want none yet", at, len(got))
				}
			}
			clk.set(day(12, 1, 7, 0)) // Tuesday 1 December, at opening
			both()
			both()
			got := reports(smtp.take())
			if len(got) != 2 {
				t.Fatalf("%d messages on the first working day, want 2 (head, admin): %v", len(got), recipients(got))
			}
			for _, msg := range got {
				to := strings.Join(msg.to, ",")
				if to != "head@diskominfo.example.go.id" && to != "admin@diskominfo.example.go.id" {
					t.Errorf("the report went to %s", to)
				}
				text := msg.parts["text/plain"]
				if msg.subject != "Laporan Kepatuhan SOP November 2026" || !strings.Contains(text, "bulan November 2026") ||
					!strings.Contains(text, "Langkah SOP dilaksanakan: 1") ||
					!strings.Contains(text, "CC-000001 – Teruskan ke Kepala Dinas – Bapak secretary, 20-11-2026 09:07 WIB: 7 menit (standar 5 menit)") ||
					!strings.Contains(text, "https://ccroom.example/staff/reports/compliance?month=2026-11") {
					t.Errorf("to %s: %q\n%s", to, msg.subject, text)
				}
				xlsx, ok := msg.files["kepatuhan-sop-2026-11.xlsx"]
				if !ok {
					t.Fatalf("no workbook attached to %s: %v", to, msg.files)
				}
				f, err := excelize.OpenReader(bytes.NewReader(xlsx))
				if err != nil {
					t.Fatal(err)
				}
				if v, _ := f.GetCellValue("Langkah Terlambat", "A5"); v != "CC-000001" {
					t.Errorf("the attached workbook's late step: %q", v)
				}
				f.Close()
			}
			// A restart: a new replica over the same database, later that day and the next days.
			c := openReplica(t, driver, path, clk, smtp.addr)
			for _, at := range []time.Time{day(12, 1, 9, 0), day(12, 2, 7, 30), day(12, 7, 8, 0)} {
				clk.set(at)
				both()
				if _, err := c.mailer.Schedule(ctx); err != nil {
					t.Fatal(err)
				}
				if _, err := c.worker.RunOnce(ctx); err != nil {
					t.Fatal(err)
				}
				if got := reports(smtp.take()); len(got) != 0 {
					t.Fatalf("at %v: %d more messages: %v", at, len(got), recipients(got))
				}
			}
		})
	}
}

// reports keeps the compliance reports of got (the chain's reminders go on
// meanwhile).
func reports(got []*received) []*received {
	var out []*received
	for _, m := range got {
		if strings.HasPrefix(m.subject, "Laporan Kepatuhan SOP") {
			out = append(out, m)
		}
	}
	return out
}

func recipients(got []*received) []string {
	var out []string
	for _, m := range got {
		out = append(out, strings.Join(m.to, ","))
	}
	return out
}
