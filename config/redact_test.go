package config

import (
	"reflect"
	"strings"
	"testing"
)

func TestRedacted(t *testing.T) {
	t.Parallel()
	c := Default()
	c.Secret = strings.Repeat("k", 40)
	c.Mail.SMTP.Password = "smtp-pass"
	c.Database = DB{Driver: "postgres", DSN: "postgres://ccroom:db-pass@db.example:5432/ccroom?sslmode=disable"}
	r := c.Redacted()
	out, err := r.YAML()
	if err != nil {
		t.Fatal(err)
	}
	text := string(out)
	for _, secret := range []string{"kkkk", "smtp-pass", "db-pass"} {
		if strings.Contains(text, secret) {
			t.Errorf("%q leaks into\n%s", secret, text)
		}
	}
	for _, want := range []string{
		"secret: '***'", "password: '***'",
		"dsn: postgres://ccroom:***@db.example:5432/ccroom?sslmode=disable",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("%q missing from\n%s", want, text)
		}
	}
	if c.Secret == Masked || c.Mail.SMTP.Password == Masked {
		t.Error("Redacted changed the original")
	}
}

func TestRedactedKeepsEmptySecretsEmpty(t *testing.T) {
	t.Parallel()
	r := Default().Redacted()
	if r.Secret != "" || r.Mail.SMTP.Password != "" || r.Database.DSN != "data/ccroom.db" {
		t.Errorf("redacted default: secret %q password %q dsn %q", r.Secret, r.Mail.SMTP.Password, r.Database.DSN)
	}
}

// TestRedactDSN: the password of every DSN is masked, whether the URL parses
// or not (a password with #, /, ?, @, a space or a bad %), in a URL's query and
// in keyword=value pairs, quoted or not. secret is what must never show.
func TestRedactDSN(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want, secret string }{
		{"data/ccroom.db", "data/ccroom.db", ""},
		{"file:data/ccroom.db?_pragma=busy_timeout(5000)", "file:data/ccroom.db?_pragma=busy_timeout(5000)", ""},
		{"postgres://ccroom@localhost/ccroom", "postgres://ccroom@localhost/ccroom", ""},
		{"postgres://u:@localhost/db", "postgres://u:@localhost/db", ""},
		{"postgres://u:p%40ss@localhost/db", "postgres://u:***@localhost/db", "p%40ss"},
		{"postgres://u:s3cret@db.example:5432/ccroom?sslmode=disable", "postgres://u:***@db.example:5432/ccroom?sslmode=disable", "s3cret"},
		{"postgres://u:pa#ss@db/x", "postgres://u:***@db/x", "pa#ss"},
		{"postgres://u:12#34@db/x", "postgres://u:***@db/x", "12#34"},
		{"postgres://u:pa/ss@db/x", "postgres://u:***@db/x", "pa/ss"},
		{"postgres://u:pa?ss@db/x", "postgres://u:***@db/x", "pa?ss"},
		{"postgres://u:pa ss@db/x", "postgres://u:***@db/x", "pa ss"},
		{"postgres://u:100%@db/x", "postgres://u:***@db/x", "100%"},
		{"postgres://u:%zzsecret@db/x", "postgres://u:***@db/x", "zzsecret"},
		{"postgresql://u:p@ss:w#rd@db/x", "postgresql://u:***@db/x", "ss:w#rd"},
		{"postgres://u:pw@h1:5432,h2:5432/db", "postgres://u:***@h1:5432,h2:5432/db", "pw@"},
		{"postgres://u@localhost/db?password=pw&sslmode=require", "postgres://u@localhost/db?password=***&sslmode=require", "pw&"},
		{"postgres://u@localhost/db?sslmode=require&password=p#w", "postgres://u@localhost/db?sslmode=require&password=***", "p#w"},
		{"postgres://u@localhost/db?sslpassword=keypw", "postgres://u@localhost/db?sslpassword=***", "keypw"},
		{"host=localhost user=u password=pw dbname=db", "host=localhost user=u password=*** dbname=db", "pw "},
		{"host=localhost password='p w\\'x' dbname=db", "host=localhost password=*** dbname=db", "p w"},
		{"host=localhost password = 'a#b/c?d' dbname=db", "host=localhost password = *** dbname=db", "a#b"},
		{"host=localhost PASSWORD=a&b%zz dbname=db", "host=localhost PASSWORD=*** dbname=db", "a&b"},
		{"host=localhost sslpassword=keypw", "host=localhost sslpassword=***", "keypw"},
		{"password='never closed secret", "password=***", "secret"},
		{" postgres://u:pa/ss@db/x", " postgres://u:***@db/x", "pa/ss"},
		{"POSTGRES://u:pa/ss@db/x", "POSTGRES://u:***@db/x", "pa/ss"},
		{"host=db password= dbname=x", "host=db password= ***", "dbname"}, // libpq reads the password "dbname=x"
	}
	for _, tt := range tests {
		got := redactDSN(tt.in)
		if got != tt.want {
			t.Errorf("redactDSN(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if tt.secret != "" && strings.Contains(got, tt.secret) {
			t.Errorf("redactDSN(%q) = %q shows %q", tt.in, got, tt.secret)
		}
	}
}

// TestRedactedUnparseableDSN: a DSN that net/url cannot parse is masked in
// what `ccroom config check` prints.
func TestRedactedUnparseableDSN(t *testing.T) {
	t.Parallel()
	c := Default()
	c.Database = DB{Driver: "postgres", DSN: "postgres://ccroom:ab#c/d?e f%@db.example/ccroom"}
	out, err := c.Redacted().YAML()
	if err != nil {
		t.Fatal(err)
	}
	if text := string(out); strings.Contains(text, "ab#c") || !strings.Contains(text, "postgres://ccroom:***@db.example/ccroom") {
		t.Errorf("dsn not masked in\n%s", text)
	}
}

func TestYAMLLoadsBack(t *testing.T) {
	t.Parallel()
	c := mustLoad(t, `
rules:
  buffer: 1h30m
  closed_dates: ["2026-12-25"]
  closed_weekdays: [sunday]
rooms:
  - id: aula
    name: Aula "Lantai 2"
    capacity: 120
    equipment: {projector: 2}
  - id: bare
    name: Bare
    capacity: 4
`, nil)
	out, err := c.YAML()
	if err != nil {
		t.Fatal(err)
	}
	back := mustLoad(t, string(out), nil)
	back.File, c.File = "", ""
	if !reflect.DeepEqual(back, c) {
		t.Errorf("round trip changed the config:\n%s\ngot  %+v\nwant %+v", out, back, c)
	}
	for _, want := range []string{"buffer: 1h30m\n", "max_duration: 12h\n", "forward: 5m\n", "equipment: {}\n"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("%q missing from\n%s", want, out)
		}
	}
}

func TestFormatDuration(t *testing.T) {
	t.Parallel()
	for d, want := range map[string]string{"0s": "0s", "5m": "5m", "12h": "12h", "1h30m": "1h30m", "90s": "1m30s", "1h0m5s": "1h0m5s"} {
		if got := formatDuration(mustDuration(t, d)); got != want {
			t.Errorf("formatDuration(%s) = %q, want %q", d, got, want)
		}
	}
}
