package office

// Changes counts the writes this Office made to the calendar (submissions,
// transitions, changed occurrences) since it was built. A cache of something
// derived from the bookings (the encoded iCal feeds) compares it with the
// count it was built at and rebuilds only when it moved. Writes by another
// process (the CLI, a replica) are not counted: such a cache also watches
// store.FeedStore.FeedStamp.
func (o *Office) Changes() uint64 { return o.changes.Load() }

// changed records one write to the calendar.
func (o *Office) changed() { o.changes.Add(1) }
