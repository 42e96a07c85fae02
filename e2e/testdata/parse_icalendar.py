"""Read iCalendar files with Debian's python3-icalendar and print what it sees
as JSON: {"<path>": {"calendar": {...}, "timezones": [...], "events": [...]}}.

Run with /usr/bin/python3 (Debian's interpreter, which has python3-icalendar).
Every instant is printed in UTC as YYYY-MM-DDTHH:MM:SSZ, so the Go test can
compare it with the API's start and end.
"""
import datetime
import json
import sys

import icalendar


def instant(value):
    """A decoded DATE-TIME as a UTC instant; a floating time is an error."""
    if not isinstance(value, datetime.datetime):
        raise ValueError("not a DATE-TIME: %r" % (value,))
    if value.tzinfo is None:
        raise ValueError("floating time (no zone): %r" % (value,))
    return value.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def decoded_time(component, name):
    if name not in component:
        return ""
    return instant(component.decoded(name))


def exdates(component):
    """Every EXDATE instant, whether the property occurs once or many times."""
    raw = component.get("EXDATE")
    if raw is None:
        return []
    if not isinstance(raw, list):
        raw = [raw]
    out = []
    for prop in raw:
        for d in prop.dts:
            out.append(instant(d.dt))
    return sorted(out)


def text(value):
    """A property value as a string: TEXT unescaped, anything else as written."""
    if isinstance(value, str):
        return str(value)
    if isinstance(value, bytes):
        return value.decode("utf-8")
    out = value.to_ical()
    return out.decode("utf-8") if isinstance(out, bytes) else str(out)


def values(component):
    """Every property value of a component (not its subcomponents)."""
    out = []
    for name, value in component.items():
        for v in value if isinstance(value, list) else [value]:
            out.append("%s:%s" % (name, text(v)))
    return out


def event(e):
    rrule = e.get("RRULE")
    return {
        "uid": str(e.get("UID", "")),
        "summary": str(e.get("SUMMARY", "")),
        "status": str(e.get("STATUS", "")),
        "location": str(e.get("LOCATION", "")),
        "description": str(e.get("DESCRIPTION", "")),
        "sequence": int(e.decoded("SEQUENCE")) if "SEQUENCE" in e else -1,
        "dtstart": decoded_time(e, "DTSTART"),
        "dtend": decoded_time(e, "DTEND"),
        "recurrence_id": decoded_time(e, "RECURRENCE-ID"),
        "rrule": text(rrule) if rrule is not None else "",
        "exdates": exdates(e),
        "tzid": str(e["DTSTART"].params.get("TZID", "")) if "DTSTART" in e else "",
        "values": values(e),
    }


def read(path):
    with open(path, "rb") as f:
        cal = icalendar.Calendar.from_ical(f.read())
    return {
        "calendar": {k: text(v) for k, v in cal.items() if not isinstance(v, list)},
        "timezones": [str(tz.get("TZID", "")) for tz in cal.walk("VTIMEZONE")],
        "events": [event(e) for e in cal.walk("VEVENT")],
        "values": [v for c in cal.walk() for v in values(c)],
    }


if __name__ == "__main__":
    json.dump({"parser": "python3-icalendar " + icalendar.__version__,
               "files": {p: read(p) for p in sys.argv[1:]}}, sys.stdout)
