// Jobs a user starts and follows (a provider's documents for a period): each records its progress
// as it goes, and its file with the time it is kept until; the user is told in the app when it is
// done or has failed. Their definitions `work` outside any transaction, so the progress written
// here is seen by the user while the job runs.

import type { z } from '../../contract/zod.js';
import type { Ctx } from '../context.js';
import { DomainError } from '../http/errors.js';
import { notify } from '../notifications/notify.js';
import { defineJob, JobFailure, type JobWork } from './queue.js';

/** How long a job's file is kept for its user to download. */
export const RESULT_KEEP_HOURS = 24;

export type UserJobOutput = { name: string; type: string; content: Buffer };

const FAILED = 'Не удалось подготовить файл: повторите попытку позже или обратитесь к оператору';

/** A refusal as its user reads it: the explanation and the first rows it names. */
function domainMessage(error: DomainError) {
  const rows = error.errors ?? [];
  const listed = rows.slice(0, 10).map((e) => e.message);
  if (rows.length > listed.length) listed.push(`и ещё ${rows.length - listed.length}`);
  return listed.length ? `${error.message}. ${listed.join('; ')}` : error.message;
}

/** Records how far the job got. */
export const reportProgress = (ctx: Ctx, jobId: string, done: number, total: number) =>
  ctx.db
    .updateTable('jobs')
    .set({ progressDone: done, progressTotal: total })
    .where('id', '=', jobId)
    .execute()
    .then(() => undefined);

/**
 * A job its user follows: `make` produces its file, reporting progress; the file is stored and
 * the user told. A refusal of the domain (a 422 of the export) is the failure she reads; any
 * other error is told as a failure to try again, its stack kept for the operator.
 */
export const defineUserJob = <S extends z.ZodType<{ title: string; link: string }>>(definition: {
  kind: string;
  payload: S;
  make(
    job: JobWork & { progress: (done: number, total: number) => Promise<void> },
    payload: z.output<S>,
  ): Promise<UserJobOutput>;
}) =>
  defineJob({
    kind: definition.kind,
    payload: definition.payload,
    maxAttempts: 1,
    work: async (job, payload) => {
      const { ctx } = job;
      const owner = await ctx.db
        .selectFrom('jobs')
        .where('id', '=', job.job.id)
        .select('startedBy')
        .executeTakeFirstOrThrow();
      const userIds = owner.startedBy === null ? [] : [owner.startedBy];
      try {
        const file = await definition.make(
          { ...job, progress: (done, total) => reportProgress(ctx, job.job.id, done, total) },
          payload,
        );
        const now = ctx.now();
        await ctx.db.transaction().execute(async (trx) => {
          await trx
            .updateTable('jobs')
            .set({
              resultName: file.name,
              resultType: file.type,
              result: file.content,
              resultExpiresAt: new Date(now.getTime() + RESULT_KEEP_HOURS * 3_600_000),
            })
            .where('id', '=', job.job.id)
            .execute();
          await notify(trx, now, userIds, {
            kind: 'job.done',
            title: `Готово: ${payload.title}`,
            body: `Файл «${file.name}» можно скачать ${RESULT_KEEP_HOURS} ч.`,
            link: payload.link,
            entityType: 'job',
            entityId: job.job.id,
          });
        });
      } catch (error) {
        const message = error instanceof DomainError ? domainMessage(error) : FAILED;
        await notify(ctx.db, ctx.now(), userIds, {
          kind: 'job.failed',
          title: `Не выполнено: ${payload.title}`,
          body: message,
          link: payload.link,
          entityType: 'job',
          entityId: job.job.id,
        });
        throw new JobFailure(message, { cause: error instanceof DomainError ? undefined : error });
      }
    },
  });
