package report_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"github.com/pelalawan/ccroom/internal/pgtest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
	_ "time/tzdata"

	"github.com/xuri/excelize/v2"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/office"
	"github.com/pelalawan/ccroom/report"
	"github.com/pelalawan/ccroom/store"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/")

var wib = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Jakarta")
	if err != nil {
		panic(err)
	}
	return loc
}()

func at(month time.Month, d, h, m int) time.Time { return time.Date(2026, month, d, h, m, 0, 0, wib) }

type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) set(t time.Time) { c.mu.Lock(); defer c.mu.Unlock(); c.now = t }

func rules(lead int) booking.Rules {
	return booking.Rules{Location: wib, LeadDays: lead, Open: 7 * time.Hour, Close: 17 * time.Hour,
		MaxDuration: 10 * time.Hour, HorizonDays: 365, Suggestions: 3}
}

// forEachEngine runs test on SQLite, and on PostgreSQL too when
// CCROOM_TEST_POSTGRES holds a DSN (each test in a schema of its own).
func forEachEngine(t *testing.T, test func(t *testing.T, driver, dsn string)) {
	t.Run("sqlite", func(t *testing.T) {
		test(t, store.DriverSQLite, filepath.Join(t.TempDir(), "ccroom.db"))
	})
	if admin := os.Getenv("CCROOM_TEST_POSTGRES"); admin != "" {
		t.Run("postgres", func(t *testing.T) { test(t, store.DriverPostgres, FreshSchema(t, admin)) })
	}
}

// FreshSchema creates a PostgreSQL schema for one test, dropped at its end,
// and returns admin's DSN with the search_path set to it.
func FreshSchema(t *testing.T, admin string) string {
	return pgtest.Schema(t, admin, "ccroom_report_")
}

// month is November 2026 as the golden files know it: three requests
// through the chain (one by an acting head, Kamal, the Kabid who is Plt.
// Kepala Dinas from 16 to 20 November), one that expired undecided, one
// submitted under a shorter lead time than the office's, and a step of
// December that the report leaves out.
func month(t *testing.T, driver, dsn string) (*office.Office, *clock) {
	t.Helper()
	ctx := t.Context()
	st, err := store.Open(ctx, driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	clk := &clock{now: at(11, 1, 9, 0)}
	opts := office.Options{Store: st, Rules: rules(3), Rooms: []booking.Room{booking.DefaultRoom()},
		Secret: []byte("0123456789abcdef0123456789abcdef"), Now: clk.Now}
	off := office.New(opts)
	users := map[string]booking.User{}
	for _, u := range []struct {
		key, name string
		grants    []booking.Grant
	}{
		{"sari", "Sari Sekretariat", []booking.Grant{{Role: booking.RoleSecretary}}},
		{"hendra", "Hendra Kepala", []booking.Grant{{Role: booking.RoleHead}}},
		{"kamal", "Kamal Kabid", []booking.Grant{{Role: booking.RoleKabid},
			{Role: booking.RoleHead, From: at(11, 16, 0, 0), Until: at(11, 20, 0, 0)}}},
		{"vina", "Vina Vidcon", []booking.Grant{{Role: booking.RoleVidcon}}},
	} {
		nu, err := off.AddUser(ctx, office.NewUser{Email: u.key + "@diskominfo.example.go.id", Name: u.name, Grants: u.grants})
		if err != nil {
			t.Fatal(err)
		}
		users[u.key] = nu
	}
	submit := func(o *office.Office, when, start time.Time, title string) int64 {
		t.Helper()
		clk.set(when)
		r := booking.Request{Room: "command-center", Title: title, Organization: "Dinas Kesehatan",
			ContactName: "Siti Aminah", ContactEmail: "siti@example.org", ContactPhone: "0812-7777-1234",
			Start: start, End: start.Add(2 * time.Hour), Participants: 20, Visibility: booking.VisibilityPublic,
			LetterNumber: "005/DINKES/XI/2026"}
		s, err := o.Submit(ctx, r, "", nil)
		if err != nil {
			t.Fatalf("submit %s: %v", title, err)
		}
		return s.Request.ID
	}
	act := func(id int64, when time.Time, who string, a booking.Action, d booking.Decision) {
		t.Helper()
		clk.set(when)
		if _, err := off.Act(ctx, id, booking.Act{Action: a, Decision: d, Actor: off.ActorFor(users[who])}); err != nil {
			t.Fatalf("%s %s of %d: %v", who, a, id, err)
		}
	}
	// report records the usage report (step 9) as the store keeps it, as
	// Apply makes it: its took counts from the prepare, the day before the
	// end. (The report's own fields are not what this test measures.)
	report := func(id int64, when time.Time, who string) {
		t.Helper()
		clk.set(when)
		u := users[who]
		_, err := st.Act(ctx, id, func(_ context.Context, r *booking.Request, since time.Time, _ store.Calendar) (booking.Transition, error) {
			tr := booking.Transition{RequestID: r.ID, Action: booking.ActionReport, From: r.Status, To: booking.StatusReported,
				UserID: u.ID, Actor: u.Name, Role: booking.RoleVidcon, At: when, Took: when.Sub(since),
				Standard: off.Standards()[booking.ActionReport]}
			r.Status, r.UpdatedAt = booking.StatusReported, when
			r.Sequence++
			return tr, nil
		})
		if err != nil {
			t.Fatalf("report of %d: %v", id, err)
		}
	}
	// Request 1: the whole chain; the head is late twice, the Kabid closes late.
	r1 := submit(off, at(11, 2, 9, 0), at(11, 10, 9, 0), "Rapat Koordinasi Stunting")
	act(r1, at(11, 2, 9, 3), "sari", booking.ActionForward, "")                        // 3 of 5
	act(r1, at(11, 2, 9, 10), "hendra", booking.ActionDispose, "")                     // 7 of 5: late
	act(r1, at(11, 2, 9, 18), "kamal", booking.ActionCheck, booking.DecisionAvailable) // 8 of 10
	act(r1, at(11, 2, 9, 30), "hendra", booking.ActionRelay, "")                       // 12 of 10: late
	act(r1, at(11, 2, 9, 33), "sari", booking.ActionInform, "")                        // 3 of 5
	act(r1, at(11, 2, 9, 53), "kamal", booking.ActionPrepare, "")                      // 20 of 30
	report(r1, at(11, 10, 11, 5), "vina")                                              // 5 after the end, of 10
	act(r1, at(11, 10, 11, 20), "kamal", booking.ActionClose, "")                      // 15 of 10: late
	// Request 2: Kamal disposes and relays as the acting head.
	r2 := submit(off, at(11, 17, 9, 0), at(12, 2, 13, 0), "Sosialisasi Aplikasi")
	act(r2, at(11, 17, 9, 2), "sari", booking.ActionForward, "")                        // 2 of 5
	act(r2, at(11, 17, 9, 6), "kamal", booking.ActionDispose, "")                       // 4 of 5, acting
	act(r2, at(11, 17, 9, 20), "kamal", booking.ActionCheck, booking.DecisionAvailable) // 14 of 10: late
	act(r2, at(11, 17, 9, 25), "kamal", booking.ActionRelay, "")                        // 5 of 10, acting
	act(r2, at(11, 17, 9, 31), "sari", booking.ActionInform, "")                        // 6 of 5: late
	// Request 3: forwarded, then nobody disposes it; it expires at its start.
	r3 := submit(off, at(11, 18, 9, 0), at(11, 23, 9, 0), "Rapat Evaluasi Anggaran")
	act(r3, at(11, 18, 9, 4), "sari", booking.ActionForward, "") // 4 of 5
	clk.set(at(11, 23, 9, 1))
	if n, err := off.ExpireOverdue(ctx); err != nil || n != 1 {
		t.Fatalf("expire: %d, %v", n, err)
	}
	// Request 4: submitted where the lead time was one day: it missed the office's three.
	short := opts
	short.Rules = rules(1)
	submit(office.New(short), at(11, 26, 10, 0), at(11, 27, 9, 0), "Rapat Mendadak")
	// December: not in November's report.
	act(r2, at(12, 1, 8, 0), "kamal", booking.ActionPrepare, "")
	return off, clk
}

// TestComplianceGolden: a month with known steps gives exact figures in
// JSON, CSV and XLSX.
func TestComplianceGolden(t *testing.T) {
	forEachEngine(t, func(t *testing.T, driver, dsn string) {
		off, _ := month(t, driver, dsn)
		nov, _ := report.ParseMonth("2026-11", off.Location())
		c, err := report.Build(t.Context(), off, nov)
		if err != nil {
			t.Fatal(err)
		}
		checkFigures(t, c)
		var js, csv, xlsx bytes.Buffer
		if err := c.WriteJSON(&js); err != nil {
			t.Fatal(err)
		}
		if err := c.WriteCSV(&csv); err != nil {
			t.Fatal(err)
		}
		if err := c.WriteXLSX(&xlsx); err != nil {
			t.Fatal(err)
		}
		golden(t, "compliance-2026-11.json", js.Bytes())
		golden(t, "compliance-2026-11.csv", csv.Bytes())
		checkWorkbook(t, xlsx.Bytes())
	})
}

func ptr(f float64) *float64 { return &f }

func same(a, b *float64) bool { return a == nil && b == nil || a != nil && b != nil && *a == *b }

func checkFigure(t *testing.T, what string, got, want report.Figures) {
	t.Helper()
	if got.Count != want.Count || got.WithinStandard != want.WithinStandard || got.Late != want.Late ||
		!same(got.SharePercent, want.SharePercent) || !same(got.MedianSeconds, want.MedianSeconds) ||
		!same(got.P90Seconds, want.P90Seconds) {
		g, _ := json.Marshal(got)
		w, _ := json.Marshal(want)
		t.Errorf("%s:\n got %s\nwant %s", what, g, w)
	}
}

func fig(n, within int, share, median, p90 float64) report.Figures {
	return report.Figures{Count: n, WithinStandard: within, Late: n - within, SharePercent: ptr(share),
		MedianSeconds: ptr(median * 60), P90Seconds: ptr(p90 * 60)}
}

// checkFigures holds the month's figures, worked out by hand from the
// steps above (minutes; median of an even count is the mean of the middle
// two; the 90th percentile is the nearest rank).
func checkFigures(t *testing.T, c *report.Compliance) {
	t.Helper()
	// 2 3 3 4 4 5 5 6 7 8 12 14 15 20
	checkFigure(t, "total", c.Total, fig(14, 9, 64.3, 5.5, 15))
	steps := map[booking.Action]report.Figures{
		booking.ActionForward: fig(3, 3, 100, 3, 4),
		booking.ActionDispose: fig(2, 1, 50, 5.5, 7),
		booking.ActionCheck:   fig(2, 1, 50, 11, 14),
		booking.ActionRelay:   fig(2, 1, 50, 8.5, 12),
		booking.ActionInform:  fig(2, 1, 50, 4.5, 6),
		booking.ActionPrepare: fig(1, 1, 100, 20, 20),
		booking.ActionReport:  fig(1, 1, 100, 5, 5),
		booking.ActionClose:   fig(1, 0, 0, 15, 15),
	}
	if len(c.Steps) != len(steps) {
		t.Fatalf("%d steps, want %d", len(c.Steps), len(steps))
	}
	for _, s := range c.Steps {
		checkFigure(t, "step "+string(s.Action), s.Figures, steps[s.Action])
	}
	type official struct {
		name   string
		role   booking.Role
		acting bool
		f      report.Figures
	}
	officials := []official{
		{"Hendra Kepala", booking.RoleHead, false, fig(2, 0, 0, 9.5, 12)},
		{"Kamal Kabid", booking.RoleHead, true, fig(2, 2, 100, 4.5, 5)},
		{"Kamal Kabid", booking.RoleKabid, false, fig(4, 2, 50, 14.5, 20)},
		{"Sari Sekretariat", booking.RoleSecretary, false, fig(5, 4, 80, 3, 6)},
		{"Vina Vidcon", booking.RoleVidcon, false, fig(1, 1, 100, 5, 5)},
	}
	if len(c.Officials) != len(officials) {
		t.Fatalf("officials: %+v", c.Officials)
	}
	for i, o := range officials {
		got := c.Officials[i]
		if got.Name != o.name || got.Role != o.role || got.Acting != o.acting {
			t.Errorf("official %d: %s %s acting=%v, want %s %s %v", i, got.Name, got.Role, got.Acting, o.name, o.role, o.acting)
		}
		checkFigure(t, "official "+o.name+" "+string(o.role), got.Figures, o.f)
	}
	var late []string
	for _, l := range c.Late {
		late = append(late, strings.Join([]string{l.Number, l.Step, l.Actor, string(l.Role),
			time.Duration(l.TookSeconds * float64(time.Second)).String(),
			time.Duration(l.StandardSeconds * float64(time.Second)).String()}, " "))
	}
	wantLate := []string{
		"CC-000001 3 Hendra Kepala head 7m0s 5m0s",
		"CC-000001 6 Hendra Kepala head 12m0s 10m0s",
		"CC-000001 10 Kamal Kabid kabid 15m0s 10m0s",
		"CC-000002 4-5 Kamal Kabid kabid 14m0s 10m0s",
		"CC-000002 7 Sari Sekretariat secretary 6m0s 5m0s",
	}
	if strings.Join(late, "\n") != strings.Join(wantLate, "\n") {
		t.Errorf("late steps:\n%s\nwant\n%s", strings.Join(late, "\n"), strings.Join(wantLate, "\n"))
	}
	if len(c.Expired) != 1 || c.Expired[0].Number != "CC-000003" || c.Expired[0].Status != booking.StatusForwarded ||
		c.Expired[0].Waiting != booking.ActionDispose || c.Expired[0].Role != booking.RoleHead {
		t.Errorf("expired: %+v", c.Expired)
	}
	if c.Lead.Submitted != 4 || c.Lead.Met != 3 || !same(c.Lead.SharePercent, ptr(75)) || c.Lead.LeadDays != 3 {
		t.Errorf("lead time: %+v", c.Lead)
	}
}

// golden compares got with testdata/name (rewritten with -update).
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file:\n%s", name, got)
	}
}

// checkWorkbook reads the workbook back with excelize.
func checkWorkbook(t *testing.T, data []byte) {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := []string{"Ringkasan", "Langkah SOP", "Pejabat", "Langkah Terlambat", "Kedaluwarsa"}
	if got := f.GetSheetList(); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("sheets %v, want %v", got, want)
	}
	cells := map[string]map[string]string{
		"Ringkasan": {
			"A1": "Laporan Kepatuhan SOP – November 2026", "A2": "Ringkasan",
			"A4": "Uraian", "B4": "Nilai",
			"A5": "Bulan", "B5": "November 2026",
			"A6": "Langkah SOP dilaksanakan", "B6": "14",
			"B7": "9", "B8": "5", "B9": "64.3%", "B10": "5.5", "B11": "15.0",
			"A12": "Permohonan diajukan", "B12": "4",
			"A13": "Permohonan yang memenuhi batas waktu pengajuan (3 hari sebelum kegiatan)", "B13": "3",
			"B14": "75.0%", "B15": "1",
		},
		"Langkah SOP": {
			"A4": "Langkah SOP", "B4": "Uraian Langkah", "C4": "Jumlah", "D4": "Median (menit)",
			"E4": "Persentil ke-90 (menit)", "F4": "Standar (menit)", "I4": "Dalam Standar (%)",
			"A5": "2", "B5": "Teruskan ke Kepala Dinas", "C5": "3", "D5": "3.0", "E5": "4.0", "F5": "5.0", "I5": "100.0%",
			"A6": "3", "C6": "2", "D6": "5.5", "E6": "7.0", "G6": "1", "H6": "1", "I6": "50.0%",
			"A12": "10", "C12": "1", "I12": "0.0%",
		},
		"Pejabat": {
			"A5": "Hendra Kepala", "B5": "Kepala Dinas", "C5": "Tidak", "I5": "0.0%",
			"A6": "Kamal Kabid", "B6": "Kepala Dinas (Plt./Plh.)", "C6": "Ya", "D6": "2", "E6": "4.5", "I6": "100.0%",
			"A7": "Kamal Kabid", "B7": "Kabid", "C7": "Tidak", "D7": "4", "E7": "14.5", "F7": "20.0",
		},
		"Langkah Terlambat": {
			"A5": "CC-000001", "B5": "Rapat Koordinasi Stunting", "C5": "3", "D5": "Disposisi ke Kabid",
			"E5": "Hendra Kepala", "F5": "Kepala Dinas", "G5": "02-11-2026 09:10", "H5": "7.0", "I5": "5.0",
			"A9": "CC-000002", "C9": "7", "E9": "Sari Sekretariat", "H9": "6.0", "A10": "",
		},
		"Kedaluwarsa": {
			"A5": "CC-000003", "B5": "Rapat Evaluasi Anggaran", "D5": "23-11-2026 09:00", "E5": "23-11-2026 09:01",
			"F5": "Diteruskan ke Kepala Dinas", "G5": "Disposisi ke Kabid", "H5": "Kepala Dinas", "A6": "",
		},
	}
	for sheet, want := range cells {
		for ref, w := range want {
			got, err := f.GetCellValue(sheet, ref)
			if err != nil {
				t.Fatal(err)
			}
			if got != w {
				t.Errorf("%s!%s = %q, want %q", sheet, ref, got, w)
			}
		}
	}
}
