import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { testApp } from '../../../test/app.js';
import { testDatabase } from '../../../test/db.js';
import { APPLICATION_STATUSES } from '../../contract/applications.js';
import { isValidSnils, missingForDocuments } from '../../contract/profile.js';
import { regionDate, shiftDate } from '../clock.js';
import { advanceCourses } from '../courses/service.js';
import type { Database } from '../db/database.js';
import type { Role } from '../db/schema.js';
import { CANCEL_REASON, CATALOG_COUNTS } from './catalog.js';
import {
  DEMO_COUNTS,
  DEMO_LOGINS,
  DEMO_PASSWORD,
  printDemoLogins,
  resetDemoDatabase,
  seedDemo,
} from './seed.js';

const t = await testApp();
const other = await testDatabase();
afterAll(() => other.close());

async function names(db: Database) {
  return {
    users: await db
      .selectFrom('users')
      .select(['login', 'lastName', 'firstName', 'middleName'])
      .orderBy('login')
      .execute(),
    organizations: await db
      .selectFrom('organizations')
      .select(['name', 'territoryId', 'inn'])
      .orderBy('name')
      .execute(),
    profiles: await db
      .selectFrom('teacherProfiles')
      .innerJoin('users', 'users.id', 'teacherProfiles.userId')
      .select(['users.login', 'position', 'subject'])
      .orderBy('users.login')
      .execute(),
    programs: await db
      .selectFrom('programs')
      .select(['title', 'hours', 'kind', 'form', 'distance', 'departmentId'])
      .orderBy('id')
      .execute(),
    courses: await db
      .selectFrom('courses')
      .select([
        'startsOn',
        'endsOn',
        'applyUntil',
        'status',
        'capacity',
        'place',
        'distanceUrl',
        'publishedAt',
      ])
      .orderBy('id')
      .execute(),
    schedule: await db
      .selectFrom('scheduleDays')
      .select(['date', 'startsAt', 'endsAt', 'topic', 'teacher'])
      .orderBy('id')
      .execute(),
    quotas: await db
      .selectFrom('courseQuotas')
      .select(['courseId', 'territoryId', 'places'])
      .orderBy('courseId')
      .orderBy('territoryId')
      .execute(),
  };
}

const countRole = async (role: Role) =>
  Number(
    (
      await t.db
        .selectFrom('userRoles')
        .where('role', '=', role)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('demo data', () => {
  beforeAll(async () => {
    const started = performance.now();
    await seedDemo(t.ctx);
    console.log(`seedDemo: ${Math.round(performance.now() - started)} ms (${t.ctx.engine})`);
  }, 120_000);

  it('produces the stated counts', async () => {
    const count = async (table: 'organizations' | 'providers' | 'departments' | 'teacherProfiles') =>
      Number(
        (
          await t.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    expect(await count('organizations')).toBe(DEMO_COUNTS.organizations);
    expect(await count('providers')).toBe(DEMO_COUNTS.providers);
    expect(await count('departments')).toBe(DEMO_COUNTS.departments);
    expect(await count('teacherProfiles')).toBe(DEMO_COUNTS.teachers);
    expect(await countRole('teacher')).toBe(DEMO_COUNTS.teachers);
    expect(await countRole('operator')).toBe(DEMO_COUNTS.operators);
    expect(await countRole('provider_admin')).toBe(DEMO_COUNTS.providerAdmins);
    expect(await countRole('head')).toBe(DEMO_COUNTS.heads);
    expect(await countRole('manager')).toBe(DEMO_COUNTS.managers);
    expect(await countRole('methodist')).toBe(DEMO_COUNTS.methodists);
    expect(DEMO_COUNTS).toMatchObject({ organizations: 150, teachers: 500, methodists: 8 });
  });

  it('looks like Perm Krai: the institute, its departments, organizations over many territories', async () => {
    const iro = await t.db
      .selectFrom('providers')
      .where('shortName', '=', 'ИРО ПК')
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(iro.name).toBe('ГАУ ДПО «Институт развития образования Пермского края»');
    expect(iro.licenseNumber).toBeTruthy();
    expect(iro.licenseDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // Every provider's card names who signs its documents, so the demo's certificates are signed.
    expect(iro.signatories).toEqual([
      { position: 'Ректор', name: 'Н. В. Смирнова' },
      { position: 'Секретарь', name: 'О. П. Кузнецова' },
    ]);
    const unsigned = await t.db
      .selectFrom('providers')
      .where(sql<boolean>`jsonb_array_length(signatories) = 0`)
      .select('name')
      .execute();
    expect(unsigned).toEqual([]);
    const departments = await t.db
      .selectFrom('departments')
      .where('providerId', '=', iro.id)
      .select('name')
      .execute();
    expect(departments.map((d) => d.name)).toEqual(
      expect.arrayContaining(['Отдел дошкольного образования', 'Кафедра общего образования']),
    );
    expect(departments).toHaveLength(4);

    const orgs = await t.db.selectFrom('organizations').select(['name', 'territoryId', 'inn']).execute();
    expect(new Set(orgs.map((o) => o.territoryId)).size).toBe(43);
    expect(orgs.map((o) => o.name)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^МАОУ «Средняя общеобразовательная школа № \d+» г\. Перми$/),
        expect.stringMatching(/^МА(ДОУ|ДОУ) «Детский сад № \d+»|^МБДОУ «Детский сад № \d+»/),
        expect.stringMatching(/^МАОУ «Гимназия № \d+» г\. Перми$/),
        expect.stringMatching(/^МАОУ «Лицей № \d+» г\. Перми$/),
        expect.stringMatching(/^МА?Б?У ДО «/),
        'ГБПОУ «Пермский педагогический колледж»',
      ]),
    );
    const inns = orgs.map((o) => o.inn).filter((i): i is string => i !== null);
    expect(inns.length).toBeGreaterThan(50);
    for (const value of inns) {
      expect(value).toMatch(/^59\d{8}$/);
      const d = value.split('').map(Number);
      const check = ([2, 4, 10, 3, 5, 9, 4, 6, 8].reduce((s, w, i) => s + w * d[i]!, 0) % 11) % 10;
      expect(d[9]).toBe(check);
    }
  });

  it('gives teachers gender-agreeing Russian names, e-mail logins, positions and consent', async () => {
    const teachers = await t.db
      .selectFrom('teacherProfiles')
      .innerJoin('users', 'users.id', 'teacherProfiles.userId')
      .select([
        'users.login',
        'users.email',
        'users.lastName',
        'users.firstName',
        'users.middleName',
        'users.mustChangePassword',
        'position',
        'personalDataConsentAt',
      ])
      .execute();
    const positions = new Set(
      (await t.db.selectFrom('positions').select('name').execute()).map((p) => p.name),
    );
    for (const teacher of teachers) {
      expect(teacher.login).toMatch(/^[a-z0-9._@+-]+@demo\.ebppk\.ru$/);
      expect(teacher.email).toBe(teacher.login);
      expect(positions.has(teacher.position)).toBe(true);
      expect(teacher.mustChangePassword).toBe(false);
      expect(teacher.personalDataConsentAt.getTime()).toBeLessThanOrEqual(t.clock().getTime());
      const female = /на$/.test(teacher.middleName!);
      expect(/(а|я)$/.test(teacher.firstName) || teacher.firstName === 'Любовь').toBe(female);
      if (/(ов|ев|ёв|ин|ский)$/.test(teacher.lastName)) expect(female).toBe(false);
    }
    expect(teachers.filter((x) => /на$/.test(x.middleName!)).length).toBeGreaterThan(350);
  });

  it('has a demo account for every role that logs in through the API with the printed password', async () => {
    for (const [role, login] of Object.entries(DEMO_LOGINS)) {
      const session = await t.login(login, DEMO_PASSWORD);
      const me = await t.request(session, { method: 'GET', url: '/api/v1/me' });
      expect(me.statusCode).toBe(200);
      expect(me.json().roles.map((r: { role: string }) => r.role)).toContain(role);
    }
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    printDemoLogins('http://localhost:3000');
    const printed = log.mock.calls.map((c) => c.join(' ')).join('\n');
    log.mockRestore();
    expect(printed).toContain('http://localhost:3000');
    expect(printed).toContain(DEMO_PASSWORD);
    for (const login of Object.values(DEMO_LOGINS)) expect(printed).toContain(login);
    console.log(printed);
  });

  it('fills the catalog: programs and courses of every department, in states that match their dates', async () => {
    const programs = await t.db
      .selectFrom('programs')
      .innerJoin('departments', 'departments.id', 'programs.departmentId')
      .innerJoin('providers', 'providers.id', 'departments.providerId')
      .select([
        'programs.id',
        'programs.hours',
        'programs.kind',
        'programs.annotation',
        'departments.name as department',
        'providers.shortName as provider',
      ])
      .execute();
    expect(programs).toHaveLength(CATALOG_COUNTS.programs);
    expect(CATALOG_COUNTS).toMatchObject({ programs: 40, courses: 80 });
    for (const p of programs) {
      expect(p.hours).toBeGreaterThanOrEqual(p.kind === 'retraining' ? 250 : 16);
      expect(p.annotation.length).toBeGreaterThan(50);
    }
    const iro = programs.filter((p) => p.provider === 'ИРО ПК');
    expect(new Set(iro.map((p) => p.department)).size).toBe(4);
    expect(new Set(programs.map((p) => p.provider))).toEqual(new Set(['ИРО ПК', 'ПГГПУ', 'УЦРК']));
    expect(new Set(programs.map((p) => p.kind))).toEqual(new Set(['qualification', 'retraining']));
    const targeted = await t.db.selectFrom('programPositions').select('programId').distinct().execute();
    expect(targeted).toHaveLength(programs.length);

    const courses = await t.db
      .selectFrom('courses')
      .innerJoin('programs', 'programs.id', 'courses.programId')
      .select([
        'courses.id',
        'courses.status',
        'courses.startsOn',
        'courses.endsOn',
        'courses.applyUntil',
        'courses.publishedAt',
        'courses.cancelReason',
        'courses.managerId',
        'courses.place',
        'courses.distanceUrl',
        'courses.departmentId',
        'programs.departmentId as programDepartmentId',
      ])
      .where('courses.status', '<>', 'archived')
      .execute();
    expect(courses).toHaveLength(CATALOG_COUNTS.courses);
    const grouped = new Set(
      (await t.db.selectFrom('studyGroups').select('courseId').execute()).map((g) => g.courseId),
    );
    const awaitingResults = new Set(
      (
        await t.db.selectFrom('applications').where('status', '=', 'enrolled').select('courseId').execute()
      ).map((a) => a.courseId),
    );
    const byStatus = (status: string) => courses.filter((c) => c.status === status);
    for (const status of ['published', 'closed', 'running', 'finished', 'draft', 'cancelled'])
      expect(byStatus(status).length, status).toBeGreaterThan(0);
    expect(byStatus('draft')).toHaveLength(CATALOG_COUNTS.drafts);
    expect(byStatus('cancelled').map((c) => c.cancelReason)).toEqual([CANCEL_REASON]);
    const today = regionDate(t.clock());
    const schedule = await t.db.selectFrom('scheduleDays').selectAll().execute();
    for (const c of courses) {
      expect(c.departmentId).toBe(c.programDepartmentId);
      expect(c.managerId).not.toBeNull();
      expect(c.place || c.distanceUrl).toBeTruthy();
      expect(c.applyUntil < c.startsOn).toBe(true);
      if (!['draft', 'cancelled'].includes(c.status))
        expect(c.publishedAt!.getTime()).toBeLessThan(t.clock().getTime());
      // A course runs from its first group (formed on the first day) until every learner has a result.
      const expected =
        c.startsOn > today
          ? c.applyUntil < today
            ? 'closed'
            : 'published'
          : !grouped.has(c.id)
            ? 'closed'
            : c.endsOn < today && !awaitingResults.has(c.id)
              ? 'finished'
              : 'running';
      if (!['draft', 'cancelled'].includes(c.status)) expect(c.status, `course ${c.id}`).toBe(expected);
      else expect(c.startsOn > today).toBe(true);
      const days = schedule.filter((d) => d.courseId === c.id);
      expect(days.length).toBeGreaterThanOrEqual(2);
      for (const d of days) {
        expect(d.date >= c.startsOn && d.date <= c.endsOn).toBe(true);
        expect(d.topic).toBeTruthy();
      }
    }
    // Over the current and the next quarter (the pinned examples reach a little around today).
    expect(courses.some((c) => c.startsOn > shiftDate(today, 2, 'month'))).toBe(true);

    // manager.doo runs Отдел дошкольного образования's courses.
    const manager = await t.db
      .selectFrom('users')
      .where('login', '=', DEMO_LOGINS.manager)
      .select('id')
      .executeTakeFirstOrThrow();
    const doo = await t.db
      .selectFrom('departments')
      .where('name', '=', 'Отдел дошкольного образования')
      .select('id')
      .executeTakeFirstOrThrow();
    const dooCourses = courses.filter((c) => c.departmentId === doo.id);
    expect(dooCourses.length).toBeGreaterThan(10);
    expect(new Set(dooCourses.map((c) => c.managerId))).toEqual(new Set([manager.id]));
    expect(new Set(dooCourses.map((c) => c.status)).size).toBeGreaterThanOrEqual(4);

    const quotas = await t.db.selectFrom('courseQuotas').select(['courseId', 'places']).execute();
    expect(new Set(quotas.map((x) => x.courseId)).size).toBeGreaterThanOrEqual(5);

    // History follows the states; the lifecycle job has nothing to move.
    const last = await t.db
      .selectFrom('courseHistory')
      .select(['courseId', 'toStatus', 'id'])
      .orderBy('id')
      .execute();
    const lastOf = new Map(last.map((h) => [h.courseId, h.toStatus]));
    for (const c of courses) expect(lastOf.get(c.id), `course ${c.id}`).toBe(c.status);
    expect(await advanceCourses(t.db, t.clock())).toEqual([]);
  });

  it('gives manager.doo a course at every step after its applications', async () => {
    const today = regionDate(t.clock());
    const courses = await t.db
      .selectFrom('courses as c')
      .innerJoin('users as u', 'u.id', 'c.managerId')
      .where('u.login', '=', DEMO_LOGINS.manager)
      .select([
        'c.id',
        'c.status',
        'c.startsOn',
        'c.endsOn',
        (eb) =>
          eb
            .selectFrom('applications as a')
            .whereRef('a.courseId', '=', 'c.id')
            .where('a.status', '=', 'forwarded')
            .select((e) => e.fn.countAll<number>().as('n'))
            .as('forwarded'),
        (eb) =>
          eb
            .selectFrom('applications as a')
            .whereRef('a.courseId', '=', 'c.id')
            .where('a.status', '=', 'enrolled')
            .select((e) => e.fn.countAll<number>().as('n'))
            .as('enrolled'),
        (eb) =>
          eb
            .selectFrom('attendanceMarks as m')
            .whereRef('m.courseId', '=', 'c.id')
            .select((e) => e.fn.countAll<number>().as('n'))
            .as('marks'),
      ])
      .execute();
    // On its first day: learners to mark, no group yet.
    const firstDay = courses.find((c) => c.status === 'closed' && c.startsOn === today);
    expect(firstDay, 'a course on its first day').toBeDefined();
    expect(Number(firstDay?.forwarded)).toBeGreaterThan(5);
    expect(Number(firstDay?.marks)).toBe(0);
    // Running: the journal filled up to yesterday, today's day open.
    const running = courses.find((c) => c.status === 'running' && c.endsOn >= today);
    expect(Number(running?.marks)).toBeGreaterThan(0);
    expect(
      await t.db
        .selectFrom('attendanceMarks')
        .where('courseId', '=', running?.id ?? 0)
        .where('day', '>=', today)
        .selectAll()
        .execute(),
    ).toEqual([]);
    // Ended, its results still to be recorded.
    const ended = courses.find((c) => c.status === 'running' && c.endsOn < today);
    expect(Number(ended?.enrolled)).toBeGreaterThan(5);
    expect(courses.some((c) => c.status === 'finished')).toBe(true);
    expect(courses.some((c) => c.status === 'archived')).toBe(true);
  });

  it('forms groups of every course that has started and keeps their journal', async () => {
    const today = regionDate(t.clock());
    const groups = await t.db
      .selectFrom('studyGroups as g')
      .innerJoin('courses as c', 'c.id', 'g.courseId')
      .innerJoin('departments as d', 'd.id', 'c.departmentId')
      .select([
        'g.id',
        'g.courseId',
        'g.providerId',
        'g.year',
        'g.number',
        'd.code',
        'd.providerId as courseProvider',
      ])
      .execute();
    const started = await t.db
      .selectFrom('courses')
      .where('status', 'in', ['running', 'finished', 'archived'])
      .select(['id', 'startsOn'])
      .execute();
    expect(new Set(groups.map((g) => g.courseId))).toEqual(new Set(started.map((c) => c.id)));
    for (const g of groups) {
      expect(g.providerId).toBe(g.courseProvider);
      expect(g.number).toMatch(new RegExp(`^${g.code}-${g.year}-\\d+$`));
    }
    expect(new Set(groups.map((g) => `${g.providerId} ${g.year} ${g.number}`)).size).toBe(groups.length);

    const learners = await t.db
      .selectFrom('applications as a')
      .leftJoin('studyGroups as g', 'g.id', 'a.groupId')
      .where(
        'a.courseId',
        'in',
        started.map((c) => c.id),
      )
      .select(['a.id', 'a.courseId', 'a.status', 'g.courseId as groupCourseId'])
      .execute();
    for (const a of learners)
      if (['enrolled', 'completed', 'not_completed'].includes(a.status))
        expect(a.groupCourseId).toBe(a.courseId);
      else expect(a.groupCourseId, `${a.status} ${a.id}`).toBeNull();

    // The first day decided who learns: every learner present, every no-show absent; confirmed.
    const marks = await t.db.selectFrom('attendanceMarks').selectAll().execute();
    const days = await t.db.selectFrom('scheduleDays').select(['courseId', 'date']).execute();
    const confirmed = new Set(
      (await t.db.selectFrom('attendanceDays').select(['courseId', 'day']).execute()).map(
        (d) => `${d.courseId} ${d.day}`,
      ),
    );
    for (const c of started) {
      expect(confirmed.has(`${c.id} ${c.startsOn}`), `course ${c.id}`).toBe(true);
      for (const a of learners.filter((l) => l.courseId === c.id && l.status !== 'withdrawn')) {
        const first = marks.find((m) => m.applicationId === a.id && m.day === c.startsOn);
        if (a.status === 'no_show') expect(first?.mark).not.toBe('present');
        else if (['enrolled', 'completed', 'not_completed'].includes(a.status))
          expect(first?.mark).toBe('present');
      }
    }
    for (const m of marks) {
      expect(days.some((d) => d.courseId === m.courseId && d.date === m.day)).toBe(true);
      expect(m.day <= today).toBe(true);
      if (m.mark === 'excused') expect(m.reason).toBeTruthy();
      expect(m.markedBy).not.toBeNull();
    }
    expect(new Set(marks.map((m) => m.mark))).toEqual(new Set(['present', 'absent', 'excused']));
  });

  it('keeps archived courses of earlier years and teachers on every side of the three-year rule', async () => {
    const today = regionDate(t.clock());
    const archived = await t.db
      .selectFrom('courses')
      .where('status', '=', 'archived')
      .select(['id', 'endsOn', 'programSnapshot'])
      .execute();
    expect(archived.length).toBeGreaterThanOrEqual(30);
    for (const c of archived) {
      expect(c.endsOn < shiftDate(today, -3, 'month')).toBe(true);
      expect(c.programSnapshot).not.toBeNull();
    }
    expect(new Set(archived.map((c) => c.endsOn.slice(0, 4))).size).toBeGreaterThanOrEqual(4);
    const open = await t.db
      .selectFrom('applications')
      .where(
        'courseId',
        'in',
        archived.map((c) => c.id),
      )
      .where('status', 'in', ['submitted', 'forwarded', 'waitlisted', 'enrolled'])
      .selectAll()
      .execute();
    expect(open).toEqual([]);

    // The rule's state of each teacher of methodist.perm's territory, from the Bank and from before it.
    const { rows } = await sql<{ rule: string; n: number }>`
      WITH last AS (
        SELECT tp.user_id, greatest(
          (SELECT max(c.ends_on) FROM applications a JOIN courses c ON c.id = a.course_id
            WHERE a.teacher_id = tp.user_id AND a.status = 'completed'),
          (SELECT max(e.ends_on) FROM external_cpd e WHERE e.teacher_id = tp.user_id)) AS ends_on
          FROM teacher_profiles tp
          JOIN organizations o ON o.id = tp.organization_id
          JOIN user_roles r ON r.territory_id = o.territory_id AND r.role = 'methodist'
          JOIN users u ON u.id = r.user_id AND u.login = ${DEMO_LOGINS.methodist})
      SELECT CASE WHEN ends_on IS NULL OR ends_on + interval '3 years' < ${today}::date THEN 'overdue'
                  WHEN ends_on + interval '3 years' <= ${today}::date + interval '6 months' THEN 'due'
                  ELSE 'ok' END AS rule, count(*)::int AS n
        FROM last GROUP BY 1`.execute(t.db);
    const byRule = Object.fromEntries(rows.map((r) => [r.rule, r.n]));
    expect(byRule.ok).toBeGreaterThan(byRule.overdue ?? 0);
    expect(byRule.due).toBeGreaterThan(0);
    expect(byRule.overdue).toBeGreaterThan(0);
    const external = await t.db.selectFrom('externalCpd').selectAll().execute();
    expect(external.length).toBeGreaterThan(100);
    for (const e of external) expect(e.endsOn <= today && e.startsOn < e.endsOn).toBe(true);
  });

  it('shows the catalog to visitors and finds courses by Russian word forms', async () => {
    const page = await t.request(null, { method: 'GET', url: '/api/v1/catalog?limit=100' });
    expect(page.statusCode).toBe(200);
    const { items, total } = page.json() as { items: { status: string; title: string }[]; total: number };
    expect(total).toBeGreaterThan(20);
    expect(items.some((i) => i.status === 'published')).toBe(true);
    for (const i of items) expect(['published', 'closed', 'running']).toContain(i.status);

    const found = await t.request(null, {
      method: 'GET',
      url: `/api/v1/catalog?q=${encodeURIComponent('учителей математики')}`,
    });
    expect(found.statusCode).toBe(200);
    expect(found.json().items.map((i: { title: string }) => i.title)).toContain(
      'Формирование функциональной грамотности обучающихся на уроках математики',
    );
  });

  it('gives most teachers valid personal data for documents; the memorable one misses some', async () => {
    const rows = await t.db.selectFrom('teacherProfiles').selectAll().execute();
    const filled = rows.filter((r) => r.snils !== null);
    expect(filled.length).toBeGreaterThan(300);
    for (const r of filled) {
      expect(isValidSnils(r.snils!)).toBe(true);
      expect(missingForDocuments(r)).toEqual([]);
    }
    expect(new Set(filled.map((r) => r.snils)).size).toBe(filled.length);
    expect(rows.some((r) => r.birthDate === null)).toBe(true);
    const session = await t.login(DEMO_LOGINS.teacher, DEMO_PASSWORD);
    const profile = (await t.request(session, { method: 'GET', url: '/api/v1/me/profile' })).json();
    expect(profile.missingForDocuments).toEqual([
      'snils',
      'diplomaSurname',
      'diplomaSeries',
      'diplomaNumber',
    ]);
  });

  it('has conversations between methodist.perm and manager.doo, with something unread on each side', async () => {
    const methodist = await t.login(DEMO_LOGINS.methodist, DEMO_PASSWORD);
    const manager = await t.login(DEMO_LOGINS.manager, DEMO_PASSWORD);
    const threads = (await t.request(methodist, { method: 'GET', url: '/api/v1/conversations' })).json();
    expect(threads.total).toBeGreaterThanOrEqual(2);
    const seen = (await t.request(manager, { method: 'GET', url: '/api/v1/conversations' })).json();
    expect(seen.items.map((i: { id: string }) => i.id)).toEqual(
      threads.items.map((i: { id: string }) => i.id),
    );
    for (const who of [methodist, manager]) {
      const unread = (
        await t.request(who, { method: 'GET', url: '/api/v1/conversations/unread-count' })
      ).json();
      expect(unread.messages).toBeGreaterThan(0);
    }
    for (const item of threads.items) {
      const thread = (
        await t.request(methodist, { method: 'GET', url: `/api/v1/conversations/${item.id}` })
      ).json();
      const times = thread.messages.map((m: { createdAt: string }) => m.createdAt);
      expect([...times].sort()).toEqual(times);
      expect(times.at(-1) <= t.clock().toISOString()).toBe(true);
    }
  });

  it("fills the methodist's and the manager's bells with notices of their sides", async () => {
    const methodist = await t.login(DEMO_LOGINS.methodist, DEMO_PASSWORD);
    const manager = await t.login(DEMO_LOGINS.manager, DEMO_PASSWORD);
    const kinds = async (who: typeof methodist) =>
      (await t.request(who, { method: 'GET', url: '/api/v1/notifications' }))
        .json()
        .items.map((i: { kind: string }) => i.kind);
    expect(await kinds(methodist)).toEqual(
      expect.arrayContaining(['application.new', 'application.provider_declined']),
    );
    expect(await kinds(manager)).toEqual(expect.arrayContaining(['course.forwarded']));
  });

  it("has applications in every state, within every course's places, with a history leading to each", async () => {
    const rows = await t.db
      .selectFrom('applications as a')
      .innerJoin('courses as c', 'c.id', 'a.courseId')
      .select(['a.id', 'a.status', 'a.courseId', 'c.capacity', 'a.territoryId'])
      .execute();
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(APPLICATION_STATUSES));
    const held = new Map<number, number>();
    for (const r of rows)
      if (r.status === 'forwarded' || r.status === 'enrolled')
        held.set(r.courseId, (held.get(r.courseId) ?? 0) + 1);
    for (const r of rows) expect(held.get(r.courseId) ?? 0).toBeLessThanOrEqual(r.capacity);
    // Waiting lists exist only where places ran out.
    const waiting = new Set(rows.filter((r) => r.status === 'waitlisted').map((r) => r.courseId));
    expect(waiting.size).toBeGreaterThan(0);
    const last = await t.db
      .selectFrom('applicationHistory as h')
      .innerJoin('applications as a', 'a.id', 'h.applicationId')
      .where('h.id', 'in', (eb) =>
        eb
          .selectFrom('applicationHistory')
          .select((e) => e.fn.max('id').as('id'))
          .groupBy('applicationId'),
      )
      .select(['a.status', 'h.toStatus'])
      .execute();
    expect(last).toHaveLength(rows.length);
    for (const h of last) expect(h.toStatus).toBe(h.status);
    // Something to do for the memorable accounts.
    const perm = await t.db
      .selectFrom('userRoles as r')
      .innerJoin('users as u', 'u.id', 'r.userId')
      .where('u.login', '=', DEMO_LOGINS.methodist)
      .select('r.territoryId')
      .executeTakeFirstOrThrow();
    expect(
      rows.filter((r) => r.territoryId === perm.territoryId && r.status === 'submitted').length,
    ).toBeGreaterThan(5);
    const mine = await t.db
      .selectFrom('applications as a')
      .innerJoin('users as u', 'u.id', 'a.teacherId')
      .where('u.login', '=', DEMO_LOGINS.teacher)
      .select('a.status')
      .execute();
    expect(mine.length).toBeGreaterThan(2);
  });

  it('writes one audit row and leaves a seeded database as it is', async () => {
    await seedDemo(t.ctx);
    const rows = await t.db
      .selectFrom('auditEvents')
      .where('action', '=', 'system.demo_seeded')
      .selectAll()
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.at).toEqual(t.clock());
    expect(await countRole('teacher')).toBe(DEMO_COUNTS.teachers);
  });

  it('is deterministic: a second fresh database gets the same names, and so does a reset one', async () => {
    await seedDemo({ ...t.ctx, db: other.db });
    const expected = await names(t.db);
    expect(await names(other.db)).toEqual(expected);

    // `ebppk demo` reuses its PGlite directory: emptied and migrated again, then seeded again.
    await resetDemoDatabase(other.db);
    expect(await other.db.selectFrom('users').select('id').execute()).toEqual([]);
    expect(await other.db.selectFrom('territories').select('id').execute()).toHaveLength(43);
    await seedDemo({ ...t.ctx, db: other.db });
    expect(await names(other.db)).toEqual(expected);
  }, 120_000);

  it('refuses a database that holds other data', async () => {
    const third = await testDatabase();
    try {
      await sql`INSERT INTO users (login, password_hash, last_name, first_name, password_changed_at, created_at, updated_at)
        VALUES ('someone', 'x', 'Иванов', 'Иван', now(), now(), now())`.execute(third.db);
      await expect(seedDemo({ ...t.ctx, db: third.db })).rejects.toThrow(/только в пустую базу данных/);
    } finally {
      await third.close();
    }
  }, 120_000);
});
