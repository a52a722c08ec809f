// A course's schedule as iCalendar (RFC 5545), for Yandex, Google and desktop calendars: one event
// per session in the region's time (Asia/Yekaterinburg, UTC+5 all year) with a VTIMEZONE block,
// and a UID made of the course, date and start time, so re-importing updates events, not doubles them.
import dayjs from 'dayjs';
import ical, { ICalCalendarMethod } from 'ical-generator';

export const REGION_TIME_ZONE = 'Asia/Yekaterinburg';

// Perm has kept UTC+5 without daylight saving since 2014; one STANDARD rule describes it.
const VTIMEZONE = [
  'BEGIN:VTIMEZONE',
  `TZID:${REGION_TIME_ZONE}`,
  'BEGIN:STANDARD',
  'DTSTART:19700101T000000',
  'TZOFFSETFROM:+0500',
  'TZOFFSETTO:+0500',
  'TZNAME:+05',
  'END:STANDARD',
  'END:VTIMEZONE',
].join('\r\n');

export type CalendarCourse = {
  id: number;
  title: string;
  place: string;
  distanceUrl: string | null;
  providerName: string;
  /** DTSTAMP: when the course was last changed (never the wall clock, so the file is reproducible). */
  updatedAt: Date;
  schedule: {
    date: string;
    startsAt: string;
    endsAt: string;
    topic: string;
    room: string | null;
    teacher: string | null;
  }[];
};

/**
 * ical-generator writes a zoned time from a Date's local fields; a Date built from the local
 * fields of the region's wall time therefore comes out as that wall time, whatever the server's zone.
 */
function wallTime(date: string, time: string): Date {
  // Without an offset dayjs reads the date and time as local, which is what is wanted here.
  return dayjs(`${date}T${time}`).toDate();
}

export function courseCalendar(course: CalendarCourse): string {
  const calendar = ical({
    name: course.title,
    prodId: { company: 'ebppk', product: 'catalog', language: 'RU' },
    method: ICalCalendarMethod.PUBLISH,
    timezone: { name: REGION_TIME_ZONE, generator: () => VTIMEZONE },
  });
  for (const day of course.schedule) {
    const location = [course.place, day.room ? `ауд. ${day.room}` : null].filter(Boolean).join(', ');
    const description = [
      day.topic,
      day.teacher ? `Преподаватель: ${day.teacher}` : null,
      course.distanceUrl ? `Подключение: ${course.distanceUrl}` : null,
      course.providerName,
    ]
      .filter(Boolean)
      .join('\n');
    calendar.createEvent({
      id: `course-${course.id}-${day.date}-${day.startsAt.replace(':', '')}@ebppk`,
      start: wallTime(day.date, day.startsAt),
      end: wallTime(day.date, day.endsAt),
      timezone: REGION_TIME_ZONE,
      stamp: course.updatedAt,
      summary: `${course.title}: ${day.topic}`,
      description,
      location: location || course.distanceUrl || null,
      ...(course.distanceUrl ? { url: course.distanceUrl } : {}),
    });
  }
  return calendar.toString();
}
