// A user's jobs: starting one (a provider's documents for a period), following it, downloading
// its file. Only the user who started a job sees it; downloading its file is audited (every such
// file lists people's personal data).
import type { PeriodJobBody } from '../../contract/certificates.js';
import type { Actor, Who } from '../access/actor.js';
import { recordAudit } from '../audit/audit.js';
import { periodJobInput, periodTitle } from '../certificates/period.js';
import type { Ctx } from '../context.js';
import { Conflict, NotFound } from '../http/errors.js';
import { periodDocumentsJob } from './definitions/period-documents.js';
import { jobPolicy } from './policy.js';
import { enqueue } from './queue.js';
import { wakeWorkers } from './worker.js';

type Signed = Who & { actor: Actor };
const { authorize, authorizeAttempt } = jobPolicy;

const COLUMNS = [
  'id',
  'kind',
  'payload',
  'status',
  'attempts',
  'lastError',
  'createdAt',
  'finishedAt',
  'startedBy',
  'progressDone',
  'progressTotal',
  'resultName',
  'resultExpiresAt',
] as const;

const jobRow = (ctx: Ctx, id: string) =>
  ctx.db.selectFrom('jobs').where('id', '=', id).select(COLUMNS).executeTakeFirst();
export type JobRow = NonNullable<Awaited<ReturnType<typeof jobRow>>>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The job, if the actor started it; a 404 to anyone else. */
export async function job(ctx: Ctx, who: Signed, id: string) {
  authorizeAttempt(who.actor, 'job.read');
  // Only a user's jobs are looked up: ids of the server's own jobs are not uuids.
  return authorize(who.actor, 'job.read', UUID.test(id) ? await jobRow(ctx, id) : undefined);
}

/** The actor's latest jobs, newest first. */
export async function myJobs(ctx: Ctx, who: Signed) {
  authorizeAttempt(who.actor, 'job.read');
  return ctx.db
    .selectFrom('jobs')
    .where('startedBy', '=', who.actor.userId)
    .select(COLUMNS)
    .orderBy('createdAt', 'desc')
    .orderBy('id')
    .limit(30)
    .execute();
}

/** The job's file, while it is kept; audited. */
export async function jobResult(ctx: Ctx, who: Signed, id: string) {
  const row = await job(ctx, who, id);
  if (row.status !== 'done') throw new Conflict('Файл ещё не готов');
  const now = ctx.now();
  const file = await ctx.db
    .selectFrom('jobs')
    .where('id', '=', id)
    .where('resultExpiresAt', '>', now)
    .select(['result', 'resultName', 'resultType'])
    .executeTakeFirst();
  if (!file?.result || !file.resultName || !file.resultType)
    throw new NotFound('Файл задания больше не хранится: запустите задание снова');
  await recordAudit(ctx.db, now, who, {
    action: 'job.result_downloaded',
    entityType: 'job',
    entityId: id,
    after: { kind: row.kind, name: file.resultName, ...(row.payload as Record<string, unknown>) },
  });
  return { name: file.resultName, type: file.resultType, content: Buffer.from(file.result) };
}

/** Starts making a provider's file for a period; the caller follows the returned job. */
export async function startPeriodJob(
  ctx: Ctx,
  who: Signed,
  providerId: number,
  body: PeriodJobBody,
  origin: string,
) {
  const { file, ...period } = body;
  const id = await ctx.db.transaction().execute(async (trx) => {
    const input = await periodJobInput({ ...ctx, db: trx }, who, providerId, period, file, origin);
    return enqueue(
      trx,
      periodDocumentsJob,
      {
        ...input,
        title: periodTitle(file, period.from, period.to),
        link: `/providers/${providerId}/documents`,
      },
      { now: ctx.now(), startedBy: who.actor.userId },
    );
  });
  wakeWorkers();
  return (await jobRow(ctx, id)) as JobRow;
}
