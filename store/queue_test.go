package store

import (
	"context"
	"errors"
	"testing"
)

// TestQueue: one caller at a time; a caller whose context ends stops
// waiting; a nil queue lets everyone through.
func TestQueue(t *testing.T) {
	q := make(queue, 1)
	release, err := q.enter(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := q.enter(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("enter while held: %v, want context.Canceled", err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		next, err := q.enter(t.Context())
		if err != nil {
			t.Error(err)
			return
		}
		next()
	}()
	release()
	<-done
	var open queue
	for range 3 {
		if _, err := open.enter(ctx); err != nil {
			t.Fatalf("nil queue: %v", err)
		}
	}
}
