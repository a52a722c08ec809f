// Demo catalog for `ebppk demo`: ~40 programs of the four departments of ИРО ПК and the two
// smaller providers (data/programs.json), ~80 courses over the current and the next quarter around
// the clock's today (EBPPK_NOW may be any date), each in the state its dates imply: finished in the
// past, running now, closed after the application deadline, published before it; a few drafts and
// one course cancelled with a reason. Some courses reserve places for territories (quotas). The
// pinned courses and their dates relative to today are in data/courses.json.
//
// Deterministic (one seeded PRNG of its own, so the rest of the demo keeps its names) and fast:
// one multi-row INSERT per table, then one search-vector refresh.
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc.js';
import { sql } from 'kysely';
import type { CourseStatus } from '../../contract/catalog.js';
import { refreshSearchVectors } from '../catalog/search.js';
import { regionDate, shiftDate } from '../clock.js';
import type { Database } from '../db/database.js';
import { COURSES, NAMES, PROGRAMS, PROVIDERS } from './data.js';
import { surname } from './names.js';
import type { Random } from './seed.js';

type ProgramPlan = (typeof PROGRAMS)[number];
type Pinned = (typeof COURSES.pinned)[number]['status'];

/** Departments by their code in providers.json, with their provider. */
const departmentOf = new Map(
  PROVIDERS.flatMap((provider) => provider.departments.map((d) => [d.code, { ...d, provider }] as const)),
);
export const SESSIONS = COURSES.sessions.map((s): [string, string] => [s.startsAt, s.endsAt]);
export const CANCEL_REASON = COURSES.cancelReason;

/** What `seedCatalog` creates. */
export const CATALOG_COUNTS = {
  programs: PROGRAMS.length,
  courses: PROGRAMS.length * COURSES.perProgram,
  drafts: COURSES.pinned.filter((c) => c.status === 'draft').length,
  cancelled: COURSES.pinned.filter((c) => c.status === 'cancelled').length,
};

// ——— dates (region dates as 'YYYY-MM-DD') ———

dayjs.extend(utc);

/** A region date as a day in UTC, where every day has 24 hours whatever the server's zone. */
const day = (d: string) => dayjs.utc(d);
export const addDays = (d: string, n: number) => shiftDate(d, n, 'day');
const daysBetween = (a: string, b: string) => day(b).diff(day(a), 'day');
const weekend = (d: string) => [0, 6].includes(day(d).day());
/** The first weekday on or after `d` (or on or before it, going back). */
export function weekday(d: string, back = false): string {
  let date = d;
  while (weekend(date)) date = addDays(date, back ? -1 : 1);
  return date;
}
/** An instant on a region date (UTC+5), a few minutes after midnight plus `minutes`. */
export const regionInstant = (d: string, minutes = 5) =>
  dayjs(`${d}T00:00:00+05:00`).add(minutes, 'minute').toDate();
/** The instant `days` days (of 24 hours) and `seconds` seconds before `at`. */
export const earlier = (at: Date, days: number, seconds = 0) =>
  dayjs.utc(at).subtract(days, 'day').subtract(seconds, 'second').toDate();

/** The schedule's dates: consecutive weekdays for a qualification course, weekly sessions for retraining. */
export function scheduleDates(p: ProgramPlan, start: string): string[] {
  const dates = [weekday(start)];
  const n = p.kind === 'retraining' ? 8 : Math.min(9, Math.max(2, Math.round(p.hours / 8)));
  while (dates.length < n) dates.push(weekday(addDays(dates.at(-1)!, p.kind === 'retraining' ? 7 : 1)));
  return dates;
}

/**
 * Programs, courses with schedules and quotas, and their lifecycle history, inside the demo's
 * transaction (`db`), after the departments and accounts exist.
 */
export async function seedCatalog(db: Database, now: Date, random: Random): Promise<void> {
  const today = regionDate(now);
  const quarter = day(today)
    .startOf('month')
    .subtract(day(today).month() % 3, 'month');
  const quarterStart = quarter.format('YYYY-MM-DD');
  /** The last day of the next quarter. */
  const windowEnd = quarter.add(6, 'month').subtract(1, 'day').format('YYYY-MM-DD');

  const departments = await db
    .selectFrom('departments')
    .innerJoin('providers', 'providers.id', 'departments.providerId')
    .select(['departments.id', 'departments.name', 'providers.shortName'])
    .execute();
  const departmentId = (code: string) => {
    const { name, provider } = departmentOf.get(code)!;
    return departments.find((d) => d.shortName === provider.shortName && d.name === name)!.id;
  };
  const staff = await db.selectFrom('users').select(['id', 'login']).where('login', 'like', '%.%').execute();
  const userId = new Map(staff.map((u) => [u.login, u.id]));
  /** The department's managers; all courses of the memorable manager's department are theirs. */
  const managersOf = (code: string) => {
    const logins = departmentOf.get(code)!.managers;
    return (logins.includes(COURSES.soleManager) ? [COURSES.soleManager] : logins).map(
      (login) => userId.get(login)!,
    );
  };
  const positions = new Map(
    (await db.selectFrom('positions').select(['id', 'name']).execute()).map((p) => [p.name, p.id]),
  );
  const territories = new Map(
    (await db.selectFrom('territories').select(['id', 'name']).execute()).map((t) => [t.name, t.id]),
  );

  // Programs
  const programRows = await db
    .insertInto('programs')
    .values(
      PROGRAMS.map((p) => {
        const at = earlier(now, random.int(150, 400), random.int(0, 86_399));
        return {
          departmentId: departmentId(p.department),
          title: p.title,
          annotation: p.annotation,
          hours: p.hours,
          kind: p.kind,
          form: p.form,
          distance: p.distance,
          subjects: p.subjects,
          plannedResults: p.plannedResults,
          createdBy: userId.get(departmentOf.get(p.department)!.head) ?? null,
          createdAt: at,
          updatedAt: at,
        };
      }),
    )
    .returning(['id', 'departmentId'])
    .execute();
  await db
    .insertInto('programPositions')
    .values(
      PROGRAMS.flatMap((p, i) =>
        p.targetPositions.map((name) => ({
          programId: programRows[i]!.id,
          positionId: positions.get(name)!,
        })),
      ).filter((r) => r.positionId !== undefined),
    )
    .execute();

  // Courses: dates first, then the state they imply (or the pinned one).
  const pinned = new Map<number, Pinned>(COURSES.pinned.map((c) => [c.course, c.status]));
  type Plan = {
    program: number;
    status: CourseStatus;
    dates: string[];
    applyUntil: string;
    capacity: number;
    place: string;
    distanceUrl: string | null;
    managerId: number | null;
    quotas: { territoryId: number; places: number }[];
    quotaReleaseOn: string | null;
    history: {
      from: CourseStatus | null;
      to: CourseStatus;
      action: string;
      byId: number | null;
      at: Date;
      reason: string | null;
    }[];
    createdAt: Date;
    publishedAt: Date | null;
  };
  const plans: Plan[] = [];
  for (let i = 0; i < PROGRAMS.length * COURSES.perProgram; i++) {
    const programIndex = Math.floor(i / COURSES.perProgram);
    const p = PROGRAMS[programIndex]!;
    const anchor = pinned.get(i);
    const offsets = anchor && COURSES.pinnedDates[anchor];
    const span = daysBetween(scheduleDates(p, quarterStart)[0]!, scheduleDates(p, quarterStart).at(-1)!);
    let start: string;
    if (offsets) {
      // Further by up to `spreadDays` (seeded); a weekend start moves away from today.
      const spread =
        offsets.spreadDays && Math.sign(offsets.spreadDays) * random.int(0, Math.abs(offsets.spreadDays));
      start = weekday(addDays(today, offsets.startInDays + spread), offsets.startInDays < 0);
    } else {
      start = weekday(
        addDays(quarterStart, random.int(0, Math.max(0, daysBetween(quarterStart, windowEnd) - span))),
      );
    }
    let dates = scheduleDates(p, start);
    if (anchor === 'running' && dates.at(-1)! < today) dates = [...dates, weekday(today)]; // never: n ≥ 2 from yesterday
    // The first day is today, whatever day of the week today is.
    if (anchor === 'first_day') dates = [today, ...scheduleDates(p, addDays(today, 1)).slice(1)];
    const startsOn = dates[0]!;
    const endsOn = dates.at(-1)!;
    let applyUntil = addDays(startsOn, -random.int(5, 14));
    if (offsets?.applyUntilInDays !== undefined) applyUntil = addDays(today, offsets.applyUntilInDays);
    if (offsets?.applyUntilDaysBeforeStart !== undefined)
      applyUntil = addDays(startsOn, -offsets.applyUntilDaysBeforeStart);
    // A course runs from its first group to its last result: on its first day it is still closed
    // (the manager marks attendance, then forms the group); after its last day it runs until
    // every learner has a result.
    const status: CourseStatus =
      anchor === 'draft' || anchor === 'cancelled'
        ? anchor
        : anchor === 'first_day'
          ? 'closed'
          : anchor === 'ended'
            ? 'running'
            : endsOn < today
              ? 'finished'
              : startsOn <= today
                ? 'running'
                : applyUntil < today
                  ? 'closed'
                  : 'published';
    const { provider } = departmentOf.get(p.department)!;
    const managerId = random.pick(managersOf(p.department));
    const online = p.distance && (p.form === 'extramural' || random.next() < 0.5);
    const place = online && p.form === 'extramural' ? '' : random.pick(provider.places);
    const distanceUrl = p.distance ? `${provider.webinarUrl}${(i * 7919 + 104729).toString(36)}` : null;
    const capacity = p.kind === 'retraining' ? 25 : random.pick([20, 25, 25, 30, 30, 40, 50]);

    // Timestamps: created, then published some weeks before the deadline, then the system's moves.
    let publishedAt: Date | null = null;
    if (status !== 'draft') {
      const before = status === 'published' || status === 'cancelled' ? 0 : random.int(20, 35);
      const at =
        before === 0
          ? earlier(now, random.int(2, 20))
          : regionInstant(addDays(startsOn, -before), random.int(540, 1080));
      publishedAt = at.getTime() < earlier(now, 1).getTime() ? at : earlier(now, 1);
    }
    const createdAt = earlier(publishedAt ?? now, random.int(1, 14), random.int(0, 36_000));
    const history: Plan['history'] = [
      { from: null, to: 'draft', action: 'create', byId: managerId, at: createdAt, reason: null },
    ];
    const clamp = (at: Date) =>
      new Date(Math.min(Math.max(at.getTime(), publishedAt!.getTime()), now.getTime()));
    if (publishedAt)
      history.push({
        from: 'draft',
        to: 'published',
        action: 'publish',
        byId: managerId,
        at: publishedAt,
        reason: null,
      });
    if (status === 'closed' || status === 'running' || status === 'finished')
      history.push({
        from: 'published',
        to: 'closed',
        action: 'close',
        byId: null,
        at: clamp(regionInstant(addDays(applyUntil, 1))),
        reason: null,
      });
    if (status === 'running' || status === 'finished')
      history.push({
        from: 'closed',
        to: 'running',
        action: 'start',
        byId: null,
        at: clamp(regionInstant(startsOn)),
        reason: null,
      });
    if (status === 'finished')
      history.push({
        from: 'running',
        to: 'finished',
        action: 'finish',
        byId: null,
        at: clamp(regionInstant(addDays(endsOn, 1))),
        reason: null,
      });
    if (status === 'cancelled')
      history.push({
        from: 'published',
        to: 'cancelled',
        action: 'cancel',
        byId: managerId,
        at: clamp(earlier(now, random.int(1, 2))),
        reason: COURSES.cancelReason,
      });

    // Quotas: territories' reserved places on some of the institute's courses.
    const quotas: Plan['quotas'] = [];
    let quotaReleaseOn: string | null = null;
    if (provider.code === COURSES.quotaProvider && status !== 'draft' && (i === 0 || random.next() < 0.35)) {
      const chosen = random.shuffle([...COURSES.quotaTerritories]).slice(0, random.int(2, 4));
      for (const name of chosen) {
        const territoryId = territories.get(name);
        if (territoryId)
          quotas.push({ territoryId, places: random.int(2, Math.max(2, Math.floor(capacity / 8))) });
      }
      quotaReleaseOn = addDays(applyUntil, -random.int(3, 5));
    }
    plans.push({
      program: programIndex,
      status,
      dates,
      applyUntil,
      capacity,
      place,
      distanceUrl,
      managerId,
      quotas,
      quotaReleaseOn,
      history,
      createdAt,
      publishedAt,
    });
  }

  const courseRows = await db
    .insertInto('courses')
    .values(
      plans.map((c) => ({
        programId: programRows[c.program]!.id,
        departmentId: programRows[c.program]!.departmentId,
        startsOn: c.dates[0]!,
        endsOn: c.dates.at(-1)!,
        applyUntil: c.applyUntil,
        capacity: c.capacity,
        place: c.place,
        distanceUrl: c.distanceUrl,
        managerId: c.managerId,
        quotaReleaseOn: c.quotaReleaseOn,
        status: c.status,
        cancelReason: c.status === 'cancelled' ? COURSES.cancelReason : null,
        publishedAt: c.publishedAt,
        createdBy: c.managerId,
        createdAt: c.createdAt,
        updatedAt: c.history.at(-1)!.at,
      })),
    )
    .returning('id')
    .execute();

  const lecturers = Array.from({ length: 24 }, () => {
    const female = random.next() < 0.75;
    const patronymic = random.pick(NAMES.patronymics);
    const first = random.pick(female ? NAMES.femaleFirst : NAMES.maleFirst);
    return `${surname(random.pick(NAMES.surnames), female)} ${first[0]}. ${(female ? patronymic.female : patronymic.male)[0]}.`;
  });
  const days = plans.flatMap((c, i) => {
    const p = PROGRAMS[c.program]!;
    const [startsAt, endsAt] = random.pick(c.place ? SESSIONS : SESSIONS.slice(2));
    return c.dates.map((date, d) => ({
      courseId: courseRows[i]!.id,
      date,
      startsAt,
      endsAt,
      topic: p.topics[d % p.topics.length]!,
      room: c.place ? (c.place.match(/(ауд\.|каб\.) \d+|актовый зал/)?.[0] ?? null) : null,
      teacher: random.pick(lecturers),
    }));
  });
  for (let i = 0; i < days.length; i += 400)
    await db
      .insertInto('scheduleDays')
      .values(days.slice(i, i + 400))
      .execute();
  const quotas = plans.flatMap((c, i) => c.quotas.map((x) => ({ courseId: courseRows[i]!.id, ...x })));
  if (quotas.length) await db.insertInto('courseQuotas').values(quotas).execute();
  const history = plans.flatMap((c, i) =>
    c.history.map((h) => ({
      courseId: courseRows[i]!.id,
      fromStatus: h.from,
      toStatus: h.to,
      action: h.action,
      byId: h.byId,
      at: h.at,
      reason: h.reason,
    })),
  );
  for (let i = 0; i < history.length; i += 400)
    await db
      .insertInto('courseHistory')
      .values(history.slice(i, i + 400))
      .execute();

  // A finished course shows its program as it was (as the lifecycle job freezes it).
  await sql`
    UPDATE courses SET program_snapshot = (
      SELECT jsonb_build_object(
        'title', p.title, 'annotation', p.annotation, 'hours', p.hours, 'kind', p.kind, 'form', p.form,
        'distance', p.distance, 'subjects', to_jsonb(p.subjects), 'plannedResults', p.planned_results,
        'targetPositions', coalesce((
          SELECT jsonb_agg(pos.name ORDER BY pos.sort_order, pos.name)
            FROM program_positions pp JOIN positions pos ON pos.id = pp.position_id
           WHERE pp.program_id = p.id), '[]'::jsonb))
      FROM programs p WHERE p.id = courses.program_id)
    WHERE status = 'finished'`.execute(db);
  await refreshSearchVectors(db, 'all');
}
