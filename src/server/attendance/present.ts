// The journal as the API sends it: days with their totals and confirmation, learners with their
// marks, a summary per territory, and what the actor may do (the UI shows exactly these buttons).
import type {
  Journal,
  JournalDayUpdate,
  JournalMark,
  MarkCounts,
  TerritoryAttendance,
} from '../../contract/attendance.js';
import { attendancePolicy } from './policy.js';
import type { territoryAttendance } from './queries.js';
import { type DayData, type JournalData, readOnlyReason } from './service.js';

const zero = (): MarkCounts => ({ present: 0, absent: 0, excused: 0 });

export function presentJournal(data: JournalData): Journal {
  const { course, actor } = data;
  const firstDay = data.schedule[0]?.date;
  // A day with two sessions is one day of the journal.
  const days = [...new Map(data.schedule.map((d) => [d.date, d])).values()];
  const marksOf = new Map<number, JournalMark[]>();
  for (const m of data.marks) {
    const list = marksOf.get(m.applicationId) ?? [];
    list.push({
      day: m.day,
      mark: m.mark,
      reason: m.reason,
      markedBy: m.markedBy,
      markedAt: m.markedAt.toISOString(),
    });
    marksOf.set(m.applicationId, list);
  }
  const confirmed = new Map(data.confirmed.map((c) => [c.day, c]));
  const byDay = new Map(days.map((d) => [d.date, zero()]));
  const territories = new Map<number, { name: string; learners: number; days: Map<string, MarkCounts> }>();
  for (const l of data.learners) {
    const territory = territories.get(l.territoryId) ?? {
      name: l.territory,
      learners: 0,
      days: new Map(days.map((d) => [d.date, zero()])),
    };
    territory.learners += 1;
    territories.set(l.territoryId, territory);
    for (const m of marksOf.get(l.applicationId) ?? []) {
      const total = byDay.get(m.day);
      if (total) total[m.mark] += 1;
      const t = territory.days.get(m.day);
      if (t) t[m.mark] += 1;
    }
  }
  const locked = readOnlyReason(course.status);
  const abilities = attendancePolicy.abilities(actor, course, [
    'attendance.mark',
    'attendance.confirm',
    'attendance.changeConfirmed',
  ]);
  const marked = data.learners.filter((l) => l.status !== 'no_show').length;
  return {
    course: {
      id: String(course.id),
      title: course.title,
      status: course.status,
      startsOn: course.startsOn,
      endsOn: course.endsOn,
    },
    today: data.today,
    days: days.map((d) => {
      const totals = byDay.get(d.date) ?? zero();
      const c = confirmed.get(d.date);
      return {
        date: d.date,
        topic: d.topic,
        first: d.date === firstDay,
        future: d.date > data.today,
        confirmed: c ? { by: c.confirmedBy, at: c.confirmedAt.toISOString() } : null,
        totals: {
          ...totals,
          unmarked: Math.max(0, marked - totals.present - totals.absent - totals.excused),
        },
      };
    }),
    learners: data.learners.map((l) => ({
      applicationId: String(l.applicationId),
      name: l.name,
      organization: l.organization,
      territoryId: String(l.territoryId),
      territory: l.territory,
      status: l.status,
      readOnly: l.status === 'no_show',
      marks: (marksOf.get(l.applicationId) ?? []).sort((a, b) => a.day.localeCompare(b.day)),
    })),
    territories: [...territories.entries()]
      .sort(([, a], [, b]) => a.name.localeCompare(b.name, 'ru'))
      .map(([territoryId, t]) => ({
        territoryId: String(territoryId),
        name: t.name,
        learners: t.learners,
        days: [...t.days.entries()].map(([date, counts]) => ({ date, ...counts })),
      })),
    can: {
      mark: abilities['attendance.mark'] && locked === null,
      confirm: abilities['attendance.confirm'] && locked === null,
      changeConfirmed: abilities['attendance.changeConfirmed'] && locked === null,
    },
    readOnlyReason: locked,
  };
}

/** One day after a change: the same totals, marks and territory counts the journal shows for it. */
export function presentDay(data: DayData): JournalDayUpdate {
  const totals = zero();
  const territories = new Map<number, MarkCounts>();
  const marks: JournalDayUpdate['marks'] = [];
  let marked = 0;
  for (const l of data.learners) {
    const counts = territories.get(l.territoryId) ?? zero();
    territories.set(l.territoryId, counts);
    if (l.status !== 'no_show') marked += 1;
    if (!l.mark || !l.markedAt) continue;
    totals[l.mark] += 1;
    counts[l.mark] += 1;
    marks.push({
      applicationId: String(l.applicationId),
      day: data.day.date,
      mark: l.mark,
      reason: l.reason,
      markedBy: l.markedBy,
      markedAt: l.markedAt.toISOString(),
    });
  }
  const c = data.confirmed;
  return {
    day: {
      ...data.day,
      confirmed: c ? { by: c.confirmedBy, at: c.confirmedAt.toISOString() } : null,
      totals: { ...totals, unmarked: Math.max(0, marked - totals.present - totals.absent - totals.excused) },
    },
    marks,
    territories: [...territories.entries()].map(([territoryId, counts]) => ({
      territoryId: String(territoryId),
      ...counts,
    })),
  };
}

export const presentTerritory = (
  result: Awaited<ReturnType<typeof territoryAttendance>>,
): TerritoryAttendance => ({
  truncated: result.truncated,
  items: result.items.map((r) => ({
    ...r,
    applicationId: String(r.applicationId),
    courseId: String(r.courseId),
    organizationId: String(r.organizationId),
    present: Number(r.present),
    absent: Number(r.absent),
    excused: Number(r.excused),
    daysSoFar: Number(r.daysSoFar),
  })),
});
