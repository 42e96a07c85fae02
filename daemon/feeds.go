package daemon

import (
	"time"

	"github.com/pelalawan/ccroom/config"
	"github.com/pelalawan/ccroom/web"
)

// feedOptions are the web server's feed settings from the config's feeds
// section; the feeds speak the office's language (mail.language).
func feedOptions(cfg *config.Config) web.FeedOptions {
	f := cfg.Feeds
	return web.FeedOptions{
		Tentative:     f.ShowTentative,
		KeepCancelled: time.Duration(f.CancelledDays) * 24 * time.Hour,
		PastDays:      f.PastDays,
		FutureDays:    f.FutureDays,
		UIDDomain:     f.UIDDomain,
		Language:      cfg.Mail.Language,
		MaxAge:        time.Duration(f.CacheSeconds) * time.Second,
	}
}
