// Read iCalendar files with Mozilla's ical.js (the parser Thunderbird uses) and
// print what it sees as JSON, in the shape of parse_icalendar.py:
// {"parser": "...", "files": {"<path>": {"calendar", "timezones", "events", "values"}}}.
//
//   node parse_icaljs.mjs ICALJS_DIR FILE...
//
// ICALJS_DIR holds node_modules/ical.js (npm install --prefix ICALJS_DIR ical.js).
// Each VTIMEZONE of a file is registered with ICAL.TimezoneService before any
// time is read, so DTSTART;TZID=... converts with the feed's own rules. Run it
// with TZ=UTC: a time whose zone ical.js did not know would then be read as
// floating and come out hours away from the API's instant.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [dir, ...files] = process.argv.slice(2);
const pkgDir = join(dir, "node_modules", "ical.js");
const pkg = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
const ICAL = (await import(pathToFileURL(join(pkgDir, pkg.main)).href)).default;

// instant prints an ICAL.Time as a UTC instant; a floating time is an error.
function instant(t) {
  if (!t) return "";
  if (t.isDate) throw new Error(`not a DATE-TIME: ${t}`);
  if (!t.zone || t.zone === ICAL.Timezone.localTimezone) {
    throw new Error(`floating time (zone unknown to ical.js): ${t}`);
  }
  return t.toJSDate().toISOString().replace(/\.\d{3}Z$/, "Z");
}

function values(comp) {
  const out = [];
  for (const p of comp.getAllProperties()) {
    for (const v of p.getValues()) out.push(`${p.name.toUpperCase()}:${String(v)}`);
  }
  return out;
}

function walk(comp, out) {
  out.push(...values(comp));
  for (const c of comp.getAllSubcomponents()) walk(c, out);
  return out;
}

function read(path) {
  const comp = new ICAL.Component(ICAL.parse(readFileSync(path, "utf8")));
  const timezones = [];
  for (const vtz of comp.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.register(vtz);
    timezones.push(vtz.getFirstPropertyValue("tzid"));
  }
  const calendar = {};
  for (const p of comp.getAllProperties()) calendar[p.name.toUpperCase()] = String(p.getFirstValue());

  const events = [];
  for (const vevent of comp.getAllSubcomponents("vevent")) {
    const ev = new ICAL.Event(vevent);
    const rrule = vevent.getFirstPropertyValue("rrule");
    const exdates = [];
    for (const p of vevent.getAllProperties("exdate")) {
      for (const v of p.getValues()) exdates.push(instant(v));
    }
    // The occurrences as ical.js expands them (RRULE minus EXDATE), capped.
    const occurrences = [];
    if (ev.isRecurring()) {
      const it = ev.iterator();
      for (let next = it.next(); next && occurrences.length < 1000; next = it.next()) {
        occurrences.push(instant(next));
      }
    }
    const seq = vevent.getFirstPropertyValue("sequence");
    events.push({
      uid: ev.uid || "",
      summary: ev.summary || "",
      status: vevent.getFirstPropertyValue("status") || "",
      location: ev.location || "",
      description: ev.description || "",
      sequence: seq === null ? -1 : Number(seq),
      dtstart: instant(ev.startDate),
      dtend: instant(ev.endDate),
      recurrence_id: ev.recurrenceId ? instant(ev.recurrenceId) : "",
      rrule: rrule ? rrule.toString() : "",
      exdates: exdates.sort(),
      tzid: ev.startDate && ev.startDate.zone ? ev.startDate.zone.tzid : "",
      occurrences,
      values: values(vevent),
    });
  }
  return { calendar, timezones, events, values: walk(comp, []) };
}

const out = { parser: `ical.js ${pkg.version}`, files: {} };
for (const f of files) out.files[f] = read(f);
process.stdout.write(JSON.stringify(out));
