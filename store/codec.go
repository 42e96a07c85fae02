package store

import (
	"database/sql"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Times are stored as nanoseconds since the Unix epoch, which is exact and
// sorts correctly in both engines, and read back in UTC. int64 nanoseconds
// cover the years 1678 to 2262.
var (
	minTime = time.Unix(0, math.MinInt64)
	maxTime = time.Unix(0, math.MaxInt64)
)

// nanos encodes a time to store; the zero time is NULL.
func nanos(t time.Time) sql.NullInt64 {
	if t.IsZero() {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: t.UnixNano(), Valid: true}
}

// bound encodes a time a query compares with, clamped to the range stored
// times can take, so a zero or far-away bound means "no bound".
func bound(t time.Time) int64 {
	switch {
	case t.Before(minTime):
		return math.MinInt64
	case t.After(maxTime):
		return math.MaxInt64
	}
	return t.UnixNano()
}

// timeOf decodes a stored time; NULL is the zero time.
func timeOf(n sql.NullInt64) time.Time {
	if !n.Valid {
		return time.Time{}
	}
	return time.Unix(0, n.Int64).UTC()
}

// storable checks that the times named by names can be stored: set, and
// within the years 1678 to 2262.
func storable(names string, times ...time.Time) error {
	for i, name := range strings.Fields(names) {
		if err := storableOrZero(name, times[i]); err != nil {
			return err
		}
		if times[i].IsZero() {
			return fmt.Errorf("%s not set", name)
		}
	}
	return nil
}

// storableOrZero is storable for an optional time: zero is no time.
func storableOrZero(name string, t time.Time) error {
	if !t.IsZero() && (t.Before(minTime) || t.After(maxTime)) {
		return fmt.Errorf("%s %s out of range (years 1678 to 2262)", name, t.Format(time.RFC3339))
	}
	return nil
}

// placeholders returns "$first, $first+1, ..." for n arguments.
func placeholders(first, n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("$" + strconv.Itoa(first+i))
	}
	return b.String()
}

// scanner is a *sql.Row or *sql.Rows.
type scanner interface {
	Scan(dest ...any) error
}
