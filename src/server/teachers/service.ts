// The methodist's teachers: her territory's list (the operator: the region's) and its export,
// a teacher's card, changing a teacher's organization or position, and registering a teacher who
// has no account: the account is made «приглашён» with no usable password, and the teacher gets a
// single-use link (7 days) to set one. Each change and each export is audited in its transaction.
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type {
  TeacherExportQuery,
  TeacherListQuery,
  TeacherRegister,
  TeacherUpdate,
} from '../../contract/teachers.js';
import type { Actor, Who } from '../access/actor.js';
import { recordAudit } from '../audit/audit.js';
import { issueToken, issueTokens, LINKS_PER_HOUR, recentTokens } from '../auth/tokens.js';
import { regionDate } from '../clock.js';
import type { Ctx } from '../context.js';
import { warningLimit } from '../cpd/rule.js';
import type { Database } from '../db/database.js';
import { Conflict, Invalid, TooManyRequests } from '../http/errors.js';
import { XLSX_MAX_ROWS } from '../http/xlsx.js';
import { queueEmail, queueEmails } from '../notifications/notify.js';
import { teachersPolicy } from './policy.js';
import * as q from './queries.js';

type Signed = Who & { actor: Actor };

const days = (now: Date) => {
  const today = regionDate(now);
  return { today, limit: warningLimit(today) };
};

export function findTeachers(ctx: Ctx, who: Signed, query: TeacherListQuery) {
  teachersPolicy.authorizeAttempt(who.actor, 'teacher.list');
  return q.teacherList(ctx.db, who.actor, query, days(ctx.now()), query);
}

/** Every teacher of the list as filtered and sorted, for a spreadsheet; the export is audited. */
export async function exportTeachers(ctx: Ctx, who: Signed, query: TeacherExportQuery) {
  teachersPolicy.authorizeAttempt(who.actor, 'teacher.list');
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const list = await q.teacherList(trx, who.actor, query, days(now), { limit: XLSX_MAX_ROWS, offset: 0 });
    await recordAudit(trx, now, who, {
      action: 'teachers.exported',
      entityType: 'teacher',
      after: { filters: query, rows: list.items.length },
    });
    return list;
  });
}

export async function getTeacher(ctx: Ctx, who: Signed, id: number) {
  teachersPolicy.authorizeAttempt(who.actor, 'teacher.view');
  const teacher = teachersPolicy.authorize(who.actor, 'teacher.view', await q.teacherById(ctx.db, id));
  const [applications, counts] = await Promise.all([
    q.applicationsOf(ctx.db, teacher.id),
    q.applicationCounts(ctx.db, teacher.id),
  ]);
  return { teacher, applications, counts, today: regionDate(ctx.now()) };
}

export type TeacherCardResult = Awaited<ReturnType<typeof getTeacher>>;

async function assertOrganization(db: Database, actor: Actor, organizationId: number) {
  const organization = await q.organizationOf(db, organizationId);
  if (!organization)
    throw new Invalid('Организация не найдена', [
      { field: 'organizationId', message: 'Организация не найдена' },
    ]);
  return teachersPolicy.authorize(actor, 'teacher.register', organization);
}

async function assertPosition(db: Database, position: string) {
  if (!(await q.positionNamed(db, position)))
    throw new Invalid('Выберите должность из списка', [
      { field: 'position', message: 'Выберите должность из списка' },
    ]);
}

export async function updateTeacher(ctx: Ctx, who: Signed, id: number, input: TeacherUpdate) {
  teachersPolicy.authorizeAttempt(who.actor, 'teacher.edit');
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    const teacher = teachersPolicy.authorize(who.actor, 'teacher.edit', await q.teacherById(trx, id));
    if (input.organizationId !== undefined) await assertOrganization(trx, who.actor, input.organizationId);
    if (input.position !== undefined) await assertPosition(trx, input.position);
    const change = {
      ...(input.organizationId !== undefined ? { organizationId: input.organizationId } : {}),
      ...(input.position !== undefined ? { position: input.position } : {}),
    };
    if (Object.keys(change).length === 0) return;
    await trx
      .updateTable('teacherProfiles')
      .set({ ...change, updatedAt: now })
      .where('userId', '=', teacher.id)
      .execute();
    await recordAudit(trx, now, who, {
      action: 'teacher.updated',
      entityType: 'teacher',
      entityId: teacher.id,
      before: { organizationId: teacher.organizationId, position: teacher.position },
      after: change,
    });
  });
  return getTeacher(ctx, who, id);
}

const greeting = (u: { firstName: string; middleName: string | null }) =>
  `Здравствуйте, ${u.firstName}${u.middleName ? ` ${u.middleName}` : ''}!`;

export const invitationMail = (
  u: { firstName: string; middleName: string | null; login: string },
  link: string,
) => ({
  subject: 'Приглашение в ЕБППК',
  body:
    `${greeting(u)}\n\nМетодист зарегистрировал вас в ЕБППК — системе записи на курсы повышения ` +
    `квалификации. Ваш логин: ${u.login}.\nЧтобы задать пароль и войти, откройте ссылку ` +
    `(она действует 7 дней и только один раз):\n${link}\n\n` +
    'Если вы не ждали этого письма, просто не открывайте ссылку.',
});

/** Mails an invitation link to a teacher's address (in the caller's transaction). */
export async function mailInvitation(
  trx: Database,
  now: Date,
  base: string,
  user: { id: number; email: string; login: string; firstName: string; middleName: string | null },
) {
  const token = await issueToken(trx, now, { userId: user.id, purpose: 'invitation', email: user.email });
  await queueEmail(trx, now, { to: user.email, ...invitationMail(user, `${base}/invitation/${token}`) });
}

/** A password nobody knows and no hash verifies: the account is usable only after the invitation. */
export const unusablePassword = () => `invited:${randomBytes(16).toString('hex')}`;

export type InvitedTeacher = {
  lastName: string;
  firstName: string;
  middleName: string | null;
  email: string;
  snils?: string | null;
  organizationId: number;
  position: string;
};

export const EMAIL_TAKEN = 'Педагог или пользователь с таким адресом электронной почты уже есть в Банке';

/**
 * Inserts invited teachers — accounts (login: the address), roles and profiles — and queues their
 * invitations, a few statements for the whole batch (caller's transaction). Refuses the batch when
 * an address is already taken.
 */
export async function insertInvitedBatch(
  trx: Database,
  now: Date,
  base: string,
  teachers: readonly InvitedTeacher[],
): Promise<number[]> {
  if (teachers.length === 0) return [];
  const emails = teachers.map((t) => t.email);
  const taken = await trx
    .selectFrom('users')
    .where((eb) => eb.or([eb('login', 'in', emails), eb(sql`lower(btrim(email))`, 'in', emails)]))
    .select(['login', 'email'])
    .executeTakeFirst();
  if (taken)
    throw new Conflict(`${EMAIL_TAKEN}: ${taken.email ?? taken.login}`, [
      { field: 'email', message: EMAIL_TAKEN },
    ]);
  const users = await trx
    .insertInto('users')
    .values(
      teachers.map((t) => ({
        login: t.email,
        email: t.email,
        emailConfirmedAt: null,
        passwordHash: unusablePassword(),
        invitedAt: now,
        lastName: t.lastName,
        firstName: t.firstName,
        middleName: t.middleName,
        passwordChangedAt: now,
        createdAt: now,
        updatedAt: now,
      })),
    )
    .returning(['id', 'login'])
    .execute();
  const idOf = new Map(users.map((u) => [u.login, u.id]));
  const ids = teachers.map((t) => idOf.get(t.email) as number);
  await trx
    .insertInto('userRoles')
    .values(ids.map((userId) => ({ userId, role: 'teacher' as const })))
    .execute();
  await trx
    .insertInto('teacherProfiles')
    .values(
      teachers.map((t, i) => ({
        userId: ids[i] as number,
        organizationId: t.organizationId,
        position: t.position,
        subject: null,
        snils: t.snils ?? null,
        // Recorded by the methodist who registers the teacher from the school's records.
        personalDataConsentAt: now,
        createdAt: now,
        updatedAt: now,
      })),
    )
    .execute();
  const tokens = await issueTokens(
    trx,
    now,
    teachers.map((t, i) => ({ userId: ids[i] as number, purpose: 'invitation' as const, email: t.email })),
  );
  await queueEmails(
    trx,
    now,
    teachers.map((t, i) => ({
      to: t.email,
      ...invitationMail({ ...t, login: t.email }, `${base}/invitation/${tokens[i]}`),
    })),
  );
  return ids;
}

export async function registerTeacher(ctx: Ctx, who: Signed, base: string, input: TeacherRegister) {
  teachersPolicy.authorizeAttempt(who.actor, 'teacher.register');
  const now = ctx.now();
  const id = await ctx.db.transaction().execute(async (trx) => {
    await assertOrganization(trx, who.actor, input.organizationId);
    await assertPosition(trx, input.position);
    if (await q.emailTaken(trx, input.email))
      throw new Conflict(EMAIL_TAKEN, [{ field: 'email', message: EMAIL_TAKEN }]);
    const [userId] = await insertInvitedBatch(trx, now, base, [input]);
    await recordAudit(trx, now, who, {
      action: 'teacher.registered',
      entityType: 'teacher',
      entityId: userId,
      after: { ...input, invited: true },
    });
    return userId as number;
  });
  return getTeacher(ctx, who, id);
}

/** «Отправить приглашение ещё раз»: a new link to a teacher who has not set her password yet. */
export async function resendInvitation(ctx: Ctx, who: Signed, base: string, id: number) {
  teachersPolicy.authorizeAttempt(who.actor, 'teacher.edit');
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const teacher = teachersPolicy.authorize(who.actor, 'teacher.edit', await q.teacherById(trx, id));
    const email = teacher.email?.trim();
    if (!teacher.invitedAt || teacher.blockedAt)
      throw new Conflict('Педагог уже задал пароль: приглашение не нужно');
    if (!email) throw new Conflict('У педагога нет адреса электронной почты');
    if ((await recentTokens(trx, now, teacher.id, 'invitation')) >= LINKS_PER_HOUR)
      throw new TooManyRequests('Приглашение уже отправлено несколько раз за час. Попробуйте позже', 3600);
    await mailInvitation(trx, now, base, { ...teacher, email });
    await recordAudit(trx, now, who, {
      action: 'teacher.invitation_sent',
      entityType: 'teacher',
      entityId: teacher.id,
      after: { email },
    });
    return { email };
  });
}
