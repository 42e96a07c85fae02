package booking

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func TestCheckRules(t *testing.T) {
	tests := []struct {
		name   string
		edit   func(*Candidate, *Rules, *time.Time)
		want   []Code
		inText string // a part of the first violation's message
	}{
		{"valid", func(*Candidate, *Rules, *time.Time) {}, nil, ""},
		{"lead time: exactly 3 days by date", func(c *Candidate, _ *Rules, _ *time.Time) {
			c.Start, c.End = wib(t, 2026, 11, 28, 8, 0), wib(t, 2026, 11, 28, 9, 0)
		}, nil, ""},
		{"lead time: the day before", func(c *Candidate, _ *Rules, _ *time.Time) {
			c.Start, c.End = wib(t, 2026, 11, 27, 15, 0), wib(t, 2026, 11, 27, 16, 0)
		}, []Code{CodeLeadTime}, "paling lambat 3 hari sebelum pemakaian (tanggal paling awal: 28-11-2026)"},
		{"lead time: working days skip the weekend", func(c *Candidate, r *Rules, now *time.Time) {
			r.WorkingDays = true
			*now = wib(t, 2026, 11, 27, 9, 0) // Friday: Mon 30, Tue 1, Wed 2
			c.Start, c.End = wib(t, 2026, 12, 1, 10, 0), wib(t, 2026, 12, 1, 11, 0)
		}, []Code{CodeLeadTime}, "3 hari kerja sebelum pemakaian (tanggal paling awal: 02-12-2026)"},
		{"lead time: working days, the first allowed", func(c *Candidate, r *Rules, now *time.Time) {
			r.WorkingDays = true
			*now = wib(t, 2026, 11, 27, 9, 0)
			c.Start, c.End = wib(t, 2026, 12, 2, 10, 0), wib(t, 2026, 12, 2, 11, 0)
		}, nil, ""},
		{"lead time: working days skip a closed date", func(c *Candidate, r *Rules, _ *time.Time) {
			r.WorkingDays = true // from Wed 25: Thu 26, Fri 27, (Mon 30 closed), Tue 1
			r.ClosedDates = append(r.ClosedDates, wib(t, 2026, 11, 30, 0, 0))
			c.Start, c.End = wib(t, 2026, 11, 28, 10, 0), wib(t, 2026, 11, 28, 11, 0)
		}, []Code{CodeLeadTime}, "tanggal paling awal: 01-12-2026"},
		{"lead time zero: the past", func(c *Candidate, r *Rules, _ *time.Time) {
			r.LeadDays = 0
			c.Start, c.End = wib(t, 2026, 11, 25, 9, 0), wib(t, 2026, 11, 25, 11, 0)
		}, []Code{CodeLeadTime}, "sudah lewat"},
		{"lead time zero: later today", func(c *Candidate, r *Rules, _ *time.Time) {
			r.LeadDays = 0
			c.Start, c.End = wib(t, 2026, 11, 25, 13, 0), wib(t, 2026, 11, 25, 14, 0)
		}, nil, ""},
		{"capacity: full", func(c *Candidate, _ *Rules, _ *time.Time) { c.Participants = 50 }, nil, ""},
		{"capacity: one too many", func(c *Candidate, _ *Rules, _ *time.Time) { c.Participants = 51 },
			[]Code{CodeCapacity}, "melebihi kapasitas Ruang Pelalawan Command Center (50 orang)"},
		{"equipment: unknown", func(c *Candidate, _ *Rules, _ *time.Time) {
			c.Equipment = []Need{{Name: "projector", Count: 1}}
		}, []Code{CodeEquipment}, "\"projector\" tidak tersedia"},
		{"equipment: too many", func(c *Candidate, _ *Rules, _ *time.Time) {
			c.Equipment = []Need{{Name: "computer", Count: 11}}
		}, []Code{CodeEquipment}, "diminta 11 unit, sedangkan yang tersedia 10 unit"},
		{"equipment: all in stock", func(c *Candidate, _ *Rules, _ *time.Time) {
			c.Equipment = []Need{{Name: "computer", Count: 10}, {Name: "sound-system", Count: 1}}
		}, nil, ""},
		{"equipment: named twice, added", func(c *Candidate, _ *Rules, _ *time.Time) {
			c.Equipment = []Need{{Name: "computer", Count: 6}, {Name: "computer", Count: 5}}
		}, []Code{CodeEquipment}, "diminta 11 unit"},
		{"equipment: count zero", func(c *Candidate, _ *Rules, _ *time.Time) {
			c.Equipment = []Need{{Name: "computer", Count: 0}}
		}, []Code{CodeEquipment}, "paling sedikit 1"},
		{"duration: too short", func(c *Candidate, r *Rules, _ *time.Time) {
			r.MinDuration = 30 * time.Minute
			c.End = c.Start.Add(15 * time.Minute)
		}, []Code{CodeDuration}, "paling singkat 30 menit"},
		{"duration: too long", func(c *Candidate, r *Rules, _ *time.Time) {
			r.MaxDuration, r.Close = 4*time.Hour, 24*time.Hour
			c.End = c.Start.Add(4*time.Hour + 30*time.Minute)
		}, []Code{CodeDuration}, "paling lama 4 jam"},
		{"duration: at the limits", func(c *Candidate, r *Rules, _ *time.Time) {
			r.MinDuration, r.MaxDuration = 2*time.Hour, 2*time.Hour
		}, nil, ""},
		{"hours: exactly open to close", func(c *Candidate, _ *Rules, _ *time.Time) {
			c.Start, c.End = wib(t, 2026, 12, 1, 8, 0), wib(t, 2026, 12, 1, 17, 0)
		}, nil, ""},
		{"hours: starts before opening", func(c *Candidate, _ *Rules, _ *time.Time) {
			c.Start = wib(t, 2026, 12, 1, 7, 45)
		}, []Code{CodeHours}, "pukul 08:00-17:00 WIB"},
		{"hours: ends after closing", func(c *Candidate, _ *Rules, _ *time.Time) {
			c.Start, c.End = wib(t, 2026, 12, 1, 16, 0), wib(t, 2026, 12, 1, 17, 15)
		}, []Code{CodeHours}, ""},
		{"hours: open all day, but not past midnight", func(c *Candidate, r *Rules, _ *time.Time) {
			r.Open, r.Close = 0, 24*time.Hour
			c.Start, c.End = wib(t, 2026, 12, 1, 22, 0), wib(t, 2026, 12, 2, 1, 0)
		}, []Code{CodeHours}, "00:00-24:00"},
		{"hours: none set, past midnight", func(c *Candidate, r *Rules, _ *time.Time) {
			r.Open, r.Close = 0, 0
			c.Start, c.End = wib(t, 2026, 12, 1, 22, 0), wib(t, 2026, 12, 2, 1, 0)
		}, nil, ""},
		{"closed: a holiday", func(c *Candidate, _ *Rules, _ *time.Time) {
			c.Start, c.End = wib(t, 2026, 12, 25, 10, 0), wib(t, 2026, 12, 25, 12, 0)
		}, []Code{CodeClosed}, "Ruang tutup pada 25-12-2026."},
		{"closed: a Sunday", func(c *Candidate, _ *Rules, _ *time.Time) {
			c.Start, c.End = wib(t, 2026, 12, 6, 10, 0), wib(t, 2026, 12, 6, 12, 0)
		}, []Code{CodeClosed}, "06-12-2026"},
		{"closed: running into a holiday", func(c *Candidate, r *Rules, _ *time.Time) {
			r.Open, r.Close = 0, 0
			c.Start, c.End = wib(t, 2026, 12, 24, 22, 0), wib(t, 2026, 12, 25, 1, 0)
		}, []Code{CodeClosed}, "24-12-2026"},
		{"horizon: the last day", func(c *Candidate, _ *Rules, _ *time.Time) {
			c.Start, c.End = wib(t, 2027, 5, 24, 10, 0), wib(t, 2027, 5, 24, 12, 0)
		}, nil, ""},
		{"horizon: a day beyond", func(c *Candidate, _ *Rules, _ *time.Time) {
			c.Start, c.End = wib(t, 2027, 5, 25, 10, 0), wib(t, 2027, 5, 25, 12, 0)
		}, []Code{CodeHorizon}, "paling jauh 180 hari ke depan (sampai 24-05-2027)"},
		{"invalid: end before start", func(c *Candidate, _ *Rules, _ *time.Time) { c.End = c.Start },
			[]Code{CodeInvalid}, "Waktu selesai harus setelah waktu mulai."},
		{"invalid: no start", func(c *Candidate, _ *Rules, _ *time.Time) { c.Start = time.Time{} },
			[]Code{CodeInvalid}, "Waktu mulai wajib diisi."},
		{"invalid: no participants", func(c *Candidate, _ *Rules, _ *time.Time) { c.Participants = 0 },
			[]Code{CodeInvalid}, "peserta paling sedikit 1"},
		{"invalid: recurrence", func(c *Candidate, _ *Rules, _ *time.Time) { c.Recurrence = "FREQ=WEEKLY;INTERVAL=0" },
			[]Code{CodeInvalid}, "INTERVAL untuk FREQ=WEEKLY harus antara 1 dan 52"},
		{"several at once", func(c *Candidate, _ *Rules, _ *time.Time) {
			c.Participants = 60
			c.Start, c.End = wib(t, 2026, 11, 26, 7, 0), wib(t, 2026, 11, 26, 9, 0)
		}, []Code{CodeLeadTime, CodeCapacity, CodeHours}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, rules, now := candidate(t), testRules(t), testNow(t)
			tt.edit(&c, &rules, &now)
			rep := Check(c, NewSchedule(nil), rules, now)
			if got := codes(rep.Violations); !slices.Equal(got, tt.want) {
				t.Fatalf("codes %v, want %v (%+v)", got, tt.want, rep.Violations)
			}
			if rep.Available() != (len(tt.want) == 0) {
				t.Errorf("Available() = %v", rep.Available())
			}
			if tt.inText != "" && !strings.Contains(rep.Violations[0].Message, tt.inText) {
				t.Errorf("message %q lacks %q", rep.Violations[0].Message, tt.inText)
			}
		})
	}
}

func TestCheckZeroRulesDoNotPanic(t *testing.T) {
	c := candidate(t)
	c.Recurrence = "FREQ=DAILY"
	rep := Check(c, nil, Rules{}, testNow(t))
	if !rep.Available() || len(rep.Suggestions) != 0 {
		t.Errorf("zero rules: %+v", rep.Violations)
	}
	rep = Check(Candidate{}, nil, Rules{}, time.Time{})
	if got := codes(rep.Violations); !slices.Equal(got, []Code{CodeInvalid, CodeInvalid}) {
		t.Errorf("empty candidate: %v", got)
	}
}

func TestCheckEnglish(t *testing.T) {
	c := candidate(t)
	c.Language, c.Participants = "en", 51
	rep := Check(c, nil, testRules(t), testNow(t))
	want := "The 51 participants exceed the capacity of Ruang Pelalawan Command Center (50 people)."
	if len(rep.Violations) != 1 || rep.Violations[0].Message != want {
		t.Errorf("got %+v, want %q", rep.Violations, want)
	}
}

func TestCheckAbsurdRulesStayFinite(t *testing.T) {
	rules := Rules{Location: jakarta(t), LeadDays: 1 << 40, HorizonDays: 1 << 40, Buffer: 1 << 62,
		Open: -time.Hour, Close: 1 << 62, Suggestions: 1 << 30, WorkingDays: true}
	c := candidate(t)
	cal := NewSchedule([]Busy{booked(1, "A", c.Start, c.End)})
	rep := Check(c, cal, rules, testNow(t))
	if rep.Available() || len(rep.Suggestions) > maxSuggestions {
		t.Errorf("report %+v", rep)
	}
}
