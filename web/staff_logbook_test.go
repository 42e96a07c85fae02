package web

import (
	"database/sql"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pelalawan/ccroom/booking"
)

// logbookEnv is a month of five acts on two requests, the second in a room
// the office no longer lists (moved there in the database): A submitted,
// forwarded by the secretary and disposed by the head; B submitted and
// forwarded.
func logbookEnv(t *testing.T) (e *env, a, b int64) {
	var path string
	e = newEnv(t, func(t *testing.T) (string, string) {
		driver, p := sqliteDSN(t)
		path = p
		return driver, p
	})
	a, _ = e.submit(application("Rapat Koordinasi Percepatan Penurunan Stunting", day(12, 1, 9, 0), 2))
	b, _ = e.submit(application("Sosialisasi Aplikasi Srikandi", day(12, 2, 9, 0), 2))
	e.clock.advance(3 * time.Minute)
	e.act(a, "secretary", "forward", "", "", http.StatusOK)
	e.act(b, "secretary", "forward", "", "", http.StatusOK)
	e.clock.advance(9 * time.Minute)
	e.act(a, "head", "dispose", "", "Mohon dicek", http.StatusOK)
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`UPDATE requests SET room = 'aula-lama' WHERE id = ?`, b); err != nil {
		t.Fatal(err)
	}
	return e, a, b
}

// userID is the id of the test user named who.
func (e *env) userID(who string) string {
	e.t.Helper()
	u, err := e.store.UserByEmail(e.t.Context(), who+"@diskominfo.example.go.id")
	if err != nil {
		e.t.Fatal(err)
	}
	return fmt.Sprint(u.ID)
}

// TestStaffLogbookFilters: room, status and official narrow the month's
// acts, alone and together; the filters stay chosen in the form and go
// into the links to the other months and to the downloads, which hold the
// same acts; an unknown choice is 422 with the field marked.
func TestStaffLogbookFilters(t *testing.T) {
	e, a, b := logbookEnv(t)
	v := e.visitor()
	v.signIn("kabid")
	head := e.userID("head")

	body := string(v.staffGet("/staff/logbook?month=2026-11"))
	for _, want := range []string{`<option value="command-center">Ruang Pelalawan Command Center</option>`,
		`<option value="aula-lama">aula-lama</option>`, `<option value="forwarded">`,
		`<option value="` + head + `">Bapak head</option>`, `href="/staff/logbook.xlsx?month=2026-11"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the logbook lacks %s", want)
		}
	}
	if strings.Contains(body, "Hapus saringan") || !strings.Contains(flat(body), "5 tindakan tercatat") {
		t.Errorf("unfiltered: %s", flat(body))
	}
	for _, c := range []struct {
		query      string
		count      string
		has, lacks []string
	}{
		{"room=aula-lama", "2 dari 5", []string{num(b)}, []string{num(a)}},
		{"room=command-center", "3 dari 5", []string{num(a), "Mohon dicek"}, []string{num(b)}},
		{"status=forwarded", "2 dari 5", []string{num(a), num(b), "Meneruskan ke Kepala Dinas"}, []string{"Mengajukan permohonan", "Mohon dicek"}},
		{"official=" + head, "1 dari 5", []string{"Mohon dicek"}, []string{num(b), "Meneruskan"}},
		{"room=command-center&status=forwarded", "1 dari 5", []string{num(a), "Meneruskan"}, []string{num(b), "Mohon dicek"}},
		{"official=" + e.userID("former"), "0 dari 5", []string{"Tidak ada tindakan bulan ini yang sesuai saringan", `selected>Bapak former</option>`}, []string{num(a), num(b)}},
	} {
		page := string(v.staffGet("/staff/logbook?month=2026-11&" + c.query))
		text := flat(page)
		if !strings.Contains(text, c.count+" tindakan bulan ini sesuai saringan") {
			t.Errorf("%s: count not %s:\n%s", c.query, c.count, text)
		}
		for _, s := range c.has {
			if !strings.Contains(page, s) {
				t.Errorf("%s: lacks %s", c.query, s)
			}
		}
		for _, s := range c.lacks {
			if strings.Contains(page, s) {
				t.Errorf("%s: still shows %s", c.query, s)
			}
		}
		values, _ := url.ParseQuery(c.query)
		for k, val := range values {
			if !strings.Contains(page, fmt.Sprintf(`<option value="%s" selected>`, val[0])) {
				t.Errorf("%s: %s=%s not selected in the form", c.query, k, val[0])
			}
		}
		// The other months, the downloads and "clear" keep or drop the filters.
		q := "&amp;" + strings.ReplaceAll(values.Encode(), "&", "&amp;")
		for _, want := range []string{`href="/staff/logbook?month=2026-10` + q + `" rel="prev"`, `href="/staff/logbook?month=2026-12` + q + `" rel="next"`,
			`href="/staff/logbook.csv?month=2026-11` + q + `"`, `href="/staff/logbook.xlsx?month=2026-11` + q + `"`,
			`href="/staff/logbook?month=2026-11">Hapus saringan`} {
			if !strings.Contains(page, want) {
				t.Errorf("%s: no link %s", c.query, want)
			}
		}
	}

	// The downloads hold the acts the page lists.
	csv := v.get("/staff/logbook.csv?month=2026-11&status=forwarded&room=aula-lama")
	if rows := parseCSV(t, csv.body); csv.status != 200 || len(rows) != 2 || rows[1][2] != booking.Number(b) || rows[1][7] != "Meneruskan ke Kepala Dinas" {
		t.Errorf("filtered CSV: %d %q", csv.status, rows)
	}
	xlsx := v.get("/staff/logbook.xlsx?month=2026-11&official=" + head)
	if xlsx.status != 200 || xlsx.header.Get("Content-Type") != xlsxType || xlsx.header.Get("Cache-Control") != "no-store" ||
		xlsx.header.Get("Content-Disposition") != `attachment; filename="logbook-2026-11.xlsx"` {
		t.Fatalf("XLSX: %d %v", xlsx.status, xlsx.header)
	}
	f, rows := readLogbookXLSX(t, xlsx.body, "Buku log 2026-11", 1)
	if rows[1][2] != booking.Number(a) || rows[1][10] != "Bapak head" || rows[1][13] != "Mohon dicek" {
		t.Errorf("filtered XLSX: %q", rows)
	}
	checkXLSXTime(t, f, "Buku log 2026-11", "B2", day(11, 20, 9, 12))
	if all := v.get("/staff/logbook.xlsx?month=2026-11"); all.status != 200 {
		t.Errorf("XLSX: %d", all.status)
	} else {
		readLogbookXLSX(t, all.body, "Buku log 2026-11", 5)
	}
	empty := v.get("/staff/logbook.xlsx?month=2026-10")
	readLogbookXLSX(t, empty.body, "Buku log 2026-10", 0)
	if res := v.get("/staff/logbook.csv?month=2026-13"); res.status != http.StatusUnprocessableEntity ||
		!strings.Contains(string(res.body), "Bulan harus ditulis TTTT-BB") {
		t.Errorf("CSV of a bad month: %d\n%s", res.status, flat(string(res.body)))
	}
	if res := e.visitor().get("/staff/logbook.xlsx?month=2026-11"); res.status != http.StatusSeeOther {
		t.Errorf("XLSX signed out: %d, want 303", res.status)
	}

	// Unknown choices: the field marked, no list, no download.
	for q, field := range map[string]string{"room=dapur": "room", "status=lenyap": "status", "official=9999": "official", "official=abc": "official"} {
		res := v.get("/staff/logbook?month=2026-11&" + q)
		page := string(res.body)
		if res.status != http.StatusUnprocessableEntity || !strings.Contains(page, `id="`+field+`" name="`+field+`" aria-invalid="true" aria-describedby="`+field+`-error"`) ||
			!strings.Contains(page, `id="`+field+`-error">Pilihan ini tidak dikenal`) || strings.Contains(page, num(a)) || strings.Contains(page, "logbook.csv") {
			t.Errorf("%s: %d\n%s", q, res.status, flat(page))
		}
		if res := v.get("/staff/logbook.xlsx?month=2026-11&" + q); res.status != http.StatusUnprocessableEntity ||
			!strings.Contains(string(res.body), "Pilihan ini tidak dikenal") {
			t.Errorf("XLSX %s: %d\n%s", q, res.status, res.body)
		}
	}
}

// TestStaffLogbookFilterPaging: the filter goes into the pages' links and
// the second page lists the filtered acts after the first 25.
func TestStaffLogbookFilterPaging(t *testing.T) {
	e := newEnv(t, sqliteDSN)
	var ids []int64
	for i := range 27 {
		id, _ := e.submit(application(fmt.Sprintf("Rapat ke-%d", i+1), day(12, 1+i, 9, 0), 1))
		ids = append(ids, id)
	}
	e.act(ids[0], "secretary", "forward", "", "", http.StatusOK)
	v := e.visitor()
	v.signIn("secretary")
	first := string(v.staffGet("/staff/logbook?month=2026-11&status=submitted"))
	if !strings.Contains(flat(first), "27 dari 28 tindakan") || !strings.Contains(first, num(ids[24])) || strings.Contains(first, num(ids[25])) {
		t.Errorf("page 1:\n%s", flat(first))
	}
	if !strings.Contains(first, `href="/staff/logbook?month=2026-11&amp;page=2&amp;status=submitted">Berikutnya`) {
		t.Errorf("page 1 does not link page 2 with the filter")
	}
	second := string(v.staffGet("/staff/logbook?month=2026-11&page=2&status=submitted"))
	if !strings.Contains(second, num(ids[25])) || !strings.Contains(second, num(ids[26])) || strings.Contains(second, num(ids[0])) ||
		!strings.Contains(second, `href="/staff/logbook?month=2026-11&amp;status=submitted">‹ Sebelumnya`) {
		t.Errorf("page 2:\n%s", second)
	}
}
