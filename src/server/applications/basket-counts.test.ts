// A working basket's count by state is kept (migration 0032), not counted on each page: after every
// kind of change of an application — applying, each transition, a course archived, a removal — and
// after its deltas are folded, each basket shows what its applications count live.
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Session, testApp } from '../../../test/app.js';
import {
  buildApplication,
  buildCourse,
  buildDepartment,
  buildOrganization,
  buildProvider,
  buildTerritory,
  buildUser,
} from '../../../test/factories.js';
import { APPLICATION_STATUSES, PROVIDER_STATUSES } from '../../contract/applications.js';
import { archiveApplicationsOfCourse } from './service.js';

const t = await testApp();

type Count = { status: string; count: number };
const ids = {} as Record<
  'territoryA' | 'territoryB' | 'deptA' | 'deptB' | 'provider' | 'c1' | 'c2' | 'c3',
  number
>;
const s = {} as Record<'methodistA' | 'methodistB' | 'manager' | 'providerAdmin' | 'operator', Session>;
const teachers: Session[] = [];

/** Each basket as the list answers it, and as its applications count live. */
const baskets = () => [
  { who: s.methodistA, basket: 'methodist', live: sql`territory_id = ${ids.territoryA}` },
  { who: s.methodistB, basket: 'methodist', live: sql`territory_id = ${ids.territoryB}` },
  {
    who: s.manager,
    basket: 'provider',
    live: sql`department_id = ${ids.deptA} AND status IN (${sql.join([...PROVIDER_STATUSES])})`,
  },
  {
    who: s.providerAdmin,
    basket: 'provider',
    live: sql`department_id IN (${ids.deptA}, ${ids.deptB}) AND status IN (${sql.join([...PROVIDER_STATUSES])})`,
  },
  { who: s.operator, basket: 'region', live: sql`true` },
  // Filtered by territory, the operator's basket reads the same kept rows.
  {
    who: s.operator,
    basket: `region&territoryId=${ids.territoryB}`,
    live: sql`territory_id = ${ids.territoryB}`,
  },
];

async function live(where: ReturnType<typeof sql>): Promise<Count[]> {
  const { rows } = await sql<Count>`SELECT status, count(*)::integer AS count FROM applications
     WHERE archived_at IS NULL AND ${where} GROUP BY status`.execute(t.db);
  return rows.sort(
    (x, y) =>
      APPLICATION_STATUSES.indexOf(x.status as (typeof APPLICATION_STATUSES)[number]) -
      APPLICATION_STATUSES.indexOf(y.status as (typeof APPLICATION_STATUSES)[number]),
  );
}

async function page(who: Session, query: string) {
  const res = await t.request(who, { method: 'GET', url: `/api/v1/applications?basket=${query}&limit=1` });
  expect(res.statusCode).toBe(200);
  return res.json() as { total: number; byStatus: Count[] };
}

/** Every basket's count by state and its total, whole and for one state, equal the live count. */
async function expectCountsLive() {
  for (const b of baskets()) {
    const counted = await live(b.live);
    const answer = await page(b.who, b.basket);
    expect(answer.byStatus, b.basket).toEqual(counted);
    expect(answer.total).toBe(counted.reduce((n, c) => n + c.count, 0));
    const forwarded = await page(b.who, `${b.basket}&status=forwarded`);
    expect(forwarded.byStatus).toEqual(counted);
    expect(forwarded.total).toBe(counted.find((c) => c.status === 'forwarded')?.count ?? 0);
  }
}

const act = async (who: Session, id: string, action: string, body: object = {}) => {
  const res = await t.request(who, {
    method: 'POST',
    url: `/api/v1/applications/${id}/actions/${action}`,
    payload: body,
  });
  expect(res.statusCode, res.body).toBe(200);
};

beforeAll(async () => {
  ids.territoryA = (await buildTerritory(t.db)).id;
  ids.territoryB = (await buildTerritory(t.db)).id;
  ids.provider = (await buildProvider(t.db)).id;
  ids.deptA = (await buildDepartment(t.db, { providerId: ids.provider })).id;
  ids.deptB = (await buildDepartment(t.db, { providerId: ids.provider })).id;
  const course = {
    status: 'published' as const,
    applyUntil: '2026-12-20',
    startsOn: '2027-01-10',
    endsOn: '2027-01-12',
  };
  ids.c1 = (await buildCourse(t.db, { ...course, departmentId: ids.deptA, capacity: 2 })).id;
  ids.c2 = (await buildCourse(t.db, { ...course, departmentId: ids.deptA })).id;
  ids.c3 = (await buildCourse(t.db, { ...course, departmentId: ids.deptB })).id;
  const schoolA = (await buildOrganization(t.db, { territoryId: ids.territoryA })).id;
  const schoolB = (await buildOrganization(t.db, { territoryId: ids.territoryB })).id;
  for (const organizationId of [schoolA, schoolA, schoolA, schoolA, schoolB, schoolB])
    teachers.push(await t.login((await buildUser(t.db, { organizationId })).login));
  const users = {
    methodistA: await buildUser(t.db, { roles: [{ role: 'methodist', territoryId: ids.territoryA }] }),
    methodistB: await buildUser(t.db, { roles: [{ role: 'methodist', territoryId: ids.territoryB }] }),
    manager: await buildUser(t.db, { roles: [{ role: 'manager', departmentId: ids.deptA }] }),
    providerAdmin: await buildUser(t.db, { roles: [{ role: 'provider_admin', providerId: ids.provider }] }),
    operator: await buildUser(t.db, { roles: [{ role: 'operator' }] }),
  };
  for (const [name, user] of Object.entries(users)) s[name as keyof typeof s] = await t.login(user.login);
});

describe('a working basket’s count by state', () => {
  const applied: string[] = [];

  it('counts what teachers apply for', async () => {
    for (const [i, teacher] of teachers.entries()) {
      for (const courseId of [ids.c1, i % 2 ? ids.c2 : ids.c3]) {
        const res = await t.request(teacher, {
          method: 'POST',
          url: '/api/v1/applications',
          payload: { courseId },
        });
        expect(res.statusCode, res.body).toBe(201);
        applied.push((res.json() as { id: string }).id);
      }
    }
    await expectCountsLive();
  });

  it('follows each transition: forwarded, waitlisted past the places, rejected, withdrawn, declined, recalled', async () => {
    // c1 has two places: its first two forwarded take them, the third waits in its waitlist.
    const [a, , b, , c, , d, , e] = applied as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    for (const id of [a, b, c]) await act(s.methodistA, id, 'forward');
    await expectCountsLive();
    await act(s.methodistA, d, 'reject', { reason: 'Не та категория' });
    await act(teachers[0] as Session, applied[1] as string, 'withdraw');
    await act(s.methodistB, e, 'forward');
    await expectCountsLive();
    await act(s.manager, a, 'decline', { reason: 'Нет документов' });
    await act(s.methodistA, b, 'recall');
    await expectCountsLive();
  });

  it('leaves out an archived course’s applications', async () => {
    await t.db.transaction().execute((trx) => archiveApplicationsOfCourse(trx, ids.c2, t.clock()));
    await expectCountsLive();
  });

  it('follows an application removed', async () => {
    await sql`DELETE FROM application_history WHERE application_id = ${Number(applied[11])}`.execute(t.db);
    await sql`DELETE FROM applications WHERE id = ${Number(applied[11])}`.execute(t.db);
    await expectCountsLive();
  });

  it('folds many changes into the kept totals, and counts the same after', async () => {
    for (let i = 0; i < 80; i++)
      await buildApplication(t.db, { courseId: i % 2 ? ids.c1 : ids.c3, territoryId: ids.territoryA });
    const deltas = async () =>
      (await sql<{ n: number }>`SELECT count(*)::integer AS n FROM application_count_deltas`.execute(t.db))
        .rows[0]?.n;
    expect(await deltas()).toBeGreaterThan(80);
    await expectCountsLive();
    // The first page that read them folded them.
    expect(await deltas()).toBe(0);
    await expectCountsLive();
  });
});
