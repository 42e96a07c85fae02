package daemon

import (
	"context"
	"log/slog"
	"sync"

	"github.com/pelalawan/ccroom/config"
	"github.com/pelalawan/ccroom/office"
)

// startHolidays imports the holidays of rules.holidays (wired when the
// holiday readers land).
func startHolidays(ctx context.Context, wg *sync.WaitGroup, cfg *config.Config, off *office.Office, log *slog.Logger) {
	if cfg.Rules.Holidays == "" {
		return
	}
	log.Warn("holidays: source not wired yet", slog.String("source", cfg.Rules.Holidays))
}
