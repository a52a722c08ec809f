// The current user as the client sees it: names, roles with the names of their scopes; never a hash.
import type { Me } from '../../contract/auth.js';
import { regionDate } from '../clock.js';
import type { Ctx } from '../context.js';
import { NotFound } from '../http/errors.js';

export const fullName = (u: { lastName: string; firstName: string; middleName: string | null }) =>
  [u.lastName, u.firstName, u.middleName].filter(Boolean).join(' ');

export async function presentMe(ctx: Ctx, userId: number, csrfToken: string): Promise<Me> {
  const user = await ctx.db
    .selectFrom('users')
    .where('id', '=', userId)
    .select([
      'id',
      'login',
      'lastName',
      'firstName',
      'middleName',
      'email',
      'emailConfirmedAt',
      'mustChangePassword',
    ])
    .executeTakeFirst();
  if (!user) throw new NotFound();
  const roles = await ctx.db
    .selectFrom('userRoles as r')
    .leftJoin('territories as t', 't.id', 'r.territoryId')
    .leftJoin('departments as d', 'd.id', 'r.departmentId')
    .leftJoin('providers as p', (j) =>
      j.on((eb) => eb('p.id', '=', eb.fn.coalesce('r.providerId', 'd.providerId'))),
    )
    .where('r.userId', '=', userId)
    .orderBy('r.id')
    .select([
      'r.role',
      'r.territoryId',
      't.name as territoryName',
      'p.id as providerId',
      'p.name as providerName',
      'r.departmentId',
      'd.name as departmentName',
    ])
    .execute();
  return {
    id: String(user.id),
    login: user.login,
    lastName: user.lastName,
    firstName: user.firstName,
    middleName: user.middleName,
    fullName: fullName(user),
    email: user.email,
    emailConfirmed: Boolean(user.email && user.emailConfirmedAt),
    mustChangePassword: user.mustChangePassword,
    csrfToken,
    today: regionDate(ctx.now()),
    roles: roles.map((r) => ({
      role: r.role,
      ...(r.territoryId ? { territoryId: String(r.territoryId), territoryName: r.territoryName ?? '' } : {}),
      ...(r.providerId ? { providerId: String(r.providerId), providerName: r.providerName ?? '' } : {}),
      ...(r.departmentId
        ? { departmentId: String(r.departmentId), departmentName: r.departmentName ?? '' }
        : {}),
    })),
  };
}
