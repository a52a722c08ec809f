// The dashboards' SQL. Each reads the grants of its own role only (access/scope.ts): the manager
// the courses he manages in his departments, the methodist the applications and teachers of her
// territories, the head his departments' courses, the operator every territory. Counts are
// grouped in the database; a dashboard's courses are few (the working ones), so their counts are
// read for those ids in one statement each.
import { type RawBuilder, sql } from 'kysely';
import type { ApplicationStatus } from '../../contract/applications.js';
import type { CourseStatus } from '../../contract/catalog.js';
import type { Actor } from '../access/actor.js';
import { scopeOf } from '../access/scope.js';
import type { Database } from '../db/database.js';

/** The most courses a dashboard lists: the working ones of a department fit well within it. */
export const DASHBOARD_COURSES = 100;

/** Applications whose teacher learned on the course: in its group, with a result or not yet. */
const LEARNERS = sql`('enrolled', 'completed', 'not_completed')`;

const ids = (values: number[]): RawBuilder<unknown> => (values.length ? sql.join(values) : sql`NULL`);
const title = sql<string>`coalesce(c.program_snapshot->>'title', p.title)`;

export type CourseRow = {
  id: number;
  title: string;
  startsOn: string;
  endsOn: string;
  status: CourseStatus;
  capacity: number;
};

export type StatusRow = { key: number; status: ApplicationStatus; count: number };

/** Applications of the courses by state. */
export async function statusesOf(db: Database, courseIds: number[]): Promise<StatusRow[]> {
  if (!courseIds.length) return [];
  const { rows } = await sql<StatusRow>`
    SELECT a.course_id AS key, a.status, count(*)::integer AS count
      FROM applications a
     WHERE a.course_id IN (${ids(courseIds)})
     GROUP BY a.course_id, a.status`.execute(db);
  return rows;
}

// --- the manager

export async function managerCourses(db: Database, actor: Actor): Promise<CourseRow[]> {
  const departments = scopeOf(actor).departments('manager');
  const { rows } = await sql<CourseRow>`
    SELECT c.id, ${title} AS title, c.starts_on AS "startsOn", c.ends_on AS "endsOn", c.status, c.capacity
      FROM courses c
      JOIN programs p ON p.id = c.program_id
     WHERE c.manager_id = ${actor.userId}
       AND c.department_id IN (${ids(departments)})
       AND c.status IN ('published', 'closed', 'running')
     ORDER BY c.starts_on, c.id
     LIMIT ${DASHBOARD_COURSES}`.execute(db);
  return rows;
}

export type TerritoryCountRow = {
  courseId: number;
  territoryId: number;
  territoryName: string;
  count: number;
};

export async function territoriesOf(db: Database, courseIds: number[]): Promise<TerritoryCountRow[]> {
  if (!courseIds.length) return [];
  const { rows } = await sql<TerritoryCountRow>`
    SELECT a.course_id AS "courseId", a.territory_id AS "territoryId", t.name AS "territoryName",
           count(*)::integer AS count
      FROM applications a
      JOIN territories t ON t.id = a.territory_id
     WHERE a.course_id IN (${ids(courseIds)})
     GROUP BY a.course_id, a.territory_id, t.name
     ORDER BY count(*) DESC, t.name`.execute(db);
  return rows;
}

// --- the methodist

export async function methodistTerritories(db: Database, actor: Actor) {
  const territories = scopeOf(actor).territories('methodist');
  const { rows } = await sql<{ id: number; name: string }>`
    SELECT t.id, t.name FROM territories t WHERE t.id IN (${ids(territories)}) ORDER BY t.name`.execute(db);
  return rows;
}

export type AttendanceRow = CourseRow & {
  learners: number;
  present: number;
  absent: number;
  excused: number;
};

/**
 * Running courses with her territories' learners (forwarded ones count too: the first day's marks
 * are taken before the group is formed), and their marks so far.
 */
export async function territoryAttendance(db: Database, actor: Actor): Promise<AttendanceRow[]> {
  const territories = scopeOf(actor).territories('methodist');
  const { rows } = await sql<AttendanceRow>`
    SELECT c.id, ${title} AS title, c.starts_on AS "startsOn", c.ends_on AS "endsOn", c.status, c.capacity,
           count(DISTINCT a.id)::integer AS learners,
           count(m.mark) FILTER (WHERE m.mark = 'present')::integer AS present,
           count(m.mark) FILTER (WHERE m.mark = 'absent')::integer AS absent,
           count(m.mark) FILTER (WHERE m.mark = 'excused')::integer AS excused
      FROM courses c
      JOIN programs p ON p.id = c.program_id
      JOIN applications a ON a.course_id = c.id
      LEFT JOIN attendance_marks m ON m.application_id = a.id
     WHERE c.status = 'running'
       AND a.territory_id IN (${ids(territories)})
       AND a.status IN ('forwarded', 'enrolled', 'completed', 'not_completed', 'no_show')
     GROUP BY c.id, p.title
     ORDER BY c.starts_on, c.id
     LIMIT ${DASHBOARD_COURSES}`.execute(db);
  return rows;
}

/**
 * Her territories' teachers past the three-year rule and those whose term ends by `limit`, by the
 * rule of cpd/rule.ts (the same date arithmetic as the overdue list).
 */
export async function territoryOverdue(db: Database, actor: Actor, days: { today: string; limit: string }) {
  const territories = scopeOf(actor).territories('methodist');
  const { rows } = await sql<{ overdue: number; due: number }>`
    SELECT count(*) FILTER (WHERE k.due_on IS NULL OR k.due_on < ${days.today}::date)::integer AS overdue,
           count(*) FILTER (WHERE k.due_on >= ${days.today}::date AND k.due_on <= ${days.limit}::date)::integer AS due
      FROM (SELECT (tp.last_cpd_on + interval '3 years')::date AS due_on
              FROM teacher_profiles tp
              JOIN organizations o ON o.id = tp.organization_id
             WHERE o.territory_id IN (${ids(territories)})) k`.execute(db);
  return rows[0] ?? { overdue: 0, due: 0 };
}

// --- the head

export type HeadCourseRow = CourseRow & { learners: number; completed: number };

export async function headCourses(db: Database, actor: Actor): Promise<HeadCourseRow[]> {
  const departments = scopeOf(actor).departments('head');
  const { rows } = await sql<HeadCourseRow>`
    SELECT c.id, ${title} AS title, c.starts_on AS "startsOn", c.ends_on AS "endsOn", c.status, c.capacity,
           (SELECT count(*) FROM applications a
             WHERE a.course_id = c.id AND a.status IN ${LEARNERS})::integer AS learners,
           (SELECT count(*) FROM applications a
             WHERE a.course_id = c.id AND a.status = 'completed')::integer AS completed
      FROM courses c
      JOIN programs p ON p.id = c.program_id
     WHERE c.department_id IN (${ids(departments)})
       AND c.status IN ('published', 'closed', 'running', 'finished')
     ORDER BY c.starts_on DESC, c.id DESC
     LIMIT ${DASHBOARD_COURSES}`.execute(db);
  return rows;
}

// --- the operator

export type RegionRow = {
  territoryId: number;
  name: string;
  teachers: number;
  applications: number;
  enrolled: number;
  completed: number;
  withCpd: number;
  overdue: number;
};

/**
 * Every territory: its teachers, the applications of its teachers to courses starting in the year
 * (`from`–`to`), its learners and completers of them, and by the three-year rule (as of `today`)
 * how many teachers are within it and how many past it.
 */
export async function regionRows(
  db: Database,
  days: { from: string; to: string; today: string },
): Promise<RegionRow[]> {
  const { rows } = await sql<RegionRow>`
    WITH tc AS (
      SELECT o.territory_id,
             count(*) AS teachers,
             count(*) FILTER (WHERE (tp.last_cpd_on + interval '3 years')::date >= ${days.today}::date) AS with_cpd
        FROM teacher_profiles tp
        JOIN organizations o ON o.id = tp.organization_id
       GROUP BY o.territory_id
    ), ac AS (
      SELECT a.territory_id,
             count(*) AS applications,
             count(*) FILTER (WHERE a.status IN ${LEARNERS}) AS enrolled,
             count(*) FILTER (WHERE a.status = 'completed') AS completed
        FROM applications a
        JOIN courses c ON c.id = a.course_id
       WHERE c.starts_on BETWEEN ${days.from}::date AND ${days.to}::date
       GROUP BY a.territory_id
    )
    SELECT t.id AS "territoryId", t.name,
           coalesce(tc.teachers, 0)::integer AS teachers,
           coalesce(ac.applications, 0)::integer AS applications,
           coalesce(ac.enrolled, 0)::integer AS enrolled,
           coalesce(ac.completed, 0)::integer AS completed,
           coalesce(tc.with_cpd, 0)::integer AS "withCpd",
           (coalesce(tc.teachers, 0) - coalesce(tc.with_cpd, 0))::integer AS overdue
      FROM territories t
      LEFT JOIN tc ON tc.territory_id = t.id
      LEFT JOIN ac ON ac.territory_id = t.id
     ORDER BY t.name, t.id`.execute(db);
  return rows;
}
