import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../test/app.js';
import { buildCourse, buildProgram } from '../../../test/factories.js';
import { z } from '../../contract/zod.js';
import { recordAudit } from '../audit/audit.js';
import { JOBS } from './definitions/index.js';
import { defineJob, definePeriodic, enqueue, runDue, runNextJob, slotOf } from './queue.js';
import { runDueJobs, startWorker } from './worker.js';

const t = await testApp();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
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
    const ran: string[] = [];
    const slow = defineJob({
      kind: 'test.slow',
      payload: z.object({ name: z.string() }),
      run: async (_run, { name }) => {
        ran.push(name);
        await sleep(150);
      },
    });
    await enqueue(t.db, slow, { name: 'a' }, { now: t.clock(), id: 'test.slow:a' });
    await enqueue(t.db, slow, { name: 'b' }, { now: t.clock(), id: 'test.slow:b' });
    const results = await Promise.all([runNextJob(t.ctx, [slow]), runNextJob(t.ctx, [slow])]);
    expect(results.map((r) => r?.id).sort()).toEqual(['test.slow:a', 'test.slow:b']);
    expect(ran.sort()).toEqual(['a', 'b']);
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
    const tick = definePeriodic({
      kind: 'test.tick',
      everyMinutes: 1,
      run: async ({ db }) => {
        runs++;
        await sql`select 1`.execute(db);
        await sleep(200);
      },
    });
    at('2026-11-25T10:00:05+05:00');
    const [a, b] = await Promise.all([runDue(t.ctx, [tick]), runDue(t.ctx, [tick])]);
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

  it('closes after the deadline, runs from the first day, finishes after the last — by the system', async () => {
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
    at('2027-01-14T12:00:00+05:00');
    await runDueJobs(t.ctx);
    expect(await statusOf(course.id)).toBe('closed');
    at('2027-01-15T00:01:00+05:00');
    await runDueJobs(t.ctx);
    expect(await statusOf(course.id)).toBe('running');
    at('2027-01-16T20:00:00+05:00');
    await runDueJobs(t.ctx);
    expect(await statusOf(course.id)).toBe('running');
    at('2027-01-17T00:01:00+05:00');
    await runDueJobs(t.ctx);
    expect(await statusOf(course.id)).toBe('finished');
    expect(await statusOf(draft.id)).toBe('draft');

    const history = await historyOf(course.id);
    expect(history.map((h) => [h.fromStatus, h.toStatus, h.action, h.byId])).toEqual([
      ['published', 'closed', 'close', null],
      ['closed', 'running', 'start', null],
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
      ['course.started', null],
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

  it('walks a course whose dates all passed while no server ran through every step at once', async () => {
    const course = await buildCourse(t.db, {
      programId,
      status: 'published',
      applyUntil: '2027-02-01',
      startsOn: '2027-02-05',
      endsOn: '2027-02-06',
    });
    at('2027-03-01T09:00:00+05:00');
    const results = await runDueJobs(t.ctx);
    expect(results).toContainEqual({
      id: 'catalog.advance_courses@2027-03-01T04:00Z',
      kind: 'catalog.advance_courses',
      ok: true,
    });
    expect(await statusOf(course.id)).toBe('finished');
    expect((await historyOf(course.id)).map((h) => h.action)).toEqual(['close', 'start', 'finish']);
  });

  it('leaves a course closed early by its manager to start on its day', async () => {
    const course = await buildCourse(t.db, {
      programId,
      status: 'closed',
      applyUntil: '2027-04-01',
      startsOn: '2027-04-05',
      endsOn: '2027-04-05',
    });
    at('2027-04-05T08:00:00+05:00');
    await runDueJobs(t.ctx);
    expect(await statusOf(course.id)).toBe('running');
  });
});

describe('the worker', () => {
  it('runs due jobs on its own until stopped', async () => {
    let runs = 0;
    const job = defineJob({
      kind: 'test.worker',
      payload: z.object({}),
      run: async () => {
        runs++;
      },
    });
    await enqueue(t.db, job, {}, { now: t.clock() });
    const errors: unknown[] = [];
    const worker = startWorker(t.ctx, { definitions: [job], intervalMs: 20, onError: (e) => errors.push(e) });
    for (let i = 0; i < 100 && runs === 0; i++) await sleep(20);
    await worker.stop();
    expect(runs).toBe(1);
    expect(errors).toEqual([]);
    await enqueue(t.db, job, {}, { now: t.clock() });
    await sleep(100);
    expect(runs).toBe(1);
  });
});
