package e2e

// A real ccroom process for the crash tests: the binary built once from
// cmd/ccroom, run as `ccroom serve` on its own data directory and loopback
// port, driven through its HTTP API and CLI, killed with SIGKILL and started
// again on the same data.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pelalawan/ccroom/booking"
)

// The binary, built at most once per test run and removed by TestMain.
var (
	binOnce  sync.Once
	binDir   string
	binPath  string
	binErr   error
	binSpent time.Duration
)

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// ccroomBinary returns the path of a ccroom binary built from this module
// (without -race: the daemon under test is the one users run). It skips the
// test in -short mode.
func ccroomBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds ccroom and kills it with SIGKILL; skipped in -short mode")
	}
	binOnce.Do(func() {
		start := time.Now()
		defer func() { binSpent = time.Since(start) }()
		goTool, err := exec.LookPath("go") // go test puts GOROOT/bin first in PATH
		if err != nil {
			binErr = fmt.Errorf("the go command is not in PATH: %w", err)
			return
		}
		if binDir, binErr = os.MkdirTemp("", "ccroom-e2e-"); binErr != nil {
			return
		}
		out := filepath.Join(binDir, "ccroom")
		cmd := exec.Command(goTool, "build", "-o", out, "github.com/pelalawan/ccroom/cmd/ccroom")
		if b, err := cmd.CombinedOutput(); err != nil {
			binErr = fmt.Errorf("go build ./cmd/ccroom: %v\n%s", err, b)
			return
		}
		binPath = out
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	t.Logf("ccroom binary: %s (built in %v)", binPath, binSpent.Round(time.Millisecond))
	return binPath
}

// daemonProc is `ccroom serve` as a child process. Runs come and go (start,
// kill, start); the data directory stays.
type daemonProc struct {
	t    *testing.T
	bin  string
	dir  string   // data_dir, also the working directory (no ccroom.yaml there)
	env  []string // the CCROOM_* settings, on top of the test's environment
	base string   // http://127.0.0.1:PORT
	logs *syncBuffer
	http *http.Client

	cmd  *exec.Cmd     // the current run
	done chan struct{} // closed when it has exited
	runs int
}

// newDaemonProc prepares a daemon on a fresh data directory and a free
// loopback port, with the rules relaxed (no lead time, open all day) and
// settings (CCROOM_* variables) on top. It is killed when the test ends.
func newDaemonProc(t *testing.T, settings ...string) *daemonProc {
	t.Helper()
	bin := ccroomBinary(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // the daemon listens there; every run reuses it
	p := &daemonProc{
		t: t, bin: bin, dir: t.TempDir(), base: "http://" + addr, logs: &syncBuffer{},
		http: &http.Client{Timeout: 30 * time.Second},
		env: append([]string{
			"CCROOM_LISTEN=" + addr, "CCROOM_BASE_URL=http://" + addr,
			"CCROOM_RULES_LEAD_DAYS=0", "CCROOM_RULES_OPEN=00:00", "CCROOM_RULES_CLOSE=24:00",
			"CCROOM_LOG_LEVEL=info",
		}, settings...),
	}
	t.Cleanup(p.cleanup)
	return p
}

// environ is the test's environment without its own CCROOM_* variables,
// plus the daemon's settings.
func (p *daemonProc) environ() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "CCROOM_") {
			env = append(env, kv)
		}
	}
	return append(env, p.env...)
}

// start runs `ccroom serve` and waits until /readyz answers 200.
func (p *daemonProc) start() {
	p.t.Helper()
	if p.running() {
		p.t.Fatal("start: the daemon is running already")
	}
	p.runs++
	fmt.Fprintf(p.logs, "======== run %d ========\n", p.runs)
	cmd := exec.Command(p.bin, "serve", "--data-dir", p.dir)
	cmd.Dir, cmd.Env = p.dir, p.environ()
	cmd.Stdout, cmd.Stderr = p.logs, p.logs
	if err := cmd.Start(); err != nil {
		p.t.Fatalf("start ccroom serve: %v", err)
	}
	done := make(chan struct{})
	go func() {
		_ = cmd.Wait() // the outcome is read from cmd.ProcessState after done
		close(done)
	}()
	p.cmd, p.done = cmd, done

	deadline := time.Now().Add(30 * time.Second)
	for {
		res, err := p.http.Get(p.base + "/readyz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return
			}
		}
		select {
		case <-done:
			p.t.Fatalf("ccroom serve (run %d) exited at start: %v\n%s", p.runs, cmd.ProcessState, p.logTail())
		default:
		}
		if time.Now().After(deadline) {
			p.t.Fatalf("ccroom serve (run %d) not ready after 30 s (last: %v)\n%s", p.runs, err, p.logTail())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (p *daemonProc) running() bool {
	if p.done == nil {
		return false
	}
	select {
	case <-p.done:
		return false
	default:
		return true
	}
}

// kill sends SIGKILL and waits for the process to be gone: no shutdown
// code of the daemon runs.
func (p *daemonProc) kill() {
	p.t.Helper()
	if !p.running() {
		p.t.Fatalf("kill: the daemon is not running (%v)\n%s", p.cmd.ProcessState, p.logTail())
	}
	if err := p.cmd.Process.Kill(); err != nil {
		p.t.Fatalf("kill: %v", err)
	}
	select {
	case <-p.done:
	case <-time.After(10 * time.Second):
		p.t.Fatal("the killed daemon did not exit within 10 s")
	}
	if st := p.cmd.ProcessState; st.ExitCode() != -1 || !strings.Contains(st.String(), "killed") {
		p.t.Fatalf("the daemon ended with %v, not by SIGKILL\n%s", st, p.logTail())
	}
	fmt.Fprintf(p.logs, "======== run %d killed (SIGKILL) ========\n", p.runs)
}

// cleanup kills a run still going and shows the log of a failed test.
func (p *daemonProc) cleanup() {
	if p.running() {
		_ = p.cmd.Process.Kill()
		select {
		case <-p.done:
		case <-time.After(10 * time.Second):
			p.t.Errorf("ccroom serve (pid %d) did not exit after SIGKILL", p.cmd.Process.Pid)
		}
	}
	if p.t.Failed() {
		p.t.Logf("daemon log (tail):\n%s", p.logTail())
	}
}

// logTail is the end of the daemon's output, enough to see why it failed.
func (p *daemonProc) logTail() string {
	s := p.logs.String()
	if len(s) > 12000 {
		s = "...\n" + s[len(s)-12000:]
	}
	return s
}

// cli runs `ccroom ARGS --data-dir DIR` with the daemon's settings and
// returns its standard output.
func (p *daemonProc) cli(args ...string) string {
	p.t.Helper()
	cmd := exec.Command(p.bin, append(args, "--data-dir", p.dir)...)
	cmd.Dir, cmd.Env = p.dir, p.environ()
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		p.t.Fatalf("ccroom %s: %v\n%s%s", strings.Join(args, " "), err, stdout.String(), stderr.String())
	}
	return stdout.String()
}

// addStaff creates one user per role of the chain with the CLI (while the
// daemon runs) and returns their API tokens by role.
func (p *daemonProc) addStaff() map[booking.Role]string {
	p.t.Helper()
	tokens := map[booking.Role]string{}
	for _, role := range staffRoles {
		email := staffEmail(role)
		p.cli("user", "add", "--email", email, "--name", "Pejabat "+string(role), "--role", string(role))
		lines := strings.Split(strings.TrimSpace(p.cli("user", "token", email)), "\n")
		tokens[role] = strings.TrimSpace(lines[len(lines)-1])
		if tokens[role] == "" {
			p.t.Fatalf("ccroom user token %s printed no token", email)
		}
	}
	return tokens
}

func staffEmail(role booking.Role) string { return string(role) + "@diskominfo.example.go.id" }

// call sends one API request (a JSON body unless nil; a bearer token unless
// "") and returns the status and body. It does not touch t, so pool
// goroutines may use it.
func (p *daemonProc) call(method, path, token string, body any) (int, []byte, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return 0, nil, err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, p.base+path, rd)
	if err != nil {
		return 0, nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := p.http.Do(req)
	if err != nil {
		return 0, nil, fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return 0, nil, fmt.Errorf("%s %s: reading the body: %w", method, path, err)
	}
	return res.StatusCode, b, nil
}

// procRequest is a request as the API shows it to staff, with its outbound
// jobs.
type procRequest struct {
	apiRequest
	Title      string `json:"title"`
	Deliveries []struct {
		Kind      string `json:"kind"`
		State     string `json:"state"`
		Attempts  int    `json:"attempts"`
		LastError string `json:"last_error"`
	} `json:"deliveries"`
}

// expect decodes an API answer that should have status want.
func expect(status int, body []byte, err error, want int, what string) (procRequest, error) {
	var r procRequest
	if err != nil {
		return r, fmt.Errorf("%s: %w", what, err)
	}
	if status != want {
		return r, fmt.Errorf("%s: %d %s (want %d)", what, status, body, want)
	}
	if err := json.Unmarshal(body, &r); err != nil {
		return r, fmt.Errorf("%s: %w: %s", what, err, body)
	}
	return r, nil
}

// submitApp posts an application as the applicant.
func (p *daemonProc) submitApp(app map[string]any) (procRequest, error) {
	s, b, err := p.call("POST", "/api/v1/requests", "", app)
	return expect(s, b, err, http.StatusCreated, fmt.Sprintf("submit %v", app["title"]))
}

// step takes one SOP step with token and wants the status after it.
func (p *daemonProc) step(id int64, token, action, decision, note, want string) (procRequest, error) {
	s, b, err := p.call("POST", requestPath(id)+"/transitions", token,
		map[string]string{"action": action, "decision": decision, "note": note})
	r, err := expect(s, b, err, http.StatusOK, fmt.Sprintf("request %d: %s", id, action))
	if err == nil && r.Status != want {
		err = fmt.Errorf("request %d after %s: status %s, want %s", id, action, r.Status, want)
	}
	return r, err
}

// read reads a request as staff (token of any staff user).
func (p *daemonProc) read(id int64, token string) (procRequest, error) {
	s, b, err := p.call("GET", requestPath(id), token, nil)
	return expect(s, b, err, http.StatusOK, "read request "+strconv.FormatInt(id, 10))
}

// pool runs fn(0..n-1) on workers goroutines and returns the errors joined
// (at most a few, the rest counted).
func pool(n, workers int, fn func(i int) error) error {
	next := make(chan int)
	var (
		mu     sync.Mutex
		errs   []error
		failed int
		wg     sync.WaitGroup
	)
	for range workers {
		wg.Go(func() {
			for i := range next {
				if err := fn(i); err != nil {
					mu.Lock()
					if failed++; len(errs) < 5 {
						errs = append(errs, err)
					}
					mu.Unlock()
				}
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
	if failed > len(errs) {
		errs = append(errs, fmt.Errorf("... %d failures in all", failed))
	}
	return errors.Join(errs...)
}

// eventually polls cond every interval until it is true or limit passes; it
// returns how long it took, or fails the test with what() when it gives up.
func eventually(t *testing.T, limit, interval time.Duration, cond func() bool, what func() string) time.Duration {
	t.Helper()
	start := time.Now()
	for !cond() {
		if time.Since(start) > limit {
			t.Fatalf("gave up after %v: %s", limit, what())
		}
		time.Sleep(interval)
	}
	return time.Since(start)
}
