// Kysely queries of applications. Lists and cards are filtered by the actor's scope here (the same
// rule as policy.ts `sees`), so that what a query does not return does not exist for the actor.
// Places are read (places/) under the course's row lock that every place-changing transition takes first.
import { type Expression, type ExpressionBuilder, type Insertable, type SqlBool, sql } from 'kysely';
import {
  ACTIVE_STATUSES,
  APPLICATION_STATUSES,
  type ApplicationExportQuery,
  type ApplicationListQuery,
  type ApplicationSortField,
  type ApplicationStatus,
  PROVIDER_STATUSES,
} from '../../contract/applications.js';
import type { CourseStatus } from '../../contract/catalog.js';
import type { Actor } from '../access/actor.js';
import { scopeOf } from '../access/scope.js';
import { learnersOf } from '../catalog/card.js';
import { programSnapshotSql } from '../catalog/snapshot.js';
import type { Database } from '../db/database.js';
import type { DB } from '../db/schema.js';
import { fullName } from '../db/sql.js';
import { likePattern } from '../http/pagination.js';

const none = sql<SqlBool>`false`;
const all = sql<SqlBool>`true`;

type Eb = ExpressionBuilder<DB & { a: DB['applications'] }, 'a'>;

const reachedProvider = (eb: Eb) => eb('a.status', 'in', PROVIDER_STATUSES);

/**
 * Applications the actor sees (policy.ts `sees`, as SQL). It reads the application's own columns
 * only (a provider's departments through a subquery), so that a basket's page is picked from
 * `applications` and its indexes without joining every course first.
 */
export function applicationScope(eb: Eb, actor: Actor): Expression<SqlBool> {
  const scope = scopeOf(actor);
  if (scope.all) return all;
  const territories = scope.territories('methodist');
  const departments = scope.departments('head', 'manager');
  const providers = scope.providers('provider_admin');
  const either = [
    ...(scope.teacherId !== null ? [eb('a.teacherId', '=', scope.teacherId)] : []),
    ...(territories.length ? [eb('a.territoryId', 'in', territories)] : []),
    ...(departments.length ? [eb.and([eb('a.departmentId', 'in', departments), reachedProvider(eb)])] : []),
    ...(providers.length
      ? [
          eb.and([
            eb(
              'a.departmentId',
              'in',
              eb.selectFrom('departments as sd').where('sd.providerId', 'in', providers).select('sd.id'),
            ),
            reachedProvider(eb),
          ]),
        ]
      : []),
  ];
  return either.length ? eb.or(either) : none;
}

/**
 * A basket: the methodist's (her territories), the provider's (reached the provider), the teacher's
 * own. The working baskets leave out archived courses' applications (the teacher keeps hers).
 */
function basketFilter(eb: Eb, actor: Actor, basket: ApplicationListQuery['basket']): Expression<SqlBool> {
  switch (basket) {
    case 'methodist': {
      const territories = scopeOf(actor).territories('methodist');
      return territories.length
        ? eb.and([eb('a.territoryId', 'in', territories), eb('a.archivedAt', 'is', null)])
        : none;
    }
    case 'provider':
      return eb.and([reachedProvider(eb), eb('a.archivedAt', 'is', null)]);
    case 'mine':
      return eb('a.teacherId', '=', actor.userId);
    case 'region':
      // The operator's region-wide view (the policy lets no one else ask): the working list.
      return scopeOf(actor).all ? eb('a.archivedAt', 'is', null) : none;
    case undefined:
      return all;
  }
}

// Names come from scalar subqueries rather than joins: a card joins three tables only, which keeps
// planning (paid on every request) small; the scope's columns (c, d) stay joinable.
const base = (db: Database) =>
  db
    .selectFrom('applications as a')
    .innerJoin('courses as c', 'c.id', 'a.courseId')
    .innerJoin('departments as d', 'd.id', 'c.departmentId')
    .select([
      'a.id',
      'a.status',
      'a.courseId',
      sql<string>`coalesce(c.program_snapshot->>'title', (SELECT p.title FROM programs p WHERE p.id = c.program_id))`.as(
        'courseTitle',
      ),
      'c.status as courseStatus',
      'c.startsOn',
      'c.endsOn',
      'c.applyUntil',
      'c.departmentId',
      'd.name as departmentName',
      'd.providerId',
      sql<string>`(SELECT pr.name FROM providers pr WHERE pr.id = d.provider_id)`.as('providerName'),
      'a.teacherId',
      sql<string>`(SELECT ${fullName('u')} FROM users u WHERE u.id = a.teacher_id)`.as('teacherName'),
      sql<string>`coalesce((SELECT tp.position FROM teacher_profiles tp WHERE tp.user_id = a.teacher_id), '')`.as(
        'position',
      ),
      'a.organizationId',
      sql<string>`(SELECT o.name FROM organizations o WHERE o.id = a.organization_id)`.as('organizationName'),
      'a.territoryId',
      sql<string>`(SELECT t.name FROM territories t WHERE t.id = a.territory_id)`.as('territoryName'),
      'a.reason',
      sql<number | null>`CASE WHEN a.status = 'waitlisted' THEN (
        SELECT count(*)::integer FROM applications w
         WHERE w.course_id = a.course_id AND w.status = 'waitlisted'
           AND (w.waitlisted_at, w.id) <= (a.waitlisted_at, a.id)) END`.as('waitlistPosition'),
      'a.createdAt',
      'a.updatedAt',
    ]);

export type ApplicationRow = {
  id: number;
  status: ApplicationStatus;
  courseId: number;
  courseTitle: string;
  courseStatus: CourseStatus;
  startsOn: string;
  endsOn: string;
  applyUntil: string;
  departmentId: number;
  departmentName: string;
  providerId: number;
  providerName: string;
  teacherId: number;
  teacherName: string;
  position: string;
  organizationId: number;
  organizationName: string;
  territoryId: number;
  territoryName: string;
  reason: string | null;
  waitlistPosition: number | null;
  createdAt: Date;
  updatedAt: Date;
};

/** The applications of a list, filtered (scope, basket, filters) — as ids, before any name is joined. */
function matchingApplications(
  db: Database,
  actor: Actor,
  filter: ApplicationExportQuery,
  withStatus: boolean,
) {
  const { basket, courseId, status, territoryId, organizationId, position, q } = filter;
  return (
    db
      .selectFrom('applications as a')
      // The methodist's basket is her territories' applications, within her scope by definition.
      // Stated twice, the territory condition was estimated as if the two were independent (a
      // square of its selectivity): a prepared statement's generic plan then expected a handful
      // of rows where the basket has thousands, and chose its plans for that.
      .$if(basket !== 'methodist', (qb) => qb.where((eb) => applicationScope(eb, actor)))
      .where((eb) => basketFilter(eb, actor, basket))
      .$if(courseId !== undefined, (qb) => qb.where('a.courseId', '=', courseId ?? 0))
      .$if(withStatus && status !== undefined, (qb) => qb.where('a.status', '=', status ?? 'submitted'))
      .$if(territoryId !== undefined, (qb) => qb.where('a.territoryId', '=', territoryId ?? 0))
      .$if(organizationId !== undefined, (qb) => qb.where('a.organizationId', '=', organizationId ?? 0))
      .$if(Boolean(position), (qb) =>
        qb.where(({ exists, selectFrom }) =>
          exists(
            selectFrom('teacherProfiles as tp')
              .whereRef('tp.userId', '=', 'a.teacherId')
              .where('tp.position', 'ilike', likePattern(position ?? ''))
              .select('tp.userId'),
          ),
        ),
      )
      .$if(Boolean(q), (qb) =>
        qb.where(({ exists, selectFrom }) =>
          exists(
            selectFrom('users as u')
              .whereRef('u.id', '=', 'a.teacherId')
              .where(fullName('u'), 'ilike', likePattern(q ?? ''))
              .select('u.id'),
          ),
        ),
      )
  );
}

/** The states in the workflow's order: how a list sorted by state reads. */
const statusRank = sql<number>`array_position(${sql.raw(
  `ARRAY[${APPLICATION_STATUSES.map((s) => `'${s}'`).join(', ')}]::text[]`,
)}, a.status)`;

/**
 * A page of the list's ids in the order asked for, the id breaking ties in the same direction.
 * Without an order: the waitlist in its order, then the newest first. A course's dates are joined
 * for ordering only when asked for; names are the application's own sort keys.
 */
function orderedIds(
  db: Database,
  actor: Actor,
  filter: ApplicationExportQuery,
  limit: number,
  offset: number,
): Promise<number[]> {
  const matching = matchingApplications(db, actor, filter, true);
  const sort = filter.sort;
  const dir = sort?.startsWith('-') ? 'desc' : 'asc';
  const field = sort?.replace(/^-/, '') as ApplicationSortField | undefined;
  const ids = (rows: { id: number }[]) => rows.map((r) => r.id);
  switch (field) {
    case undefined:
      return matching
        .select('a.id')
        .orderBy('a.waitlistedAt', (ob) => ob.asc().nullsLast())
        .orderBy('a.id', 'desc')
        .limit(limit)
        .offset(offset)
        .execute()
        .then(ids);
    case 'appliedAt':
      return matching
        .select('a.id')
        .orderBy('a.createdAt', dir)
        .orderBy('a.id', dir)
        .limit(limit)
        .offset(offset)
        .execute()
        .then(ids);
    case 'status':
      return matching
        .select('a.id')
        .orderBy(statusRank, dir)
        .orderBy('a.id', dir)
        .limit(limit)
        .offset(offset)
        .execute()
        .then(ids);
    case 'startsOn':
    case 'applyUntil':
      return matching
        .innerJoin('courses as c', 'c.id', 'a.courseId')
        .select('a.id')
        .orderBy(field === 'startsOn' ? 'c.startsOn' : 'c.applyUntil', dir)
        .orderBy('a.id', dir)
        .limit(limit)
        .offset(offset)
        .execute()
        .then(ids);
    // The names as each application keeps them (migration 0019): read from the basket's index in
    // order, no join of every user or organization.
    case 'teacher':
    case 'organization':
      return matching
        .select('a.id')
        .orderBy(field === 'teacher' ? 'a.teacherKey' : 'a.organizationKey', dir)
        .orderBy('a.id', dir)
        .limit(limit)
        .offset(offset)
        .execute()
        .then(ids);
  }
}

/** The rows of these ids, in their order. */
async function rowsOf(db: Database, ids: number[]): Promise<ApplicationRow[]> {
  if (ids.length === 0) return [];
  // A statement of its own for the page's rows, so that the planner never joins a whole basket first.
  const order = new Map(ids.map((id, i) => [id, i]));
  const rows = (await base(db).where('a.id', 'in', ids).execute()) as ApplicationRow[];
  return rows.sort((x, y) => (order.get(x.id) ?? 0) - (order.get(y.id) ?? 0));
}

export type StatusCount = { status: ApplicationStatus; count: number };

/**
 * A list's page. The first statement counts the matching applications by state (the state filter
 * aside, so that the list shows how many wait in each); the second picks the page's ids from
 * `applications` (scope and filters read its own columns), joining a name or a course only to
 * order by it; names, organizations and waitlist places are joined for the page's rows alone.
 */
export async function findApplications(
  db: Database,
  actor: Actor,
  filter: ApplicationListQuery,
): Promise<{ items: ApplicationRow[]; total: number; byStatus: StatusCount[] }> {
  const counted = await matchingApplications(db, actor, filter, false)
    .select((eb) => ['a.status', eb.fn.countAll<number>().as('count')])
    .groupBy('a.status')
    .execute();
  const byStatus = APPLICATION_STATUSES.flatMap((status) => {
    const row = counted.find((r) => r.status === status);
    return row ? [{ status, count: Number(row.count) }] : [];
  });
  const total = byStatus
    .filter((s) => filter.status === undefined || s.status === filter.status)
    .reduce((sum, s) => sum + s.count, 0);
  if (total === 0 || filter.offset >= total) return { items: [], total, byStatus };
  const ids = await orderedIds(db, actor, filter, filter.limit, filter.offset);
  return { items: await rowsOf(db, ids), total, byStatus };
}

/** The whole list in its order, in batches (an export); at most `max` rows. */
export async function* allApplications(
  db: Database,
  actor: Actor,
  filter: ApplicationExportQuery,
  max: number,
  batch = 1000,
): AsyncGenerator<ApplicationRow[]> {
  for (let offset = 0; offset < max; offset += batch) {
    const ids = await orderedIds(db, actor, filter, Math.min(batch, max - offset), offset);
    if (ids.length === 0) return;
    yield await rowsOf(db, ids);
    if (ids.length < batch) return;
  }
}

export const getApplication = (db: Database, actor: Actor, id: number) =>
  base(db)
    .where('a.id', '=', id)
    .where((eb) => applicationScope(eb, actor))
    .executeTakeFirst() as Promise<ApplicationRow | undefined>;

export const historyOf = (db: Database, applicationId: number) =>
  db
    .selectFrom('applicationHistory as h')
    .leftJoin('users as u', 'u.id', 'h.byId')
    .where('h.applicationId', '=', applicationId)
    .select([
      'h.fromStatus',
      'h.toStatus',
      'h.action',
      'h.byId',
      fullName('u').as('byName'),
      'h.at',
      'h.reason',
    ])
    .orderBy('h.id')
    .execute();

/** What the policy and a transition need of applications (read before their course is locked). */
export const targetsOf = (db: Database, ids: number[]) =>
  db
    .selectFrom('applications as a')
    .innerJoin('departments as d', 'd.id', 'a.departmentId')
    .where('a.id', 'in', ids)
    .select([
      'a.id',
      'a.courseId',
      'a.teacherId',
      'a.territoryId',
      'a.departmentId',
      'd.providerId',
      'a.status',
    ])
    .execute();
export type Target = Awaited<ReturnType<typeof targetsOf>>[number];

/**
 * Locks the course for a change of its applications. Every transition that may take or free a
 * place locks its course first, so that they happen one after another per course; NO KEY keeps
 * new applications (which only reference the course) from waiting.
 */
export const lockCourse = (db: Database, courseId: number) =>
  db
    .selectFrom('courses as c')
    .innerJoin('programs as p', 'p.id', 'c.programId')
    .where('c.id', '=', courseId)
    .select([
      'c.id',
      'c.status',
      'c.applyUntil',
      'c.startsOn',
      'c.endsOn',
      'c.managerId',
      'c.departmentId',
      sql<string>`coalesce(c.program_snapshot->>'title', p.title)`.as('title'),
    ])
    .forNoKeyUpdate('c')
    .executeTakeFirst();
export type LockedCourse = NonNullable<Awaited<ReturnType<typeof lockCourse>>>;

/** Locks applications of a locked course for a change (in id order, like every other taker). */
export const lockApplications = (db: Database, ids: number[]) =>
  db
    .selectFrom('applications')
    .where('id', 'in', ids)
    .select(['id', 'status', 'teacherId', 'territoryId'])
    .orderBy('id')
    .forUpdate()
    .execute();

export type Move = {
  id: number;
  from: ApplicationStatus;
  to: ApplicationStatus;
  action: string;
  reason: string | null;
};

/**
 * Moves each application from its `from` to its `to` state if it is still in `from`, writing the
 * history row of each; returns how many moved. Those joining the waitlist join it at its end, in
 * the order given, a microsecond apart (under the course's lock, whatever the clocks of servers say).
 */
export async function moveApplications(db: Database, moves: Move[], byId: number | null, at: Date) {
  if (moves.length === 0) return 0;
  const column = <T>(pick: (m: Move) => T) => moves.map(pick);
  const { rows } = await sql<{ id: number }>`
    WITH moves AS (
      SELECT * FROM unnest(${column((m) => m.id)}::int[], ${column((m) => m.from)}::text[],
                           ${column((m) => m.to)}::text[], ${column((m) => m.action)}::text[],
                           ${column((m) => m.reason)}::text[])
             WITH ORDINALITY AS m (id, from_status, to_status, action, reason, ord)
    ), moved AS (
      UPDATE applications a
         SET status = m.to_status,
             waitlisted_at = CASE WHEN m.to_status = 'waitlisted' THEN
               greatest(${at}::timestamptz, (SELECT max(w.waitlisted_at) FROM applications w
                                              WHERE w.course_id = a.course_id AND w.status = 'waitlisted'))
               + m.ord * interval '1 microsecond' END,
             reason = m.reason,
             updated_at = ${at}::timestamptz
        FROM moves m
       WHERE a.id = m.id AND a.status = m.from_status
      RETURNING a.id
    ), history AS (
      INSERT INTO application_history (application_id, from_status, to_status, action, by_id, at, reason)
      SELECT m.id, m.from_status, m.to_status, m.action, ${byId}::integer, ${at}::timestamptz, m.reason
        FROM moves m JOIN moved USING (id)
       ORDER BY m.ord
    )
    SELECT id FROM moved`.execute(db);
  return rows.length;
}

type Parties = {
  actorName: string;
  teacherId: number | null;
  teacherName: string | null;
  position: string | null;
  organizationId: number | null;
  organizationName: string | null;
  territoryId: number | null;
  territoryName: string | null;
  courseId: number | null;
  courseStatus: CourseStatus | null;
  courseTitle: string | null;
  startsOn: string | null;
  endsOn: string | null;
  applyUntil: string | null;
  departmentId: number | null;
  departmentName: string | null;
  providerId: number | null;
  providerName: string | null;
};

// Applying's two statements are written as SQL: in a registration rush they are most of what the
// server does, and SQL text costs nothing to build (its prepared plan is reused).

/**
 * Applying's one read: the teacher as the application records them (organization, its territory,
 * the names the answer shows), the course as applying checks it, and the name of the one acting
 * (the history's author). Either side is null when it does not exist (or the teacher is blocked or
 * not a teacher, the course not published).
 */
export async function applyingParties(db: Database, actorId: number, teacherId: number, courseId: number) {
  const { rows } = await sql<Parties>`
    SELECT ${fullName('me')} AS actor_name,
           t.id AS teacher_id, t.name AS teacher_name, t.position, t.organization_id, t.organization_name,
           t.territory_id, t.territory_name,
           c.id AS course_id, c.status AS course_status, c.title AS course_title, c.starts_on, c.ends_on,
           c.apply_until, c.department_id, c.department_name, c.provider_id, c.provider_name
      FROM users me
      LEFT JOIN LATERAL (
        SELECT u.id, ${fullName('u')} AS name, tp.position,
               tp.organization_id, o.name AS organization_name, o.territory_id, tt.name AS territory_name
          FROM users u
          JOIN user_roles r ON r.user_id = u.id AND r.role = 'teacher'
          JOIN teacher_profiles tp ON tp.user_id = u.id
          JOIN organizations o ON o.id = tp.organization_id
          JOIN territories tt ON tt.id = o.territory_id
         WHERE u.id = ${teacherId} AND u.blocked_at IS NULL
         LIMIT 1) t ON true
      LEFT JOIN LATERAL (
        SELECT c.id, c.status, coalesce(c.program_snapshot->>'title', p.title) AS title, c.starts_on,
               c.ends_on, c.apply_until, c.department_id, d.name AS department_name, d.provider_id,
               pr.name AS provider_name
          FROM courses c
          JOIN programs p ON p.id = c.program_id
          JOIN departments d ON d.id = c.department_id
          JOIN providers pr ON pr.id = d.provider_id
         WHERE c.id = ${courseId} AND c.published_at IS NOT NULL) c ON true
     WHERE me.id = ${actorId}`.execute(db);
  // A LEFT JOIN LATERAL's columns are all null or none.
  const { actorName, teacherId: foundTeacher, courseId: foundCourse, ...r } = rows[0] as Parties;
  type Present<T> = { [K in keyof T]: NonNullable<T[K]> };
  const all = r as Present<typeof r>;
  return {
    actorName,
    teacher:
      foundTeacher === null
        ? null
        : {
            id: foundTeacher,
            name: all.teacherName,
            position: all.position,
            organizationId: all.organizationId,
            organizationName: all.organizationName,
            territoryId: all.territoryId,
            territoryName: all.territoryName,
          },
    course:
      foundCourse === null
        ? null
        : {
            id: foundCourse,
            status: all.courseStatus,
            title: all.courseTitle,
            startsOn: all.startsOn,
            endsOn: all.endsOn,
            applyUntil: all.applyUntil,
            departmentId: all.departmentId,
            departmentName: all.departmentName,
            providerId: all.providerId,
            providerName: all.providerName,
          },
  };
}

/**
 * A new application with its history row and its audit row, in one statement (so one transaction
 * however it is called), if the course still takes applications. The course row is read with
 * FOR KEY SHARE: a change of the course (cancelling it, editing it) holds it FOR UPDATE, so
 * applying waits for that change and sees its outcome, and a course cancelled meanwhile ends with
 * no application left on it. `open` is false when the course no longer takes applications; `id` is
 * undefined when it does not or the teacher already has an active application for it (the partial
 * unique index decides, whatever arrives at once; its predicate is written out as constants, so
 * that the database matches the index when the statement is prepared, before any value is bound).
 */
export async function insertApplication(
  db: Database,
  a: {
    courseId: number;
    departmentId: number;
    teacherId: number;
    territoryId: number;
    organizationId: number;
    createdBy: number;
    createdAt: Date;
    today: string;
  },
  audit: Insertable<DB['auditEvents']>,
  notice: { title: string; body: string },
): Promise<{ open: boolean; id: number | undefined }> {
  const active = sql.join(ACTIVE_STATUSES.map((status) => sql.lit(status)));
  // The territory's methodists (but the one applying) hear of the application in the statement
  // that makes it: in-app only, since notices.ts mails `application.new` in the daily digest
  // alone. One statement, not a transaction of four, keeps a registration rush's rate.
  const kind = 'application.new';
  const { rows } = await sql<{ open: boolean; id: number | null }>`
    WITH course AS (
      SELECT id FROM courses
       WHERE id = ${a.courseId} AND status = 'published' AND apply_until >= ${a.today}::date
         FOR KEY SHARE
    ), created AS (
      INSERT INTO applications (course_id, department_id, teacher_id, territory_id, organization_id, status,
                                created_by, created_at, updated_at)
      SELECT course.id, ${a.departmentId}::integer, ${a.teacherId}::integer, ${a.territoryId}::integer,
             ${a.organizationId}::integer, 'submitted', ${a.createdBy}::integer, ${a.createdAt}::timestamptz,
             ${a.createdAt}::timestamptz
        FROM course
      ON CONFLICT (course_id, teacher_id) WHERE status IN (${active}) DO NOTHING
      RETURNING id
    ), history AS (
      INSERT INTO application_history (application_id, to_status, action, by_id, at)
      SELECT id, 'submitted', 'apply', ${a.createdBy}::integer, ${a.createdAt}::timestamptz FROM created
    ), audited AS (
      INSERT INTO audit_events (at, actor_id, action, entity_type, entity_id, after, login, ip)
      SELECT ${audit.at}::timestamptz, ${audit.actorId ?? null}::integer, ${audit.action}::text,
             ${audit.entityType}::text, id::text, ${audit.after ?? null}::jsonb, ${audit.login ?? null}::text,
             ${audit.ip ?? null}::text
        FROM created
    ), noticed AS (
      INSERT INTO notifications (user_id, at, kind, title, body, link, entity_type, entity_id)
      SELECT r.user_id, ${a.createdAt}::timestamptz, ${kind}::text, ${notice.title}::text, ${notice.body}::text,
             '/applications/' || created.id, 'application', created.id::text
        FROM created
        JOIN user_roles r ON r.role = 'methodist' AND r.territory_id = ${a.territoryId}::integer
        JOIN users u ON u.id = r.user_id AND u.blocked_at IS NULL
       WHERE r.user_id <> ${a.createdBy}::integer
    )
    SELECT EXISTS (SELECT 1 FROM course) AS open, (SELECT id FROM created) AS id`.execute(db);
  const row = rows[0];
  return { open: row?.open ?? false, id: row?.id ?? undefined };
}

/** A published course's department and provider: whose places view the actor may have. */
export const publishedCourseOwner = (db: Database, courseId: number) =>
  db
    .selectFrom('courses as c')
    .innerJoin('departments as d', 'd.id', 'c.departmentId')
    .where('c.id', '=', courseId)
    .where('c.publishedAt', 'is not', null)
    .select(['c.departmentId', 'd.providerId', learnersOf.as('learners')])
    .executeTakeFirst();

/**
 * What the first group formed ends, of a locked course: applications still waiting (submitted,
 * waitlisted) and forwarded ones not marked present on the first day (the course's start date).
 */
export const endedByStart = (db: Database, courseId: number) =>
  db
    .selectFrom('applications as a')
    .innerJoin('courses as c', 'c.id', 'a.courseId')
    .where('a.courseId', '=', courseId)
    .where(({ eb, or, and, not, exists, selectFrom }) =>
      or([
        eb('a.status', 'in', ['submitted', 'waitlisted']),
        and([
          eb('a.status', '=', 'forwarded'),
          not(
            exists(
              selectFrom('attendanceMarks as m')
                .whereRef('m.applicationId', '=', 'a.id')
                .whereRef('m.day', '=', 'c.startsOn')
                .where('m.mark', '=', 'present')
                .select('m.applicationId'),
            ),
          ),
        ]),
      ]),
    )
    .select(['a.id', 'a.status', 'a.teacherId'])
    .orderBy('a.id')
    .forUpdate('a')
    .execute();

/** Puts enrolled applications into their group. */
export const joinGroup = (db: Database, groupId: number, ids: number[]) =>
  db.updateTable('applications').set({ groupId }).where('id', 'in', ids).execute();

/**
 * Finishes a running course whose last day has passed and whose every learner has a result (none
 * still enrolled), with its history row and the program frozen as it showed; true if it moved.
 */
export async function finishCourse(db: Database, courseId: number, today: string, now: Date) {
  const moved = await db
    .updateTable('courses')
    .set({ status: 'finished', updatedAt: now, programSnapshot: programSnapshotSql })
    .where('id', '=', courseId)
    .where('status', '=', 'running')
    .where('endsOn', '<', today)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('applications as a')
            .whereRef('a.courseId', '=', 'courses.id')
            .where('a.status', '=', 'enrolled')
            .select('a.id'),
        ),
      ),
    )
    .returning('id')
    .executeTakeFirst();
  if (!moved) return false;
  await db
    .insertInto('courseHistory')
    .values({ courseId, fromStatus: 'running', toStatus: 'finished', action: 'finish', byId: null, at: now })
    .execute();
  return true;
}
