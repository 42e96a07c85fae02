package web

import (
	"bytes"
	"html/template"
	"net/http"

	qrcode "github.com/skip2/go-qrcode"
)

// subscribePage is the data of the subscribe page.
type subscribePage struct {
	Lang  string
	Other string // the link to the page in the other language
	T     subscribeWords
	Feeds feedLinks
}

// subscribeWords are the page's texts in one language.
type subscribeWords struct {
	Title, Intro, Public, Rooms, Open, Copy, Scan, HowTo, Google, Apple, Thunderbird, Note, OtherLang string
	GoogleSteps, AppleSteps, ThunderbirdSteps                                                         []string
}

var subscribeText = map[string]subscribeWords{
	"id": {
		Title:  "Langganan kalender ruangan",
		Intro:  "Tambahkan jadwal ruangan ke kalender ponsel Anda. Kalender diperbarui sendiri; data pribadi pemohon tidak pernah ditampilkan.",
		Public: "Semua ruangan", Rooms: "Per ruangan",
		Open: "Buka di aplikasi kalender", Copy: "Alamat (salin untuk Google Calendar / Thunderbird):",
		Scan: "Pindai dengan kamera ponsel:", HowTo: "Cara berlangganan",
		Google: "Google Calendar", Apple: "Apple Calendar (iPhone, iPad, Mac)", Thunderbird: "Thunderbird",
		GoogleSteps: []string{"Buka calendar.google.com di komputer (aplikasi ponsel tidak bisa menambah dari URL).",
			"Di samping \"Kalender lain\" pilih + lalu \"Dari URL\".",
			"Tempel alamat https di atas, lalu \"Tambahkan kalender\". Kalender muncul juga di ponsel Android."},
		AppleSteps: []string{"Di iPhone atau iPad, ketuk \"Buka di aplikasi kalender\" (tautan webcal) lalu \"Langganan\".",
			"Atau: Pengaturan → Kalender → Akun → Tambah Akun → Lainnya → Tambah Kalender Langganan, tempel alamatnya.",
			"Di Mac: Kalender → Berkas → Langganan Kalender Baru."},
		ThunderbirdSteps: []string{"Berkas → Baru → Kalender… → Di Jaringan.",
			"Tempel alamat https, format iCalendar (ICS), lalu ikuti langkahnya."},
		Note:      "Google memperbarui kalender langganan beberapa jam sekali; Apple dan Thunderbird lebih sering.",
		OtherLang: "English",
	},
	"en": {
		Title:  "Subscribe to the room calendar",
		Intro:  "Add the rooms' schedule to your phone's calendar. It updates by itself; no applicant's personal data is ever shown.",
		Public: "All rooms", Rooms: "Per room",
		Open: "Open in your calendar app", Copy: "Address (copy it for Google Calendar / Thunderbird):",
		Scan: "Scan with your phone's camera:", HowTo: "How to subscribe",
		Google: "Google Calendar", Apple: "Apple Calendar (iPhone, iPad, Mac)", Thunderbird: "Thunderbird",
		GoogleSteps: []string{"Open calendar.google.com on a computer (the phone app cannot add a calendar by URL).",
			"Next to \"Other calendars\" choose + then \"From URL\".",
			"Paste the https address above and \"Add calendar\". It then shows on Android phones too."},
		AppleSteps: []string{"On an iPhone or iPad, tap \"Open in your calendar app\" (the webcal link), then \"Subscribe\".",
			"Or: Settings → Calendar → Accounts → Add Account → Other → Add Subscribed Calendar, and paste the address.",
			"On a Mac: Calendar → File → New Calendar Subscription."},
		ThunderbirdSteps: []string{"File → New → Calendar… → On the Network.",
			"Paste the https address, format iCalendar (ICS), and follow the steps."},
		Note:      "Google refreshes subscribed calendars every few hours; Apple and Thunderbird more often.",
		OtherLang: "Bahasa Indonesia",
	},
}

// subscribeFuncs: dict pairs a link with the words for the "feed" block;
// webcalURL marks a webcal:// link as safe (html/template passes only http,
// https and mailto URLs as they are).
var subscribeFuncs = template.FuncMap{
	"dict":      func(l feedLink, t subscribeWords) feedBlock { return feedBlock{Link: l, T: t} },
	"webcalURL": func(s string) template.URL { return template.URL(s) },
}

var subscribeTemplate = template.Must(template.New("subscribe").Funcs(subscribeFuncs).Parse(`<!doctype html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.T.Title}}</title>
<style>
body{font:17px/1.5 system-ui,sans-serif;margin:0 auto;max-width:40rem;padding:1rem;color:#222}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem}
a.button{display:block;padding:.9rem 1rem;margin:.5rem 0;background:#0b5cad;color:#fff;border-radius:.5rem;text-align:center;text-decoration:none;font-weight:600}
input{width:100%;box-sizing:border-box;font-size:1rem;padding:.7rem;border:1px solid #999;border-radius:.4rem}
img{display:block;width:14rem;max-width:100%;height:auto;margin:.5rem 0}
.lang{float:right;padding:.6rem}
</style>
</head>
<body>
<a class="lang" href="{{.Other}}">{{.T.OtherLang}}</a>
<h1>{{.T.Title}}</h1>
<p>{{.T.Intro}}</p>
<h2>{{.T.Public}}</h2>
{{template "feed" (dict .Feeds.Public .T)}}
<p>{{.T.Scan}}</p>
<img src="{{.Feeds.QRCode}}" alt="QR code: {{.Feeds.Public.Webcal}}" width="320" height="320">
{{if .Feeds.Rooms}}<h2>{{.T.Rooms}}</h2>{{range .Feeds.Rooms}}<h3>{{.Name}}</h3>{{template "feed" (dict . $.T)}}{{end}}{{end}}
<h2>{{.T.HowTo}}</h2>
<h3>{{.T.Google}}</h3><ol>{{range .T.GoogleSteps}}<li>{{.}}</li>{{end}}</ol>
<h3>{{.T.Apple}}</h3><ol>{{range .T.AppleSteps}}<li>{{.}}</li>{{end}}</ol>
<h3>{{.T.Thunderbird}}</h3><ol>{{range .T.ThunderbirdSteps}}<li>{{.}}</li>{{end}}</ol>
<p>{{.T.Note}}</p>
</body>
</html>
{{define "feed"}}<a class="button" href="{{.Link.Webcal | webcalURL}}">{{.T.Open}}</a>
<label>{{.T.Copy}}<input readonly value="{{.Link.URL}}" onclick="this.select()"></label>{{end}}`))

// feedBlock is the data of the "feed" block: one feed's links.
type feedBlock struct {
	Link feedLink
	T    subscribeWords
}

// showSubscribe is GET /feeds: the page that gives the webcal:// and https://
// links of every public feed, a QR code of the public one and how to
// subscribe from Google Calendar, Apple Calendar and Thunderbird. Indonesian
// unless ?lang=en.
func (h *handler) showSubscribe(w http.ResponseWriter, r *http.Request) error {
	lang, other := "id", "?lang=en"
	if r.URL.Query().Get("lang") == "en" {
		lang, other = "en", "?lang=id"
	}
	page := subscribePage{Lang: lang, Other: other, T: subscribeText[lang], Feeds: h.feedLinks(r, lang)}
	var buf bytes.Buffer
	if err := subscribeTemplate.Execute(&buf, page); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "no-cache")
	_, _ = w.Write(buf.Bytes())
	return nil
}

// showPublicQR is GET /feeds/public.png: a QR code of the public feed's
// webcal:// link, for the subscribe page and for posters.
func (h *handler) showPublicQR(w http.ResponseWriter, r *http.Request) error {
	png, err := qrcode.Encode(h.feedLinks(r, "id").Public.Webcal, qrcode.Medium, 320)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Cache-Control", "public, max-age=86400")
	_, _ = w.Write(png)
	return nil
}
