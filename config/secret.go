package config

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// SecretFile is the name, under data_dir, of the generated signing key.
const SecretFile = "secret"

// LoadOrCreateSecret returns the key that signs links and tokens: the secret
// key when it is set, else the contents of data_dir/secret, which it creates
// (mode 0600, 32 random bytes written as 64 hex digits) when missing. The file
// is created atomically, so two processes starting at once agree on one key.
// The key is the text as written, so copying the file's contents into the
// secret key gives the same key.
func LoadOrCreateSecret(cfg *Config) ([]byte, error) {
	if cfg.Secret != "" {
		return []byte(cfg.Secret), nil
	}
	path := filepath.Join(cfg.DataDir, SecretFile)
	key, err := readSecret(path)
	if errors.Is(err, fs.ErrNotExist) {
		if err := createSecret(cfg.DataDir, path); err != nil {
			return nil, err
		}
		key, err = readSecret(path)
	}
	return key, err
}

// readSecret reads the key in path and refuses one too short to sign with.
func readSecret(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("config: read secret: %w", err)
	}
	key := bytes.TrimSpace(b)
	if len(key) < minSecret {
		return nil, fmt.Errorf("config: secret in %s is too short: %d bytes (want at least %d; delete the file to have a new one made)",
			path, len(key), minSecret)
	}
	return key, nil
}

// createSecret writes a new random key to path unless another process did
// first: the key goes to a temporary file that is then linked into place,
// which fails, harmlessly, when path exists.
func createSecret(dir, path string) error {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return fmt.Errorf("config: create data_dir: %w", err)
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return fmt.Errorf("config: generate secret: %w", err)
	}
	tmp, err := os.CreateTemp(dir, ".secret-*") // created with mode 0600
	if err != nil {
		return fmt.Errorf("config: create secret: %w", err)
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.WriteString(hex.EncodeToString(raw) + "\n")
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("config: write secret: %w", err)
	}
	if err := os.Link(tmp.Name(), path); err != nil && !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("config: create secret: %w", err)
	}
	return nil
}
