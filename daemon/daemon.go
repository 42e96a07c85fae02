// Package daemon wires ccroom together from its Config and runs it: the store,
// the office, the web server and the background workers, started in that order
// and stopped in the reverse one (HTTP drained first, workers next, the
// database last).
package daemon

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/pelalawan/ccroom/config"
	"github.com/pelalawan/ccroom/office"
	"github.com/pelalawan/ccroom/store"
	"github.com/pelalawan/ccroom/web"
)

// ShutdownTimeout bounds how long open HTTP requests may take to finish after
// SIGTERM before their connections are closed.
const ShutdownTimeout = 10 * time.Second

// serveHTTP serves srv on ln until it is shut down: HTTPS (HTTP/2 negotiated)
// with the TLS key pair when one is configured, else plain HTTP on the
// site's listener wrapper.
func serveHTTP(srv *http.Server, site *web.Server, ln net.Listener, t config.TLS) error {
	if t.Enabled() {
		return srv.ServeTLS(ln, t.CertFile, t.KeyFile)
	}
	return srv.Serve(site.Listener(ln))
}

// Open builds the office from cfg over a freshly opened store. The caller
// closes the store. Commands that need the procedure without the web server
// (the CLI) use it too.
func Open(ctx context.Context, cfg *config.Config, reg prometheus.Registerer) (*office.Office, store.Store, error) {
	st, err := store.Open(ctx, cfg.Database.Driver, cfg.Database.DSN)
	if err != nil {
		return nil, nil, fmt.Errorf("open database: %w", err)
	}
	secret, err := config.LoadOrCreateSecret(cfg)
	if err != nil {
		st.Close()
		return nil, nil, err
	}
	rules, err := cfg.BookingRules()
	if err != nil {
		st.Close()
		return nil, nil, err
	}
	opt := office.Options{
		Store: st, Rules: rules, Rooms: cfg.BookingRooms(), Standards: cfg.BookingStandards(), Secret: secret,
		ConflictStandard: cfg.Conflicts.Standard,
	}
	if reg != nil {
		opt.Metrics = office.NewMetrics(reg)
	}
	off := office.New(opt)
	if err := off.RefreshHolidays(ctx); err != nil {
		st.Close()
		return nil, nil, fmt.Errorf("read holidays: %w", err)
	}
	// A command's transitions (a holiday import that opens conflicts)
	// enqueue the same email and Google jobs as the daemon's, for its
	// workers to send; Serve installs the planners that also wake them.
	st.SetJobPlanner(outboundPlanner(cfg))
	return off, st, nil
}

// Run serves until ctx is cancelled (SIGTERM, SIGINT), then shuts down:
// HTTP first (open requests get ShutdownTimeout), then the workers, then the
// database. It returns the first error that stopped it.
func Run(ctx context.Context, cfg *config.Config, log *slog.Logger) error {
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Listen, err)
	}
	return Serve(ctx, cfg, log, ln)
}

// Serve is Run on a listener the caller opened (tests listen on port 0). It
// closes ln.
func Serve(ctx context.Context, cfg *config.Config, log *slog.Logger, ln net.Listener) error {
	defer ln.Close()
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	off, st, err := Open(ctx, cfg, reg)
	if err != nil {
		return err
	}
	defer st.Close()
	proxies, err := cfg.Proxies() // Validate checked them
	if err != nil {
		return err
	}
	site := web.New(web.Options{Office: off, Store: st, Registry: reg, Logger: log, BaseURL: cfg.BaseURL,
		Feeds: feedOptions(cfg), OfficeName: cfg.Office.Name, Documents: cfg.Office,
		Sessions:       web.SessionOptions{IdleTimeout: cfg.Sessions.IdleTimeout, Lifetime: cfg.Sessions.Lifetime},
		TrustedProxies: proxies})
	srv := site.HTTPServer(log)
	log.Info("ccroom serving", slog.String("listen", ln.Addr().String()), slog.Bool("tls", cfg.TLS.Enabled()),
		slog.String("database", cfg.Database.Driver), slog.String("base_url", cfg.BaseURL))

	workCtx, stopWorkers := context.WithCancel(context.WithoutCancel(ctx))
	var workers sync.WaitGroup
	// The integrations first: they install the planner that enqueues the
	// email and Google jobs of every transition, the expiries included.
	if err := startIntegrations(workCtx, &workers, cfg, off, st, reg, log); err != nil {
		stopWorkers()
		workers.Wait()
		return err
	}
	startWorkers(workCtx, &workers, cfg, off, log)

	served := make(chan error, 1)
	go func() { served <- serveHTTP(srv, site, ln, cfg.TLS) }()
	select {
	case err = <-served:
	case <-ctx.Done():
		log.Info("ccroom shutting down")
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), ShutdownTimeout)
		err = srv.Shutdown(sctx)
		cancel()
		if err != nil { // requests still open: cut them before the database closes
			srv.Close()
		}
		// A shutdown that came before Serve took the listener leaves Serve
		// to accept on it: closing it ends Serve in every case.
		ln.Close()
		if served := <-served; !errors.Is(served, http.ErrServerClosed) && err == nil {
			err = served
		}
	}
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	stopWorkers()
	workers.Wait()
	log.Info("ccroom stopped")
	return err
}
