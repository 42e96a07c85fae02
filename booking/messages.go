package booking

import "github.com/pelalawan/ccroom/locale"

// msgKey is the catalogue key (package locale) of a message a check gives.
type msgKey string

// The messages a check can give; their words are in locale/translations.
const (
	msgStartMissing   msgKey = "rule.start_missing"
	msgEndBeforeStart msgKey = "rule.end_before_start"
	msgParticipants   msgKey = "rule.participants"
	msgRecurrence     msgKey = "rule.recurrence"
	msgRecSyntax      msgKey = "rule.recurrence.syntax"
	msgRecPart        msgKey = "rule.recurrence.part"
	msgRecDuplicate   msgKey = "rule.recurrence.duplicate"
	msgRecFreq        msgKey = "rule.recurrence.freq"
	msgRecInterval    msgKey = "rule.recurrence.interval"
	msgRecCount       msgKey = "rule.recurrence.count"
	msgRecCountUntil  msgKey = "rule.recurrence.count_until"
	msgRecOrdinal     msgKey = "rule.recurrence.ordinal"
	msgRecStart       msgKey = "rule.recurrence.start"
	msgRecUntil       msgKey = "rule.recurrence.until"
	msgRecTooMany     msgKey = "rule.recurrence.too_many"
	msgRecRange       msgKey = "rule.recurrence.range"
	msgLead           msgKey = "rule.lead_time"
	msgLeadWorking    msgKey = "rule.lead_time.working"
	msgPast           msgKey = "rule.past"
	msgCapacity       msgKey = "rule.capacity"
	msgEquipUnknown   msgKey = "rule.equipment.unknown"
	msgEquipTooMany   msgKey = "rule.equipment.too_many"
	msgEquipCount     msgKey = "rule.equipment.count"
	msgDurationMin    msgKey = "rule.duration.min"
	msgDurationMax    msgKey = "rule.duration.max"
	msgHours          msgKey = "rule.hours"
	msgClosed         msgKey = "rule.closed"
	msgClosedHoliday  msgKey = "rule.closed.holiday"
	msgHorizon        msgKey = "rule.horizon"
	msgAffected       msgKey = "rule.affected"
	msgAndMore        msgKey = "rule.and_more"
	msgBooking        msgKey = "rule.overlap.booking"
	msgExternal       msgKey = "rule.overlap.external"
	msgBufferNote     msgKey = "rule.overlap.buffer"
	msgPending        msgKey = "rule.pending"

	// The causes of a standing conflict (standing.go).
	msgStandingExternal  msgKey = "standing.external"
	msgStandingBooking   msgKey = "standing.booking"
	msgStandingHoliday   msgKey = "standing.holiday"
	msgStandingClosed    msgKey = "standing.closed"
	msgStandingHours     msgKey = "standing.hours"
	msgStandingCapacity  msgKey = "standing.capacity"
	msgStandingEquipment msgKey = "standing.equipment"
	// What the applicant reads of an overlap's cause.
	msgStandingPublicOverlap msgKey = "standing.public.overlap"
)

// say renders message k in lang: English for "en...", else Indonesian.
func say(lang string, k msgKey, args ...any) string {
	return locale.For(lang).Get(string(k), args...)
}

// quoted renders a title for a message: ` "Title"`, or nothing when empty.
func quoted(title string) string {
	if title == "" {
		return ""
	}
	return ` "` + title + `"`
}

// bracketed renders a title in parentheses: ` ("Title")`, or nothing.
func bracketed(title string) string {
	if title == "" {
		return ""
	}
	return ` ("` + title + `")`
}
