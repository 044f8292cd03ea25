// Reads iCalendar text on stdin with ical.js and prints what it understood as JSON: the
// calendar's properties, and for each VEVENT its UID, texts, status and start/end resolved
// through the file's own VTIMEZONEs (the epoch seconds are the absolute moment).
// The calendar tests (tests/integration/test_calendar_feed.py) compare it with what they stored.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const text = readFileSync(0, "utf8");
const calendar = new ICAL.Component(ICAL.parse(text));

for (const vtimezone of calendar.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(new ICAL.Timezone(vtimezone));
}

function moment(time) {
  return {
    is_date: time.isDate,
    wall: time.toString(),
    zone: time.zone ? time.zone.tzid : null,
    epoch: time.isDate ? null : time.toUnixTime(),
  };
}

const events = calendar.getAllSubcomponents("vevent").map((vevent) => {
  const event = new ICAL.Event(vevent);
  return {
    uid: event.uid,
    summary: event.summary,
    description: event.description,
    location: event.location,
    status: vevent.getFirstPropertyValue("status"),
    transp: vevent.getFirstPropertyValue("transp"),
    dtstamp: vevent.getFirstPropertyValue("dtstamp")?.toString() ?? null,
    tzid: vevent.getFirstProperty("dtstart").getParameter("tzid") ?? null,
    start: moment(event.startDate),
    end: moment(event.endDate),
    duration: event.duration.toString(),
  };
});

process.stdout.write(
  JSON.stringify({
    version: calendar.getFirstPropertyValue("version"),
    prodid: calendar.getFirstPropertyValue("prodid"),
    name: calendar.getFirstPropertyValue("x-wr-calname"),
    method: calendar.getFirstPropertyValue("method"),
    timezones: calendar.getAllSubcomponents("vtimezone").map((tz) => tz.getFirstPropertyValue("tzid")),
    events,
  }),
);
