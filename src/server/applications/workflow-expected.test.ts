// The application workflow against an expectation written out by hand from the domain's
// application lifecycle (its states, who enters each, "before the group is formed", "before the
// course starts", the methodist's and the provider's baskets of the regulation), not computed from
// workflow.ts: the table must hold exactly these rows, and the service must do what each row says —
// for its parties and no others, in its course states and no others. `enrol`, `no_show` and `start`
// (the waiting ended when the course starts) happen through group formation (groups/), which the
// last tests here take; a result (`complete`) only after the course's last day.
//
// A wrong row fails here; each mutation below was made to workflow.ts, run, and reverted:
// - `withdraw` from `forwarded` leading to `declined` instead of `withdrawn`: 3 failed — "holds
//   every expected row" and "forwarded —withdraw→ in published" / "… in closed" (the teacher got
//   'declined' where 'withdrawn' was expected).
// - `decline`'s course states cut to published and closed (no `running`): 4 failed — the table
//   test, "forwarded —decline→ in running", "waitlisted —decline→ in running" (409 for the staff
//   instead of 200) and "promote on a course in running" (the decline never happened).
// - the teacher added to `reject`'s parties: 8 failed — the table test and "submitted —reject→"
//   in all seven course states (the teacher was answered 200 or 409 instead of 403).
import { beforeAll, describe, expect, it } from 'vitest';
import { type Session, testApp } from '../../../test/app.js';
import { applicationParties } from '../../../test/application-parties.js';
import {
  buildApplication,
  buildCourse,
  buildMarks,
  buildTerritory,
  buildUser,
} from '../../../test/factories.js';
import {
  APPLICATION_ACTIONS,
  APPLICATION_STATUSES,
  type ApplicationStatus,
} from '../../contract/applications.js';
import { COURSE_STATUSES, type CourseStatus } from '../../contract/catalog.js';
import { type By, TRANSITIONS, transitionOf, type WorkflowAction } from './workflow.js';

/** Refused: no such transition. */
const NO = '·';
type Cell = ApplicationStatus | 'forwarded|waitlisted' | typeof NO;
type From = ApplicationStatus | 'new';

const COLUMNS = [
  'apply',
  'forward',
  'reject',
  'recall',
  'withdraw',
  'decline',
  'promote',
  'enrol',
  'no_show',
  'start',
  'complete',
  'fail',
  'cancel',
] as const satisfies readonly WorkflowAction[];

/**
 * Every (state, action) → the state it leads to, or · (refused). `new`: no application yet.
 * `forwarded|waitlisted`: forwarded when a place is free, waitlisted when none is.
 */
// biome-ignore format: the expectation reads as a grid
const GRID: Record<From, readonly Cell[]> = {
  //              apply        forward                 reject      recall       withdraw     decline     promote      enrol       no_show     start        complete     fail             cancel
  new:           ['submitted', NO,                     NO,         NO,          NO,          NO,         NO,          NO,         NO,         NO,          NO,          NO,              NO],
  submitted:     [NO,          'forwarded|waitlisted', 'rejected', NO,          'withdrawn', NO,         NO,          NO,         NO,         'withdrawn', NO,          NO,              'declined'],
  rejected:      [NO,          NO,                     NO,         NO,          NO,          NO,         NO,          NO,         NO,         NO,          NO,          NO,              NO],
  forwarded:     [NO,          NO,                     NO,         'submitted', 'withdrawn', 'declined', NO,          'enrolled', 'no_show',  NO,          NO,          NO,              'declined'],
  waitlisted:    [NO,          NO,                     NO,         'submitted', 'withdrawn', 'declined', 'forwarded', NO,         NO,         'withdrawn', NO,          NO,              'declined'],
  declined:      [NO,          NO,                     NO,         NO,          NO,          NO,         NO,          NO,         NO,         NO,          NO,          NO,              NO],
  withdrawn:     [NO,          NO,                     NO,         NO,          NO,          NO,         NO,          NO,         NO,         NO,          NO,          NO,              NO],
  enrolled:      [NO,          NO,                     NO,         NO,          NO,          NO,         NO,          NO,         NO,         NO,          'completed', 'not_completed', NO],
  no_show:       [NO,          NO,                     NO,         NO,          NO,          NO,         NO,          NO,         NO,         NO,          NO,          NO,              NO],
  completed:     [NO,          NO,                     NO,         NO,          NO,          NO,         NO,          NO,         NO,         NO,          NO,          NO,              NO],
  not_completed: [NO,          NO,                     NO,         NO,          NO,          NO,         NO,          NO,         NO,         NO,          NO,          NO,              NO],
};

/**
 * Who takes each action, in which states of the course, and whether a reason is required.
 * Applying: only while the course is published. The baskets are open (forward, reject, recall,
 * withdraw, promotion) until the group is formed: published or closed. The provider may decline
 * until the course ends its first days (running). The staff enrol into a group (closed or running:
 * the first group starts the course); the course's start ends the absent (no_show) and the waiting
 * (start, «Курс начался») by itself. Results: running or finished, completion only after the last
 * day (`afterEnd`). A cancelled course ends what is still active.
 */
// biome-ignore format: the expectation reads as a table
const ACTIONS: Record<
  (typeof COLUMNS)[number],
  { by: By[]; courseIn: CourseStatus[]; reason: boolean; afterEnd?: true }
> = {
  apply:    { by: ['teacher', 'methodist'], courseIn: ['published'],                      reason: false },
  forward:  { by: ['methodist'],            courseIn: ['published', 'closed'],            reason: false },
  reject:   { by: ['methodist'],            courseIn: ['published', 'closed'],            reason: true },
  recall:   { by: ['methodist'],            courseIn: ['published', 'closed'],            reason: false },
  withdraw: { by: ['teacher', 'methodist'], courseIn: ['published', 'closed'],            reason: false },
  decline:  { by: ['staff'],                courseIn: ['published', 'closed', 'running'], reason: true },
  promote:  { by: ['system'],               courseIn: ['published', 'closed'],            reason: false },
  enrol:    { by: ['staff'],                courseIn: ['closed', 'running'],              reason: false },
  no_show:  { by: ['system'],               courseIn: ['running'],                        reason: false },
  start:    { by: ['system'],               courseIn: ['running'],                        reason: true },
  complete: { by: ['staff'],                courseIn: ['running', 'finished'],            reason: false, afterEnd: true },
  fail:     { by: ['staff'],                courseIn: ['running', 'finished'],            reason: true },
  cancel:   { by: ['system'],               courseIn: ['cancelled'],                      reason: true },
};

/** The states the provider's staff see (the application reached their basket). */
const STAFF_SEE: readonly ApplicationStatus[] = [
  'forwarded',
  'waitlisted',
  'declined',
  'enrolled',
  'no_show',
  'completed',
  'not_completed',
];

type Row = {
  from: ApplicationStatus | null;
  action: WorkflowAction;
  to: ApplicationStatus;
  noPlace: ApplicationStatus | null;
  by: By[];
  courseIn: CourseStatus[];
  needsReason: boolean;
  afterEnd: boolean;
};

const EXPECTED: Row[] = Object.entries(GRID).flatMap(([from, cells]) =>
  cells.flatMap((cell, i) => {
    if (cell === NO) return [];
    const action = COLUMNS[i] as (typeof COLUMNS)[number];
    const [to, noPlace] = cell.split('|') as [ApplicationStatus, ApplicationStatus | undefined];
    const { by, courseIn, reason, afterEnd } = ACTIONS[action];
    return [
      {
        from: from === 'new' ? null : (from as ApplicationStatus),
        action,
        to,
        noPlace: noPlace ?? null,
        by: [...by].sort(),
        courseIn: [...courseIn].sort(),
        needsReason: reason,
        afterEnd: afterEnd ?? false,
      },
    ];
  }),
);

const asRow = (t: (typeof TRANSITIONS)[number]): Row => ({
  from: t.from,
  action: t.action,
  to: t.to,
  noPlace: t.noPlace ?? null,
  by: [...t.by].sort(),
  courseIn: [...t.courseIn].sort(),
  needsReason: t.needsReason ?? false,
  afterEnd: t.afterEnd ?? false,
});
const name = (from: ApplicationStatus | null, action: string) => `${from ?? 'new'} —${action}→`;

describe('the table against the expectation', () => {
  it('covers the contract: every state a row of the grid, every action a column', () => {
    expect(Object.keys(GRID).sort()).toEqual(['new', ...APPLICATION_STATUSES].sort());
    for (const action of APPLICATION_ACTIONS) expect(COLUMNS).toContain(action);
    for (const t of TRANSITIONS) expect(COLUMNS, t.action).toContain(t.action);
  });

  it('holds every expected row, as expected', () => {
    for (const row of EXPECTED) {
      const t = transitionOf(row.from, row.action);
      expect(t && asRow(t), name(row.from, row.action)).toEqual(row);
    }
  });

  it('holds no row the expectation lacks, and no pair twice', () => {
    for (const t of TRANSITIONS) {
      const cell = GRID[t.from ?? 'new'][COLUMNS.indexOf(t.action as (typeof COLUMNS)[number])];
      expect(cell, name(t.from, t.action)).not.toBe(NO);
      expect(TRANSITIONS.filter((u) => u.from === t.from && u.action === t.action)).toHaveLength(1);
    }
    expect(TRANSITIONS).toHaveLength(EXPECTED.length);
  });
});

// --- through the service, over HTTP

const t = await testApp();
let dept: number;
let teacherId: number;
let territoryId: number;
const as = {} as Record<'teacher' | 'methodist' | 'staff' | 'outsider', Session>;

beforeAll(async () => {
  const parties = await applicationParties(t);
  ({ territoryId, dept, teacherId } = parties);
  Object.assign(as, parties.sessions);
  // A methodist of another territory: sees none of these applications.
  as.outsider = await t.login(
    (await buildUser(t.db, { roles: [{ role: 'methodist', territoryId: (await buildTerritory(t.db)).id }] }))
      .login,
  );
});

/**
 * The teacher's application in `status` on a new course in `courseStatus`, its one place taken or
 * not. The course's days are over (today is 2026-11-25), so results may be recorded; `ahead`: the
 * course ends after today.
 */
async function setUp(status: ApplicationStatus, courseStatus: CourseStatus, free = true, ahead = false) {
  const dates = ahead
    ? { applyUntil: '2026-11-18', startsOn: '2026-11-24', endsOn: '2026-11-26' }
    : { applyUntil: '2026-11-10', startsOn: '2026-11-16', endsOn: '2026-11-20' };
  const course = await buildCourse(t.db, { departmentId: dept, status: courseStatus, capacity: 1, ...dates });
  if (!free) await buildApplication(t.db, { courseId: course.id, status: 'forwarded' });
  return buildApplication(t.db, { courseId: course.id, teacherId, status });
}

const REASON = 'Причина для педагога';
const act = (who: Session, id: number, action: string, reason: string | null = REASON) =>
  t.request(who, {
    method: 'POST',
    url: `/api/v1/applications/${id}/actions/${action}`,
    payload: reason ? { reason } : {},
  });

/** The application's state and the number of its history rows, read from the database. */
async function stored(id: number) {
  const row = await t.db
    .selectFrom('applications')
    .where('id', '=', id)
    .select('status')
    .executeTakeFirstOrThrow();
  const history = await t.db
    .selectFrom('applicationHistory')
    .where('applicationId', '=', id)
    .select(({ fn }) => fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return { status: row.status, history: Number(history.n) };
}

const persons = ['teacher', 'methodist', 'staff'] as const;
const apiActions: readonly string[] = APPLICATION_ACTIONS;
const apiRows = EXPECTED.filter((r) => r.from !== null && apiActions.includes(r.action));

describe('each row through the service, in every course state', () => {
  const cases = apiRows.flatMap((row) =>
    COURSE_STATUSES.map((courseStatus) => ({
      row,
      courseStatus,
      allowed: row.courseIn.includes(courseStatus),
    })),
  );
  it.each(cases.map((c) => [`${name(c.row.from, c.row.action)} in ${c.courseStatus}`, c] as const))(
    '%s',
    async (_name, { row, courseStatus, allowed }) => {
      const from = row.from as ApplicationStatus;
      for (const person of persons) {
        const party = row.by.includes(person);
        const app = await setUp(from, courseStatus);
        const res = await act(as[person], app.id, row.action, row.needsReason ? REASON : null);
        if (party && allowed) {
          expect(res.statusCode, `${person}: ${res.body}`).toBe(200);
          expect(res.json().status, person).toBe(row.to);
          expect(res.json().history.at(-1), person).toMatchObject({
            from,
            to: row.to,
            action: row.action,
            reason: row.needsReason ? REASON : null,
          });
          expect(await stored(app.id)).toEqual({ status: row.to, history: 2 });
          continue;
        }
        // The one 403/404 rule: not a party (no role of theirs ever takes the action): 403; a party
        // who does not see the application: 404; a party in a course state the row does not allow: 409.
        const sees = person !== 'staff' || STAFF_SEE.includes(from);
        const code = !party ? 403 : !sees ? 404 : 409;
        expect(res.statusCode, `${person}: ${res.body}`).toBe(code);
        expect(await stored(app.id), person).toEqual({ status: from, history: 1 });
      }
      // A methodist of another territory never learns the application exists; an action no
      // methodist takes is refused before that question.
      const app = await setUp(from, courseStatus);
      const outsider = (await act(as.outsider, app.id, row.action)).statusCode;
      expect(outsider).toBe(row.by.includes('methodist') ? 404 : 403);
      expect(await stored(app.id)).toEqual({ status: from, history: 1 });
    },
  );

  const withNoPlace = apiRows.filter((r) => r.noPlace);
  it.each(
    withNoPlace.flatMap((row) =>
      row.courseIn.map(
        (courseStatus) =>
          [`${name(row.from, row.action)} in ${courseStatus}, no place`, { row, courseStatus }] as const,
      ),
    ),
  )('%s', async (_name, { row, courseStatus }) => {
    for (const person of row.by.filter((b) => b !== 'system') as (typeof persons)[number][]) {
      const app = await setUp(row.from as ApplicationStatus, courseStatus, false);
      const res = await act(as[person], app.id, row.action);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().status).toBe(row.noPlace);
      expect(res.json().history.at(-1)).toMatchObject({
        from: row.from,
        to: row.noPlace,
        action: row.action,
      });
    }
  });

  const needingReason = apiRows.filter((r) => r.needsReason);
  it.each(needingReason.map((row) => [`${name(row.from, row.action)} without a reason`, row] as const))(
    '%s: 422, nothing changes',
    async (_name, row) => {
      const person = row.by[0] as (typeof persons)[number];
      const app = await setUp(row.from as ApplicationStatus, row.courseIn[0] as CourseStatus);
      const res = await act(as[person], app.id, row.action, null);
      expect(res.statusCode, res.body).toBe(422);
      expect(await stored(app.id)).toEqual({ status: row.from, history: 1 });
    },
  );
});

describe('the date of a result', () => {
  const afterEnd = apiRows.filter((r) => r.afterEnd);
  it.each(afterEnd.map((row) => [`${name(row.from, row.action)} before the last day is over`, row] as const))(
    '%s: 409 with the date, nothing changes',
    async (_name, row) => {
      for (const courseStatus of row.courseIn) {
        const app = await setUp(row.from as ApplicationStatus, courseStatus, true, true);
        const res = await act(as.staff, app.id, row.action, null);
        expect(res.statusCode, res.body).toBe(409);
        expect(res.json().detail).toMatch(/после последнего дня курса \(2026-11-26\)/);
        expect(await stored(app.id)).toEqual({ status: row.from, history: 1 });
      }
    },
  );
  it('an expulsion needs no date: the staff may expel during the course', async () => {
    const app = await setUp('enrolled', 'running', true, true);
    const res = await act(as.staff, app.id, 'fail');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().status).toBe('not_completed');
  });
});

describe('every pair the grid refuses, through the service', () => {
  const pairs = APPLICATION_STATUSES.flatMap((status) =>
    APPLICATION_ACTIONS.filter((action) => GRID[status][COLUMNS.indexOf(action)] === NO).map((action) => ({
      status,
      action,
    })),
  );
  it.each(pairs.map((p) => [name(p.status, p.action), p] as const))(
    '%s: refused to its parties',
    async (_name, { status, action }) => {
      const { by, courseIn } = ACTIONS[action];
      for (const person of by as (typeof persons)[number][]) {
        const app = await setUp(status, courseIn[0] as CourseStatus);
        const res = await act(as[person], app.id, action);
        const sees = person !== 'staff' || STAFF_SEE.includes(status);
        expect(res.statusCode, `${person}: ${res.body}`).toBe(sees ? 409 : 404);
        expect(await stored(app.id)).toEqual({ status, history: 1 });
      }
    },
  );
});

describe('the system rows, through what causes them', () => {
  it.each(COURSE_STATUSES.map((s) => [s] as const))('apply on a course in %s', async (courseStatus) => {
    const allowed = ACTIONS.apply.courseIn.includes(courseStatus);
    for (const person of ['teacher', 'methodist', 'staff'] as const) {
      const course = await buildCourse(t.db, { departmentId: dept, status: courseStatus });
      const res = await t.request(as[person], {
        method: 'POST',
        url: '/api/v1/applications',
        payload: { courseId: course.id, ...(person === 'methodist' ? { teacherId } : {}) },
      });
      const party = (ACTIONS.apply.by as string[]).includes(person);
      // A course never published (the factory's drafts and cancelled ones) does not exist for applicants.
      const refused = ['draft', 'cancelled'].includes(courseStatus) ? 404 : 409;
      expect(res.statusCode, `${person}: ${res.body}`).toBe(!party ? 403 : allowed ? 201 : refused);
      const rows = await t.db
        .selectFrom('applications')
        .where('courseId', '=', course.id)
        .select('status')
        .execute();
      expect(rows.map((r) => r.status)).toEqual(party && allowed ? ['submitted'] : []);
      if (party && allowed)
        expect(res.json().history).toEqual([
          expect.objectContaining({ from: null, to: 'submitted', action: 'apply' }),
        ]);
    }
  });

  // A place freed in the course promotes the first of its waitlist, while the basket is open.
  const freeing = [
    ['published', 'withdraw', 'teacher'],
    ['closed', 'withdraw', 'teacher'],
    ['running', 'decline', 'staff'],
  ] as const;
  it.each(freeing)(
    'promote on a course in %s (a place freed by %s)',
    async (courseStatus, action, person) => {
      const held = await setUp('forwarded', courseStatus);
      const waiting = await buildApplication(t.db, { courseId: held.courseId, status: 'waitlisted' });
      expect((await act(as[person], held.id, action)).statusCode).toBe(200);
      const promoted = ACTIONS.promote.courseIn.includes(courseStatus);
      expect((await stored(waiting.id)).status).toBe(promoted ? 'forwarded' : 'waitlisted');
      const last = await t.db
        .selectFrom('applicationHistory')
        .where('applicationId', '=', waiting.id)
        .orderBy('id', 'desc')
        .select(['fromStatus', 'toStatus', 'action', 'byId'])
        .executeTakeFirstOrThrow();
      expect(last).toEqual(
        promoted
          ? { fromStatus: 'waitlisted', toStatus: 'forwarded', action: 'promote', byId: null }
          : { fromStatus: null, toStatus: 'waitlisted', action: 'apply', byId: waiting.teacherId },
      );
    },
  );

  it.each([['published'], ['closed']] as const)(
    'cancel: a course cancelled from %s ends exactly its active applications',
    async (courseStatus) => {
      const course = await buildCourse(t.db, { departmentId: dept, status: courseStatus, capacity: 20 });
      const apps = new Map<ApplicationStatus, number>();
      for (const status of APPLICATION_STATUSES)
        apps.set(status, (await buildApplication(t.db, { courseId: course.id, territoryId, status })).id);
      const res = await t.request(as.staff, {
        method: 'POST',
        url: `/api/v1/courses/${course.id}/actions/cancel`,
        payload: { reason: 'Преподаватель заболел' },
      });
      expect(res.statusCode, res.body).toBe(200);
      for (const [status, id] of apps) {
        const to = GRID[status][COLUMNS.indexOf('cancel')] as Cell;
        const row = await t.db
          .selectFrom('applications')
          .where('id', '=', id)
          .select(['status', 'reason'])
          .executeTakeFirstOrThrow();
        expect(row.status, status).toBe(to === NO ? status : to);
        if (to !== NO) expect(row.reason, status).toMatch(/Преподаватель заболел/);
        expect((await stored(id)).history, status).toBe(to === NO ? 1 : 2);
      }
    },
  );

  it('enrol, no_show and start: the first group formed ends exactly the absent and the waiting', async () => {
    const course = await buildCourse(t.db, {
      departmentId: dept,
      status: 'closed',
      capacity: 20,
      applyUntil: '2026-11-18',
      startsOn: '2026-11-25',
      endsOn: '2026-11-27',
    });
    const apps = new Map<ApplicationStatus, number>();
    for (const status of APPLICATION_STATUSES)
      apps.set(status, (await buildApplication(t.db, { courseId: course.id, territoryId, status })).id);
    const present = await buildApplication(t.db, { courseId: course.id, territoryId, status: 'forwarded' });
    await buildMarks(t.db, {
      courseId: course.id,
      day: course.startsOn,
      marks: [{ applicationId: present.id, mark: 'present' }],
    });
    const res = await t.request(as.staff, {
      method: 'POST',
      url: `/api/v1/courses/${course.id}/groups`,
      payload: { applicationIds: [String(present.id)] },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect((await stored(present.id)).status).toBe(GRID.forwarded[COLUMNS.indexOf('enrol')]);
    for (const [status, id] of apps) {
      // Forwarded and absent: no_show; still waiting: start; the rest as they were.
      const cells = (['no_show', 'start'] as const)
        .map((a) => GRID[status][COLUMNS.indexOf(a)] as Cell)
        .filter((c) => c !== NO);
      const to = cells[0] ?? status;
      expect(await stored(id), status).toEqual({ status: to, history: to === status ? 1 : 2 });
    }
  });
});
