package mail

import (
	"context"
	"fmt"
	"time"

	"github.com/pelalawan/ccroom/store"
)

// conflictsLate finds the standing conflicts left waiting past
// office.ConflictStandard: undecided since found, one reminder to the Kabid
// and one escalation to the head; a move or a cancel not carried out since
// decided, one reminder to the secretary. The dedupe key names the conflict
// and the transition it waits since, so each is sent once, and again only
// for a conflict that opened again or was decided anew.
func (m *Mailer) conflictsLate(ctx context.Context, now time.Time) ([]store.Job, error) {
	std := m.off.ConflictStandard()
	open, err := m.st.Conflicts(ctx, store.ConflictFilter{Status: store.ConflictOpen})
	if err != nil {
		return nil, err
	}
	var jobs []store.Job
	for _, c := range open {
		switch {
		case c.AwaitsKabid() && now.Sub(c.FoundAt) > std:
			jobs = append(jobs, m.conflictNotice(c, EventConflictReminder, c.FoundTransition, now),
				m.conflictNotice(c, EventConflictEscalation, c.FoundTransition, now))
		case c.AwaitsSecretary() && now.Sub(c.DecidedAt) > std:
			jobs = append(jobs, m.conflictNotice(c, EventCarryOutReminder, c.DecidedTransition, now))
		}
	}
	return jobs, nil
}

// conflictNotice is the scheduled notice ev of conflict c, waiting since
// transition turn: mail:conflict_reminder:7.31:12 (conflict 7, transition
// 31, request 12).
func (m *Mailer) conflictNotice(c store.Conflict, ev Event, turn int64, now time.Time) store.Job {
	p := payload{Event: ev, Conflict: c.ID, Turn: turn}
	return m.notice(c.RequestID, fmt.Sprintf("%s:%d.%d", ev, c.ID, turn), p, now)
}
