// The course lifecycle against an expectation written out by hand from the domain's course
// lifecycle (draft → published → closed → running → finished → archived; cancelled from any state
// before running, with a reason; closing at the deadline or by hand; running once its first group is
// formed (from the first day on, not on a date); finished after the last day once every learner has
// a result; the regulation's "move the applications into the course's archive" at the end), not
// computed from lifecycle.ts: the table and the matrix of edits must hold exactly
// these rows, and the service must do what each says — the staff's actions over HTTP, the
// system's on the periodic job's run — and refuse it in every other state.
//
// A wrong row fails here; each mutation below was made to lifecycle.ts, run, and reverted:
// - the system's `close` due on the deadline day (`when: 'on'`) instead of the day after: 2 failed —
//   "holds every expected row" and "published, the close date not yet" (closed a day early).
// - `quotas` allowed in `closed`: 2 failed — "allows exactly the expected edits in each state" and
//   "quotas in closed: refused" (200 and the quota stored instead of 409).
// - `archive` taken from `running` instead of `finished`: 4 failed — both table tests,
//   "running —archive/staff→" (200 instead of 409) and "finished —archive/staff→" (409 instead of 200).
import { beforeAll, describe, expect, it } from 'vitest';
import { type Session, testApp } from '../../../test/app.js';
import {
  buildApplication,
  buildCourse,
  buildDepartment,
  buildProgram,
  buildProvider,
  buildTerritory,
  buildUser,
  multipartBody,
  PDF_BYTES,
} from '../../../test/factories.js';
import { COURSE_ACTIONS, COURSE_STATUSES, type CourseStatus } from '../../contract/catalog.js';
import { advanceCoursesJob } from '../jobs/definitions/advance-courses.js';
import { runDueJobs } from '../jobs/worker.js';
import {
  type Actor,
  EDITS,
  type Edit,
  type LifecycleAction,
  TRANSITIONS,
  transitionOf,
} from './lifecycle.js';

/** Refused: no such transition. */
const NO = '·';
type Cell = CourseStatus | typeof NO;

const COLUMNS = [
  ['publish', 'staff'],
  ['close', 'staff'],
  ['close', 'system'],
  ['start', 'system'],
  ['finish', 'system'],
  ['archive', 'staff'],
  ['cancel', 'staff'],
] as const satisfies readonly (readonly [LifecycleAction, Actor])[];

/** Every (state, action, by whom) → the state it leads to, or · (refused). */
// biome-ignore format: the expectation reads as a grid
const GRID: Record<CourseStatus, readonly Cell[]> = {
  //           publish/staff  close/staff  close/system  start/system  finish/system  archive/staff  cancel/staff
  draft:      ['published',   NO,          NO,           NO,           NO,            NO,            'cancelled'],
  published:  [NO,            'closed',    'closed',     NO,           NO,            NO,            'cancelled'],
  closed:     [NO,            NO,          NO,           'running',    NO,            NO,            'cancelled'],
  running:    [NO,            NO,          NO,           NO,           'finished',    NO,            NO],
  finished:   [NO,            NO,          NO,           NO,           NO,            'archived',    NO],
  archived:   [NO,            NO,          NO,           NO,           NO,            NO,            NO],
  cancelled:  [NO,            NO,          NO,           NO,           NO,            NO,            NO],
};

/**
 * The system's date rules: closed the day after the deadline, finished the day after the last
 * (once every learner has a result). The start has none: forming the first group starts a course.
 */
const DUE = {
  close: { date: 'applyUntil', when: 'after' },
  finish: { date: 'endsOn', when: 'after' },
} as const;

/** What else may change in each state: until the start the course's facts, quotas only while applying. */
// biome-ignore format: the expectation reads as a grid
const EDIT_GRID: Record<CourseStatus, Record<Edit, boolean>> = {
  draft:     { update: true,  quotas: true,  files: true,  reassign: true,  reschedule: true },
  published: { update: true,  quotas: true,  files: true,  reassign: true,  reschedule: true },
  closed:    { update: true,  quotas: false, files: true,  reassign: true,  reschedule: true },
  running:   { update: false, quotas: false, files: true,  reassign: true,  reschedule: true },
  finished:  { update: false, quotas: false, files: true,  reassign: true,  reschedule: false },
  archived:  { update: false, quotas: false, files: false, reassign: false, reschedule: false },
  cancelled: { update: false, quotas: false, files: false, reassign: false, reschedule: false },
};

type Row = {
  from: CourseStatus;
  action: LifecycleAction;
  by: Actor;
  to: CourseStatus;
  needsReason: boolean;
  guarded: boolean;
  due: { date: string; when: string } | null;
  needsResults: boolean;
};
const EXPECTED: Row[] = (Object.entries(GRID) as [CourseStatus, readonly Cell[]][]).flatMap(([from, cells]) =>
  cells.flatMap((to, i): Row[] => {
    if (to === NO) return [];
    const [action, by] = COLUMNS[i] as (typeof COLUMNS)[number];
    return [
      {
        from,
        action,
        by,
        to,
        needsReason: action === 'cancel',
        guarded: action === 'publish',
        due: (by === 'system' && DUE[action as keyof typeof DUE]) || null,
        needsResults: action === 'finish',
      },
    ];
  }),
);
const cellOf = (from: CourseStatus, action: LifecycleAction, by: Actor) =>
  GRID[from][COLUMNS.findIndex(([a, b]) => a === action && b === by)] ?? NO;
const name = (from: string, action: string, by: string) => `${from} —${action}/${by}→`;

describe('the table against the expectation', () => {
  it('covers the contract: every state a row, every staff action a column', () => {
    expect(Object.keys(GRID).sort()).toEqual([...COURSE_STATUSES].sort());
    for (const action of COURSE_ACTIONS) expect(COLUMNS.map(([a]) => a)).toContain(action);
  });

  it('holds every expected row, as expected', () => {
    for (const row of EXPECTED) {
      const t = transitionOf(row.from, row.action, row.by);
      expect(
        t && {
          from: t.from,
          action: t.action,
          by: t.by,
          to: t.to,
          needsReason: t.needsReason ?? false,
          guarded: t.guard !== undefined,
          due: t.due ?? null,
          needsResults: t.needsResults ?? false,
        },
        name(row.from, row.action, row.by),
      ).toEqual(row);
    }
  });

  it('holds no row the expectation lacks, and no triple twice', () => {
    for (const t of TRANSITIONS) {
      expect(cellOf(t.from, t.action, t.by), name(t.from, t.action, t.by)).toBe(t.to);
      expect(
        TRANSITIONS.filter((u) => u.from === t.from && u.action === t.action && u.by === t.by),
      ).toHaveLength(1);
    }
    expect(TRANSITIONS).toHaveLength(EXPECTED.length);
  });

  it('allows exactly the expected edits in each state', () => {
    for (const status of COURSE_STATUSES)
      expect([...EDITS[status]].sort(), status).toEqual(
        (Object.entries(EDIT_GRID[status]) as [Edit, boolean][])
          .filter(([, allowed]) => allowed)
          .map(([edit]) => edit)
          .sort(),
      );
  });
});

// --- through the service

const t = await testApp();
let dept: number;
let programId: number;
let territoryId: number;
let secondManagerId: number;
const as = {} as Record<'manager' | 'head' | 'otherManager' | 'methodist', Session>;

beforeAll(async () => {
  dept = (await buildDepartment(t.db, { providerId: (await buildProvider(t.db)).id })).id;
  programId = (await buildProgram(t.db, { departmentId: dept })).id;
  territoryId = (await buildTerritory(t.db)).id;
  as.manager = await t.login(
    (await buildUser(t.db, { roles: [{ role: 'manager', departmentId: dept }] })).login,
  );
  as.head = await t.login((await buildUser(t.db, { roles: [{ role: 'head', departmentId: dept }] })).login);
  secondManagerId = (await buildUser(t.db, { roles: [{ role: 'manager', departmentId: dept }] })).id;
  as.otherManager = await t.login(
    (await buildUser(t.db, { roles: [{ role: 'manager', departmentId: (await buildDepartment(t.db)).id }] }))
      .login,
  );
  as.methodist = await t.login(
    (await buildUser(t.db, { roles: [{ role: 'methodist', territoryId }] })).login,
  );
});

const REASON = 'Недостаточно заявок';

async function stored(id: number) {
  const course = await t.db
    .selectFrom('courses')
    .where('id', '=', id)
    .select(['status', 'cancelReason'])
    .executeTakeFirstOrThrow();
  const history = await t.db
    .selectFrom('courseHistory')
    .where('courseId', '=', id)
    .orderBy('id')
    .select(['fromStatus', 'toStatus', 'action', 'byId', 'reason'])
    .execute();
  return { ...course, history };
}

describe("the staff's actions over HTTP, in every state", () => {
  const act = (who: Session, id: number, action: string, reason: string | null = REASON) =>
    t.request(who, {
      method: 'POST',
      url: `/api/v1/courses/${id}/actions/${action}`,
      payload: reason ? { reason } : {},
    });
  const cases = COURSE_STATUSES.flatMap((from) => COURSE_ACTIONS.map((action) => ({ from, action })));
  it.each(cases.map((c) => [name(c.from, c.action, 'staff'), c] as const))(
    '%s',
    async (_name, { from, action }) => {
      const to = cellOf(from, action, 'staff');
      for (const person of ['manager', 'head'] as const) {
        const course = await buildCourse(t.db, { programId, status: from });
        const before = await stored(course.id);
        const res = await act(as[person], course.id, action);
        if (to === NO) {
          expect(res.statusCode, `${person}: ${res.body}`).toBe(409);
          expect(await stored(course.id)).toEqual(before);
          continue;
        }
        expect(res.statusCode, `${person}: ${res.body}`).toBe(200);
        expect(res.json().status).toBe(to);
        const after = await stored(course.id);
        expect(after.status).toBe(to);
        expect(after.history.at(-1)).toEqual({
          fromStatus: from,
          toStatus: to,
          action,
          byId: Number(as[person].userId),
          reason: action === 'cancel' ? REASON : null,
        });
        if (to === 'cancelled') expect(after.cancelReason).toBe(REASON);
        const audit = await t.db
          .selectFrom('auditEvents')
          .where('entityType', '=', 'course')
          .where('entityId', '=', String(course.id))
          .select('action')
          .execute();
        expect(audit.map((a) => a.action)).toContain(
          {
            publish: 'course.published',
            close: 'course.closed',
            cancel: 'course.cancelled',
            archive: 'course.archived',
          }[action],
        );
      }
      // Others never move it: staff of another department do not see it, a methodist may not act.
      const course = await buildCourse(t.db, { programId, status: from });
      const before = await stored(course.id);
      expect((await act(as.otherManager, course.id, action)).statusCode).toBe(404);
      expect((await act(as.methodist, course.id, action)).statusCode).toBe(403);
      expect(await stored(course.id)).toEqual(before);
    },
  );

  it('cancels only with a reason', async () => {
    for (const from of COURSE_STATUSES.filter((s) => cellOf(s, 'cancel', 'staff') !== NO)) {
      const course = await buildCourse(t.db, { programId, status: from });
      const res = await act(as.manager, course.id, 'cancel', null);
      expect(res.statusCode, from).toBe(422);
      expect((await stored(course.id)).status).toBe(from);
    }
  });

  it('publishes only a complete course', async () => {
    const course = await buildCourse(t.db, { programId, status: 'draft', schedule: [] });
    const res = await act(as.manager, course.id, 'publish');
    expect(res.statusCode).toBe(422);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(['schedule']);
    expect((await stored(course.id)).status).toBe('draft');
  });

  it('has no API for the system actions', async () => {
    const course = await buildCourse(t.db, { programId, status: 'closed', startsOn: '2026-11-25' });
    for (const action of ['start', 'finish'])
      expect((await act(as.head, course.id, action)).statusCode).toBe(400);
    expect((await stored(course.id)).status).toBe('closed');
  });
});

describe("the system's moves on the periodic job's run, in every state", () => {
  // Dates that make one system rule due today (2026-11-25 in the region) and, where they can, not
  // the next; and the same rule's last day before it is due.
  const DATES = {
    close: {
      due: { applyUntil: '2026-11-24', startsOn: '2026-11-30', endsOn: '2026-12-02' },
      notYet: { applyUntil: '2026-11-25', startsOn: '2026-11-30', endsOn: '2026-12-02' },
    },
    finish: {
      due: { applyUntil: '2026-11-10', startsOn: '2026-11-15', endsOn: '2026-11-24' },
      notYet: { applyUntil: '2026-11-10', startsOn: '2026-11-15', endsOn: '2026-11-25' },
    },
  } as const;
  const today = '2026-11-25';
  type Dates = { applyUntil: string; startsOn: string; endsOn: string };
  /** Where the expectation takes a course in one run: each due system rule of the grid in turn. */
  function expectedAfterRun(from: CourseStatus, dates: Dates): { to: CourseStatus; steps: string[] } {
    let to = from;
    const steps: string[] = [];
    for (const action of ['close', 'finish'] as const) {
      const next = cellOf(to, action, 'system');
      const date = dates[DUE[action].date];
      const due = DUE[action].when === 'after' ? today > date : today >= date;
      if (next !== NO && due) {
        steps.push(`${to} ${action} ${next}`);
        to = next;
      }
    }
    return { to, steps };
  }

  const cases = COURSE_STATUSES.flatMap((from) =>
    (['close', 'finish'] as const).flatMap((action) =>
      (['due', 'notYet'] as const).map((when) => ({ from, action, when })),
    ),
  );
  it.each(
    cases.map(
      (c) => [`${c.from}, the ${c.action} date ${c.when === 'due' ? 'passed' : 'not yet'}`, c] as const,
    ),
  )('%s', async (_name, { from, action, when }) => {
    const dates = DATES[action][when];
    const course = await buildCourse(t.db, { programId, status: from, ...dates });
    const before = await stored(course.id);
    t.clock.advance(60_000);
    const results = await runDueJobs(t.ctx, { definitions: [advanceCoursesJob] });
    expect(results.every((r) => r.ok)).toBe(true);
    const expected = expectedAfterRun(from, dates);
    const after = await stored(course.id);
    expect(after.status).toBe(expected.to);
    expect(
      after.history.slice(before.history.length).map((h) => `${h.fromStatus} ${h.action} ${h.toStatus}`),
    ).toEqual(expected.steps);
    for (const h of after.history.slice(before.history.length)) expect(h.byId).toBeNull();
  });

  it('moves a course along its row on the day, and not before', () => {
    // The cases above include, for each row, its due date and its last day before: this checks that
    // the expectation itself separates them (a rule due on both would make those cases vacuous).
    for (const action of ['close', 'finish'] as const) {
      const from = COURSE_STATUSES.find((s) => cellOf(s, action, 'system') !== NO) as CourseStatus;
      expect(expectedAfterRun(from, DATES[action].due).to).not.toBe(from);
      expect(expectedAfterRun(from, DATES[action].notYet).to).toBe(from);
    }
  });

  it('never starts a course on a date: a closed course whose first day came stays closed', async () => {
    const course = await buildCourse(t.db, {
      programId,
      status: 'closed',
      applyUntil: '2026-11-10',
      startsOn: '2026-11-15',
      endsOn: '2026-12-24',
    });
    t.clock.advance(60_000);
    await runDueJobs(t.ctx, { definitions: [advanceCoursesJob] });
    expect((await stored(course.id)).status).toBe('closed');
  });

  it('finishes a course only when every enrolled learner has a result', async () => {
    const course = await buildCourse(t.db, { programId, status: 'running', ...DATES.finish.due });
    const learner = await buildApplication(t.db, { courseId: course.id, status: 'enrolled' });
    await buildApplication(t.db, { courseId: course.id, status: 'completed' });
    t.clock.advance(60_000);
    await runDueJobs(t.ctx, { definitions: [advanceCoursesJob] });
    expect((await stored(course.id)).status).toBe('running');
    await t.db
      .updateTable('applications')
      .set({ status: 'not_completed' })
      .where('id', '=', learner.id)
      .execute();
    t.clock.advance(60_000);
    await runDueJobs(t.ctx, { definitions: [advanceCoursesJob] });
    expect((await stored(course.id)).status).toBe('finished');
  });
});

describe('the edits over HTTP, in every state', () => {
  const tries: Record<Edit, (courseId: number) => Promise<{ statusCode: number; body: string }>> = {
    update: (id) =>
      t.request(as.manager, {
        method: 'PATCH',
        url: `/api/v1/courses/${id}`,
        payload: { place: 'г. Пермь, ул. Сибирская, д. 33' },
      }),
    quotas: (id) =>
      t.request(as.manager, {
        method: 'PUT',
        url: `/api/v1/courses/${id}/quotas`,
        payload: [{ territoryId: String(territoryId), places: 2 }],
      }),
    files: (id) => {
      const body = multipartBody({}, { name: 'Расписание.pdf', content: PDF_BYTES });
      return t.request(as.manager, {
        method: 'POST',
        url: `/api/v1/courses/${id}/files`,
        payload: body.payload,
        headers: body.headers,
      });
    },
    reassign: (id) =>
      t.request(as.head, {
        method: 'PUT',
        url: `/api/v1/courses/${id}/manager`,
        payload: { managerId: String(secondManagerId) },
      }),
    // Before the start an ordinary change of the schedule; once running, a move with a reason.
    reschedule: (id) =>
      t.request(as.manager, {
        method: 'PATCH',
        url: `/api/v1/courses/${id}`,
        payload: {
          schedule: [
            { date: '2026-12-15', startsAt: '11:00', endsAt: '14:00', topic: 'Перенесённое занятие' },
          ],
          reason: 'Лектор заболел',
        },
      }),
  };
  /** What the edit left in the database: the place, the quotas, the files, the manager. */
  async function facts(id: number) {
    const course = await t.db
      .selectFrom('courses')
      .where('id', '=', id)
      .select(['place', 'managerId', 'status'])
      .executeTakeFirstOrThrow();
    const quotas = await t.db
      .selectFrom('courseQuotas')
      .where('courseId', '=', id)
      .select('places')
      .execute();
    const files = await t.db.selectFrom('files').where('courseId', '=', id).select('name').execute();
    const topics = await t.db.selectFrom('scheduleDays').where('courseId', '=', id).select('topic').execute();
    return { ...course, quotas: quotas.length, files: files.length, topics: topics.map((d) => d.topic) };
  }
  const changed: Record<Edit, (f: Awaited<ReturnType<typeof facts>>) => boolean> = {
    update: (f) => f.place === 'г. Пермь, ул. Сибирская, д. 33',
    quotas: (f) => f.quotas === 1,
    files: (f) => f.files === 1,
    reassign: (f) => f.managerId === secondManagerId,
    reschedule: (f) => f.topics.join() === 'Перенесённое занятие',
  };

  const cases = COURSE_STATUSES.flatMap((status) =>
    (Object.keys(tries) as Edit[]).map((edit) => ({ status, edit, allowed: EDIT_GRID[status][edit] })),
  );
  it.each(cases.map((c) => [`${c.edit} in ${c.status}: ${c.allowed ? 'allowed' : 'refused'}`, c] as const))(
    '%s',
    async (_name, { status, edit, allowed }) => {
      const course = await buildCourse(t.db, { programId, status });
      const before = await facts(course.id);
      const res = await tries[edit](course.id);
      expect(res.statusCode, res.body).toBe(allowed ? (edit === 'files' ? 201 : 200) : 409);
      const after = await facts(course.id);
      expect(changed[edit](after)).toBe(allowed);
      if (!allowed) expect(after).toEqual(before);
      expect(after.status).toBe(status);
    },
  );
});
