// Reading the course archive: the search, its spreadsheet and one archived course as it ended
// (its applications with their results and groups, its history). Courses enter the archive through
// their lifecycle (courses/, `archive`); nothing here changes anything.
import type { ArchiveExportQuery, ArchiveQuery } from '../../contract/archive.js';
import type { Actor, Who } from '../access/actor.js';
import type { Ctx } from '../context.js';
import { NotFound } from '../http/errors.js';
import { XLSX_MAX_ROWS } from '../http/xlsx.js';
import { archivePolicy } from './policy.js';
import * as q from './queries.js';

type Signed = Who & { actor: Actor };

export function findArchivedCourses(ctx: Ctx, who: Signed, query: ArchiveQuery) {
  archivePolicy.authorizeAttempt(who.actor, 'archive.view');
  return q.findArchived(ctx.db, who.actor, query);
}

export function exportArchivedCourses(ctx: Ctx, who: Signed, query: ArchiveExportQuery) {
  archivePolicy.authorizeAttempt(who.actor, 'archive.view');
  return q.exportArchived(ctx.db, who.actor, query, XLSX_MAX_ROWS);
}

export async function getArchivedCourse(ctx: Ctx, who: Signed, id: number) {
  archivePolicy.authorizeAttempt(who.actor, 'archive.view');
  const course = await q.getArchived(ctx.db, who.actor, id);
  if (!course) throw new NotFound(archivePolicy.rules['archive.view'].missing);
  const [applications, history] = await Promise.all([
    q.applicationsOf(ctx.db, who.actor, id),
    q.historyOf(ctx.db, id),
  ]);
  return { course, applications, history };
}
