// Who takes part in a conversation: its two sides only — the staff (managers and head) of the
// course's department and the methodists of the territory — and only about a course that has been
// published (a draft exists for its department alone). Anyone else does not know the thread exists.
import type { Actor, Role } from '../access/actor.js';
import { hasRole, isMethodistOf, isStaffOf } from '../access/predicates.js';

type MaybeActor = Actor | null | undefined;

/** A thread as the policy sees it: its course's department, its territory, whether the course was published. */
export type ThreadTarget = { departmentId: number; territoryId: number; published: boolean };

export const SIDE_ROLES: readonly Role[] = ['head', 'manager', 'methodist'];

/** Whether the actor is a side of the thread: reads it, writes to it, marks it read. */
export const can = (actor: MaybeActor, row: ThreadTarget): boolean =>
  row.published && (isStaffOf(actor, row.departmentId) || isMethodistOf(actor, row.territoryId));

/** Whether some role of the actor could be a side of some thread: tells a 403 from a 404. */
export const mayAttempt = (actor: MaybeActor): boolean => hasRole(actor, ...SIDE_ROLES);
