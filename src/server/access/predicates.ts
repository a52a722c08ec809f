// Small deny-by-default predicates that each module's policy.ts composes. Every function answers
// "no" unless a grant of the actor says "yes".
import type { Actor, Grant, Role } from './actor.js';

type MaybeActor = Actor | null | undefined;

const grants = (actor: MaybeActor): Grant[] => (actor && !actor.mustChangePassword ? actor.grants : []);

export const hasRole = (actor: MaybeActor, ...roles: Role[]): boolean =>
  grants(actor).some((g) => roles.includes(g.role));

export const isOperator = (actor: MaybeActor): boolean => hasRole(actor, 'operator');
export const isTeacher = (actor: MaybeActor): boolean => hasRole(actor, 'teacher');

export const isHeadOf = (actor: MaybeActor, departmentId: number): boolean =>
  grants(actor).some((g) => g.role === 'head' && g.departmentId === departmentId);

/** A manager or the head of the department: the department's staff. */
export const isStaffOf = (actor: MaybeActor, departmentId: number): boolean =>
  grants(actor).some((g) => (g.role === 'head' || g.role === 'manager') && g.departmentId === departmentId);

export const isProviderAdminOf = (actor: MaybeActor, providerId: number): boolean =>
  grants(actor).some((g) => g.role === 'provider_admin' && g.providerId === providerId);

export const isMethodistOf = (actor: MaybeActor, territoryId: number): boolean =>
  grants(actor).some((g) => g.role === 'methodist' && g.territoryId === territoryId);

/** The ids of the scopes the actor holds a role in, for `WHERE … IN (…)` filters in queries. */
export const departmentIdsOf = (actor: MaybeActor, ...roles: Role[]): number[] =>
  grants(actor).flatMap((g) => (roles.includes(g.role) && g.departmentId !== null ? [g.departmentId] : []));

export const providerIdsOf = (actor: MaybeActor, ...roles: Role[]): number[] =>
  grants(actor).flatMap((g) => (roles.includes(g.role) && g.providerId !== null ? [g.providerId] : []));

export const territoryIdsOf = (actor: MaybeActor, ...roles: Role[]): number[] =>
  grants(actor).flatMap((g) => (roles.includes(g.role) && g.territoryId !== null ? [g.territoryId] : []));
