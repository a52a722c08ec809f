// Files attached to a program or a course: uploading and removing them, written once for either
// owner, and downloading. The owner's policy decides who may change its files (programs/policy.ts
// `program.files`, courses/policy.ts `course.files`, and the course's lifecycle when); a file is
// public once its course (or a course of its program) has been published, otherwise it is for
// those who see its owner in the workspace. Contents are stored in the database.
import { createHash } from 'node:crypto';
import type { Actor, Who } from '../access/actor.js';
import { recordAudit } from '../audit/audit.js';
import type { Ctx } from '../context.js';
import { checkEditable } from '../courses/lifecycle.js';
import { coursePolicy, courseTarget } from '../courses/policy.js';
import type { Database } from '../db/database.js';
import { Invalid, NotFound } from '../http/errors.js';
import { programPolicy } from '../programs/policy.js';
import { checkFile } from './files.js';
import * as q from './queries.js';

export type { FileOwner } from './queries.js';

type Signed = Who & { actor: Actor };

/** An upload as the route read it; reading happens after the actor is known to be allowed. */
export type Upload = { filename: string; title: string | null; content: Buffer };

/** Locks the owner and applies its policy to a change of its files: 403, 404 or 409 if refused. */
async function authorizeChange(db: Database, actor: Actor, owner: q.FileOwner) {
  if (owner.kind === 'program') {
    programPolicy.authorize(actor, 'program.files', await q.lockProgram(db, owner.id));
    return;
  }
  const course = await q.lockCourse(db, owner.id);
  coursePolicy.authorize(actor, 'course.files', course && { ...course, ...courseTarget(course) });
  if (course) checkEditable(course.status, 'files', 'Файлы курса изменить нельзя');
}

const fileAudit = (f: {
  id: number;
  name: string;
  title: string | null;
  contentType: string;
  size: number;
}) => ({
  fileId: f.id,
  name: f.name,
  title: f.title,
  contentType: f.contentType,
  size: f.size,
});

/** The rest of a change of an owner's files: the course's card changed with them, and the audit row. */
async function recordChange(
  trx: Database,
  who: Signed,
  owner: q.FileOwner,
  now: Date,
  change: { before: ReturnType<typeof fileAudit> } | { after: ReturnType<typeof fileAudit> },
) {
  if (owner.kind === 'course') await q.touchCourse(trx, owner.id, now);
  await recordAudit(trx, now, who, {
    action: `${owner.kind}.${'after' in change ? 'file_added' : 'file_deleted'}`,
    entityType: owner.kind,
    entityId: owner.id,
    ...change,
  });
}

/**
 * Attaches a file to its owner. The actor is checked before the upload is read (a refused
 * request never streams megabytes), and again under the owner's lock when it is stored.
 */
export async function addFile(ctx: Ctx, who: Signed, owner: q.FileOwner, read: () => Promise<Upload>) {
  await authorizeChange(ctx.db, who.actor, owner);
  const upload = await read();
  const check = checkFile(upload.filename, upload.content);
  if (!check.ok) throw new Invalid(check.message, [{ field: 'file', message: check.message }]);
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    await authorizeChange(trx, who.actor, owner);
    const file = await q.insertFile(trx, owner, {
      name: check.name,
      title: upload.title,
      contentType: check.contentType,
      content: upload.content,
      sha256: createHash('sha256').update(upload.content).digest('hex'),
      uploadedBy: who.actor.userId,
      createdAt: now,
    });
    await recordChange(trx, who, owner, now, { after: fileAudit(file) });
    return file;
  });
}

export async function removeFile(ctx: Ctx, who: Signed, owner: q.FileOwner, fileId: number) {
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    await authorizeChange(trx, who.actor, owner);
    const file = await q.deleteFile(trx, owner, fileId);
    if (!file) throw new NotFound('Файл не найден');
    await recordChange(trx, who, owner, now, { before: fileAudit(file) });
  });
}

/**
 * A file to download, if the actor may: anyone when its course (or a course of its program) has
 * been published, otherwise those who see the course or program in the workspace.
 */
export async function getFile(ctx: Ctx, who: Who, id: number) {
  const row = await q.fileForDownload(ctx.db, id);
  if (!row) throw new NotFound('Файл не найден');
  const owner = { departmentId: row.departmentId, providerId: row.providerId };
  const visible =
    row.public ||
    (row.courseId !== null
      ? coursePolicy.can(who.actor, 'course.view', { ...owner, published: row.publishedAt !== null })
      : programPolicy.can(who.actor, 'program.view', owner));
  if (!visible) throw new NotFound('Файл не найден');
  return { name: row.name, contentType: row.contentType, content: Buffer.from(row.content, 'base64') };
}
