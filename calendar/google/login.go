package google

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"

	"golang.org/x/oauth2"
	googleauth "golang.org/x/oauth2/google"
)

// LoginConfig reads the OAuth client of an installed app (the JSON file
// Google Cloud Console gives for a "Desktop app" client).
func LoginConfig(clientFile string) (*oauth2.Config, error) {
	data, err := os.ReadFile(clientFile)
	if err != nil {
		return nil, fmt.Errorf("google: OAuth client: %w", err)
	}
	conf, err := googleauth.ConfigFromJSON(data, Scopes...)
	if err != nil {
		return nil, fmt.Errorf("google: OAuth client %s: %w", clientFile, err)
	}
	return conf, nil
}

// Login runs the OAuth installed-app flow with a loopback redirect: it
// listens on 127.0.0.1 on a random port, shows the consent URL with show
// (the user opens it in a browser), waits for Google's redirect, exchanges
// the code (PKCE) and writes the token to tokenFile with mode 0600.
func Login(ctx context.Context, conf *oauth2.Config, tokenFile string, show func(url string)) error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("google login: %w", err)
	}
	defer ln.Close()
	c := *conf
	c.RedirectURL = "http://" + ln.Addr().String() + "/"
	state, verifier := rand.Text(), oauth2.GenerateVerifier()
	codes := make(chan string, 1)
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if q.Get("state") != state || q.Get("code") == "" {
			http.Error(w, "ccroom: not the answer this login waits for", http.StatusBadRequest)
			return
		}
		fmt.Fprintln(w, "ccroom is connected to Google Calendar. You may close this tab.")
		select {
		case codes <- q.Get("code"):
		default:
		}
	})}
	go func() { _ = srv.Serve(ln) }()
	defer srv.Close()
	show(c.AuthCodeURL(state, oauth2.AccessTypeOffline, oauth2.ApprovalForce, oauth2.S256ChallengeOption(verifier)))
	var code string
	select {
	case code = <-codes:
	case <-ctx.Done():
		return fmt.Errorf("google login: %w", ctx.Err())
	}
	tok, err := c.Exchange(ctx, code, oauth2.VerifierOption(verifier))
	if err != nil {
		return fmt.Errorf("google login: exchange the code: %w", err)
	}
	return saveToken(tokenFile, tok)
}

// saveToken writes tok to file with mode 0600, atomically.
func saveToken(file string, tok *oauth2.Token) error {
	if tok.RefreshToken == "" {
		return errors.New("google login: Google sent no refresh token")
	}
	data, err := json.MarshalIndent(tok, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(file), 0o700); err != nil {
		return fmt.Errorf("google login: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(file), ".google-token-*")
	if err != nil {
		return fmt.Errorf("google login: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return fmt.Errorf("google login: %w", err)
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("google login: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("google login: %w", err)
	}
	if err := os.Rename(tmp.Name(), file); err != nil {
		return fmt.Errorf("google login: %w", err)
	}
	return nil
}
