package config

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func mustDuration(t *testing.T, s string) time.Duration {
	t.Helper()
	d, err := time.ParseDuration(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestSecretFromConfig(t *testing.T) {
	t.Parallel()
	c := Default()
	c.DataDir = t.TempDir()
	c.Secret = strings.Repeat("x", 32)
	key, err := LoadOrCreateSecret(c)
	if err != nil || string(key) != c.Secret {
		t.Fatalf("key %q err %v", key, err)
	}
	if _, err := os.Stat(filepath.Join(c.DataDir, SecretFile)); !os.IsNotExist(err) {
		t.Errorf("a secret file was written: %v", err)
	}
}

func TestSecretCreatedOnceAndKept(t *testing.T) {
	t.Parallel()
	c := Default()
	c.DataDir = filepath.Join(t.TempDir(), "data")
	keys := make([][]byte, 8)
	var wg sync.WaitGroup
	for i := range keys {
		wg.Go(func() {
			key, err := LoadOrCreateSecret(c)
			if err != nil {
				t.Error(err)
			}
			keys[i] = key
		})
	}
	wg.Wait()
	for _, k := range keys[1:] {
		if !bytes.Equal(k, keys[0]) {
			t.Fatalf("processes disagree: %q %q", keys[0], k)
		}
	}
	if len(keys[0]) != 64 {
		t.Errorf("key %q, want 64 hex digits", keys[0])
	}
	path := filepath.Join(c.DataDir, SecretFile)
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", st.Mode().Perm())
	}
	again, err := LoadOrCreateSecret(c)
	if err != nil || !bytes.Equal(again, keys[0]) {
		t.Errorf("second start: key %q err %v", again, err)
	}
	if left, _ := filepath.Glob(filepath.Join(c.DataDir, ".secret-*")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

func TestSecretFileTooShort(t *testing.T) {
	t.Parallel()
	c := Default()
	c.DataDir = t.TempDir()
	if err := os.WriteFile(filepath.Join(c.DataDir, SecretFile), []byte("abc\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadOrCreateSecret(c); err == nil || !strings.Contains(err.Error(), "too short") {
		t.Errorf("err = %v", err)
	}
}
