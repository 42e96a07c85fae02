package web

import (
	"net/http"
	"strings"
	"sync"
	"testing"
)

// TestConcurrentInform: 50 requests for the same slot are walked to relayed
// (the Kabid marks all of them available before any is approved), then 50
// goroutines released at once inform their applicants over real HTTP.
// Exactly one is approved; the 49 others get a clean 409 overlap.
func TestConcurrentInform(t *testing.T) {
	forEachStore(t, func(t *testing.T, e *env) {
		const n = 50
		ids := make([]int64, n)
		for i := range ids {
			ids[i], _ = e.submit(application("Rapat Serentak", day(12, 14, 9, 0), 2))
		}
		for _, step := range []struct{ who, action, decision string }{
			{"secretary", "forward", ""}, {"head", "dispose", ""},
			{"kabid", "check", "available"}, {"head", "relay", ""},
		} {
			for _, id := range ids {
				e.act(id, step.who, step.action, step.decision, "", http.StatusOK)
			}
		}
		results := informAtOnce(e, ids)
		checkOneApproval(t, results)
	})
}

// informAtOnce releases one goroutine per request, all at the same moment,
// each posting the secretary's inform.
func informAtOnce(e *env, ids []int64) []response {
	results := make([]response, len(ids))
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i, id := range ids {
		req := must(http.NewRequest("POST", e.server.URL+requestPath(id)+"/transitions",
			strings.NewReader(`{"action":"inform"}`)))
		req.Header.Set("Authorization", "Bearer "+e.tokens["secretary"])
		wg.Go(func() {
			<-start
			var err error
			if results[i], err = roundTrip(req); err != nil {
				e.t.Errorf("inform %d: %v", id, err)
			}
		})
	}
	close(start)
	wg.Wait()
	return results
}

// checkOneApproval wants one 200 approved and only 409 overlap otherwise,
// with no 5xx and no database lock leaking into a body.
func checkOneApproval(t *testing.T, results []response) {
	t.Helper()
	approved, overlaps := 0, 0
	for _, res := range results {
		body := string(res.body)
		if strings.Contains(strings.ToLower(body), "locked") || strings.Contains(body, "SQLITE_BUSY") {
			t.Errorf("database lock leaked: %s", body)
		}
		code, _ := res.errorOf(t)
		switch {
		case res.status == http.StatusOK && res.json(t)["status"] == "approved":
			approved++
		case res.status == http.StatusConflict && code == "overlap":
			overlaps++
		default:
			t.Errorf("unexpected answer: %d %s", res.status, body)
		}
	}
	if approved != 1 || overlaps != len(results)-1 {
		t.Errorf("%d approved and %d overlaps, want 1 and %d", approved, overlaps, len(results)-1)
	}
}
