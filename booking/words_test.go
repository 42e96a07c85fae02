package booking

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pelalawan/ccroom/locale"
)

// allActions are the SOP's steps and the two recorded changes outside it.
func allActions() []Action {
	list := []Action{ActionReschedule, ActionRestore}
	for _, s := range Steps {
		list = append(list, s.Action)
	}
	return list
}

// TestEveryCodeHasWords: every status, action, role and decision has its
// words in both languages, and none of them is the code itself.
func TestEveryCodeHasWords(t *testing.T) {
	for _, lang := range []string{"id", "en"} {
		p := locale.For(lang)
		var words = map[string]string{}
		for _, s := range Statuses {
			words["status "+string(s)] = s.Word(p)
			words["status detail "+string(s)] = s.Detail(p)
		}
		for _, a := range allActions() {
			words["action "+string(a)] = a.Word(p)
			words["step "+string(a)] = a.Step(p)
		}
		for _, r := range append([]Role{RoleApplicant, RoleSystem}, StaffRoles...) {
			words["role "+string(r)] = r.Word(p)
		}
		for _, d := range []Decision{DecisionAvailable, DecisionUnavailable} {
			words["decision "+string(d)] = d.Word(p)
		}
		for what, w := range words {
			code := what[strings.LastIndex(what, " ")+1:]
			if strings.HasPrefix(w, "!") || w == "" || w == code {
				t.Errorf("%s %s: %q", lang, what, w)
			}
		}
	}
}

// TestRefusalsNameNoCode: the state machine's refusals name the step, the
// status and the roles in words, not as the API's codes.
func TestRefusalsNameNoCode(t *testing.T) {
	r := &Request{Status: StatusSubmitted, Start: time.Now().Add(time.Hour), End: time.Now().Add(2 * time.Hour)}
	code := regexp.MustCompile(`\b(submitted|forward|secretary)\b`)
	for lang, want := range map[string]string{
		"id": `Langkah "Disposisi ke Kabid" tidak dapat dilakukan saat status permohonan "Diajukan".`,
		"en": `The step "Dispose to the Kabid" is not possible while the request's status is "Submitted".`,
	} {
		head := Actor{UserID: 2, Roles: []Role{RoleHead}}
		_, err := Apply(r, Act{Action: ActionDispose, Actor: head, Language: lang, At: time.Now()}, time.Time{}, nil)
		if err == nil || err.Error() != want {
			t.Errorf("%s: %v, want %s", lang, err, want)
		}
		_, err = Apply(r, Act{Action: ActionForward, Actor: head, Language: lang, At: time.Now()}, time.Time{}, nil)
		if err == nil || code.MatchString(err.Error()) {
			t.Errorf("%s: the refusal names a code: %v", lang, err)
		}
	}
}
