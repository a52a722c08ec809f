import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../test/app.js';
import { buildApplication, buildCourse, buildProgram } from '../../../test/factories.js';
import { z } from '../../contract/zod.js';
import { recordAudit } from '../audit/audit.js';
import { JOBS } from './definitions/index.js';
import { defineJob, definePeriodic, enqueue, runDue, runNextJob, slotOf, WORK_LEASE_MS } from './queue.js';
import { runDueJobs, startWorker, wakeWorkers } from './worker.js';

const t = await testApp();

/** A promise and its resolve, to await an event of a test. */
function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
const at = (iso: string) => t.clock.set(new Date(iso));

const jobRow = (id: string) =>
  t.db.selectFrom('jobs').where('id', '=', id).selectAll().executeTakeFirstOrThrow();

describe('the queue', () => {
  it('runs an enqueued job once, with its checked payload, when it is due', async () => {
    const seen: number[] = [];
    const job = defineJob({
      kind: 'test.collect',
      payload: z.object({ n: z.number().int() }),
      run: async (_run, payload) => {
        seen.push(payload.n);
      },
    });
    const id = await enqueue(
      t.db,
      job,
      { n: 7 },
      { now: t.clock(), runAt: new Date(t.clock().getTime() + 60_000) },
    );
    expect(await runDue(t.ctx, [job])).toEqual([]);
    t.clock.advance(60_000);
    expect(await runDue(t.ctx, [job])).toEqual([{ id, kind: 'test.collect', ok: true }]);
    expect(await runDue(t.ctx, [job])).toEqual([]);
    expect(seen).toEqual([7]);
    expect(await jobRow(id)).toMatchObject({ status: 'done', attempts: 1, finishedAt: t.clock() });
    await expect(enqueue(t.db, job, { n: 'x' } as never, { now: t.clock() })).rejects.toThrow();
    // The same id twice: one job.
    await enqueue(t.db, job, { n: 1 }, { now: t.clock(), id: 'test.collect:once' });
    await enqueue(t.db, job, { n: 2 }, { now: t.clock(), id: 'test.collect:once' });
    await runDue(t.ctx, [job]);
    expect(seen).toEqual([7, 1]);
  });

  it("rolls a failed job's changes back, retries later, and gives up after its attempts", async () => {
    let calls = 0;
    const job = defineJob({
      kind: 'test.failing',
      payload: z.object({}),
      maxAttempts: 2,
      run: async ({ db, now }) => {
        calls++;
        await recordAudit(
          db,
          now,
          { actor: null, meta: null },
          { action: 'test.half_done', entityType: 'test' },
        );
        throw new Error('сбой');
      },
    });
    const id = await enqueue(t.db, job, {}, { now: t.clock() });
    const [first] = await runDue(t.ctx, [job]);
    expect(first).toMatchObject({ id, ok: false, error: expect.stringContaining('сбой') });
    const row = await jobRow(id);
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row.runAt.getTime()).toBeGreaterThan(t.clock().getTime());
    expect(await runDue(t.ctx, [job])).toEqual([]);
    t.clock.advance(3_600_000);
    await runDue(t.ctx, [job]);
    expect(await jobRow(id)).toMatchObject({
      status: 'failed',
      attempts: 2,
      lastError: expect.stringContaining('сбой'),
    });
    expect(calls).toBe(2);
    const halfDone = await t.db
      .selectFrom('auditEvents')
      .where('action', '=', 'test.half_done')
      .selectAll()
      .execute();
    expect(halfDone).toEqual([]);
  });

  it('leaves jobs of kinds this process does not know', async () => {
    const id = await enqueue(
      t.db,
      defineJob({ kind: 'test.from_a_newer_release', payload: z.object({}), run: async () => {} }),
      {},
      { now: t.clock() },
    );
    await runDue(t.ctx, JOBS);
    expect(await jobRow(id)).toMatchObject({ status: 'pending', attempts: 0 });
  });

  // At once: on PGlite (one connection) the two claims run one after the other and SKIP LOCKED never
  // skips; this checks the outcome only. The claims meet only on PostgreSQL, and nothing here
  // asserts that they did (test/overlap.ts does so for the rush and the parallel forwards).
  it('lets two concurrent claimers take different jobs (SKIP LOCKED), each once', async () => {
    // PGlite has one connection and runs one transaction at a time: there the second claimer
    // waits for the first's commit. On PostgreSQL it skips the row the first holds and takes the
    // other while the first is still running — the case SKIP LOCKED exists for.
    const started = [deferred(), deferred()];
    const finish = deferred();
    const ran: string[] = [];
    const held = defineJob({
      kind: 'test.held',
      payload: z.object({ name: z.string() }),
      run: async (_run, { name }) => {
        started[ran.length]?.resolve();
        ran.push(name);
        await finish.promise;
      },
    });
    await enqueue(t.db, held, { name: 'a' }, { now: t.clock(), id: 'test.held:a' });
    await enqueue(t.db, held, { name: 'b' }, { now: t.clock(), id: 'test.held:b' });
    const first = runNextJob(t.ctx, [held]);
    await started[0]?.promise;
    const second = runNextJob(t.ctx, [held]);
    if (t.ctx.engine === 'postgres') {
      await started[1]?.promise;
      expect(ran).toEqual(['a', 'b']);
    } else {
      expect(t.ctx.engine).toBe('pglite');
      expect(ran).toEqual(['a']);
    }
    finish.resolve();
    const results = await Promise.all([first, second]);
    expect(results.map((r) => r?.id)).toEqual(['test.held:a', 'test.held:b']);
    expect(ran).toEqual(['a', 'b']);
  });

  it('does a `work` job outside any transaction: concurrent claimers work at once, on every engine', async () => {
    // Both works wait until both are working: had either held a transaction, on PGlite the
    // other could not have claimed its job and this would never finish.
    const bothWorking = deferred();
    const ran: string[] = [];
    const outside = defineJob({
      kind: 'test.outside',
      payload: z.object({ name: z.string() }),
      work: async ({ ctx }, { name }) => {
        expect(ctx.db.isTransaction).toBe(false);
        ran.push(name);
        if (ran.length === 2) bothWorking.resolve();
        await bothWorking.promise;
      },
    });
    await enqueue(t.db, outside, { name: 'a' }, { now: t.clock(), id: 'test.outside:a' });
    await enqueue(t.db, outside, { name: 'b' }, { now: t.clock(), id: 'test.outside:b' });
    const results = await Promise.all([runNextJob(t.ctx, [outside]), runNextJob(t.ctx, [outside])]);
    expect(results.map((r) => r?.id).sort()).toEqual(['test.outside:a', 'test.outside:b']);
    expect(ran.sort()).toEqual(['a', 'b']);
    for (const id of ['test.outside:a', 'test.outside:b'])
      expect(await jobRow(id)).toMatchObject({ status: 'done', attempts: 1, finishedAt: t.clock() });
  });

  it('takes a `work` job over once its lease ran out, and records only the run that holds it', async () => {
    const started = deferred();
    const stuck = deferred<Error>();
    let runs = 0;
    const job = defineJob({
      kind: 'test.lease',
      payload: z.object({}),
      maxAttempts: 3,
      work: async () => {
        runs++;
        if (runs === 1) {
          started.resolve();
          throw await stuck.promise;
        }
      },
    });
    const id = await enqueue(t.db, job, {}, { now: t.clock() });
    const first = runNextJob(t.ctx, [job]);
    await started.promise;
    // Claimed: pending, its attempt counted, due again only at the lease's end.
    expect(await jobRow(id)).toMatchObject({
      status: 'pending',
      attempts: 1,
      runAt: new Date(t.clock().getTime() + WORK_LEASE_MS),
    });
    expect(await runNextJob(t.ctx, [job])).toBeNull();
    t.clock.advance(WORK_LEASE_MS);
    expect(await runNextJob(t.ctx, [job])).toEqual({ id, kind: 'test.lease', ok: true });
    // The first run ends late, failing: the row is no longer its to record.
    stuck.resolve(new Error('сбой'));
    expect(await first).toMatchObject({ id, ok: false, error: expect.stringContaining('сбой') });
    expect(await jobRow(id)).toMatchObject({ status: 'done', attempts: 2, lastError: null });
    expect(runs).toBe(2);
  });

  it('gives a `work` job up when its lease ran out on the last attempt, and retries a failed one', async () => {
    let fail = true;
    const working = deferred();
    const abandoned = deferred();
    const job = defineJob({
      kind: 'test.lease_last',
      payload: z.object({}),
      maxAttempts: 2,
      work: async () => {
        if (fail) throw new Error('сбой');
        working.resolve();
        await abandoned.promise;
      },
    });
    const id = await enqueue(t.db, job, {}, { now: t.clock() });
    expect(await runNextJob(t.ctx, [job])).toMatchObject({ id, ok: false });
    expect(await jobRow(id)).toMatchObject({ status: 'pending', attempts: 1 });
    fail = false;
    t.clock.advance(3_600_000);
    // The second attempt never ends (its process stopped); past the lease the job is given up.
    const stalled = runNextJob(t.ctx, [job]);
    await working.promise;
    expect(await jobRow(id)).toMatchObject({ status: 'pending', attempts: 2 });
    t.clock.advance(WORK_LEASE_MS);
    expect(await runNextJob(t.ctx, [job])).toMatchObject({
      id,
      ok: false,
      error: expect.stringContaining('Прервано'),
    });
    abandoned.resolve();
    expect(await stalled).toMatchObject({ id, ok: true });
    expect(await jobRow(id)).toMatchObject({ status: 'failed', attempts: 2 });
  });
});

describe('periodic slots', () => {
  it('names a slot by its kind and start, the same in every process', () => {
    const now = new Date('2026-11-25T04:07:31.500Z');
    expect(slotOf('catalog.advance_courses', 1, now)).toEqual({
      id: 'catalog.advance_courses@2026-11-25T04:07Z',
      start: new Date('2026-11-25T04:07:00Z'),
    });
    expect(slotOf('jobs.prune', 60, now).id).toBe('jobs.prune@2026-11-25T04:00Z');
  });

  // At once: serialized on PGlite (one connection), so the outcome only; they may overlap on PostgreSQL.
  it('runs a slot once even when two workers reach it at the same time', async () => {
    let runs = 0;
    const running = deferred();
    const finish = deferred();
    const tick = definePeriodic({
      kind: 'test.tick',
      everyMinutes: 1,
      run: async ({ db }) => {
        runs++;
        await sql`select 1`.execute(db);
        running.resolve();
        await finish.promise;
      },
    });
    at('2026-11-25T10:00:05+05:00');
    const first = runDue(t.ctx, [tick]);
    await running.promise;
    const second = runDue(t.ctx, [tick]);
    // On PostgreSQL the second worker finds the slot's one row held and leaves at once; on
    // PGlite (one transaction at a time) it waits and then finds the slot done.
    if (t.ctx.engine === 'postgres') expect(await second).toEqual([]);
    else expect(t.ctx.engine).toBe('pglite');
    finish.resolve();
    const [a, b] = await Promise.all([first, second]);
    expect(runs).toBe(1);
    expect([...a, ...b]).toEqual([{ id: 'test.tick@2026-11-25T05:00Z', kind: 'test.tick', ok: true }]);
    t.clock.advance(30_000);
    await runDue(t.ctx, [tick]);
    expect(runs).toBe(1);
    t.clock.advance(30_000);
    await runDue(t.ctx, [tick]);
    expect(runs).toBe(2);
  });
});

describe('courses move on their dates', () => {
  let programId: number;
  beforeAll(async () => {
    programId = (await buildProgram(t.db, { title: 'Смысловое чтение' })).id;
  });

  const statusOf = async (id: number) =>
    (await t.db.selectFrom('courses').where('id', '=', id).select('status').executeTakeFirstOrThrow()).status;
  const historyOf = (id: number) =>
    t.db.selectFrom('courseHistory').where('courseId', '=', id).orderBy('id').selectAll().execute();

  it('closes after the deadline, finishes after the last day once every learner has a result — by the system', async () => {
    const course = await buildCourse(t.db, {
      programId,
      status: 'published',
      applyUntil: '2027-01-10',
      startsOn: '2027-01-15',
      endsOn: '2027-01-16',
    });
    const draft = await buildCourse(t.db, {
      programId,
      applyUntil: '2027-01-10',
      startsOn: '2027-01-15',
      endsOn: '2027-01-16',
    });
    // The region's date is what counts: 23:30 in Perm on the 10th is still the 10th.
    at('2027-01-10T23:30:00+05:00');
    await runDueJobs(t.ctx);
    expect(await statusOf(course.id)).toBe('published');
    at('2027-01-11T00:05:00+05:00');
    await runDueJobs(t.ctx);
    expect(await statusOf(course.id)).toBe('closed');
    // The first day alone does not start the course: its first group does (groups/).
    at('2027-01-15T00:01:00+05:00');
    await runDueJobs(t.ctx);
    expect(await statusOf(course.id)).toBe('closed');
    const learner = await buildApplication(t.db, { courseId: course.id, status: 'enrolled' });
    await t.db.updateTable('courses').set({ status: 'running' }).where('id', '=', course.id).execute();
    at('2027-01-16T20:00:00+05:00');
    await runDueJobs(t.ctx);
    expect(await statusOf(course.id)).toBe('running');
    // Past the last day, a learner without a result keeps the course running.
    at('2027-01-17T00:01:00+05:00');
    await runDueJobs(t.ctx);
    expect(await statusOf(course.id)).toBe('running');
    await t.db
      .updateTable('applications')
      .set({ status: 'completed' })
      .where('id', '=', learner.id)
      .execute();
    at('2027-01-17T00:03:00+05:00');
    await runDueJobs(t.ctx);
    expect(await statusOf(course.id)).toBe('finished');
    expect(await statusOf(draft.id)).toBe('draft');

    const history = await historyOf(course.id);
    expect(history.map((h) => [h.fromStatus, h.toStatus, h.action, h.byId])).toEqual([
      ['published', 'closed', 'close', null],
      ['running', 'finished', 'finish', null],
    ]);
    const audit = await t.db
      .selectFrom('auditEvents')
      .where('entityType', '=', 'course')
      .where('entityId', '=', String(course.id))
      .orderBy('id')
      .selectAll()
      .execute();
    expect(audit.map((a) => [a.action, a.actorId])).toEqual([
      ['course.closed', null],
      ['course.finished', null],
    ]);
    const snapshot = await t.db
      .selectFrom('courses')
      .where('id', '=', course.id)
      .select('programSnapshot')
      .executeTakeFirstOrThrow();
    expect(snapshot.programSnapshot).toMatchObject({
      title: 'Смысловое чтение',
      hours: 36,
      targetPositions: [],
    });
  });

  it('walks courses whose dates all passed while no server ran as far as their dates take them at once', async () => {
    const course = await buildCourse(t.db, {
      programId,
      status: 'published',
      applyUntil: '2027-02-01',
      startsOn: '2027-02-05',
      endsOn: '2027-02-06',
    });
    const running = await buildCourse(t.db, {
      programId,
      status: 'running',
      applyUntil: '2027-02-01',
      startsOn: '2027-02-05',
      endsOn: '2027-02-06',
    });
    await buildApplication(t.db, { courseId: running.id, status: 'completed' });
    at('2027-03-01T09:00:00+05:00');
    const results = await runDueJobs(t.ctx);
    expect(results).toContainEqual({
      id: 'catalog.advance_courses@2027-03-01T04:00Z',
      kind: 'catalog.advance_courses',
      ok: true,
    });
    expect(await statusOf(course.id)).toBe('closed');
    expect((await historyOf(course.id)).map((h) => h.action)).toEqual(['close']);
    expect(await statusOf(running.id)).toBe('finished');
  });

  it('leaves a course closed early by its manager closed on its first day, waiting for its first group', async () => {
    const course = await buildCourse(t.db, {
      programId,
      status: 'closed',
      applyUntil: '2027-04-01',
      startsOn: '2027-04-05',
      endsOn: '2027-04-05',
    });
    at('2027-04-05T08:00:00+05:00');
    await runDueJobs(t.ctx);
    expect(await statusOf(course.id)).toBe('closed');
  });
});

describe('the worker', () => {
  it('runs due jobs on its own, tick after tick, until stopped', async () => {
    const ran = [deferred(), deferred()];
    let runs = 0;
    const job = defineJob({
      kind: 'test.worker',
      payload: z.object({}),
      run: async () => {
        ran[runs++]?.resolve();
      },
    });
    // The worker's pause is stepped by the test: `next` is its pending tick, if any.
    let next: (() => void) | undefined;
    const scheduled = deferred<() => void>();
    const schedule = (tick: () => void, ms: number) => {
      expect(ms).toBe(20);
      next = tick;
      scheduled.resolve(tick);
      return () => {
        next = undefined;
      };
    };
    await enqueue(t.db, job, {}, { now: t.clock() });
    const errors: unknown[] = [];
    const worker = startWorker(t.ctx, {
      definitions: [job],
      intervalMs: 20,
      schedule,
      onError: (e) => errors.push(e),
    });
    await ran[0]?.promise;
    await enqueue(t.db, job, {}, { now: t.clock() });
    // The first tick ends by scheduling the next one, which finds the new job.
    (await scheduled.promise)();
    await ran[1]?.promise;
    await worker.stop();
    expect(next).toBeUndefined();
    expect(runs).toBe(2);
    expect(errors).toEqual([]);
  });

  it('is woken when a user starts a job, instead of sleeping out its pause', async () => {
    const ran = deferred();
    const job = defineJob({ kind: 'test.woken', payload: z.object({}), run: async () => ran.resolve() });
    let pending: (() => void) | undefined;
    const firstPause = deferred();
    const worker = startWorker(t.ctx, {
      definitions: [job],
      intervalMs: 60_000,
      // The pause never ends by itself here: only a wake-up can run the job.
      schedule: (tick) => {
        pending = tick;
        firstPause.resolve();
        return () => {
          pending = undefined;
        };
      },
    });
    await firstPause.promise;
    await enqueue(t.db, job, {}, { now: t.clock() });
    wakeWorkers();
    await ran.promise;
    await worker.stop();
    expect(pending).toBeUndefined();
  });
});
