package daemon

import (
	"github.com/pelalawan/ccroom/internal/pgtest"
	"io"
	"mime"
	"net/http"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	gcal "google.golang.org/api/calendar/v3"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/calendar/google/googletest"
	"github.com/pelalawan/ccroom/config"
	"github.com/pelalawan/ccroom/office"
	"github.com/pelalawan/ccroom/store"
)

// TestConfigChangeAtStart (issue 12, proofs "Config" and "Restarts and
// replicas"): the daemon starts with a lower capacity than an approved
// booking's participants: one standing conflict and one email to the Kabid,
// however many restarts follow; on PostgreSQL two replicas starting at once
// with the new config report it once too.
func TestConfigChangeAtStart(t *testing.T) {
	engines := map[string]func(t *testing.T, cfg *config.Config){
		"sqlite": func(t *testing.T, cfg *config.Config) {},
	}
	if admin := os.Getenv("CCROOM_TEST_POSTGRES"); admin != "" {
		engines["postgres"] = func(t *testing.T, cfg *config.Config) {
			cfg.Database = config.DB{Driver: store.DriverPostgres, DSN: pgSchema(t, admin)}
		}
	}
	for name, engine := range engines {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			cfg := testConfig(t)
			cfg.Secret = "0123456789abcdef0123456789abcdef" // replicas share it
			engine(t, cfg)
			id := approvedBooking(t, cfg, 45)

			cfg.Rooms[0].Capacity = 30
			restart := func(replicas int) {
				var stops []func() error
				for i := range replicas {
					c := *cfg
					c.DataDir = filepath.Join(cfg.DataDir, "replica", string(rune('a'+i)))
					if err := os.MkdirAll(c.DataDir, 0o700); err != nil {
						t.Fatal(err)
					}
					addr, stop := startServe(t, &c)
					get(t, "http://"+addr+"/readyz")
					stops = append(stops, stop)
				}
				waitUntil(t, "the Kabid's email", func() bool { return len(kabidEmails(t, cfg)) > 0 })
				time.Sleep(500 * time.Millisecond) // a second email, if any, would be written by now
				for _, stop := range stops {
					if err := stop(); err != nil {
						t.Fatal(err)
					}
				}
			}
			restart(1)
			restart(1)
			if name == "postgres" {
				restart(2) // two replicas at once
			}
			restart(1)

			st, err := store.Open(t.Context(), cfg.Database.Driver, cfg.Database.DSN)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			list, err := st.RequestConflicts(t.Context(), id)
			if err != nil || len(list) != 1 || list[0].Code != booking.CodeCapacity ||
				list[0].Cause != "Kapasitas ruangan kini 30, peserta 45" || !list[0].AwaitsKabid() {
				t.Fatalf("conflicts %+v (%v)", list, err)
			}
			if n := len(kabidEmails(t, cfg)); n != 1 {
				t.Fatalf("%d emails to the Kabid about the conflict, want 1", n)
			}
		})
	}
}

// approvedBooking creates the Kabid and an approved booking of participants
// ten days ahead, on cfg's database, before any daemon starts, and runs
// the watch once with cfg as it is (the last config seen).
func approvedBooking(t *testing.T, cfg *config.Config, participants int) int64 {
	t.Helper()
	ctx := t.Context()
	off, st, err := Open(ctx, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := off.AddUser(ctx, office.NewUser{Email: "kabid@diskominfo.example.go.id", Name: "Kabid",
		Grants: []booking.Grant{{Role: booking.RoleKabid}}}); err != nil {
		t.Fatal(err)
	}
	day := time.Now().In(off.Location()).AddDate(0, 0, 10)
	start := time.Date(day.Year(), day.Month(), day.Day(), 9, 0, 0, 0, off.Location())
	sub, err := off.Submit(ctx, booking.Request{Room: "command-center", Title: "Rapat Besar", Organization: "Bappeda",
		ContactName: "Rina", ContactEmail: "rina@bappeda.example.go.id", Start: start, End: start.Add(2 * time.Hour),
		Participants: participants}, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range []booking.Act{
		{Action: booking.ActionForward, Actor: actor(booking.RoleSecretary)},
		{Action: booking.ActionDispose, Actor: actor(booking.RoleHead)},
		{Action: booking.ActionCheck, Actor: actor(booking.RoleKabid), Decision: booking.DecisionAvailable},
		{Action: booking.ActionRelay, Actor: actor(booking.RoleHead)},
		{Action: booking.ActionInform, Actor: actor(booking.RoleSecretary)},
	} {
		if _, err := off.Act(ctx, sub.Request.ID, a); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := off.WatchConfig(ctx); err != nil {
		t.Fatal(err)
	}
	return sub.Request.ID
}

func actor(r booking.Role) booking.Actor {
	return booking.Actor{Name: string(r), Roles: []booking.Role{r}}
}

// kabidEmails lists the conflict emails to the Kabid written (as .eml
// files, there being no SMTP server) by any replica.
func kabidEmails(t *testing.T, cfg *config.Config) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(cfg.DataDir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".eml") {
			return err
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		msg, err := mail.ReadMessage(f)
		if err != nil {
			return err
		}
		subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
		if err != nil {
			return err
		}
		if strings.Contains(msg.Header.Get("To"), "kabid@diskominfo.example.go.id") && strings.Contains(subject, "Konflik jadwal") {
			out = append(out, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func waitUntil(t *testing.T, what string, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); !ok(); {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within 20 s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// pgSchema creates a PostgreSQL schema for one test, dropped at its end,
// and returns admin's DSN with the search_path set to it.
func pgSchema(t *testing.T, admin string) string {
	return pgtest.Schema(t, admin, "ccroom_daemon_")
}

// TestHolidaysFile (issue 12, proof "Holidays"): rules.holidays names an ICS
// file with one holiday on an approved booking's date; the daemon imports it
// at start: one standing conflict naming the holiday, and a new request on
// that date is refused with 422 closed.
func TestHolidaysFile(t *testing.T) {
	cfg := testConfig(t)
	id, st, day := bookedDay(t, cfg)
	loc := day.Location()
	ics := strings.Join([]string{"BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//libur//ID",
		"BEGIN:VEVENT", "UID:libur-1@test", "DTSTAMP:20261101T000000Z",
		"DTSTART;VALUE=DATE:" + day.Format("20060102"), "DTEND;VALUE=DATE:" + day.AddDate(0, 0, 1).Format("20060102"),
		"SUMMARY:Cuti Bersama Natal", "DESCRIPTION:Hari libur nasional", "TRANSP:TRANSPARENT",
		"END:VEVENT", "END:VCALENDAR", ""}, "\r\n")
	cfg.Rules.Holidays = filepath.Join(cfg.DataDir, "libur.ics")
	if err := os.WriteFile(cfg.Rules.Holidays, []byte(ics), 0o600); err != nil {
		t.Fatal(err)
	}
	addr, stop := startServe(t, cfg)
	defer stop()
	get(t, "http://"+addr+"/readyz")
	waitUntil(t, "the holiday's conflict", func() bool {
		list, err := st.RequestConflicts(t.Context(), id)
		return err == nil && len(list) == 1
	})
	list, _ := st.RequestConflicts(t.Context(), id)
	if c := list[0]; c.Code != booking.CodeClosed || !strings.Contains(c.Cause, "Tanggal ditetapkan libur: Cuti Bersama Natal") {
		t.Fatalf("conflict %+v", c)
	}
	start := time.Date(day.Year(), day.Month(), day.Day(), 13, 0, 0, 0, loc)
	body := `{"room":"command-center","title":"Rapat","organization":"Dinkes","contact_name":"Budi",` +
		`"contact_email":"budi@dinkes.example.go.id","participants":5,` +
		`"start":"` + start.Format(time.RFC3339) + `","end":"` + start.Add(time.Hour).Format(time.RFC3339) + `"}`
	res, err := http.Post("http://"+addr+"/api/v1/requests", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	answer, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(answer), `"code":"closed"`) ||
		!strings.Contains(string(answer), "Cuti Bersama Natal") {
		t.Fatalf("a request on the holiday: %d %s", res.StatusCode, answer)
	}
	if list, _ := st.RequestConflicts(t.Context(), id); len(list) != 1 {
		t.Fatalf("%d conflicts after the refused request", len(list))
	}
}

// TestHolidaysGoogleCalendar: rules.holidays names a Google calendar of
// holidays (the fake Calendar API): the daemon reads it at start with the
// google section's endpoint; a day off closes its date and gives the booking
// on it a conflict, an observance does not.
func TestHolidaysGoogleCalendar(t *testing.T) {
	fake := googletest.New()
	defer fake.Close()
	cfg := testConfig(t)
	id, st, day := bookedDay(t, cfg)
	const holidays = "id.indonesian#holiday@group.v.calendar.google.com"
	allDay := func(d time.Time, name, desc string) gcal.Event {
		return gcal.Event{Summary: name, Description: desc, Transparency: "transparent",
			Start: &gcal.EventDateTime{Date: d.Format(time.DateOnly)}, End: &gcal.EventDateTime{Date: d.AddDate(0, 0, 1).Format(time.DateOnly)}}
	}
	fake.Add(holidays, allDay(day, "Hari Raya Idul Fitri", "Hari libur nasional"))
	fake.Add(holidays, allDay(day.AddDate(0, 0, 1), "Hari Kartini", "Perayaan"))
	cfg.Rules.Holidays = holidays
	cfg.Google.Endpoint = fake.Endpoint()
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	addr, stop := startServe(t, cfg)
	defer stop()
	get(t, "http://"+addr+"/readyz")
	waitUntil(t, "the holiday's conflict", func() bool {
		list, err := st.RequestConflicts(t.Context(), id)
		return err == nil && len(list) == 1
	})
	list, _ := st.Holidays(t.Context())
	if len(list) != 1 || list[0].Name != "Hari Raya Idul Fitri" {
		t.Fatalf("holidays %+v", list)
	}
}

// bookedDay makes an approved booking (approvedBooking) and returns its id,
// a store over cfg's database, and its start in the office zone.
func bookedDay(t *testing.T, cfg *config.Config) (int64, store.Store, time.Time) {
	t.Helper()
	id := approvedBooking(t, cfg, 10)
	st, err := store.Open(t.Context(), cfg.Database.Driver, cfg.Database.DSN)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	r, err := st.Request(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	loc, err := time.LoadLocation(cfg.Timezone)
	if err != nil {
		t.Fatal(err)
	}
	return id, st, r.Start.In(loc)
}
