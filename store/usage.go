package store

import (
	"encoding/json"
	"fmt"

	"github.com/pelalawan/ccroom/booking"
)

// The records of steps 8 and 9 are stored as JSON text on their transition
// (migration 9): "" for none, which every older row holds.

// encodeRecords returns t's checklist and usage report as stored.
func encodeRecords(t booking.Transition) (readiness, usage string, err error) {
	if t.Readiness != nil {
		b, err := json.Marshal(t.Readiness)
		if err != nil {
			return "", "", fmt.Errorf("readiness: %w", err)
		}
		readiness = string(b)
	}
	if t.Usage != nil {
		b, err := json.Marshal(t.Usage)
		if err != nil {
			return "", "", fmt.Errorf("usage: %w", err)
		}
		usage = string(b)
	}
	return readiness, usage, nil
}

// decodeRecords sets t's records from their stored text.
func decodeRecords(t *booking.Transition, readiness, usage string) error {
	if readiness != "" {
		if err := json.Unmarshal([]byte(readiness), &t.Readiness); err != nil {
			return fmt.Errorf("transition %d: readiness: %w", t.ID, err)
		}
	}
	if usage != "" {
		t.Usage = &booking.Usage{}
		if err := json.Unmarshal([]byte(usage), t.Usage); err != nil {
			return fmt.Errorf("transition %d: usage: %w", t.ID, err)
		}
	}
	return nil
}
