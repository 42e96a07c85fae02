package daemon

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/calendar/google"
	"github.com/pelalawan/ccroom/calendar/ical"
	"github.com/pelalawan/ccroom/config"
	"github.com/pelalawan/ccroom/office"
)

// HolidayInterval is how often the holidays of rules.holidays are read
// again: an ICS file may be replaced, a holiday calendar gets next year's.
const HolidayInterval = 6 * time.Hour

// holidaySource reads the holidays of rules.holidays.
type holidaySource struct {
	name string // office.ImportHolidays's source
	read func(ctx context.Context) ([]booking.Holiday, error)
}

// newHolidaySource makes the source of rules.holidays: an ICS file (an
// existing file, or a value ending in .ics) or the id of a Google calendar
// of holidays, read with the google section's credentials.
func newHolidaySource(ctx context.Context, cfg *config.Config, loc *time.Location) (*holidaySource, error) {
	v := cfg.Rules.Holidays
	if config.HolidaysFromFile(v) {
		name, err := ical.HolidayFileSource(v)
		if err != nil {
			return nil, err
		}
		return &holidaySource{name: name, read: func(context.Context) ([]booking.Holiday, error) {
			f, err := os.Open(v)
			if err != nil {
				return nil, err
			}
			defer f.Close()
			return ical.ReadHolidays(f, loc)
		}}, nil
	}
	r, err := google.ConnectHolidays(ctx, cfg, v, nil)
	if err != nil {
		return nil, err
	}
	return &holidaySource{name: r.Source(), read: func(ctx context.Context) ([]booking.Holiday, error) {
		from, to := google.HolidayWindow(time.Now(), loc)
		return r.Holidays(ctx, from, to, loc)
	}}, nil
}

// startHolidays imports the holidays of rules.holidays now and every
// HolidayInterval. A read that fails is logged and keeps the list of the
// last one that worked (an empty list would reopen every date).
func startHolidays(ctx context.Context, wg *sync.WaitGroup, cfg *config.Config, off *office.Office, log *slog.Logger) {
	if cfg.Rules.Holidays == "" {
		return
	}
	log = log.With(slog.String("holidays", cfg.Rules.Holidays))
	src, err := newHolidaySource(ctx, cfg, off.Location())
	if err != nil {
		log.Error("holidays: cannot read them", slog.Any("err", err))
		return
	}
	wg.Go(func() {
		t := time.NewTicker(HolidayInterval)
		defer t.Stop()
		for {
			if err := importHolidays(ctx, src, off, log); err != nil && ctx.Err() == nil {
				log.Error("holidays: import", slog.Any("err", err))
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	})
}

// importHolidays reads src and imports what it holds.
func importHolidays(ctx context.Context, src *holidaySource, off *office.Office, log *slog.Logger) error {
	list, err := src.read(ctx)
	if err != nil {
		return err
	}
	if len(list) == 0 {
		return fmt.Errorf("%s holds no holiday; the list imported before is kept", src.name)
	}
	changed, w, err := off.ImportHolidays(ctx, src.name, list)
	if err != nil {
		return err
	}
	if len(changed) > 0 {
		log.Info("holidays: imported", slog.Int("holidays", len(list)), slog.Int("dates_changed", len(changed)),
			slog.Int("conflicts_opened", len(w.Opened)), slog.Int("conflicts_closed", len(w.Closed)))
	}
	return nil
}
