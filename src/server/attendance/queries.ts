// Kysely queries of the attendance journal. Which learners (and so which marks) the actor sees is
// decided here, in SQL: the course's department, the provider's administrator and the operator see
// every learner; a methodist the learners of her territories. The course itself is read by id and
// judged by policy.ts (with the actor's territories among its applicants).
import { type Expression, type ExpressionBuilder, type Insertable, type SqlBool, sql } from 'kysely';
import { sortTerritoryRows, type TerritoryQuery } from '../../contract/attendance.js';
import type { Actor } from '../access/actor.js';
import { scopeOf } from '../access/scope.js';
import type { Database } from '../db/database.js';
import type { ApplicationStatus, AttendanceMark, DB } from '../db/schema.js';
import { fullName } from '../db/sql.js';

/** Applications that are the course's learners: forwarded before the group, its members after. */
export const LEARNER_STATUSES = ['forwarded', 'enrolled', 'completed', 'not_completed', 'no_show'] as const;
/** Learners who take marks: a first day's no-show stays visible, read-only. */
export const MARKED_STATUSES = ['forwarded', 'enrolled', 'completed', 'not_completed'] as const;

const none = sql<SqlBool>`false`;

type LearnersEb = ExpressionBuilder<DB & { a: DB['applications']; d: DB['departments'] }, 'a' | 'd'>;

/** The learners the actor sees: all of a course they keep or read, their territory's otherwise. */
function learnerScope(eb: LearnersEb, actor: Actor): Expression<SqlBool> {
  const scope = scopeOf(actor);
  if (scope.all) return sql<SqlBool>`true`;
  const departments = scope.departments('head', 'manager');
  const providers = scope.providers('provider_admin');
  const territories = scope.territories('methodist');
  const either = [
    ...(departments.length ? [eb('a.departmentId', 'in', departments)] : []),
    ...(providers.length ? [eb('d.providerId', 'in', providers)] : []),
    ...(territories.length ? [eb('a.territoryId', 'in', territories)] : []),
  ];
  return either.length ? eb.or(either) : none;
}

/** A day of the course's schedule as a change of that day needs it. */
export type ScheduledDay = {
  /** The topic of the day's first session. */
  topic: string;
  /** The course's first day. */
  first: boolean;
  confirmed: { day: string; confirmedAt: Date; confirmedBy: string | null } | undefined;
};

/** The columns of `day` read with the course: null topic when the schedule has no session then. */
const dayColumns = (day: string) =>
  [
    sql<string | null>`(SELECT sd.topic FROM schedule_days sd WHERE sd.course_id = c.id AND sd.date = ${day}
      ORDER BY sd.starts_at LIMIT 1)`.as('dayTopic'),
    sql<boolean | null>`(SELECT min(sd.date) FROM schedule_days sd WHERE sd.course_id = c.id) = ${day}`.as(
      'dayFirst',
    ),
    sql<Date | null>`(SELECT ad.confirmed_at FROM attendance_days ad
      WHERE ad.course_id = c.id AND ad.day = ${day})`.as('dayConfirmedAt'),
    sql<string | null>`(SELECT CASE WHEN u.id IS NULL THEN NULL ELSE ${fullName('u')} END
      FROM attendance_days ad LEFT JOIN users u ON u.id = ad.confirmed_by
      WHERE ad.course_id = c.id AND ad.day = ${day})`.as('dayConfirmedBy'),
  ] as const;

/**
 * The course of a journal with what its policy needs; `lock` holds it against a change of state.
 * With `day`, also that day of its schedule (`scheduled`, null when it has no session then), and
 * with `learners` the course's learners with their marks of that day and the actor's name (who
 * makes the marks a save writes): all in the one statement, since a change of a day needs them.
 */
export async function journalCourse(
  db: Database,
  actor: Actor,
  id: number,
  { lock = false, day, learners = false }: { lock?: boolean; day?: string; learners?: boolean } = {},
) {
  let query = db
    .selectFrom('courses as c')
    .innerJoin('programs as p', 'p.id', 'c.programId')
    .innerJoin('departments as d', 'd.id', 'c.departmentId')
    .where('c.id', '=', id)
    .select([
      'c.id',
      'p.title',
      'c.status',
      'c.startsOn',
      'c.endsOn',
      'c.departmentId',
      'd.providerId',
      'c.publishedAt',
    ])
    .$if(day !== undefined, (qb) => qb.select(dayColumns(day ?? '')))
    .$if(day !== undefined && learners, (qb) =>
      qb.select([
        sql<string>`(${learnersOfDay(db, actor, id, day ?? '')})`.as('dayLearners'),
        sql<string>`(SELECT ${fullName('me')} FROM users me WHERE me.id = ${actor.userId})`.as('me'),
      ]),
    );
  if (lock) query = query.forShare(['c']);
  const row = await query.executeTakeFirst();
  if (!row) return undefined;
  const { dayTopic, dayFirst, dayConfirmedAt, dayConfirmedBy, dayLearners, me, ...course } = row;
  // The drivers parse the JSON; the time of a mark comes in it as text.
  const parsed = (typeof dayLearners === 'string' ? JSON.parse(dayLearners) : (dayLearners ?? [])) as (Omit<
    DayLearner,
    'markedAt'
  > & { markedAt: string | null })[];
  const dayOfLearners: DayLearner[] = parsed.map((l) => ({
    ...l,
    markedAt: l.markedAt === null ? null : new Date(l.markedAt),
  }));
  const scheduled: ScheduledDay | null =
    day === undefined || dayTopic === null || dayTopic === undefined
      ? null
      : {
          topic: dayTopic,
          first: dayFirst === true,
          confirmed: dayConfirmedAt
            ? { day, confirmedAt: dayConfirmedAt, confirmedBy: dayConfirmedBy ?? null }
            : undefined,
        };
  const territories = scopeOf(actor).territories('methodist');
  const methodistTerritories = territories.length
    ? (
        await db
          .selectFrom('applications')
          .where('courseId', '=', id)
          .where('territoryId', 'in', territories)
          .select('territoryId')
          .distinct()
          .execute()
      ).map((r) => r.territoryId)
    : [];
  return {
    ...course,
    published: course.publishedAt !== null,
    methodistTerritories,
    scheduled,
    learners: dayOfLearners,
    me: me ?? null,
  };
}
export type JournalCourse = NonNullable<Awaited<ReturnType<typeof journalCourse>>>;

export const scheduleOf = (db: Database, courseId: number) =>
  db
    .selectFrom('scheduleDays')
    .where('courseId', '=', courseId)
    .select(['date', 'topic'])
    .orderBy('date')
    .orderBy('startsAt')
    .execute();

/** The course's learners the actor sees, by name. */
export const learnersOf = (db: Database, actor: Actor, courseId: number) =>
  db
    .selectFrom('applications as a')
    .innerJoin('departments as d', 'd.id', 'a.departmentId')
    .innerJoin('users as u', 'u.id', 'a.teacherId')
    .innerJoin('organizations as o', 'o.id', 'a.organizationId')
    .innerJoin('territories as t', 't.id', 'a.territoryId')
    .where('a.courseId', '=', courseId)
    .where('a.status', 'in', LEARNER_STATUSES)
    .where((eb) => learnerScope(eb, actor))
    .select([
      'a.id as applicationId',
      fullName('u').as('name'),
      'o.name as organization',
      'a.territoryId',
      't.name as territory',
      'a.status',
    ])
    .orderBy(fullName('u'))
    .orderBy('a.id')
    .execute();

/** The marks of the learners the actor sees, with who marked them. */
export const marksOf = (db: Database, actor: Actor, courseId: number) =>
  db
    .selectFrom('attendanceMarks as m')
    .innerJoin('applications as a', 'a.id', 'm.applicationId')
    .innerJoin('departments as d', 'd.id', 'a.departmentId')
    .leftJoin('users as u', 'u.id', 'm.markedBy')
    .where('m.courseId', '=', courseId)
    .where('a.status', 'in', LEARNER_STATUSES)
    .where((eb) => learnerScope(eb, actor))
    .select([
      'm.applicationId',
      'm.day',
      'm.mark',
      'm.reason',
      'm.markedAt',
      sql<string | null>`CASE WHEN u.id IS NULL THEN NULL ELSE ${fullName('u')} END`.as('markedBy'),
    ])
    .execute();

export const confirmedDaysOf = (db: Database, courseId: number) =>
  db
    .selectFrom('attendanceDays as ad')
    .leftJoin('users as u', 'u.id', 'ad.confirmedBy')
    .where('ad.courseId', '=', courseId)
    .select([
      'ad.day',
      'ad.confirmedAt',
      sql<string | null>`CASE WHEN u.id IS NULL THEN NULL ELSE ${fullName('u')} END`.as('confirmedBy'),
    ])
    .execute();

/** A learner of the course with their mark of a day, as a save of that day reads them. */
export type DayLearner = {
  applicationId: number;
  territoryId: number;
  status: ApplicationStatus;
  mark: AttendanceMark | null;
  reason: string | null;
  markedAt: Date | null;
  markedBy: string | null;
  /** The actor sees the learner: the day's answer shows only those. */
  visible: boolean;
};

/**
 * Every learner of the course with their mark of `day` (if any) and who made it, as one JSON
 * array (a scalar subquery of the course's statement: no round trip of its own).
 */
const learnersOfDay = (db: Database, actor: Actor, courseId: number, day: string) =>
  db
    .selectFrom('applications as a')
    .innerJoin('departments as d', 'd.id', 'a.departmentId')
    .leftJoin('attendanceMarks as m', (join) =>
      join.onRef('m.applicationId', '=', 'a.id').on('m.day', '=', day),
    )
    .leftJoin('users as u', 'u.id', 'm.markedBy')
    .where('a.courseId', '=', courseId)
    .where('a.status', 'in', LEARNER_STATUSES)
    .select((eb) =>
      sql<string>`coalesce(json_agg(json_build_object(
        'applicationId', a.id, 'territoryId', a.territory_id, 'status', a.status,
        'mark', m.mark, 'reason', m.reason, 'markedAt', m.marked_at,
        'markedBy', CASE WHEN u.id IS NULL THEN NULL ELSE ${fullName('u')} END,
        'visible', ${learnerScope(eb, actor)})), '[]'::json)`.as('learners'),
    );

/** The learners of the course who take marks and have none on `day`. */
export const unmarkedCount = async (db: Database, courseId: number, day: string) =>
  Number(
    (
      await db
        .selectFrom('applications as a')
        .where('a.courseId', '=', courseId)
        .where('a.status', 'in', MARKED_STATUSES)
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('attendanceMarks as m')
                .whereRef('m.applicationId', '=', 'a.id')
                .where('m.day', '=', day)
                .select('m.day'),
            ),
          ),
        )
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

export type MarkRow = {
  applicationId: number;
  mark: AttendanceMark;
  reason: string | null;
};

/**
 * Writes the day's changed marks, each attributed to `by` at `at`, and the audit row of the
 * change, in one statement (one round trip). The marks go as three arrays (`unnest`), so the
 * statement's text and its parameters are the same whatever the number of marks: prepared once
 * per connection, and neither Kysely nor PostgreSQL handles a hundred rows of seven parameters.
 */
export const writeMarks = (
  db: Database,
  courseId: number,
  day: string,
  rows: MarkRow[],
  by: number,
  at: Date,
  audit: Insertable<DB['auditEvents']>,
) =>
  db
    .with('written', (qc) =>
      qc
        .insertInto('attendanceMarks')
        .columns(['applicationId', 'mark', 'reason', 'courseId', 'day', 'markedBy', 'markedAt'])
        .expression(
          sql`SELECT r.application_id, r.mark, r.reason, ${courseId}::integer, ${day}::date,
                     ${by}::integer, ${at}::timestamptz
                FROM unnest(${rows.map((r) => r.applicationId)}::integer[], ${rows.map((r) => r.mark)}::text[],
                            ${rows.map((r) => r.reason)}::text[]) AS r (application_id, mark, reason)`,
        )
        .onConflict((oc) =>
          oc.columns(['applicationId', 'day']).doUpdateSet((eb) => ({
            mark: eb.ref('excluded.mark'),
            reason: eb.ref('excluded.reason'),
            markedBy: eb.ref('excluded.markedBy'),
            markedAt: eb.ref('excluded.markedAt'),
          })),
        ),
    )
    .insertInto('auditEvents')
    .values(audit)
    .execute()
    .then(() => undefined);

/** Confirms the day; false when it was confirmed already (the first confirmation stands). */
export const confirmDay = async (db: Database, courseId: number, day: string, by: number, at: Date) =>
  (
    await db
      .insertInto('attendanceDays')
      .values({ courseId, day, confirmedBy: by, confirmedAt: at })
      .onConflict((oc) => oc.columns(['courseId', 'day']).doNothing())
      .returning('day')
      .execute()
  ).length > 0;

const TERRITORY_LIMIT = 5000;

/**
 * The learners of the actor's territories (a methodist's; the operator's: any, or `territoryId`)
 * on every course that has started, with each learner's first-day mark and totals: one statement.
 */
export async function territoryAttendance(db: Database, actor: Actor, today: string, filter: TerritoryQuery) {
  const scope = scopeOf(actor);
  const territories = scope.territories('methodist');
  const firstDay = sql<string>`(SELECT min(sd.date) FROM schedule_days sd WHERE sd.course_id = c.id)`;
  const count = (mark: AttendanceMark) =>
    sql<number>`(SELECT count(*) FROM attendance_marks m WHERE m.application_id = a.id AND m.mark = ${mark})`;
  const rows = await db
    .selectFrom('applications as a')
    .innerJoin('courses as c', 'c.id', 'a.courseId')
    .innerJoin('programs as p', 'p.id', 'c.programId')
    .innerJoin('users as u', 'u.id', 'a.teacherId')
    .innerJoin('organizations as o', 'o.id', 'a.organizationId')
    .innerJoin('territories as t', 't.id', 'a.territoryId')
    .leftJoin('attendanceMarks as fm', (join) =>
      join.onRef('fm.applicationId', '=', 'a.id').on(sql<SqlBool>`fm.day = ${firstDay}`),
    )
    .where((eb) =>
      scope.all ? sql<SqlBool>`true` : territories.length ? eb('a.territoryId', 'in', territories) : none,
    )
    .$if(filter.territoryId !== undefined, (qb) => qb.where('a.territoryId', '=', filter.territoryId ?? 0))
    .$if(filter.courseId !== undefined, (qb) => qb.where('a.courseId', '=', filter.courseId ?? 0))
    .$if(filter.organizationId !== undefined, (qb) =>
      qb.where('a.organizationId', '=', filter.organizationId ?? 0),
    )
    .$if(filter.from !== undefined, (qb) => qb.where('c.startsOn', '>=', filter.from ?? ''))
    .$if(filter.to !== undefined, (qb) => qb.where('c.startsOn', '<=', filter.to ?? ''))
    .$if(filter.mark !== undefined, (qb) =>
      filter.mark === 'none'
        ? qb.where('fm.mark', 'is', null)
        : qb.where('fm.mark', '=', filter.mark ?? 'present'),
    )
    .where('a.status', 'in', LEARNER_STATUSES)
    .where('c.status', 'in', ['closed', 'running', 'finished', 'archived'])
    .where('c.startsOn', '<=', today)
    .select([
      'a.id as applicationId',
      'c.id as courseId',
      'p.title as courseTitle',
      'c.status as courseStatus',
      'c.startsOn',
      'c.endsOn',
      fullName('u').as('teacherName'),
      'o.id as organizationId',
      'o.name as organization',
      't.name as territory',
      'a.status',
      'fm.mark as firstDayMark',
      'fm.reason as firstDayReason',
      count('present').as('present'),
      count('absent').as('absent'),
      count('excused').as('excused'),
      sql<number>`(SELECT count(*) FROM schedule_days sd WHERE sd.course_id = c.id AND sd.date <= ${today})`.as(
        'daysSoFar',
      ),
    ])
    .orderBy('c.startsOn', 'desc')
    .orderBy('c.id')
    .orderBy(fullName('u'))
    .orderBy('a.id')
    .limit(TERRITORY_LIMIT + 1)
    .execute();
  // The courses started last are the ones kept; then the list's order, as the page sorts it.
  return {
    items: sortTerritoryRows(rows.slice(0, TERRITORY_LIMIT), filter.sort),
    truncated: rows.length > TERRITORY_LIMIT,
  };
}
