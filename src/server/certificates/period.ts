// A provider's documents for a period: what they hold (counts, FRDO rows the registry would
// reject) and the three files a records office asks for — the register (XLSX), the FRDO upload
// (XLSX, the provider's own template filled when uploaded) and every valid document in one PDF.
// A file is made either at once (the API's downloads) or by a job the user follows (the UI): the
// job is given what the actor may see when it starts, so it needs no actor of its own. The line
// between the two: a course's files (a group of tens, at most a few hundred documents) are made at
// once on its «Документы» tab; a provider's period, which may hold thousands, by a job.
import { createHash } from 'node:crypto';
import type { PeriodFile, PeriodSummary, RegisterQuery } from '../../contract/certificates.js';
import type { Actor, Who } from '../access/actor.js';
import { recordAudit } from '../audit/audit.js';
import type { Ctx } from '../context.js';
import { checkFile } from '../files/files.js';
import { Invalid, NotFound } from '../http/errors.js';
import { fillFrdoTemplate, frdoCheckOf, inFrdo, renderFrdo } from './frdo.js';
import { renderRegister } from './lists.js';
import { renderDocuments } from './pdf.js';
import { certificatePolicy } from './policy.js';
import * as q from './queries.js';
import { documentOf } from './service.js';
import { ruDate } from './snapshot.js';

type Signed = Who & { actor: Actor };
const { authorize, authorizeAttempt } = certificatePolicy;

const TYPES: Record<PeriodFile, string> = {
  'register.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'frdo.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'certificates.pdf': 'application/pdf',
};
const TITLES: Record<PeriodFile, string> = {
  'register.xlsx': 'Реестр выданных документов',
  'frdo.xlsx': 'ФРДО',
  'certificates.pdf': 'Документы об обучении',
};

/** What a period's file is made of: the provider, the departments the actor keeps, the dates. */
export type PeriodInput = {
  providerId: number;
  departmentIds: number[];
  from: string;
  to: string;
  file: PeriodFile;
  /** The public check page's address, printed in the PDF's QR codes. */
  origin: string;
};

/** A name a file system takes: no path separators or reserved characters. */
const fileName = (name: string) => name.replace(/[\\/:*?"<>|]+/g, '-');

export const periodTitle = (file: PeriodFile, from: string, to: string) =>
  `${TITLES[file]} за период ${ruDate(from)}–${ruDate(to)}`;

/**
 * The provider as the actor sees it, with the departments she keeps (every one for the operator
 * and the provider's administrator); a provider she keeps none of is a 404.
 */
export async function periodScope(ctx: Ctx, who: Signed, providerId: number, period: RegisterQuery) {
  authorizeAttempt(who.actor, 'certificate.register');
  const provider = await q.providerInScope(ctx.db, who.actor, providerId);
  if (!provider) throw new NotFound('Организация не найдена');
  authorize(who.actor, 'certificate.register', provider);
  if (period.from > period.to)
    throw new Invalid('Период задан неверно', [{ field: 'to', message: 'Конец периода раньше начала' }]);
  return provider;
}

const frdoDocuments = (rows: q.CertificateRow[]) => rows.map(documentOf).filter(inFrdo);

export async function periodSummary(
  ctx: Ctx,
  who: Signed,
  providerId: number,
  period: RegisterQuery,
): Promise<PeriodSummary> {
  const provider = await periodScope(ctx, who, providerId, period);
  const rows = await q.registerOf(ctx.db, providerId, provider.departmentIds, period.from, period.to);
  const template = await q.frdoTemplateOf(ctx.db, providerId);
  return {
    documents: rows.length,
    valid: rows.filter((r) => !r.revokedAt).length,
    frdo: frdoCheckOf(frdoDocuments(rows)),
    template: template ? { name: template.name, uploadedAt: template.uploadedAt.toISOString() } : null,
  };
}

export type Progress = (done: number, total: number) => Promise<void>;

/** Makes one of the period's files; a FRDO file with rows the registry would reject is a 422. */
export async function makePeriodFile(ctx: Ctx, input: PeriodInput, progress: Progress) {
  const rows = await q.registerOf(ctx.db, input.providerId, input.departmentIds, input.from, input.to);
  const provider = await q.providerOf(ctx.db, input.providerId);
  const title = periodTitle(input.file, input.from, input.to);
  const name = fileName(`${title} — ${provider.shortName ?? provider.name}.${input.file.split('.')[1]}`);
  let content: Buffer;
  let count: number;
  if (input.file === 'register.xlsx') {
    count = rows.length;
    await progress(0, count);
    content = await renderRegister(rows);
  } else if (input.file === 'frdo.xlsx') {
    const check = frdoCheckOf(frdoDocuments(rows));
    if (check.problems.length)
      throw new Invalid(
        `Реестр ФРДО не примет ${check.problems.length} из ${check.rows} строк: исправьте данные и переоформите документы`,
        check.problems.map((p) => ({
          field: `certificates.${p.certificateId}`,
          message: `${p.registrationNumber}, ${p.holder}: ${p.columns.join('; ')}`,
        })),
      );
    const documents = frdoDocuments(rows);
    count = documents.length;
    await progress(0, count);
    const template = await q.frdoTemplateOf(ctx.db, input.providerId);
    content = template
      ? await fillFrdoTemplate(Buffer.from(template.content), documents)
      : await renderFrdo(documents);
  } else {
    const documents = rows.filter((r) => !r.revokedAt).map(documentOf);
    count = documents.length;
    await progress(0, count);
    content = await renderDocuments(documents, input.origin, title, (done) => progress(done, count));
  }
  await progress(count, count);
  return { content, name, type: TYPES[input.file], rows: count };
}

/** One of the period's files at once (the API), audited. */
export async function periodFile(
  ctx: Ctx,
  who: Signed,
  providerId: number,
  period: RegisterQuery,
  file: PeriodFile,
  origin: string,
) {
  const provider = await periodScope(ctx, who, providerId, period);
  const made = await makePeriodFile(
    ctx,
    { providerId, departmentIds: provider.departmentIds, ...period, file, origin },
    async () => {},
  );
  await recordAudit(ctx.db, ctx.now(), who, {
    action: 'certificate.exported',
    entityType: 'provider',
    entityId: providerId,
    after: { file, from: period.from, to: period.to, rows: made.rows },
  });
  return made;
}

/** What a job making the period's file is given, once the actor may have it; audited. */
export async function periodJobInput(
  ctx: Ctx,
  who: Signed,
  providerId: number,
  period: RegisterQuery,
  file: PeriodFile,
  origin: string,
): Promise<PeriodInput> {
  const provider = await periodScope(ctx, who, providerId, period);
  await recordAudit(ctx.db, ctx.now(), who, {
    action: 'certificate.export_started',
    entityType: 'provider',
    entityId: providerId,
    after: { file, from: period.from, to: period.to },
  });
  return { providerId, departmentIds: provider.departmentIds, ...period, file, origin };
}

/** The provider's copy of the registry's template, checked before it is kept. */
async function templateProvider(ctx: Ctx, who: Signed, providerId: number) {
  authorizeAttempt(who.actor, 'certificate.template');
  const provider = await q.providerInScope(ctx.db, who.actor, providerId);
  return authorize(who.actor, 'certificate.template', provider);
}

/**
 * Keeps (or replaces) the provider's copy of the registry's FRDO template: an .xlsx whose header
 * row holds every required column (checked by filling it with no rows). The actor is checked
 * before the upload is read.
 */
export async function uploadFrdoTemplate(
  ctx: Ctx,
  who: Signed,
  providerId: number,
  read: () => Promise<{ filename: string; content: Buffer }>,
) {
  await templateProvider(ctx, who, providerId);
  const upload = await read();
  const check = checkFile(upload.filename, upload.content);
  if (!check.ok || !check.name.toLowerCase().endsWith('.xlsx')) {
    const message = check.ok ? 'Шаблон ФРДО загружается в формате .xlsx' : check.message;
    throw new Invalid(message, [{ field: 'file', message }]);
  }
  await fillFrdoTemplate(upload.content, []);
  const now = ctx.now();
  const row = {
    providerId,
    name: check.name,
    content: upload.content,
    sha256: createHash('sha256').update(upload.content).digest('hex'),
    uploadedBy: who.actor.userId,
    uploadedAt: now,
  };
  await ctx.db.transaction().execute(async (trx) => {
    await q.saveFrdoTemplate(trx, row);
    await recordAudit(trx, now, who, {
      action: 'certificate.template_uploaded',
      entityType: 'provider',
      entityId: providerId,
      after: { name: row.name, sha256: row.sha256, size: upload.content.length },
    });
  });
  return { name: row.name, uploadedAt: now.toISOString() };
}

/** Forgets the provider's template (if any): the export builds its own workbook again. */
export async function deleteFrdoTemplate(ctx: Ctx, who: Signed, providerId: number) {
  await templateProvider(ctx, who, providerId);
  await ctx.db.transaction().execute(async (trx) => {
    const removed = await q.deleteFrdoTemplate(trx, providerId);
    if (!removed) return;
    await recordAudit(trx, ctx.now(), who, {
      action: 'certificate.template_deleted',
      entityType: 'provider',
      entityId: providerId,
      before: { name: removed.name, sha256: removed.sha256 },
    });
  });
}
