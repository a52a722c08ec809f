// What the queries filter by. Scope stays in SQL (a row a query does not return does not exist for
// the actor: a 404), so queries read the actor's scopes here, never a role check of their own: who
// may attempt what is each module's policy.ts.
import type { Actor, Role } from './actor.js';
import { departmentIdsOf, isOperator, isTeacher, providerIdsOf, territoryIdsOf } from './predicates.js';

type MaybeActor = Actor | null | undefined;

export type Scope = {
  /** The operator's: every row of every module. */
  readonly all: boolean;
  /** A teacher's own rows: their user id (null for anyone not signed in as a teacher). */
  readonly teacherId: number | null;
  /** The territories, departments and providers the actor holds one of `roles` in. */
  readonly territories: (...roles: Role[]) => number[];
  readonly departments: (...roles: Role[]) => number[];
  readonly providers: (...roles: Role[]) => number[];
};

export const scopeOf = (actor: MaybeActor): Scope => ({
  all: isOperator(actor),
  teacherId: actor && isTeacher(actor) ? actor.userId : null,
  territories: (...roles) => territoryIdsOf(actor, ...roles),
  departments: (...roles) => departmentIdsOf(actor, ...roles),
  providers: (...roles) => providerIdsOf(actor, ...roles),
});
