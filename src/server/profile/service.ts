// A teacher's own profile: reading it, and changing the place of work and the personal data that
// documents need. One transaction holds the change and its audit row, whose before/after name the
// changed fields; document numbers appear there masked (`***-***-*** 64`): the full values live
// only in the profile, not in a log that operators browse.
import { formatSnils, type ProfileUpdate } from '../../contract/profile.js';
import type { Actor, Who } from '../access/actor.js';
import { diff, recordAudit } from '../audit/audit.js';
import { regionDate, shiftDate } from '../clock.js';
import type { Ctx } from '../context.js';
import type { Database } from '../db/database.js';
import { type FieldError, Invalid } from '../http/errors.js';
import { notify } from '../notifications/notify.js';
import { methodistsOf } from '../notifications/recipients.js';
import { profilePolicy } from './policy.js';
import * as q from './queries.js';

type Signed = Who & { actor: Actor };

export const MIN_AGE = 16;
export const MAX_AGE = 100;

const { authorize } = profilePolicy;

/** The date `years` years before `day` (29 February falls back to the 28th). */
const yearsBefore = (day: string, years: number) => shiftDate(day, -years, 'year');

/** Every character but the last two as `*`, separators kept: `123-456-789 64` → `***-***-*** 64`. */
export function maskDocumentNumber(value: string): string {
  const keep = 2;
  let seen = 0;
  const chars = [...value];
  const total = chars.filter((c) => /[\p{L}\d]/u.test(c)).length;
  return chars
    .map((c) => {
      if (!/[\p{L}\d]/u.test(c)) return c;
      seen += 1;
      return seen > total - keep ? c : '*';
    })
    .join('');
}

const MASKED = {
  snils: (digits: string) => maskDocumentNumber(formatSnils(digits)),
  diplomaSeries: maskDocumentNumber,
  diplomaNumber: maskDocumentNumber,
} as const satisfies Record<string, (value: string) => string>;

/** The audit row's side of a change: document numbers masked, other fields as they are. */
function masked(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(values).map(([field, value]) => {
      const mask = Object.hasOwn(MASKED, field) ? MASKED[field as keyof typeof MASKED] : null;
      return [field, mask && typeof value === 'string' ? mask(value) : value];
    }),
  );
}

export async function getProfile(ctx: Ctx, who: Signed): Promise<q.ProfileRow> {
  return authorize(who.actor, 'profile.view', await q.profileOf(ctx.db, who.actor.userId));
}

export async function updateProfile(ctx: Ctx, who: Signed, input: ProfileUpdate): Promise<q.ProfileRow> {
  const now = ctx.now();
  const today = regionDate(now);
  const errors: FieldError[] = [];
  if (input.birthDate && input.birthDate > yearsBefore(today, MIN_AGE))
    errors.push({ field: 'birthDate', message: `Педагогу должно быть не меньше ${MIN_AGE} лет` });
  if (input.birthDate && input.birthDate < yearsBefore(today, MAX_AGE))
    errors.push({ field: 'birthDate', message: `Проверьте год рождения: больше ${MAX_AGE} лет назад` });
  const userId = who.actor.userId;
  return ctx.db.transaction().execute(async (trx) => {
    const before = authorize(who.actor, 'profile.update', await q.lockProfile(trx, userId));
    // A value the profile already holds stays valid even if the directory has moved on.
    if (
      input.organizationId !== undefined &&
      input.organizationId !== before.organizationId &&
      !(await q.organizationExists(trx, input.organizationId))
    )
      errors.push({ field: 'organizationId', message: 'Организация не найдена' });
    if (
      input.position !== undefined &&
      input.position !== before.position &&
      !(await q.positionExists(trx, input.position))
    )
      errors.push({ field: 'position', message: 'Выберите должность из списка' });
    if (errors.length) throw new Invalid('Проверьте заполнение полей', errors);
    const changes = diff(before, input);
    if (changes.changed) {
      const from = changes.after.organizationId === undefined ? null : await q.placeOfWork(trx, userId);
      await trx
        .updateTable('teacherProfiles')
        .set({ ...input, updatedAt: now })
        .where('userId', '=', userId)
        .execute();
      const to = from && (await q.placeOfWork(trx, userId));
      // A move names the old and the new organization and territory in the audit row.
      const place = ({ teacherName: _, ...where }: q.PlaceOfWork) => where;
      const moved = from && to ? { before: place(from), after: place(to) } : { before: {}, after: {} };
      await recordAudit(trx, now, who, {
        action: 'profile.updated',
        entityType: 'user',
        entityId: userId,
        before: { ...masked(changes.before), ...moved.before },
        after: { ...masked(changes.after), ...moved.after },
      });
      if (from && to && from.territoryId !== to.territoryId)
        await noticeTeacherMoved(trx, now, userId, from, to);
    }
    return authorize(who.actor, 'profile.view', await q.profileOf(trx, userId));
  });
}

/**
 * A teacher moved to an organization of another territory: the methodists of both hear of it. Her
 * applications keep the territory they were made in (applications record it when submitted), so
 * they stay in the former methodist's basket; new ones go to the new territory.
 */
async function noticeTeacherMoved(
  trx: Database,
  now: Date,
  userId: number,
  from: q.PlaceOfWork,
  to: q.PlaceOfWork,
) {
  const methodists = await methodistsOf(trx, [from.territoryId, to.territoryId]);
  await notify(
    trx,
    now,
    methodists.map((m) => m.userId),
    {
      kind: 'teacher.moved',
      title: `${to.teacherName} сменил(а) место работы: ${from.territoryName} → ${to.territoryName}`,
      body:
        `Было: ${from.organizationName} (${from.territoryName}). Стало: ${to.organizationName} ` +
        `(${to.territoryName}). Поданные заявки остаются у методиста прежней территории; новые заявки ` +
        'подаются в новой.',
      entityType: 'user',
      entityId: userId,
    },
  );
}
