// Command seed fills a ccroom database with bookings for the feed benchmark
// (bench/feeds.sh): it opens the office on the configured database, as the CLI
// does, creates three officials and takes N requests through the SOP with
// them. Run it before the daemon starts.
//
//	go run ./bench/seed -config DIR/ccroom.yaml -n 2000
//
// The bookings are spread over the coming days, seven a day between 07:00 and
// 17:00 office time, one hour each: 85% approved, 10% still in the chain
// (TENTATIVE in the feeds), 5% cancelled; every other one private. The config
// must allow them: rules.lead_days 0 (the first is tomorrow) and a horizon
// that reaches the last day.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/config"
	"github.com/pelalawan/ccroom/daemon"
	"github.com/pelalawan/ccroom/office"
)

func main() {
	file := flag.String("config", "", "ccroom config file (the daemon's)")
	n := flag.Int("n", 2000, "bookings to create")
	flag.Parse()
	if err := seed(context.Background(), *file, *n); err != nil {
		fmt.Fprintln(os.Stderr, "seed:", err)
		os.Exit(1)
	}
}

// titles are Indonesian event names, some with characters outside ASCII.
var titles = []string{
	"Rapat Koordinasi Percepatan Penurunan Stunting",
	"Bimbingan Teknis Sistem Pemerintahan Berbasis Elektronik (SPBE)",
	"Video Conference dengan Kementerian Dalam Negeri — Evaluasi Kinerja",
	"Musyawarah Perencanaan Pembangunan «Musrenbang» Kecamatan",
	"Sosialisasi Aplikasi Srikandi untuk Perangkat Daerah",
	"Rapat Evaluasi Realisasi Anggaran Triwulan III",
	"Pelatihan Keamanan Informasi bagi Admin Jaringan",
}

var organizations = []string{
	"Dinas Kesehatan", "Bappeda", "Sekretariat Daerah", "Dinas Pendidikan",
	"Badan Keuangan Daerah", "Diskominfo", "Dinas Pekerjaan Umum",
}

// step is one SOP step: who takes which action.
type step struct {
	role     booking.Role
	action   booking.Action
	decision booking.Decision
}

func seed(ctx context.Context, file string, n int) error {
	cfg, err := config.Load(config.Options{File: file})
	if err != nil {
		return err
	}
	off, st, err := daemon.Open(ctx, cfg, nil)
	if err != nil {
		return err
	}
	defer st.Close()

	actors := map[booking.Role]booking.Actor{}
	for _, role := range []booking.Role{booking.RoleSecretary, booking.RoleHead, booking.RoleKabid} {
		email := "bench-" + string(role) + "@diskominfo.example.go.id"
		u, err := off.AddUser(ctx, office.NewUser{Email: email, Name: "Bench " + string(role),
			Grants: []booking.Grant{{Role: role}}})
		if err != nil {
			return err
		}
		actors[role] = off.ActorFor(u)
	}
	act := func(id int64, role booking.Role, action booking.Action, decision booking.Decision) error {
		_, err := off.Act(ctx, id, booking.Act{Action: action, Decision: decision, Actor: actors[role]})
		return err
	}

	loc := off.Location()
	today := time.Now().In(loc)
	began := time.Now()
	counts := map[string]int{}
	for i := range n {
		day, slot := 1+i/7, i%7
		start := time.Date(today.Year(), today.Month(), today.Day()+day, 7, 0, 0, 0, loc).
			Add(time.Duration(slot) * 90 * time.Minute)
		vis := booking.VisibilityPublic
		if i%2 == 1 {
			vis = booking.VisibilityPrivate
		}
		r := booking.Request{
			Room: booking.DefaultRoom().ID, Title: fmt.Sprintf("%s #%d", titles[i%len(titles)], i+1),
			Organization: organizations[i%len(organizations)],
			ContactName:  fmt.Sprintf("Pemohon %d", i+1), ContactEmail: fmt.Sprintf("pemohon%d@opd.example.go.id", i+1),
			ContactPhone: fmt.Sprintf("0812-7000-%04d", i+1), Start: start, End: start.Add(time.Hour),
			Participants: 10 + i%40, Equipment: []booking.Need{{Name: "computer", Count: 1}},
			Visibility: vis, LetterNumber: fmt.Sprintf("005/BENCH/%d/2026", i+1),
		}
		sub, err := off.Submit(ctx, r, "", nil)
		if err != nil {
			return fmt.Errorf("booking %d at %s: %w", i+1, start.Format(time.RFC3339), err)
		}
		id := sub.Request.ID
		steps := []step{
			{booking.RoleSecretary, booking.ActionForward, ""},
			{booking.RoleHead, booking.ActionDispose, ""},
			{booking.RoleKabid, booking.ActionCheck, booking.DecisionAvailable},
			{booking.RoleHead, booking.ActionRelay, ""},
			{booking.RoleSecretary, booking.ActionInform, ""},
		}
		state := "approved"
		switch {
		case i%20 == 3: // 5%: cancelled after the secretary forwarded it
			steps = append(steps[:1], step{booking.RoleSecretary, booking.ActionCancel, ""})
			state = "cancelled"
		case i%10 == 5: // 10%: still with the head
			steps = steps[:1]
			state = "pending"
		}
		for _, s := range steps {
			if err := act(id, s.role, s.action, s.decision); err != nil {
				return fmt.Errorf("booking %d: %s: %w", i+1, s.action, err)
			}
		}
		counts[state]++
	}
	fmt.Printf("seeded %d bookings in %s: %d approved, %d pending, %d cancelled\n",
		n, time.Since(began).Round(time.Millisecond), counts["approved"], counts["pending"], counts["cancelled"])
	return nil
}
