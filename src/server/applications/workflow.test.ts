// The workflow table, enumerated: every transition a person takes through the API is taken by
// each of its parties and lands where the table says, with its history and audit rows; every
// other (state, action) pair is refused with 409 and changes nothing.
import { beforeAll, describe, expect, it } from 'vitest';
import { type Session, testApp } from '../../../test/app.js';
import { applicationParties } from '../../../test/application-parties.js';
import { buildApplication, buildCourse } from '../../../test/factories.js';
import {
  APPLICATION_ACTIONS,
  APPLICATION_STATUSES,
  type ApplicationStatus,
} from '../../contract/applications.js';
import { type By, TRANSITIONS, transitionOf } from './workflow.js';

const t = await testApp();
let dept: number;
let teacherId: number;
const sessions = {} as Record<Exclude<By, 'system'>, Session>;

beforeAll(async () => {
  const parties = await applicationParties(t);
  ({ dept, teacherId } = parties);
  Object.assign(sessions, parties.sessions);
});

const apiActions: readonly string[] = APPLICATION_ACTIONS;
const byPerson = TRANSITIONS.filter((tr) => tr.from !== null && apiActions.includes(tr.action));

/**
 * An application of the teacher in `status` on a new course in `courseStatus` (with `free` places),
 * whose days are over (today is 2026-11-25), so that results may be recorded.
 */
async function setUp(
  status: ApplicationStatus,
  courseStatus: NonNullable<Parameters<typeof buildCourse>[1]>['status'],
  free = true,
) {
  const course = await buildCourse(t.db, {
    departmentId: dept,
    status: courseStatus,
    capacity: 1,
    applyUntil: '2026-11-10',
    startsOn: '2026-11-16',
    endsOn: '2026-11-20',
  });
  if (!free) await buildApplication(t.db, { courseId: course.id, status: 'forwarded' });
  return buildApplication(t.db, { courseId: course.id, teacherId, status });
}

describe('every transition of the table', () => {
  const cases = byPerson.flatMap((tr) =>
    tr.by
      .filter((by): by is Exclude<By, 'system'> => by !== 'system')
      .flatMap((by) => [{ tr, by, free: true }, ...(tr.noPlace ? [{ tr, by, free: false }] : [])]),
  );
  it.each(
    cases.map((c) => [`${c.tr.from} —${c.tr.action}→ (${c.by}${c.free ? '' : ', no place'})`, c] as const),
  )('%s', async (_name, { tr, by, free }) => {
    const app = await setUp(tr.from as ApplicationStatus, tr.courseIn[0], free);
    const res = await t.request(sessions[by], {
      method: 'POST',
      url: `/api/v1/applications/${app.id}/actions/${tr.action}`,
      payload: tr.needsReason ? { reason: 'Причина для педагога' } : {},
    });
    const to = free ? tr.to : (tr.noPlace as ApplicationStatus);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().status).toBe(to);
    expect(res.json().history.at(-1)).toMatchObject({
      from: tr.from,
      to,
      action: tr.action,
      reason: tr.needsReason ? 'Причина для педагога' : null,
    });
    const audit = await t.db
      .selectFrom('auditEvents')
      .where('entityType', '=', 'application')
      .where('entityId', '=', String(app.id))
      .where('action', '=', `application.${tr.action}`)
      .select(['before', 'after'])
      .execute();
    expect(audit).toHaveLength(1);
  });
});

describe('everything else is refused', () => {
  const pairs = APPLICATION_STATUSES.flatMap((status) =>
    APPLICATION_ACTIONS.filter((action) => !transitionOf(status, action)).map((action) => ({
      status,
      action,
    })),
  );
  it.each(pairs.map((p) => [`${p.status} —${p.action}→`, p] as const))(
    '%s: 409',
    async (_name, { status, action }) => {
      // The party that could take this action in another state, on a course where it could.
      const some = TRANSITIONS.find((tr) => tr.action === action && tr.by.some((by) => by !== 'system'));
      const by = some?.by.find((b): b is Exclude<By, 'system'> => b !== 'system') ?? 'staff';
      const app = await setUp(status, some?.courseIn[0] ?? 'published');
      // The provider's staff do not see what never reached them: for them it is a 404.
      const visible =
        by !== 'staff' ||
        ['forwarded', 'waitlisted', 'declined', 'enrolled', 'no_show', 'completed', 'not_completed'].includes(
          status,
        );
      const res = await t.request(sessions[by], {
        method: 'POST',
        url: `/api/v1/applications/${app.id}/actions/${action}`,
        payload: { reason: 'Причина' },
      });
      expect(res.statusCode, res.body).toBe(visible ? 409 : 404);
      const row = await t.db
        .selectFrom('applications')
        .where('id', '=', app.id)
        .select('status')
        .executeTakeFirstOrThrow();
      expect(row.status).toBe(status);
    },
  );

  it('a transition in a course state it does not belong to is a 409', async () => {
    const app = await setUp('submitted', 'running');
    const res = await t.request(sessions.methodist, {
      method: 'POST',
      url: `/api/v1/applications/${app.id}/actions/forward`,
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().detail).toMatch(/Курс в состоянии «Идёт обучение»/);
  });

  it('group formation sets enrolled and no_show, and ends the waiting: not actions of the API', async () => {
    const app = await setUp('forwarded', 'closed');
    for (const action of ['enrol', 'no_show', 'start', 'promote', 'cancel', 'apply'])
      expect(
        (
          await t.request(sessions.staff, {
            method: 'POST',
            url: `/api/v1/applications/${app.id}/actions/${action}`,
          })
        ).statusCode,
      ).toBe(400);
  });
});
