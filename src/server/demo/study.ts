// Demo study: what happens to a course after its applications. Archived courses of earlier years
// (the teachers' CPD in the Bank), the groups of every course that has started, the attendance
// journal of the days that have passed (the first day confirmed; every day of a course that has
// ended), and CPD completed before the Bank that the methodists entered from teachers' documents.
// So the three-year rule has teachers on each side of it: done recently, due soon, overdue.
// Shares and texts are in data/study.json.
//
// Deterministic (a PRNG of its own) and fast: a few multi-row INSERTs.
import { sql } from 'kysely';
import { refreshSearchVectors } from '../catalog/search.js';
import { regionDate, shiftDate } from '../clock.js';
import type { Database } from '../db/database.js';
import type { AttendanceMark } from '../db/schema.js';
import { addDays, earlier, regionInstant, SESSIONS, scheduleDates, weekday } from './catalog.js';
import { PROGRAMS, STUDY } from './data.js';
import type { Random } from './seed.js';

/** Not later than `now`: a planned moment that would lie in the future happened just now. */
const notAfter = (at: Date, now: Date) => (at.getTime() < now.getTime() ? at : now);

/**
 * Archived courses of the earlier years, inside the demo's transaction after the catalog: their
 * applications come with the others' (seedApplications treats them as finished ones).
 */
export async function seedArchive(db: Database, now: Date, random: Random): Promise<number> {
  const today = regionDate(now);
  const programs = await db.selectFrom('programs').select(['id', 'departmentId']).orderBy('id').execute();
  // Each program's place and manager as its current courses have them.
  const current = new Map(
    (
      await db
        .selectFrom('courses')
        .select(['programId', 'place', 'distanceUrl', 'managerId', 'capacity'])
        .orderBy('id')
        .execute()
    ).map((c) => [c.programId, c]),
  );
  const { yearsBack, coursesPerYear, spreadDays } = STUDY.archive;
  const plans = Array.from({ length: yearsBack }, (_, k) =>
    random
      .shuffle(PROGRAMS.map((_, i) => i))
      .slice(0, coursesPerYear)
      .map((index) => {
        const program = programs[index]!;
        const like = current.get(program.id)!;
        const start = weekday(
          addDays(shiftDate(today, -(k + 1), 'year'), random.int(-spreadDays, spreadDays)),
        );
        const dates = scheduleDates(PROGRAMS[index]!, start);
        const startsOn = dates[0]!;
        const endsOn = dates.at(-1)!;
        const applyUntil = addDays(startsOn, -random.int(5, 14));
        const publishedAt = regionInstant(addDays(startsOn, -random.int(20, 35)), random.int(540, 1080));
        const createdAt = earlier(publishedAt, random.int(1, 14), random.int(0, 36_000));
        const managerId = like.managerId;
        const history = [
          { from: null, to: 'draft', action: 'create', byId: managerId, at: createdAt },
          { from: 'draft', to: 'published', action: 'publish', byId: managerId, at: publishedAt },
          {
            from: 'published',
            to: 'closed',
            action: 'close',
            byId: null,
            at: regionInstant(addDays(applyUntil, 1)),
          },
          {
            from: 'closed',
            to: 'running',
            action: 'start',
            byId: managerId,
            at: regionInstant(startsOn, 12 * 60),
          },
          {
            from: 'running',
            to: 'finished',
            action: 'finish',
            byId: managerId,
            at: regionInstant(endsOn, 17 * 60),
          },
          {
            from: 'finished',
            to: 'archived',
            action: 'archive',
            byId: managerId,
            at: regionInstant(addDays(endsOn, random.int(7, 30)), random.int(540, 1080)),
          },
        ] as const;
        return { program, like, dates, startsOn, endsOn, applyUntil, publishedAt, createdAt, history };
      }),
  ).flat();
  const rows = await db
    .insertInto('courses')
    .values(
      plans.map((c) => ({
        programId: c.program.id,
        departmentId: c.program.departmentId,
        startsOn: c.startsOn,
        endsOn: c.endsOn,
        applyUntil: c.applyUntil,
        capacity: c.like.capacity,
        place: c.like.place,
        distanceUrl: c.like.distanceUrl,
        managerId: c.like.managerId,
        quotaReleaseOn: null,
        status: 'archived' as const,
        cancelReason: null,
        publishedAt: c.publishedAt,
        createdBy: c.like.managerId,
        createdAt: c.createdAt,
        updatedAt: c.history.at(-1)!.at,
      })),
    )
    .returning('id')
    .execute();
  const ids = rows.map((r) => r.id);
  await db
    .insertInto('scheduleDays')
    .values(
      plans.flatMap((c, i) => {
        const [startsAt, endsAt] = random.pick(c.like.place ? SESSIONS : SESSIONS.slice(2));
        const topics = PROGRAMS[programs.indexOf(c.program)]!.topics;
        return c.dates.map((date, d) => ({
          courseId: ids[i]!,
          date,
          startsAt,
          endsAt,
          topic: topics[d % topics.length]!,
          room: null,
          teacher: null,
        }));
      }),
    )
    .execute();
  await db
    .insertInto('courseHistory')
    .values(
      plans.flatMap((c, i) =>
        c.history.map((h) => ({
          courseId: ids[i]!,
          fromStatus: h.from,
          toStatus: h.to,
          action: h.action,
          byId: h.byId,
          at: h.at,
          reason: null,
        })),
      ),
    )
    .execute();
  // An archived course keeps its program as it was when it finished.
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
    WHERE id = ANY(${ids}::int[])`.execute(db);
  await refreshSearchVectors(db, { courseIds: ids });
  return ids.length;
}

/** Learners who joined a group; a first-day no-show did not. */
const LEARNER = new Set(['enrolled', 'completed', 'not_completed']);

/**
 * Groups, attendance and CPD before the Bank, inside the demo's transaction after the
 * applications. Returns what it made, for the seed's summary and tests.
 */
export async function seedStudy(db: Database, now: Date, random: Random) {
  const today = regionDate(now);
  const courses = await db
    .selectFrom('courses as c')
    .innerJoin('departments as d', 'd.id', 'c.departmentId')
    .where('c.status', 'in', ['running', 'finished', 'archived'])
    .select([
      'c.id',
      'c.status',
      'c.startsOn',
      'c.endsOn',
      'c.managerId',
      'c.departmentId',
      'd.providerId',
      'd.code',
    ])
    .orderBy('c.startsOn')
    .orderBy('c.id')
    .execute();
  const ids = courses.map((c) => c.id);
  const days = await db
    .selectFrom('scheduleDays')
    .where('courseId', 'in', ids)
    .select(['courseId', 'date'])
    .orderBy('date')
    .execute();
  const applications = await db
    .selectFrom('applications')
    .where('courseId', 'in', ids)
    .where('status', 'in', ['enrolled', 'completed', 'not_completed', 'no_show'])
    .select(['id', 'courseId', 'status'])
    .orderBy('id')
    .execute();
  const { attendance } = STUDY;

  const groups: {
    courseId: number;
    providerId: number;
    year: number;
    number: string;
    at: Date;
    by: number | null;
  }[] = [];
  const members: number[][] = [];
  const marks: {
    applicationId: number;
    courseId: number;
    day: string;
    mark: AttendanceMark;
    reason: string | null;
    markedBy: number | null;
    markedAt: Date;
  }[] = [];
  const confirmed: { courseId: number; day: string; confirmedBy: number | null; confirmedAt: Date }[] = [];
  const numbered = new Map<string, number>();
  for (const course of courses) {
    const own = applications.filter((a) => a.courseId === course.id);
    const learners = own.filter((a) => LEARNER.has(a.status));
    const noShows = own.filter((a) => a.status === 'no_show');
    // Groups of at most `groupSize`, numbered per department and year as the Bank numbers them.
    const year = Number(course.startsOn.slice(0, 4));
    const count = Math.max(1, Math.ceil(learners.length / STUDY.groupSize));
    for (let g = 0; g < count; g++) {
      const key = `${course.departmentId}-${year}`;
      const n = (numbered.get(key) ?? 0) + 1;
      numbered.set(key, n);
      groups.push({
        courseId: course.id,
        providerId: course.providerId,
        year,
        number: `${course.code ?? course.departmentId}-${year}-${n}`,
        at: notAfter(regionInstant(course.startsOn, 12 * 60 + g), now),
        by: course.managerId,
      });
      members.push(learners.filter((_, i) => i % count === g).map((a) => a.id));
    }
    // The journal of the days that have passed, and of the first day when it is today (the group
    // was formed from it); the rest of today's is the manager's to fill.
    const passed = days
      .filter((d) => d.courseId === course.id && (d.date < today || d.date === course.startsOn))
      .map((d) => d.date);
    const ended = course.endsOn < today;
    for (const [i, day] of passed.entries()) {
      const markedAt = notAfter(regionInstant(day, 18 * 60 + random.int(0, 120)), now);
      const mark = (applicationId: number, value: AttendanceMark) =>
        marks.push({
          applicationId,
          courseId: course.id,
          day,
          mark: value,
          reason: value === 'excused' ? random.pick(attendance.excuseReasons) : null,
          markedBy: course.managerId,
          markedAt,
        });
      for (const learner of learners) {
        const roll = random.next();
        if (i === 0) mark(learner.id, 'present');
        else if (learner.status === 'not_completed')
          mark(learner.id, roll < attendance.expelledAbsentShare ? 'absent' : 'present');
        else
          mark(
            learner.id,
            roll < attendance.presentShare
              ? 'present'
              : roll < attendance.presentShare + attendance.excusedShare
                ? 'excused'
                : 'absent',
          );
      }
      if (i === 0)
        for (const absent of noShows)
          mark(absent.id, random.next() < attendance.noShowExcusedShare ? 'excused' : 'absent');
      // The first day decided the group; the rest are confirmed once the course has ended.
      if (i === 0 || ended)
        confirmed.push({ courseId: course.id, day, confirmedBy: course.managerId, confirmedAt: markedAt });
    }
  }
  if (groups.length) {
    const created = await db
      .insertInto('studyGroups')
      .values(
        groups.map((g) => ({
          courseId: g.courseId,
          providerId: g.providerId,
          year: g.year,
          number: g.number,
          createdBy: g.by,
          createdAt: g.at,
          updatedAt: g.at,
        })),
      )
      .returning('id')
      .execute();
    const applicationIds = members.flat();
    const groupIds = members.flatMap((m, i) => m.map(() => created[i]!.id));
    await sql`
      UPDATE applications a SET group_id = m.group_id
        FROM unnest(${applicationIds}::int[], ${groupIds}::int[]) AS m(application_id, group_id)
       WHERE a.id = m.application_id`.execute(db);
  }
  // The archived courses' applications left the baskets with their course.
  await sql`
    UPDATE applications a SET archived_at = c.updated_at
      FROM courses c WHERE c.id = a.course_id AND c.status = 'archived'`.execute(db);
  for (let i = 0; i < marks.length; i += 2000)
    await db
      .insertInto('attendanceMarks')
      .values(marks.slice(i, i + 2000))
      .execute();
  if (confirmed.length) await db.insertInto('attendanceDays').values(confirmed).execute();

  // CPD before the Bank: entered by the methodist of the teacher's territory.
  const teachers = await db
    .selectFrom('teacherProfiles as tp')
    .innerJoin('organizations as o', 'o.id', 'tp.organizationId')
    .leftJoin('userRoles as r', (j) =>
      j.onRef('r.territoryId', '=', 'o.territoryId').on('r.role', '=', 'methodist'),
    )
    .select(['tp.userId', 'r.userId as methodistId'])
    .orderBy('tp.userId')
    .execute();
  const { external } = STUDY;
  const records = teachers.flatMap((teacher) => {
    if (random.next() >= external.share) return [];
    const program = random.pick(external.programs);
    const endsOn = weekday(
      shiftDate(today, -random.int(external.monthsBack.min, external.monthsBack.max), 'month'),
      true,
    );
    return [
      {
        teacherId: teacher.userId,
        programTitle: program.title,
        providerName: random.pick(external.providers),
        hours: program.hours,
        startsOn: addDays(endsOn, -Math.max(2, Math.round(program.hours / 8))),
        endsOn,
        documentKind: 'certificate',
        documentSeries: `59${random.int(10, 99)}`,
        documentNumber: String(random.int(100000, 999999)),
        issuedOn: endsOn,
        addedBy: teacher.methodistId,
        addedAt: earlier(now, random.int(30, 200), random.int(0, 36_000)),
      },
    ];
  });
  if (records.length) await db.insertInto('externalCpd').values(records).execute();
  return { groups: groups.length, marks: marks.length, external: records.length };
}
