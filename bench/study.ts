// The study scenarios of the benchmark: saving a day of 100 marks in the attendance journal, the
// archive search and the regional list of teachers overdue for CPD. Each is a list of requests the
// load process cycles through at 10 clients, each with the session of the user who would ask it
// (written straight into `sessions`, as for the baskets).
import { sql } from 'kysely';
import { regionDate, shiftDate } from '../src/server/clock.js';
import type { Database } from '../src/server/db/database.js';
import { openSessions } from './applications.js';
import { JOURNAL } from './data.js';

/** Marks per saved day. */
export const MARKS_PER_DAY = 100;

export type StudyScenario = {
  name: string;
  paths: string[];
  headers?: Record<string, string>;
  requests?: { method: string; path: string; body: string; headers: Record<string, string> }[];
  cursor?: string;
  size?: number;
  /** The overdue list: teachers on it (of `size`). */
  listed?: number;
};

const CAPITAL = 'Пермский городской округ';

/** Words of program titles, as a user types them into the archive's search (a part of the title). */
const ARCHIVE_WORDS = [
  'математики',
  'функциональной грамотности',
  'ФГОС',
  'цифровые технологии',
  'ГИА',
  'инклюзивное',
  'проектная деятельность',
  'оценивание',
  'одарёнными',
  'наставничество',
  'Учитель',
  'Воспитатель',
  'информатики',
  'начальных классов',
  'английского языка',
  'Методист',
];

const pick = <T>(rnd: () => number, values: T[]): T | undefined => values[Math.floor(rnd() * values.length)];

/**
 * Saving a day: the journal courses' yesterday and today (40 days of 20 courses), each request the
 * course's manager's, 100 marks, half present and half absent; the next request of the same day
 * swaps them, so that every request changes all 100 marks. The cycle holds each day twice and
 * runs on from job to job (its cursor), and 40 days between two requests of a day at 10 clients
 * mean they never overlap.
 */
async function attendanceScenario(db: Database, now: Date): Promise<StudyScenario> {
  const { rows: courses } = await sql<{ id: number; managerId: number; learners: number[] }>`
    SELECT c.id, c.manager_id,
           (SELECT array_agg(a.id ORDER BY a.id) FROM applications a
             WHERE a.course_id = c.id AND a.status = 'enrolled') AS learners
      FROM courses c WHERE c.capacity = ${JOURNAL.capacity}::int AND c.status = 'running'
     ORDER BY c.id`.execute(db);
  const usable = courses.filter((c) => (c.learners?.length ?? 0) >= MARKS_PER_DAY);
  if (usable.length < 10) throw new Error(`курсов со ${MARKS_PER_DAY} слушателями: ${usable.length}`);
  const cookies = await openSessions(
    db,
    usable.map((c) => c.managerId),
    now,
  );
  const today = regionDate(now);
  const days = [shiftDate(today, -1, 'day'), today];
  const requests: NonNullable<StudyScenario['requests']> = [];
  for (const swap of [0, 1])
    for (const day of days)
      usable.forEach((c, i) => {
        const marks = c.learners.slice(0, MARKS_PER_DAY).map((applicationId, k) => ({
          applicationId: String(applicationId),
          mark: (k + swap) % 2 === 0 ? 'present' : 'absent',
        }));
        requests.push({
          method: 'PUT',
          path: `/api/v1/courses/${c.id}/attendance/${day}`,
          body: JSON.stringify(marks),
          headers: { cookie: cookies[i] ?? '' },
        });
      });
  return {
    name: `attendance: save a day of ${MARKS_PER_DAY} marks`,
    paths: [],
    headers: { 'content-type': 'application/json', 'x-requested-with': 'ebppk' },
    requests,
    cursor: 'attendance',
    size: usable.length * days.length,
  };
}

/** Archive searches: words, years, filters, orders and pages, as a head and as the operator. */
async function archiveScenarios(db: Database, now: Date, rnd: () => number): Promise<StudyScenario[]> {
  const { rows: heads } = await sql<{ userId: number; departmentId: number; n: number }>`
    SELECT h.user_id, h.department_id, count(*)::int AS n
      FROM user_roles h JOIN courses c ON c.department_id = h.department_id AND c.status = 'archived'
     WHERE h.role = 'head' GROUP BY h.user_id, h.department_id ORDER BY count(*) DESC LIMIT 1`.execute(db);
  const { rows: operators } = await sql<{ userId: number }>`
    SELECT user_id FROM user_roles WHERE role = 'operator' ORDER BY user_id LIMIT 1`.execute(db);
  const { rows: facts } = await sql<{
    years: number[];
    providers: number[];
    departments: number[];
    territories: number[];
    n: number;
  }>`
    SELECT (SELECT array_agg(DISTINCT extract(year FROM starts_on)::int) FROM courses WHERE status = 'archived') AS years,
           (SELECT array_agg(id) FROM providers) AS providers,
           (SELECT array_agg(id) FROM departments) AS departments,
           (SELECT array_agg(id) FROM territories) AS territories,
           (SELECT count(*)::int FROM courses WHERE status = 'archived') AS n`.execute(db);
  const head = heads[0];
  const operator = operators[0];
  const f = facts[0];
  if (!head || !operator || !f?.years?.length) throw new Error('нет архива, руководителя или оператора');
  const [headCookie, operatorCookie] = await openSessions(db, [head.userId, operator.userId], now);
  const sorts = ['-endsOn', '-endsOn', 'endsOn', 'title', 'provider'];
  const paths = (all: boolean, size: number) =>
    Array.from({ length: 400 }, () => {
      const query: Record<string, string> = { limit: '50' };
      const words = rnd() < 0.6 ? pick(rnd, ARCHIVE_WORDS) : undefined;
      if (words) query.q = words;
      if (rnd() < 0.5) query.year = String(pick(rnd, f.years));
      const scope = rnd();
      if (all && scope < 0.2) query.providerId = String(pick(rnd, f.providers));
      else if (all && scope < 0.4) query.departmentId = String(pick(rnd, f.departments));
      if (all && rnd() < 0.15) query.territoryId = String(pick(rnd, f.territories));
      query.sort = pick(rnd, sorts) ?? '-endsOn';
      // Unfiltered lists are paged through; a search's hits fit on its first pages.
      const pagesOf = Object.keys(query).length === 2 ? Math.ceil(size / 50) : 2;
      query.offset = String(50 * Math.floor(rnd() * pagesOf));
      return `/api/v1/archive/courses?${new URLSearchParams(query)}`;
    });
  return [
    {
      name: 'archive search, a head',
      paths: paths(false, head.n),
      headers: { cookie: headCookie ?? '' },
      size: head.n,
    },
    {
      name: 'archive search, the operator',
      paths: paths(true, f.n),
      headers: { cookie: operatorCookie ?? '' },
      size: f.n,
    },
  ];
}

/**
 * The overdue list: the operator region-wide (by territory, organization, position, rule, order
 * and page) and the capital's methodist (her territory: by organization, position, rule, order
 * and page).
 */
async function overdueScenarios(db: Database, now: Date, rnd: () => number): Promise<StudyScenario[]> {
  // On the list (overdue or due), by the rule of 273-ФЗ, written here apart from src/server/cpd.
  const onList = sql`WHERE tp.last_cpd_on IS NULL
    OR tp.last_cpd_on < ${regionDate(now)}::date + interval '6 months' - interval '3 years'`;
  const { rows } = await sql<{
    methodistId: number;
    operatorId: number;
    capital: number;
    territories: number[];
    organizations: number[];
    capitalOrganizations: number[];
    positions: number[];
    teachers: number;
    capitalTeachers: number;
    listed: number;
    capitalListed: number;
  }>`
    SELECT (SELECT m.user_id FROM user_roles m JOIN territories t ON t.id = m.territory_id
             WHERE m.role = 'methodist' AND t.name = ${CAPITAL} LIMIT 1) AS methodist_id,
           (SELECT user_id FROM user_roles WHERE role = 'operator' ORDER BY user_id LIMIT 1) AS operator_id,
           (SELECT id FROM territories WHERE name = ${CAPITAL}) AS capital,
           (SELECT array_agg(id) FROM territories) AS territories,
           (SELECT array_agg(id) FROM organizations) AS organizations,
           (SELECT array_agg(o.id) FROM organizations o JOIN territories t ON t.id = o.territory_id
             WHERE t.name = ${CAPITAL}) AS capital_organizations,
           (SELECT array_agg(id) FROM positions) AS positions,
           (SELECT count(*)::int FROM teacher_profiles) AS teachers,
           (SELECT count(*)::int FROM teacher_profiles tp JOIN organizations o ON o.id = tp.organization_id
              JOIN territories t ON t.id = o.territory_id WHERE t.name = ${CAPITAL}) AS capital_teachers,
           (SELECT count(*)::int FROM teacher_profiles tp ${onList}) AS listed,
           (SELECT count(*)::int FROM teacher_profiles tp JOIN organizations o ON o.id = tp.organization_id
              JOIN territories t ON t.id = o.territory_id ${onList} AND t.name = ${CAPITAL}) AS capital_listed`.execute(
    db,
  );
  const f = rows[0];
  if (!f?.methodistId || !f.operatorId) throw new Error('нет методиста столицы или оператора');
  const [methodistCookie, operatorCookie] = await openSessions(db, [f.methodistId, f.operatorId], now);
  const sorts = ['dueOn', 'dueOn', 'name', 'organization'];
  const rules = [undefined, 'overdue', 'due'];
  const paths = (region: boolean, listed: number, organizations: number[]) =>
    Array.from({ length: 400 }, () => {
      const query: Record<string, string> = { limit: '50' };
      let narrow = false;
      if (region && rnd() < 0.5) {
        query.territoryId = String(pick(rnd, f.territories));
        narrow = true;
      }
      if (rnd() < 0.15) {
        query.organizationId = String(pick(rnd, organizations));
        narrow = true;
      }
      if (rnd() < 0.25) {
        query.positionId = String(pick(rnd, f.positions));
        narrow = true;
      }
      const rule = pick(rnd, rules);
      if (rule) query.rule = rule;
      query.sort = pick(rnd, sorts) ?? 'dueOn';
      // Pages through the whole list; narrowed, through its first three pages.
      const pagesOf = narrow ? 3 : Math.ceil(listed / 50);
      query.offset = String(50 * Math.floor(rnd() * pagesOf));
      return `/api/v1/teachers/overdue?${new URLSearchParams(query)}`;
    });
  return [
    {
      name: 'overdue list, the operator (region)',
      paths: paths(true, f.listed, f.organizations),
      headers: { cookie: operatorCookie ?? '' },
      size: f.teachers,
      listed: f.listed,
    },
    {
      name: "overdue list, the capital's methodist",
      paths: paths(false, f.capitalListed, f.capitalOrganizations),
      headers: { cookie: methodistCookie ?? '' },
      size: f.capitalTeachers,
      listed: f.capitalListed,
    },
  ];
}

export async function studyScenarios(db: Database, now: Date, rnd: () => number): Promise<StudyScenario[]> {
  return [
    await attendanceScenario(db, now),
    ...(await archiveScenarios(db, now, rnd)),
    ...(await overdueScenarios(db, now, rnd)),
  ];
}

/** Audit rows of saved days: each save that changed marks writes one. */
export async function savedDays(db: Database): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM audit_events WHERE action = 'attendance.marked'`.execute(db);
  return rows[0]?.n ?? 0;
}
