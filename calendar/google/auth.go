package google

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"golang.org/x/oauth2"
	googleauth "golang.org/x/oauth2/google"
	calendar "google.golang.org/api/calendar/v3"
	"google.golang.org/api/option"

	"github.com/pelalawan/ccroom/config"
)

// Scopes are what ccroom asks for: the events, and reading the calendar's
// name and time zone.
var Scopes = []string{calendar.CalendarEventsScope, calendar.CalendarReadonlyScope}

// TokenFile is where the OAuth token of `ccroom google login` is kept.
func TokenFile(cfg *config.Config) string {
	if cfg.Google.TokenFile != "" {
		return cfg.Google.TokenFile
	}
	return filepath.Join(cfg.DataDir, "google-token.json")
}

// Auth returns the client options that reach and authenticate to the
// calendar of cfg:
//   - google.endpoint without credentials_file: that endpoint, no
//     authentication (tests, the fake);
//   - a service account key: its credentials, acting as google.subject when
//     set (domain-wide delegation);
//   - an OAuth client ("installed" app): the token `ccroom google login`
//     saved in TokenFile;
//   - an authorized_user file (gcloud): its credentials.
func Auth(ctx context.Context, cfg *config.Config) ([]option.ClientOption, error) {
	g := cfg.Google
	var opts []option.ClientOption
	if g.Endpoint != "" {
		opts = append(opts, option.WithEndpoint(g.Endpoint))
		if g.CredentialsFile == "" {
			return append(opts, option.WithoutAuthentication()), nil
		}
	}
	if g.CredentialsFile == "" {
		return nil, errors.New("google: google.credentials_file is not set")
	}
	data, err := os.ReadFile(g.CredentialsFile)
	if err != nil {
		return nil, fmt.Errorf("google: credentials: %w", err)
	}
	var kind struct {
		Type      string          `json:"type"`
		Installed json.RawMessage `json:"installed"`
		Web       json.RawMessage `json:"web"`
	}
	if err := json.Unmarshal(data, &kind); err != nil {
		return nil, fmt.Errorf("google: credentials %s: %w", g.CredentialsFile, err)
	}
	switch {
	case kind.Type == "service_account" && g.Subject != "":
		jwt, err := googleauth.JWTConfigFromJSON(data, Scopes...)
		if err != nil {
			return nil, fmt.Errorf("google: service account: %w", err)
		}
		jwt.Subject = g.Subject
		return append(opts, option.WithTokenSource(jwt.TokenSource(ctx))), nil
	case kind.Type == "service_account":
		return append(opts, option.WithAuthCredentialsFile(option.ServiceAccount, g.CredentialsFile),
			option.WithScopes(Scopes...)), nil
	case kind.Type == "authorized_user":
		return append(opts, option.WithAuthCredentialsFile(option.AuthorizedUser, g.CredentialsFile),
			option.WithScopes(Scopes...)), nil
	case kind.Installed != nil || kind.Web != nil:
		ts, err := savedToken(ctx, data, TokenFile(cfg))
		if err != nil {
			return nil, err
		}
		return append(opts, option.WithTokenSource(ts)), nil
	}
	return nil, fmt.Errorf("google: credentials %s: neither a service account key nor an OAuth client", g.CredentialsFile)
}

// savedToken returns a token source over the token saved by Login.
func savedToken(ctx context.Context, client []byte, file string) (oauth2.TokenSource, error) {
	conf, err := googleauth.ConfigFromJSON(client, Scopes...)
	if err != nil {
		return nil, fmt.Errorf("google: OAuth client: %w", err)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("google: no OAuth token (run `ccroom google login`): %w", err)
	}
	var tok oauth2.Token
	if err := json.Unmarshal(data, &tok); err != nil {
		return nil, fmt.Errorf("google: OAuth token %s: %w", file, err)
	}
	return conf.TokenSource(ctx, &tok), nil
}

// Connect builds the Client for cfg, with metrics when m is not nil.
func Connect(ctx context.Context, cfg *config.Config, m *Metrics) (*Client, error) {
	return NewClient(ctx, ClientOptions{
		CalendarID: cfg.Google.CalendarID,
		Auth:       func(ctx context.Context) ([]option.ClientOption, error) { return Auth(ctx, cfg) },
		Metrics:    m,
	})
}
