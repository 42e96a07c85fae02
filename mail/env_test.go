package mail

import (
	"context"
	"log/slog"
	"net"
	"path/filepath"
	"regexp"
	"strconv"
	"sync"
	"testing"
	"time"
	_ "time/tzdata"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/calendar/ical"
	"github.com/pelalawan/ccroom/config"
	"github.com/pelalawan/ccroom/office"
	"github.com/pelalawan/ccroom/outbox"
	"github.com/pelalawan/ccroom/store"
)

// wib is the office zone, Asia/Jakarta (UTC+7); time/tzdata makes it load
// anywhere, and a named zone lets the invitation's TZID resolve.
var wib = mustZone("Asia/Jakarta")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

func day(month time.Month, d, hour, minute int) time.Time {
	return time.Date(2026, month, d, hour, minute, 0, 0, wib)
}

type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

func (c *clock) advance(d time.Duration) { c.set(c.Now().Add(d)) }

const secret = "0123456789abcdef0123456789abcdef"

// env is an office over SQLite in a temp dir, a real SMTP server, the
// mailer and the outbox worker that runs it.
type env struct {
	t      *testing.T
	driver string // store.DriverSQLite unless newEnvOn named another
	dbPath string // the SQLite file, or the PostgreSQL DSN
	clock  *clock
	smtp   *smtpd
	st     store.Store
	off    *office.Office
	mailer *Mailer
	worker *outbox.Worker
	users  map[string]booking.User // secretary, secretary2, head, kabid, vidcon
}

func newEnv(t *testing.T) *env {
	t.Helper()
	return newEnvOn(t, store.DriverSQLite, filepath.Join(t.TempDir(), "ccroom.db"))
}

// newEnvOn is newEnv over the database driver and dsn name
// (reportEngines gives them).
func newEnvOn(t *testing.T, driver, dsn string) *env {
	t.Helper()
	e := &env{t: t, driver: driver, dbPath: dsn, clock: &clock{now: day(11, 20, 9, 0)}, smtp: newSMTPD(t)}
	e.open()
	e.addStaff()
	return e
}

// open (re)opens the store and builds the office, mailer and worker on it.
func (e *env) open() {
	t := e.t
	st, err := store.Open(t.Context(), e.driver, e.dbPath)
	if err != nil {
		t.Fatalf("store.Open: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	e.st = st
	e.off = office.New(office.Options{
		Store: st, Rules: rules(), Rooms: []booking.Room{booking.DefaultRoom()},
		Secret: []byte(secret), Now: e.clock.Now,
	})
	host, port, _ := net.SplitHostPort(e.smtp.addr)
	p, _ := strconv.Atoi(port)
	e.mailer, err = New(Options{
		Office: e.off,
		Sender: &SMTP{Config: config.SMTP{Host: host, Port: p, TLS: "none", Timeout: 5 * time.Second}},
		Mail: config.Mail{From: "Diskominfo Pelalawan <ccroom@diskominfo.example.go.id>", Language: "id",
			EscalateAfter: 3, ReadinessHours: 24},
		BaseURL: "https://ccroom.example", Calendar: ical.Options{Domain: "ccroom.example"},
		Log: slog.New(slog.DiscardHandler),
	})
	if err != nil {
		t.Fatal(err)
	}
	st.SetJobPlanner(Plan)
	e.worker = &outbox.Worker{Store: st, Kind: Kind, Handle: e.mailer.Handle, Now: e.clock.Now,
		Backoff: func(int) time.Duration { return time.Minute }, Log: slog.New(slog.DiscardHandler)}
	e.users = map[string]booking.User{}
	users, err := st.Users(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range users {
		e.users[u.Name] = u
	}
}

func rules() booking.Rules {
	return booking.Rules{Location: wib, LeadDays: 3, Open: 7 * time.Hour, Close: 17 * time.Hour,
		MaxDuration: 10 * time.Hour, HorizonDays: 365, Suggestions: 3}
}

// addStaff: two secretaries, a head, an English-speaking Kabid, vidcon.
func (e *env) addStaff() {
	for _, s := range []struct {
		name string
		role booking.Role
		lang string
	}{
		{"secretary", booking.RoleSecretary, ""}, {"secretary2", booking.RoleSecretary, ""},
		{"head", booking.RoleHead, "id"}, {"kabid", booking.RoleKabid, "en"}, {"vidcon", booking.RoleVidcon, ""},
	} {
		u, err := e.off.AddUser(e.t.Context(), office.NewUser{Email: s.name + "@diskominfo.example.go.id",
			Name: s.name, Grants: []booking.Grant{{Role: s.role}}, Language: s.lang})
		if err != nil {
			e.t.Fatal(err)
		}
		e.users[s.name] = u
	}
}

func (e *env) submit(title string, start time.Time) booking.Request {
	e.t.Helper()
	r := booking.Request{Room: "command-center", Title: title, Organization: "Dinas Kesehatan",
		ContactName: "Siti Aminah", ContactEmail: "siti@example.org", ContactPhone: "0812-7777-1234",
		Start: start, End: start.Add(2 * time.Hour), Participants: 20,
		Equipment:  []booking.Need{{Name: "computer", Count: 1}},
		Visibility: booking.VisibilityPrivate, LetterNumber: "005/DINKES/XI/2026"}
	s, err := e.off.Submit(e.t.Context(), r, "", nil)
	if err != nil {
		e.t.Fatalf("submit: %v", err)
	}
	return s.Request
}

// act takes a step as the named user.
func (e *env) act(id int64, who string, a booking.Action, d booking.Decision, note string) booking.Request {
	e.t.Helper()
	e.clock.advance(2 * time.Minute)
	r, err := e.off.Act(e.t.Context(), id, booking.Act{Action: a, Decision: d, Note: note, Actor: e.off.ActorFor(e.users[who])})
	if err != nil {
		e.t.Fatalf("%s %s: %v", who, a, err)
	}
	return r
}

// drain runs the worker until no job is due.
func (e *env) drain() {
	e.t.Helper()
	for range 50 {
		n, err := e.worker.RunOnce(context.Background())
		if err != nil {
			e.t.Fatal(err)
		}
		if n == 0 {
			return
		}
	}
	e.t.Fatal("the worker never ran dry")
}

var actLink = regexp.MustCompile(`https://ccroom\.example/act/([A-Za-z0-9_.-]+)`)

// tokenIn returns the action token in a message's text.
func tokenIn(t *testing.T, m *received) string {
	t.Helper()
	got := actLink.FindStringSubmatch(m.parts["text/plain"])
	if got == nil {
		t.Fatalf("no action link in %q:\n%s", m.subject, m.parts["text/plain"])
	}
	return got[1]
}
