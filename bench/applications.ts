// The applications scenarios of the benchmark: the baskets (a methodist's and a manager's, each of
// at least 2,000 applications, read page by page) and the registration rush (5,000 teachers apply
// at once to 20 new courses, then every methodist forwards her territory's applications in bulk),
// with the checks that make the rush's bar: nothing acknowledged is lost, no course over its
// capacity, no territory over its quota and the common places, no waitlist beside a free place.
// Sessions are written straight into the database as src/server/auth/sessions.ts writes them (a
// random token in the cookie, its SHA-256 in `sessions`): no logins, no Argon2 per user.
import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { APPLICATION_SORTS } from '../src/contract/applications.js';
import { SESSION_COOKIE } from '../src/server/auth/sessions.js';
import { regionDate } from '../src/server/clock.js';
import type { Database } from '../src/server/db/database.js';
import type { ApplyResult, ForwardResult, Job, ResultOf } from './load.js';

export type Load = <J extends Job>(job: J) => Promise<ResultOf<J>>;

/** Opens a session for each user; returns the `Cookie` header of each, in the order given. */
export async function openSessions(db: Database, userIds: number[], now: Date): Promise<string[]> {
  const tokens = userIds.map(() => randomBytes(32).toString('base64url'));
  for (let i = 0; i < userIds.length; i += 5000) {
    const slice = userIds.slice(i, i + 5000);
    const ids = tokens.slice(i, i + 5000).map((t) => createHash('sha256').update(t).digest('hex'));
    const csrf = slice.map(() => randomBytes(24).toString('base64url'));
    await sql`
      INSERT INTO sessions (id, user_id, csrf_token, created_at, expires_at, ip, user_agent)
      SELECT s.id, s.user_id, s.csrf, ${now}::timestamptz, ${now}::timestamptz + interval '12 hours',
             '127.0.0.1', 'ebppk bench'
        FROM unnest(${ids}::text[], ${slice}::int[], ${csrf}::text[]) AS s(id, user_id, csrf)`.execute(db);
  }
  return tokens.map((t) => `${SESSION_COOKIE}=${t}`);
}

export const BASKET_SIZE = 2000;

export type BasketScenario = {
  name: string;
  paths: string[];
  headers: Record<string, string>;
  size: number;
  /** The clients it is loaded with (run.ts: the catalog's 50 and 10 when not given). */
  connections?: number[];
};

/**
 * 400 paths of `basket` pages (limit 50) spread over a list of `size` rows, in a random order; with
 * `deep`, the last ten pages only.
 */
function pages(rnd: () => number, size: number, query: Record<string, string>, deep = false) {
  const last = Math.max(Math.ceil(size / 50), 1);
  const first = deep ? Math.max(last - 10, 0) : 0;
  return Array.from({ length: 400 }, () => {
    const offset = 50 * (first + Math.floor(rnd() * (last - first)));
    return `/api/v1/applications?${new URLSearchParams({ ...query, limit: '50', offset: String(offset) })}`;
  });
}

/**
 * The basket scenarios: the methodist of the territory with the fewest listed applications (not
 * archived) among those listing at least 2,000 (the largest if none does), her whole basket, its
 * submitted ones and one course at a time; the manager of the department whose courses list the
 * fewest provider-basket applications among those listing at least 2,000, his whole basket.
 */
export async function basketScenarios(db: Database, now: Date, rnd: () => number): Promise<BasketScenario[]> {
  // Chosen, and their pages spread, by the basket as the app lists it (the archived courses'
  // applications left out), so that the basket shown holds the bar's 2,000 and every page asked
  // for has its 50 rows.
  const { rows: territories } = await sql<{
    territoryId: number;
    userId: number;
    n: number;
    listed: number;
    submitted: number;
  }>`
    SELECT a.territory_id, m.user_id, count(*)::int AS n,
           count(*) FILTER (WHERE a.archived_at IS NULL)::int AS listed,
           count(*) FILTER (WHERE a.status = 'submitted' AND a.archived_at IS NULL)::int AS submitted
      FROM applications a
      JOIN user_roles m ON m.role = 'methodist' AND m.territory_id = a.territory_id
     GROUP BY a.territory_id, m.user_id
     ORDER BY count(*) FILTER (WHERE a.archived_at IS NULL) >= ${BASKET_SIZE} DESC,
              CASE WHEN count(*) FILTER (WHERE a.archived_at IS NULL) >= ${BASKET_SIZE} THEN count(*) FILTER (WHERE a.archived_at IS NULL) ELSE -count(*) FILTER (WHERE a.archived_at IS NULL) END
     LIMIT 1`.execute(db);
  const { rows: departments } = await sql<{
    departmentId: number;
    userId: number;
    n: number;
    listed: number;
  }>`
    SELECT c.department_id, m.user_id, count(*)::int AS n,
           count(*) FILTER (WHERE a.archived_at IS NULL)::int AS listed
      FROM applications a
      JOIN courses c ON c.id = a.course_id
      JOIN user_roles m ON m.role = 'manager' AND m.department_id = c.department_id
     WHERE a.status IN ('forwarded', 'waitlisted', 'declined', 'enrolled', 'no_show', 'completed', 'not_completed')
     GROUP BY c.department_id, m.user_id
     ORDER BY count(*) FILTER (WHERE a.archived_at IS NULL) >= ${BASKET_SIZE} DESC,
              CASE WHEN count(*) FILTER (WHERE a.archived_at IS NULL) >= ${BASKET_SIZE} THEN count(*) FILTER (WHERE a.archived_at IS NULL) ELSE -count(*) FILTER (WHERE a.archived_at IS NULL) END
     LIMIT 1`.execute(db);
  const territory = territories[0];
  const department = departments[0];
  if (!territory || !department) throw new Error('нет заявок для копилок');
  const { rows: courses } = await sql<{ courseId: number; n: number }>`
    SELECT course_id, count(*)::int AS n FROM applications
     WHERE territory_id = ${territory.territoryId} AND archived_at IS NULL
     GROUP BY course_id ORDER BY count(*) DESC, course_id LIMIT 100`.execute(db);
  const [methodistCookie, managerCookie] = await openSessions(db, [territory.userId, department.userId], now);
  const methodist = { cookie: methodistCookie ?? '' };
  const manager = { cookie: managerCookie ?? '' };
  return [
    {
      name: 'methodist basket, all',
      paths: pages(rnd, territory.listed, { basket: 'methodist' }),
      headers: methodist,
      size: territory.listed,
    },
    {
      name: 'methodist basket, submitted',
      paths: pages(rnd, territory.submitted, { basket: 'methodist', status: 'submitted' }),
      headers: methodist,
      size: territory.submitted,
    },
    {
      name: 'methodist basket, one course',
      paths: Array.from({ length: 400 }, () => {
        const course = courses[Math.floor(rnd() * courses.length)];
        return `/api/v1/applications?${new URLSearchParams({ basket: 'methodist', courseId: String(course?.courseId ?? 1), limit: '50' })}`;
      }),
      headers: methodist,
      size: courses.length ? Math.round(courses.reduce((n, c) => n + c.n, 0) / courses.length) : 0,
    },
    {
      name: 'manager basket (provider)',
      paths: pages(rnd, department.listed, { basket: 'provider' }),
      headers: manager,
      size: department.listed,
    },
    // Every order of the methodist's whole basket, one scenario each (half of the pages in the
    // reverse order), then the deepest pages, her new applications as her basket opens on them
    // (oldest first) and in a name order, and the manager's basket by teacher: at 50 clients, the
    // bar being the same for every page.
    ...APPLICATION_SORTS.map(
      (sort): BasketScenario => ({
        name: `methodist basket, sort=${sort}`,
        paths: pages(rnd, territory.listed, { basket: 'methodist', sort }).map((p, i) =>
          i % 2 ? p.replace(`sort=${sort}`, `sort=-${sort}`) : p,
        ),
        headers: methodist,
        size: territory.listed,
        connections: [50],
      }),
    ),
    {
      name: 'methodist basket, sort=-teacher, last 10 pages',
      paths: pages(rnd, territory.listed, { basket: 'methodist', sort: '-teacher' }, true),
      headers: methodist,
      size: territory.listed,
      connections: [50],
    },
    {
      // What her basket opens on (methodist-basket-page.tsx): her new applications, oldest first.
      name: 'methodist basket, submitted, sort=appliedAt',
      paths: pages(rnd, territory.submitted, { basket: 'methodist', status: 'submitted', sort: 'appliedAt' }),
      headers: methodist,
      size: territory.submitted,
      connections: [50],
    },
    {
      name: 'methodist basket, submitted, sort=organization',
      paths: pages(rnd, territory.submitted, {
        basket: 'methodist',
        status: 'submitted',
        sort: 'organization',
      }),
      headers: methodist,
      size: territory.submitted,
      connections: [50],
    },
    {
      name: 'manager basket (provider), sort=teacher',
      paths: pages(rnd, department.listed, { basket: 'provider', sort: 'teacher' }),
      headers: manager,
      size: department.listed,
      connections: [50],
    },
  ];
}

export const RUSH = {
  teachers: 5000,
  courses: 20,
  capacity: 150,
  concurrency: 50,
  pageSize: 200,
  chunk: 500,
  /** Teachers who send the same application this many times at once: one 201, the rest 409. */
  repeaters: 50,
  repeats: 3,
  /** Of the release course's teachers, those who apply only after its quotas have been released. */
  afterRelease: 150,
};

/**
 * The rush's courses: published today, applications open for 20 days, 150 places, quotas for the
 * capital (25) and three other territories (10 each, a different three per course) until the
 * release date in 15 days; the other 95 places are common. One course per department. The last
 * one (the release course) releases its quotas tomorrow: the rush crosses that date.
 */
export async function createRushCourses(db: Database, today: string): Promise<number[]> {
  const { rows } = await sql<{ id: number }>`
    INSERT INTO courses (program_id, department_id, starts_on, ends_on, apply_until, capacity, place,
                         quota_release_on, status, published_at, created_at, updated_at)
    SELECT p.id, p.department_id, ${today}::date + 30, ${today}::date + 33, ${today}::date + 20, ${RUSH.capacity}::int,
           'г. Пермь, ул. Учебная, 1, ауд. 101', ${today}::date + 15, 'published', now() - interval '1 hour',
           now() - interval '2 hours', now() - interval '1 hour'
      FROM (SELECT DISTINCT ON (department_id) id, department_id FROM programs ORDER BY department_id, id) p
     ORDER BY p.department_id
     LIMIT ${RUSH.courses}::int
    RETURNING id`.execute(db);
  const ids = rows.map((r) => r.id).sort((a, b) => a - b);
  await sql`UPDATE courses SET quota_release_on = ${today}::date + 1 WHERE id = ${ids.at(-1) ?? 0}::int`.execute(
    db,
  );
  await sql`
    INSERT INTO course_quotas (course_id, territory_id, places)
    SELECT c.id, q.territory_id, q.places
      FROM unnest(${ids}::int[]) WITH ORDINALITY AS c(id, n)
      CROSS JOIN LATERAL (
        SELECT t.id AS territory_id, CASE WHEN t.name = 'Пермский городской округ' THEN 25 ELSE 10 END AS places
          FROM (SELECT id, name, row_number() OVER (ORDER BY id) - 1 AS i, count(*) OVER () AS total FROM territories) t
         WHERE t.name = 'Пермский городской округ' OR t.i IN ((c.n * 3) % t.total, (c.n * 3 + 1) % t.total, (c.n * 3 + 2) % t.total)
      ) q`.execute(db);
  return ids;
}

export type Check = { name: string; value: string; ok: boolean };

export type RushReport = {
  courses: number;
  teachers: number;
  methodists: number;
  apply: ApplyResult;
  forward: ForwardResult;
  forwardedOk: number;
  statuses: Record<string, number>;
  checks: Check[];
  /** Requests that failed (non-2xx, connection errors, bulk items refused): the run's errors. */
  errors: string[];
};

/** Moves the app's clock on by whole days (the rush crosses a release date). */
export type MoveClock = (days: number) => Date;

/**
 * Runs the rush through the load process and checks the database afterwards. Before the release
 * date: every teacher applies (a few of them several times at once), then every methodist forwards.
 * Then the clock passes the release course's release date, the rest of its teachers apply and
 * their methodists forward again: those now take common places that were quota places the day before.
 */
export async function rush(
  db: Database,
  load: Load,
  url: string,
  now: Date,
  today: string,
  rnd: () => number,
  moveClock: MoveClock,
): Promise<RushReport> {
  const courseIds = await createRushCourses(db, today);
  const releaseCourse = courseIds.at(-1) ?? 0;
  // Teachers without applications to these courses (they are new): the first 5,000.
  const teachers = (
    await db.selectFrom('teacherProfiles').select('userId').orderBy('userId').limit(RUSH.teachers).execute()
  ).map((t) => t.userId);
  const cookies = await openSessions(db, teachers, now);
  // 250 teachers per course, drawn at random (teachers are numbered along their organizations and
  // territories, so a plain round-robin would give each course the teachers of a few territories).
  const order = teachers.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [order[i], order[j]] = [order[j] ?? 0, order[i] ?? 0];
  }
  const assigned = order.map((teacher, i) => ({ teacher, courseId: courseIds[i % courseIds.length] ?? 0 }));
  const forRelease = assigned.filter((a) => a.courseId === releaseCourse);
  const later = new Set(forRelease.slice(forRelease.length - RUSH.afterRelease).map((a) => a.teacher));
  const before = assigned.filter((a) => !later.has(a.teacher));
  // The repeaters' requests follow one another, so that they are in flight together.
  const requests = before.flatMap((a, i) =>
    Array.from({ length: i < RUSH.repeaters ? RUSH.repeats : 1 }, () => ({
      cookie: cookies[a.teacher] ?? '',
      courseId: a.courseId,
    })),
  );
  const applied = await load({ kind: 'apply', url, concurrency: RUSH.concurrency, requests });

  const methodists = await db
    .selectFrom('userRoles')
    .where('role', '=', 'methodist')
    .select(['userId', 'territoryId'])
    .orderBy('territoryId')
    .execute();
  const forwardAll = async (at: Date, ids: number[]) => {
    const methodistCookies = await openSessions(
      db,
      methodists.map((m) => m.userId),
      at,
    );
    return load({
      kind: 'forward',
      url,
      methodists: methodists.map((m, i) => ({
        territoryId: m.territoryId ?? 0,
        cookie: methodistCookies[i] ?? '',
      })),
      courseIds: ids,
      pageSize: RUSH.pageSize,
      chunk: RUSH.chunk,
    });
  };
  const forwarded = await forwardAll(now, courseIds);
  const beforeRelease = await placeChecks(db, courseIds, today);

  // The release date comes: the release course's unused quota places become common.
  const nextDay = moveClock(1);
  const laterTeachers = [...later];
  const laterCookies = await openSessions(
    db,
    laterTeachers.map((t) => teachers[t] ?? 0),
    nextDay,
  );
  const appliedLater = await load({
    kind: 'apply',
    url,
    concurrency: RUSH.concurrency,
    requests: laterTeachers.map((_, i) => ({ cookie: laterCookies[i] ?? '', courseId: releaseCourse })),
  });
  const forwardedLater = await forwardAll(nextDay, [releaseCourse]);
  const afterRelease = await placeChecks(db, courseIds, regionDate(nextDay));

  // Exactly one 201 for each repeater; every other request of the rush answered 201.
  const unexpected: string[] = [];
  let repeatedOk = 0;
  let i = 0;
  for (const [n, a] of before.entries()) {
    const times = n < RUSH.repeaters ? RUSH.repeats : 1;
    const answers = applied.answers.slice(i, i + times);
    i += times;
    if (times > 1) {
      const created = answers.filter((s) => s === 201).length;
      const refused = answers.filter((s) => s === 409).length;
      if (created === 1 && refused === times - 1) repeatedOk++;
      else unexpected.push(`подача учителя ${teachers[a.teacher]} ${times} раза: ${answers.join(', ')}`);
    } else if (answers[0] !== 201)
      unexpected.push(`подача: ${answers[0] || 'нет ответа'} ${applied.refusals[i - 1] ?? ''}`);
  }
  for (const [n, status] of appliedLater.answers.entries())
    if (status !== 201)
      unexpected.push(
        `подача после даты снятия квот: ${status || 'нет ответа'} ${appliedLater.refusals[n] ?? ''}`,
      );

  const acknowledged = [...applied.acknowledged, ...appliedLater.acknowledged];
  const noAnswer = [...applied.answers, ...appliedLater.answers].filter((s) => s === 0).length;
  const allForwards = [...forwarded.results, ...forwardedLater.results];
  const checks = [
    ...(await keptChecks(db, courseIds, acknowledged, noAnswer, allForwards)),
    {
      name: `the same teacher applying ${RUSH.repeats} times at once (${RUSH.repeaters} teachers): one 201, the rest 409`,
      value: `${repeatedOk} of ${RUSH.repeaters}`,
      ok: repeatedOk === RUSH.repeaters,
    },
    ...beforeRelease.map((c) => ({ ...c, name: `before the release date: ${c.name}` })),
    ...afterRelease.map((c) => ({ ...c, name: `after the release course's release date: ${c.name}` })),
    await releaseCheck(db, releaseCourse),
  ];
  const { rows: statusRows } = await sql<{ status: string; n: number }>`
    SELECT status, count(*)::int AS n FROM applications WHERE course_id = ANY(${courseIds}::int[])
     GROUP BY status ORDER BY count(*) DESC`.execute(db);
  const errors = [
    ...unexpected.slice(0, 10),
    ...applied.samples,
    ...appliedLater.samples,
    ...[forwarded, forwardedLater].flatMap((f) => [
      ...Object.entries(f.statuses)
        .filter(([status]) => status !== '200')
        .map(([status, n]) => `передача: ${n} × ${status}`),
      ...f.samples,
    ]),
    ...allForwards
      .filter((r) => !r.ok)
      .slice(0, 5)
      .map((r) => `передача заявки ${r.id}: ${r.error}`),
  ];
  if (unexpected.length) errors.unshift(`подача: ${unexpected.length} неожиданных ответов`);
  const refused = allForwards.filter((r) => !r.ok).length;
  if (refused) errors.unshift(`передача: ${refused} заявок не переданы`);
  return {
    courses: courseIds.length,
    teachers: teachers.length,
    methodists: methodists.length,
    apply: applied,
    forward: forwarded,
    forwardedOk: forwarded.results.filter((r) => r.ok).length,
    statuses: Object.fromEntries(statusRows.map((r) => [r.status, r.n])),
    checks,
    errors,
  };
}

/**
 * The checks, in SQL over what the database holds (independently of the places rule of
 * src/server, which they are meant to check): every acknowledged write is there, nothing else.
 */
async function keptChecks(
  db: Database,
  courseIds: number[],
  ack: ApplyResult['acknowledged'],
  noAnswer: number,
  forwards: ForwardResult['results'],
): Promise<Check[]> {
  const { rows: found } = await sql<{ id: number; teacherId: number; courseId: number; status: string }>`
    SELECT id, teacher_id, course_id, status FROM applications WHERE course_id = ANY(${courseIds}::int[])`.execute(
    db,
  );
  const byId = new Map(found.map((r) => [String(r.id), r]));
  const ackIds = new Set(ack.map((a) => a.id));
  const kept = ack.filter((a) => {
    const row = byId.get(a.id);
    return row && String(row.teacherId) === a.teacherId && String(row.courseId) === a.courseId;
  }).length;
  const unacknowledged = found.filter((r) => !ackIds.has(String(r.id))).length;
  const okResults = forwards.filter((r) => r.ok);
  const matching = okResults.filter((r) => byId.get(r.id)?.status === r.status).length;
  const submittedLeft = found.filter((r) => r.status === 'submitted').length;
  return [
    {
      name: 'acknowledged applications in the database (id, teacher, course)',
      value: `${kept} of ${ack.length}`,
      ok: kept === ack.length && ack.length > 0,
    },
    {
      // Only a request that got no answer may have left an application nobody was told of.
      name: 'applications in the database not acknowledged (at most the requests left without an answer)',
      value: `${unacknowledged} (requests without an answer: ${noAnswer})`,
      ok: unacknowledged <= noAnswer,
    },
    {
      name: 'acknowledged forwards whose state is in the database',
      value: `${matching} of ${okResults.length}`,
      ok: matching === okResults.length,
    },
    {
      name: 'submitted applications left after forwarding',
      value: String(submittedLeft),
      ok: submittedLeft === 0,
    },
  ];
}

/** Places held on the rush's courses on `today`: capacity, quotas and the waitlist. */
async function placeChecks(db: Database, courseIds: number[], today: string): Promise<Check[]> {
  const courses = await placesHeld(db, courseIds, today);
  const overCapacity = courses.filter((c) => c.held > c.capacity);
  const overQuota = courses.filter((c) => !c.released && c.overQuota > c.capacity - c.quotas);
  const waitlisted = courses.reduce((n, c) => n + c.waitlistedWithPlace, 0);
  const list = (cs: typeof courses) =>
    cs.length ? ` (${cs.map((c) => `${c.id}: ${c.held}/${c.capacity}`).join(', ')})` : '';
  return [
    {
      name: 'courses over capacity (forwarded + enrolled > capacity)',
      value: `${overCapacity.length} of ${courses.length}${list(overCapacity)}`,
      ok: overCapacity.length === 0,
    },
    {
      name: 'courses where territories took more than their quota and the common places',
      value: `${overQuota.length} of ${courses.length}${list(overQuota)}`,
      ok: overQuota.length === 0,
    },
    {
      name: 'waitlisted applications that a free place could take',
      value: String(waitlisted),
      ok: waitlisted === 0,
    },
  ];
}

/**
 * After its release date the release course's places all went (its later teachers outnumber
 * them), and territories hold more places beyond their quotas than the common places of the day
 * before: the quota places nobody used became common.
 */
async function releaseCheck(db: Database, courseId: number): Promise<Check> {
  const [c] = await placesHeld(db, [courseId], '9999-12-31');
  const common = c ? c.capacity - c.quotas : 0;
  return {
    name: 'release course: after the release date places beyond the quotas exceed the common places of before',
    value: c
      ? `${c.held}/${c.capacity} held, ${c.overQuota} beyond quotas (common places before: ${common})`
      : 'нет курса',
    ok: !!c && c.held === c.capacity && c.overQuota > common,
  };
}

async function placesHeld(db: Database, courseIds: number[], today: string) {
  // Per course: places held, quotas, what territories took beyond their quota, and the waitlist
  // beside a place free for its territory.
  const { rows } = await sql<{
    id: number;
    capacity: number;
    held: number;
    quotas: number;
    overQuota: number;
    released: boolean;
    waitlistedWithPlace: number;
  }>`
    WITH held AS (
      SELECT course_id, territory_id, count(*)::int AS held FROM applications
       WHERE course_id = ANY(${courseIds}::int[]) AND status IN ('forwarded', 'enrolled')
       GROUP BY course_id, territory_id
    ), territory AS (
      SELECT coalesce(h.course_id, q.course_id) AS course_id, coalesce(h.territory_id, q.territory_id) AS territory_id,
             coalesce(h.held, 0) AS held, coalesce(q.places, 0) AS quota
        FROM held h
        FULL JOIN (SELECT * FROM course_quotas WHERE course_id = ANY(${courseIds}::int[])) q
          ON q.course_id = h.course_id AND q.territory_id = h.territory_id
    ), course AS (
      SELECT c.id, c.capacity, coalesce(c.quota_release_on <= ${today}::date, false) AS released,
             coalesce(sum(t.held), 0)::int AS held, coalesce(sum(t.quota), 0)::int AS quotas,
             coalesce(sum(greatest(t.held - t.quota, 0)), 0)::int AS over_quota
        FROM courses c LEFT JOIN territory t ON t.course_id = c.id
       WHERE c.id = ANY(${courseIds}::int[])
       GROUP BY c.id
    )
    SELECT c.*, (
      SELECT count(*)::int FROM applications w
        LEFT JOIN territory t ON t.course_id = w.course_id AND t.territory_id = w.territory_id
       WHERE w.course_id = c.id AND w.status = 'waitlisted' AND c.capacity > c.held
         AND CASE WHEN c.released THEN c.capacity - c.held
                  ELSE greatest(c.capacity - c.quotas - c.over_quota, 0)
                       + coalesce(t.quota - least(t.held, t.quota), 0) END > 0
    ) AS waitlisted_with_place
      FROM course c ORDER BY c.id`.execute(db);
  return rows;
}
