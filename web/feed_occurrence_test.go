package web

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/office"
)

// officeLike is a second office over e's store with the same settings.
func officeLike(e *env) *office.Office {
	return office.New(office.Options{
		Store: e.store, Rules: testRules(), Rooms: []booking.Room{booking.DefaultRoom()},
		Secret: []byte("0123456789abcdef0123456789abcdef"), Now: e.clock.Now,
	})
}

func TestFeedRecurringExceptions(t *testing.T) {
	f := newFeedEnv(t)
	series := application("Rapat Mingguan", day(12, 1, 9, 0), 2)
	series["recurrence"] = "FREQ=WEEKLY;COUNT=4"
	id, _ := f.submit(series)
	other, _ := f.submit(application("Rapat Lain", day(12, 16, 13, 0), 2))
	f.approve(id)
	f.approve(other)

	change := func(who string, body map[string]any, want int) response {
		t.Helper()
		res := f.do("POST", requestPath(id)+"/occurrences", body, f.as(who)...)
		if res.status != want {
			t.Fatalf("%v by %s: %d %s, want %d", body, who, res.status, res.body, want)
		}
		return res
	}
	rfc := func(t time.Time) string { return t.Format(time.RFC3339) }
	removed := map[string]any{"original": rfc(day(12, 8, 9, 0)), "action": "remove"}
	change("head", removed, http.StatusForbidden)
	before := f.get("GET", "/feeds/public.ics").header.Get("Etag")
	m := change("secretary", removed, http.StatusOK).json(t)
	if m["sequence"].(float64) != 6 {
		t.Errorf("sequence after remove: %v, want 6", m["sequence"])
	}
	change("secretary", removed, http.StatusNotFound) // already removed
	// Moving onto the other request's time is refused; a free time is taken.
	onOther := map[string]any{"original": rfc(day(12, 15, 9, 0)), "action": "move",
		"start": rfc(day(12, 16, 13, 0)), "end": rfc(day(12, 16, 15, 0))}
	if code, _ := change("secretary", onOther, http.StatusConflict).errorOf(t); code != "overlap" {
		t.Errorf("move onto request %d: code %s", other, code)
	}
	change("secretary", map[string]any{"original": rfc(day(12, 15, 9, 0)), "action": "move",
		"start": rfc(day(12, 17, 13, 0)), "end": rfc(day(12, 17, 15, 0))}, http.StatusOK)
	change("secretary", map[string]any{"original": rfc(day(12, 15, 9, 0)), "action": "shift"}, http.StatusUnprocessableEntity)

	res := f.get("GET", "/feeds/public.ics")
	if res.header.Get("Etag") == before {
		t.Error("feed not rebuilt after an occurrence changed")
	}
	body := strings.ReplaceAll(string(res.body), "\r\n ", "")
	for _, want := range []string{"RRULE:FREQ=WEEKLY;COUNT=4", "EXDATE", "20261208T", "RECURRENCE-ID", "20261215T",
		"20261217T"} {
		if !strings.Contains(body, want) {
			t.Errorf("feed lacks %q:\n%s", want, body)
		}
	}
	// The removed occurrence frees its time.
	free := f.do("GET", "/api/v1/availability?room=command-center&start="+
		strings.ReplaceAll(rfc(day(12, 8, 9, 0)), "+", "%2B")+"&end="+strings.ReplaceAll(rfc(day(12, 8, 11, 0)), "+", "%2B")+"&participants=10", nil)
	if free.json(t)["available"] != true {
		t.Errorf("removed occurrence still busy: %s", free.body)
	}
}

func TestFeedOccurrenceNotRecurring(t *testing.T) {
	f := newFeedEnv(t)
	id, _ := f.submit(application("Rapat", day(12, 1, 9, 0), 2))
	res := f.do("POST", requestPath(id)+"/occurrences",
		map[string]any{"original": day(12, 1, 9, 0).Format(time.RFC3339), "action": "remove"}, f.as("secretary")...)
	if res.status != http.StatusUnprocessableEntity {
		t.Errorf("not recurring: %d %s", res.status, res.body)
	}
	if r := f.do("POST", requestPath(id)+"/occurrences", map[string]any{"action": "remove"}); r.status != http.StatusUnauthorized {
		t.Errorf("anonymous: %d", r.status)
	}
}

func TestSubscribePage(t *testing.T) {
	f := newFeedEnv(t)
	page := f.get("GET", "/feeds")
	body := string(page.body)
	if page.status != http.StatusOK || !strings.HasPrefix(page.header.Get("Content-Type"), "text/html") {
		t.Fatalf("GET /feeds: %d %s", page.status, page.header.Get("Content-Type"))
	}
	for _, want := range []string{`name="viewport"`, `href="webcal://ccroom.example.go.id/feeds/public.ics"`,
		`value="https://ccroom.example.go.id/feeds/rooms/command-center.ics"`, "Langganan", "Dari URL", "Thunderbird",
		`src="/feeds/public.png"`} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	if en := string(f.get("GET", "/feeds?lang=en").body); !strings.Contains(en, "From URL") || !strings.Contains(en, `lang="en"`) {
		t.Error("English page")
	}
	png := f.get("GET", "/feeds/public.png")
	if png.status != http.StatusOK || !strings.HasPrefix(string(png.body), "\x89PNG") {
		t.Errorf("QR code: %d %q", png.status, png.body[:min(8, len(png.body))])
	}
	list := f.get("GET", "/api/v1/feeds").json(t)
	pub := list["public"].(map[string]any)
	if pub["webcal"] != "webcal://ccroom.example.go.id/feeds/public.ics" || len(list["rooms"].([]any)) != 1 {
		t.Errorf("feed list: %v", list)
	}
}
